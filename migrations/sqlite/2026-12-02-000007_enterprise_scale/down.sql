DROP INDEX business_groups_scale;
ALTER TABLE business_groups DROP COLUMN scale;
ALTER TABLE business_groups DROP COLUMN business_capital;
ALTER TABLE business_groups DROP COLUMN annual_turnover;
