-- Products of business groups, their permits, the Dinas's feasibility assessments, and
-- listings at modern retailers' outlets.

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES business_groups (id),
    name TEXT NOT NULL,
    description TEXT,
    sector TEXT NOT NULL,
    price_rupiah BIGINT CHECK (price_rupiah >= 0),
    unit TEXT,
    monthly_capacity INTEGER CHECK (monthly_capacity >= 0),
    -- EAN-13, check digit verified on the way in
    barcode TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX products_group ON products (group_id, id);
CREATE INDEX products_sector ON products (sector, id);

CREATE TABLE product_market_regions (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    PRIMARY KEY (product_id, region)
);

CREATE TABLE product_permits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    issued_on DATE,
    -- NULL: does not expire
    valid_until DATE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (product_id, kind, number)
);
-- the readiness rule asks "does this product hold an unexpired permit of these kinds?"
CREATE INDEX product_permits_readiness ON product_permits (product_id, kind, valid_until);

CREATE TABLE feasibility_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    assessed_on DATE NOT NULL,
    assessor TEXT NOT NULL,
    outcome TEXT NOT NULL,
    label_complete BOOLEAN NOT NULL,
    packaging_ok BOOLEAN NOT NULL,
    valid_until DATE NOT NULL,
    notes TEXT,
    created_at TIMESTAMP NOT NULL
);
-- the readiness rule reads the latest assessment of a product
CREATE INDEX feasibility_assessments_latest ON feasibility_assessments (product_id, assessed_on, id);

CREATE TABLE retail_listings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    retailer TEXT NOT NULL,
    outlet TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_on DATE NOT NULL,
    listed_on DATE,
    delisted_on DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX retail_listings_product ON retail_listings (product_id, id);
CREATE INDEX retail_listings_retailer ON retail_listings (retailer, status, id);
-- a product is put forward to one outlet once at a time
CREATE UNIQUE INDEX retail_listings_one_open ON retail_listings (product_id, retailer, outlet) WHERE status <> 'DELISTED';
