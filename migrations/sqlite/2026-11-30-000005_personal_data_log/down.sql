DROP TABLE personal_data_log;
