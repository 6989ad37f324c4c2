-- Who read or changed whose personal data (UU PDP 27/2022). No foreign key to members: the
-- record of an erasure outlives the member. It holds no personal data itself.
CREATE TABLE personal_data_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    member_id BIGINT NOT NULL,
    -- comma-separated field names, e.g. "nik,phone"
    fields TEXT NOT NULL
);
CREATE INDEX personal_data_log_member ON personal_data_log (member_id, id);
