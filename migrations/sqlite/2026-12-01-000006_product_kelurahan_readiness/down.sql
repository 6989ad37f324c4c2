DROP TABLE maintained_columns;
DROP INDEX products_kelurahan_ready;
DROP TABLE product_gap_states;
ALTER TABLE products DROP COLUMN ready_until;
DROP TRIGGER products_follow_group_kelurahan;
DROP TRIGGER products_kelurahan_on_update;
DROP TRIGGER products_kelurahan_on_insert;
DROP INDEX products_kelurahan;
ALTER TABLE products DROP COLUMN kelurahan_id;
