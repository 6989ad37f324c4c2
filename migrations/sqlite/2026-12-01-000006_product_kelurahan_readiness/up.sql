-- The kelurahan of a product's group, kept on the product so that a kelurahan's products are
-- one range of the index (kelurahan_id, id) at any scale. SQLite cannot add a composite
-- foreign key to an existing table: triggers keep it equal to the group's instead.
ALTER TABLE products ADD COLUMN kelurahan_id BIGINT;
UPDATE products SET kelurahan_id = (SELECT g.kelurahan_id FROM business_groups g WHERE g.id = products.group_id);
CREATE INDEX products_kelurahan ON products (kelurahan_id, id);
CREATE TRIGGER products_kelurahan_on_insert BEFORE INSERT ON products
WHEN NEW.kelurahan_id IS NOT (SELECT g.kelurahan_id FROM business_groups g WHERE g.id = NEW.group_id)
BEGIN
    SELECT RAISE(ABORT, 'products.kelurahan_id must be the kelurahan of its group');
END;
CREATE TRIGGER products_kelurahan_on_update BEFORE UPDATE OF group_id, kelurahan_id ON products
WHEN NEW.kelurahan_id IS NOT (SELECT g.kelurahan_id FROM business_groups g WHERE g.id = NEW.group_id)
BEGIN
    SELECT RAISE(ABORT, 'products.kelurahan_id must be the kelurahan of its group');
END;
CREATE TRIGGER products_follow_group_kelurahan AFTER UPDATE OF kelurahan_id ON business_groups
BEGIN
    UPDATE products SET kelurahan_id = NEW.kelurahan_id WHERE group_id = NEW.id;
END;

-- The last day on which the product is retail-ready as its inputs stand (NULL: no day), so
-- that "ready today" is `ready_until >= today` and needs no evaluation of the rule. Written by
-- every write to a readiness input (src/products/readiness.rs) from the one SQL rule; filled
-- for existing products by `umkm-graph migrate` right after this migration.
ALTER TABLE products ADD COLUMN ready_until DATE;

-- Per product and readiness gap: the last day on which the product is free of the gap as its
-- inputs stand (NULL: it has the gap on every day); no row: it never has it. Maintained with
-- `ready_until`, by the same refresh from the same rule, so that counting a kelurahan's gaps
-- on a day is one range of an index, with the kelurahan repeated here for it.
CREATE TABLE product_gap_states (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    gap TEXT NOT NULL,
    kelurahan_id BIGINT NOT NULL,
    clear_until DATE,
    PRIMARY KEY (product_id, gap)
);
CREATE INDEX product_gap_states_kelurahan ON product_gap_states (kelurahan_id, gap, clear_until);
-- products and ready products of a kelurahan on a day, counted from the index alone
CREATE INDEX products_kelurahan_ready ON products (kelurahan_id, ready_until);

-- Which definition each maintained column was last computed with (a hash of its SQL): at
-- start the server recomputes a column whose definition changed, or that has no row here
-- (a fresh database, or rows loaded outside the API, which delete the row).
CREATE TABLE maintained_columns (
    name TEXT PRIMARY KEY,
    definition_hash TEXT NOT NULL
);
