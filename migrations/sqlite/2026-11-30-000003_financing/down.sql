DROP TABLE mentoring_sessions;
DROP TABLE financing_application_events;
DROP TABLE financing_applications;
DROP TABLE financing_schemes;
DROP TABLE lenders;
