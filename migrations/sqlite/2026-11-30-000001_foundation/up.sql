-- Geography of Kota Palu, business groups (kelompok usaha bersama), their members, API tokens.

CREATE TABLE kecamatans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE kelurahans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kecamatan_id BIGINT NOT NULL REFERENCES kecamatans (id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    group_target INTEGER NOT NULL DEFAULT 5 CHECK (group_target >= 0),
    -- last serial used in a registration number of this kelurahan's groups
    group_serial INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kelurahans_kecamatan ON kelurahans (kecamatan_id, id);

CREATE TABLE business_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kelurahan_id BIGINT NOT NULL REFERENCES kelurahans (id),
    registration_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sector TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ACTIVE',
    founded_on DATE,
    nib TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX business_groups_kelurahan ON business_groups (kelurahan_id, id);
CREATE INDEX business_groups_status ON business_groups (status, kelurahan_id);

CREATE TABLE members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES business_groups (id),
    full_name TEXT NOT NULL,
    nik TEXT NOT NULL UNIQUE,
    gender TEXT NOT NULL,
    role TEXT NOT NULL,
    phone TEXT,
    address TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX members_group ON members (group_id, id);
-- KUBE: one ketua, one sekretaris and one bendahara per group
CREATE UNIQUE INDEX members_one_officer_per_role ON members (group_id, role) WHERE role <> 'MEMBER';

CREATE TABLE member_skills (
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (member_id, sector)
);
CREATE INDEX member_skills_sector ON member_skills (sector, member_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    -- SHA-256 of the secret, hex; the secret itself is never stored
    secret_hash TEXT NOT NULL UNIQUE,
    lender_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE api_token_kelurahans (
    token_id BIGINT NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    kelurahan_id BIGINT NOT NULL REFERENCES kelurahans (id),
    PRIMARY KEY (token_id, kelurahan_id)
);
