DROP TABLE maintained_columns;
ALTER TABLE products DROP COLUMN ready_until;
DROP TRIGGER products_follow_group_kelurahan;
DROP TRIGGER products_kelurahan_on_update;
DROP TRIGGER products_kelurahan_on_insert;
DROP INDEX products_kelurahan;
ALTER TABLE products DROP COLUMN kelurahan_id;
