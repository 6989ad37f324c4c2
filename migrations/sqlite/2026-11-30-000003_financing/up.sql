-- Capital: lenders and their financing schemes, financing applications with the audited
-- history of their moves, and mentoring sessions (pendampingan) held for groups.
-- Amounts are whole rupiah (BIGINT); statuses and kinds are TEXT holding the GraphQL enum name.

CREATE TABLE lenders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    ojk_license_number TEXT,
    contact_phone TEXT,
    contact_email TEXT,
    address TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE financing_schemes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lender_id BIGINT NOT NULL REFERENCES lenders (id),
    name TEXT NOT NULL,
    min_amount BIGINT NOT NULL CHECK (min_amount > 0),
    max_amount BIGINT NOT NULL,
    -- hundredths of a percent a year: 600 is 6%
    annual_rate_bp INTEGER NOT NULL CHECK (annual_rate_bp BETWEEN 0 AND 10000),
    max_tenor_months INTEGER NOT NULL CHECK (max_tenor_months > 0),
    accepts_groups BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (lender_id, name),
    CHECK (max_amount >= min_amount)
);

CREATE TABLE financing_applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme_id BIGINT NOT NULL REFERENCES financing_schemes (id),
    -- the scheme's lender, kept here for scoping and figures
    lender_id BIGINT NOT NULL REFERENCES lenders (id),
    -- the applicant: a group or a member, never both
    group_id BIGINT REFERENCES business_groups (id),
    member_id BIGINT REFERENCES members (id) ON DELETE CASCADE,
    -- the group whose kelurahan and sector the application counts for (the applicant group,
    -- or the member's group)
    applicant_group_id BIGINT NOT NULL REFERENCES business_groups (id),
    -- the ketua who applied on behalf of a group
    applied_by_member_id BIGINT REFERENCES members (id) ON DELETE SET NULL,
    amount_requested BIGINT NOT NULL CHECK (amount_requested > 0),
    amount_approved BIGINT CHECK (amount_approved > 0 AND amount_approved <= amount_requested),
    tenor_months INTEGER CHECK (tenor_months > 0),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    -- null while a draft; the month ('YYYY-MM', Palu time) is what the figures group by
    submitted_at TIMESTAMP,
    submitted_month TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((group_id IS NULL) <> (member_id IS NULL)),
    CHECK ((submitted_at IS NULL) = (submitted_month IS NULL))
);
CREATE INDEX financing_applications_group ON financing_applications (group_id, id);
CREATE INDEX financing_applications_member ON financing_applications (member_id);
CREATE INDEX financing_applications_applied_by ON financing_applications (applied_by_member_id);
CREATE INDEX financing_applications_applicant_group ON financing_applications (applicant_group_id, id);
CREATE INDEX financing_applications_lender ON financing_applications (lender_id, id);
CREATE INDEX financing_applications_scheme ON financing_applications (scheme_id, id);
CREATE INDEX financing_applications_month ON financing_applications (submitted_month);

CREATE TABLE financing_application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES financing_applications (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    -- the name of the token that made the move
    actor TEXT NOT NULL,
    note TEXT
);
-- The workflow never returns to a status, so an application leaves each status at most once.
CREATE UNIQUE INDEX financing_application_events_leave_once
    ON financing_application_events (application_id, from_status);

CREATE TABLE mentoring_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES business_groups (id),
    provider TEXT NOT NULL,
    provider_kind TEXT NOT NULL,
    lender_id BIGINT REFERENCES lenders (id),
    topic TEXT NOT NULL,
    held_on DATE NOT NULL,
    notes TEXT,
    -- the name of the token that recorded it
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((provider_kind = 'LENDER') = (lender_id IS NOT NULL))
);
CREATE INDEX mentoring_sessions_group ON mentoring_sessions (group_id, held_on);
CREATE INDEX mentoring_sessions_lender ON mentoring_sessions (lender_id, id);
