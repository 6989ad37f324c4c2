DROP TABLE event_attendance;
DROP TABLE event_registrations;
DROP TABLE events;
DROP TABLE aid_monitoring_visits;
DROP TABLE aid_allocation_items;
DROP TABLE aid_allocations;
DROP TABLE aid_programs;
ALTER TABLE api_tokens DROP COLUMN grants;
