DROP TABLE maintained_columns;
DROP INDEX products_kelurahan_ready;
DROP TABLE product_gap_states;
ALTER TABLE products DROP COLUMN ready_until;
DROP INDEX products_kelurahan;
ALTER TABLE products DROP CONSTRAINT products_group_kelurahan;
ALTER TABLE products DROP COLUMN kelurahan_id;
ALTER TABLE business_groups DROP CONSTRAINT business_groups_id_kelurahan;
