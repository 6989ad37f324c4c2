-- Aid programmes (e.g. Dinas Sosial's equipment), their allocations to groups with the items,
-- monitoring visits afterwards; events (socialisation, training, ...) with registrations and
-- daily attendance; and token grants (an AGENCY token may be granted aid management).

ALTER TABLE api_tokens ADD COLUMN grants TEXT NOT NULL DEFAULT '';

CREATE TABLE aid_programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    budget BIGINT NOT NULL CHECK (budget >= 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE aid_allocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id BIGINT NOT NULL REFERENCES aid_programs (id),
    group_id BIGINT NOT NULL REFERENCES business_groups (id),
    sector TEXT NOT NULL,
    -- the sum of its items' quantity x unit value
    value BIGINT NOT NULL CHECK (value >= 0),
    mentor TEXT,
    status TEXT NOT NULL,
    -- set when an ADMIN allowed a sector that fits neither the group nor its members
    override_reason TEXT,
    delivered_on DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX aid_allocations_program ON aid_allocations (program_id, id);
CREATE INDEX aid_allocations_group ON aid_allocations (group_id, id);

CREATE TABLE aid_allocation_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    allocation_id BIGINT NOT NULL REFERENCES aid_allocations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_value BIGINT NOT NULL CHECK (unit_value >= 0)
);
CREATE INDEX aid_allocation_items_allocation ON aid_allocation_items (allocation_id, id);

CREATE TABLE aid_monitoring_visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    allocation_id BIGINT NOT NULL REFERENCES aid_allocations (id) ON DELETE CASCADE,
    visited_on DATE NOT NULL,
    state TEXT NOT NULL,
    notes TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX aid_monitoring_visits_latest ON aid_monitoring_visits (allocation_id, visited_on, id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    venue TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    description TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX events_ends ON events (ends_on, id);

CREATE TABLE event_registrations (
    event_id BIGINT NOT NULL REFERENCES events (id),
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    registered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, member_id)
);
CREATE INDEX event_registrations_member ON event_registrations (member_id);

CREATE TABLE event_attendance (
    event_id BIGINT NOT NULL,
    member_id BIGINT NOT NULL,
    day DATE NOT NULL,
    PRIMARY KEY (event_id, member_id, day),
    FOREIGN KEY (event_id, member_id) REFERENCES event_registrations (event_id, member_id) ON DELETE CASCADE
);
