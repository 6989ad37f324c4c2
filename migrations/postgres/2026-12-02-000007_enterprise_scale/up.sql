-- What a group declares of its business (PP 7/2021 art. 35), in whole rupiah: its annual
-- turnover (hasil penjualan tahunan) and its business capital (modal usaha, land and buildings
-- excluded). Either may be unknown.
ALTER TABLE business_groups ADD COLUMN annual_turnover BIGINT CHECK (annual_turnover BETWEEN 0 AND 100000000000000);
ALTER TABLE business_groups ADD COLUMN business_capital BIGINT CHECK (business_capital BETWEEN 0 AND 100000000000000);

-- The size class that follows from them, computed by the database from the one rule (turnover
-- when declared, else capital; NULL when neither), so that it can never disagree with the
-- amounts whatever writes them, and a filter on it is a plain column comparison.
ALTER TABLE business_groups ADD COLUMN scale TEXT GENERATED ALWAYS AS (
    CASE
        WHEN annual_turnover IS NOT NULL THEN
            CASE
                WHEN annual_turnover <= 2000000000 THEN 'MICRO'
                WHEN annual_turnover <= 15000000000 THEN 'SMALL'
                WHEN annual_turnover <= 50000000000 THEN 'MEDIUM'
                ELSE 'LARGE'
            END
        WHEN business_capital IS NOT NULL THEN
            CASE
                WHEN business_capital <= 1000000000 THEN 'MICRO'
                WHEN business_capital <= 5000000000 THEN 'SMALL'
                WHEN business_capital <= 10000000000 THEN 'MEDIUM'
                ELSE 'LARGE'
            END
    END
) STORED;
CREATE INDEX business_groups_scale ON business_groups (scale, id);
