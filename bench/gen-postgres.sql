-- Benchmark data for umkm-graph on PostgreSQL: set-based, deterministic, in one transaction.
--
--   psql -v ON_ERROR_STOP=1 -v groups=460 -f bench/gen-postgres.sql DATABASE
--
-- The database must have been migrated by the app first (`umkm-graph --database-url URL
-- migrate`: schema and Palu's 46 kelurahan) and hold no group yet. Groups are spread evenly
-- over the 46 kelurahan (round robin, in id order); every group has 10 members (one CHAIR,
-- SECRETARY and TREASURER, seven MEMBERs) and 10 products. city: groups=460, province:
-- groups=4600, national: groups=100000 (1M members, 1M products).
--
-- "Random" choices are deterministic: pct(x, salt) is a hash of the row number in 0..99, so
-- every run at one scale makes the same data (the readiness share depends on the day it runs,
-- because permits and assessments are dated relative to current_date).
\set ON_ERROR_STOP on
\if :{?groups}
\else
  \set groups 460
\endif

SET client_min_messages = warning;
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

BEGIN;

-- Functions live in pg_temp only: nothing is added to the public schema that PostGraphile
-- would expose.
CREATE FUNCTION pg_temp.pct(x bigint, salt int) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT mod(abs(hashint8(x * 64 + salt)::bigint), 100)::int $$;

CREATE FUNCTION pg_temp.ean13(first12 text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT first12 || ((10 - sum(substr(first12, i, 1)::int * CASE WHEN i % 2 = 1 THEN 1 ELSE 3 END) % 10) % 10)::text
    FROM generate_series(1, 12) AS i
  $$;

DO $$
BEGIN
  IF (SELECT count(*) FROM kelurahans) <> 46 THEN
    RAISE EXCEPTION 'expected the 46 kelurahan of Palu (run `umkm-graph migrate` first), found %',
      (SELECT count(*) FROM kelurahans);
  END IF;
  IF EXISTS (SELECT 1 FROM business_groups) THEN
    RAISE EXCEPTION 'the registry already holds groups: generate into a freshly migrated database';
  END IF;
END $$;

CREATE TEMP TABLE kel ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, code, name FROM kelurahans;

-- ---- groups ----------------------------------------------------------------------------
CREATE TEMP TABLE g ON COMMIT DROP AS
  SELECT gs AS id,
         kel.id AS kelurahan_id, kel.code AS kel_code, kel.name AS kel_name,
         (gs - 1) / 46 + 1 AS serial,
         CASE
           WHEN pg_temp.pct(gs, 1) < 40 THEN 'FOOD_BEVERAGE'
           WHEN pg_temp.pct(gs, 1) < 55 THEN 'CRAFT'
           WHEN pg_temp.pct(gs, 1) < 67 THEN 'FASHION_TEXTILE'
           WHEN pg_temp.pct(gs, 1) < 75 THEN 'AGRICULTURE'
           WHEN pg_temp.pct(gs, 1) < 83 THEN 'FISHERY'
           WHEN pg_temp.pct(gs, 1) < 88 THEN 'LIVESTOCK'
           WHEN pg_temp.pct(gs, 1) < 94 THEN 'TRADE'
           WHEN pg_temp.pct(gs, 1) < 98 THEN 'SERVICES'
           ELSE 'OTHER'
         END AS sector
  FROM generate_series(1, :groups::bigint) AS gs
  JOIN kel ON kel.k = (gs - 1) % 46;

INSERT INTO business_groups
  (id, kelurahan_id, registration_number, name, sector, status, founded_on, nib, created_at, updated_at)
SELECT g.id, g.kelurahan_id,
       g.kel_code || '-KUB-' || lpad(g.serial::text, greatest(3, length(g.serial::text)), '0'),
       'KUB ' || (CASE g.sector
           WHEN 'FOOD_BEVERAGE' THEN (ARRAY['Abon Cakalang','Bawang Goreng','Kue Dange','Kopi Toraja','Keripik Pisang','Sambal Roa'])[1 + g.id % 6]
           WHEN 'CRAFT' THEN (ARRAY['Anyaman Pandan','Ukir Kayu Hitam','Gerabah'])[1 + g.id % 3]
           WHEN 'FASHION_TEXTILE' THEN (ARRAY['Tenun Donggala','Batik Bomba','Jahit Mandiri'])[1 + g.id % 3]
           WHEN 'AGRICULTURE' THEN (ARRAY['Tani Lembah','Hortikultura Kawatuna'])[1 + g.id % 2]
           WHEN 'FISHERY' THEN (ARRAY['Nelayan Teluk','Ikan Asap Talise'])[1 + g.id % 2]
           WHEN 'LIVESTOCK' THEN 'Ternak Sejahtera'
           WHEN 'TRADE' THEN 'Warung Bersama'
           WHEN 'SERVICES' THEN 'Jasa Mandiri'
           ELSE 'Usaha Bersama' END) || ' ' || g.kel_name || ' ' || g.serial,
       g.sector,
       CASE WHEN pg_temp.pct(g.id, 2) < 90 THEN 'ACTIVE' WHEN pg_temp.pct(g.id, 2) < 97 THEN 'INACTIVE' ELSE 'DISSOLVED' END,
       date '2012-01-01' + (abs(hashint8(g.id * 64 + 3)) % 4000)::int,
       CASE WHEN pg_temp.pct(g.id, 4) < 80 THEN '91' || lpad(g.id::text, 11, '0') END,
       timestamp '2023-01-01 08:00:00' + g.id * interval '3 minutes',
       timestamp '2023-01-01 08:00:00' + g.id * interval '3 minutes'
FROM g;

-- registration serials already used, so that the app's next registration gets a fresh one
UPDATE kelurahans k SET group_serial = s.n
FROM (SELECT kelurahan_id, max(serial) AS n FROM g GROUP BY kelurahan_id) s
WHERE s.kelurahan_id = k.id;

-- ---- members (10 per group) ---------------------------------------------------------------
-- NIK: 727101 (Palu Timur, Kota Palu) + DDMMYY (day + 40 for women) + serial 0001..9999.
-- Member m is born on 1960-01-01 + (m % 16000) days with serial m / 16000 + 1: unique.
INSERT INTO members (id, group_id, full_name, nik, gender, role, phone, address, created_at, updated_at)
SELECT m.id, m.group_id,
       CASE WHEN m.female
         THEN (ARRAY['Siti','Nur','Sri','Dewi','Rahma','Fitri','Wahyuni','Hasna','Nurhayati','Asmawati'])[1 + m.id % 10]
         ELSE (ARRAY['Ahmad','Muhammad','Andi','Rahmat','Syamsul','Irwan','Hamka','Taufik','Arifin','Sudirman'])[1 + m.id % 10]
       END || ' ' || (ARRAY['Lamadjido','Tombolotutu','Pettalolo','Lasahido','Masyhuda','Rusdy','Lagarutu','Djanggola','Tanjumbulu','Bandjolu','Sangadji'])[1 + (m.id / 10) % 11],
       '727101'
         || lpad((extract(day FROM m.birth)::int + CASE WHEN m.female THEN 40 ELSE 0 END)::text, 2, '0')
         || to_char(m.birth, 'MMYY')
         || lpad((m.id / 16000 + 1)::text, 4, '0'),
       CASE WHEN m.female THEN 'FEMALE' ELSE 'MALE' END,
       CASE m.idx WHEN 1 THEN 'CHAIR' WHEN 2 THEN 'SECRETARY' WHEN 3 THEN 'TREASURER' ELSE 'MEMBER' END,
       CASE WHEN pg_temp.pct(m.id, 6) < 70 THEN '+62812' || lpad((m.id % 100000000)::text, 8, '0') END,
       CASE WHEN pg_temp.pct(m.id, 7) < 85 THEN
         'Jl. ' || (ARRAY['Moh. Hatta','Sis Aljufri','Diponegoro','Emmy Saelan','Tanjung Manimbaya','Juanda','Towua'])[1 + m.id % 7]
         || ' No. ' || (1 + m.id % 150) END,
       timestamp '2023-01-01 08:00:00' + m.group_id * interval '3 minutes' + m.idx * interval '1 second',
       timestamp '2023-01-01 08:00:00' + m.group_id * interval '3 minutes' + m.idx * interval '1 second'
FROM (
  SELECT ms AS id, (ms - 1) / 10 + 1 AS group_id, (ms - 1) % 10 + 1 AS idx,
         pg_temp.pct(ms, 5) < 62 AS female,
         date '1960-01-01' + (ms % 16000)::int AS birth
  FROM generate_series(1, :groups::bigint * 10) AS ms
) m;

-- each member is skilled in the group's trade; every third also in TRADE
INSERT INTO member_skills (member_id, sector)
SELECT m.id, g.sector FROM members m JOIN g ON g.id = m.group_id
UNION ALL
SELECT m.id, 'TRADE' FROM members m JOIN g ON g.id = m.group_id
WHERE m.id % 3 = 2 AND g.sector <> 'TRADE';

-- ---- products (10 per group) --------------------------------------------------------------
CREATE TEMP TABLE p ON COMMIT DROP AS
  SELECT ps AS id, (ps - 1) / 10 + 1 AS group_id,
         CASE WHEN pg_temp.pct(ps, 8) < 85 THEN g.sector
              WHEN pg_temp.pct(ps, 9) < 50 THEN 'FOOD_BEVERAGE' ELSE 'CRAFT' END AS sector
  FROM generate_series(1, :groups::bigint * 10) AS ps
  JOIN g ON g.id = (ps - 1) / 10 + 1;

INSERT INTO products (id, group_id, kelurahan_id, name, description, sector, price_rupiah, unit,
                      monthly_capacity, barcode, created_at, updated_at)
SELECT p.id, p.group_id, g.kelurahan_id,
       (CASE p.sector
          WHEN 'FOOD_BEVERAGE' THEN (ARRAY['Abon Ikan Cakalang','Bawang Goreng Palu','Kue Dange','Kopi Bubuk','Keripik Pisang','Sambal Roa','Dodol Nangka','Minyak Kelapa'])[1 + p.id % 8]
          WHEN 'CRAFT' THEN (ARRAY['Tas Anyaman Pandan','Ukiran Kayu Hitam','Vas Gerabah','Tikar Pandan'])[1 + p.id % 4]
          WHEN 'FASHION_TEXTILE' THEN (ARRAY['Kain Tenun Donggala','Kemeja Batik Bomba','Selendang Tenun'])[1 + p.id % 3]
          WHEN 'AGRICULTURE' THEN (ARRAY['Bawang Merah Lembah Palu','Cabai Rawit','Jagung Manis'])[1 + p.id % 3]
          WHEN 'FISHERY' THEN (ARRAY['Ikan Asap','Ikan Teri Kering','Nugget Ikan'])[1 + p.id % 3]
          WHEN 'LIVESTOCK' THEN (ARRAY['Telur Ayam Kampung','Daging Sapi Segar'])[1 + p.id % 2]
          ELSE (ARRAY['Paket Sembako','Jasa Jahit','Kerajinan Campuran'])[1 + p.id % 3]
        END) || ' ' || (1 + (p.id - 1) % 10) || '-' || p.group_id,
       CASE WHEN pg_temp.pct(p.id, 10) < 60 THEN 'Produk unggulan kelompok, dibuat di Palu' END,
       p.sector,
       CASE WHEN pg_temp.pct(p.id, 11) < 95 THEN 5000 + (abs(hashint8(p.id * 64 + 12)) % 300) * 1000 END,
       CASE WHEN pg_temp.pct(p.id, 13) < 90 THEN (ARRAY['pcs','pak','kg','botol','lembar'])[1 + p.id % 5] END,
       CASE WHEN pg_temp.pct(p.id, 14) < 90 THEN 50 + (abs(hashint8(p.id * 64 + 15)) % 2000)::int END,
       CASE WHEN pg_temp.pct(p.id, 16) < 80 THEN pg_temp.ean13('899' || lpad(p.id::text, 9, '0')) END,
       timestamp '2023-02-01 08:00:00' + p.group_id * interval '3 minutes' + (p.id % 10) * interval '1 second',
       timestamp '2023-02-01 08:00:00' + p.group_id * interval '3 minutes' + (p.id % 10) * interval '1 second'
FROM p JOIN g ON g.id = p.group_id;

-- ---- permits ------------------------------------------------------------------------------
-- Food and drink: PIRT (80%; 15 digits, the last two the year it expires, 31 Dec; 15% expired)
-- or else BPOM MD (8%, no expiry); halal (75%; 12% expired). Craft/fashion: SNI (20%).
INSERT INTO product_permits (product_id, kind, number, issued_on, valid_until, created_at)
SELECT p.id, x.kind, x.number, x.valid_until - 365 * 4, x.valid_until,
       timestamp '2023-03-01 08:00:00' + p.id * interval '1 second'
FROM p
CROSS JOIN LATERAL (
  SELECT 'PIRT' AS kind,
         '2067271' || lpad((p.id % 1000000)::text, 6, '0') || lpad((y % 100)::text, 2, '0') AS number,
         make_date(y, 12, 31) AS valid_until
  FROM (SELECT CASE WHEN pg_temp.pct(p.id, 18) < 85
                 THEN extract(year FROM current_date)::int + 1 + (p.id % 4)::int
                 ELSE extract(year FROM current_date)::int - 1 END AS y) yy
  WHERE p.sector = 'FOOD_BEVERAGE' AND pg_temp.pct(p.id, 17) < 80
  UNION ALL
  SELECT 'BPOM_MD', 'MD' || lpad((224101000000 + p.id)::text, 12, '0'), NULL
  WHERE p.sector = 'FOOD_BEVERAGE' AND pg_temp.pct(p.id, 17) BETWEEN 80 AND 87
  UNION ALL
  SELECT 'HALAL', 'ID72110000' || lpad(p.id::text, 8, '0'),
         CASE WHEN pg_temp.pct(p.id, 20) < 88 THEN current_date + 30 + (p.id % 1500)::int
              ELSE current_date - 1 - (p.id % 400)::int END
  WHERE p.sector = 'FOOD_BEVERAGE' AND pg_temp.pct(p.id, 19) < 75
  UNION ALL
  SELECT 'SNI', 'SNI-' || p.id, current_date + 365 + (p.id % 700)::int
  WHERE p.sector IN ('CRAFT', 'FASHION_TEXTILE') AND pg_temp.pct(p.id, 21) < 20
) x;

-- ---- feasibility assessments --------------------------------------------------------------
-- 70% assessed; the latest: 75% PASSED (label complete 88%, packaging ok 92%), valid a year,
-- some expired; a quarter of them also have an older NEEDS_IMPROVEMENT one.
INSERT INTO feasibility_assessments (product_id, assessed_on, assessor, outcome, label_complete,
                                     packaging_ok, valid_until, notes, created_at)
SELECT p.id, a.assessed_on, a.assessor, a.outcome, a.label_complete, a.packaging_ok,
       a.assessed_on + 365, a.notes, a.assessed_on + time '09:00'
FROM p
CROSS JOIN LATERAL (
  SELECT current_date - 200 - (p.id % 420)::int AS assessed_on,
         (ARRAY['Tim Dinas KUKM Palu','Pendamping Kelurahan','Tim Kurasi Ritel'])[1 + p.id % 3] AS assessor,
         'NEEDS_IMPROVEMENT' AS outcome, false AS label_complete, true AS packaging_ok,
         'label belum lengkap' AS notes
  WHERE pg_temp.pct(p.id, 22) < 70 AND pg_temp.pct(p.id, 23) < 25
  UNION ALL
  SELECT current_date - (p.id % 420)::int,
         (ARRAY['Tim Dinas KUKM Palu','Pendamping Kelurahan','Tim Kurasi Ritel'])[1 + (p.id + 1) % 3],
         CASE WHEN pg_temp.pct(p.id, 24) < 75 THEN 'PASSED'
              WHEN pg_temp.pct(p.id, 24) < 90 THEN 'NEEDS_IMPROVEMENT' ELSE 'FAILED' END,
         pg_temp.pct(p.id, 25) < 88, pg_temp.pct(p.id, 26) < 92,
         CASE WHEN pg_temp.pct(p.id, 27) < 30 THEN 'perbaiki kemasan sebelum ke ritel' END
  WHERE pg_temp.pct(p.id, 22) < 70
) a;

-- ---- identities: the app's next inserts must not collide with generated ids ---------------
SELECT setval(pg_get_serial_sequence('business_groups', 'id'), (SELECT max(id) FROM business_groups));
SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members));
SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products));
SELECT setval(pg_get_serial_sequence('product_permits', 'id'), (SELECT max(id) FROM product_permits));
SELECT setval(pg_get_serial_sequence('feasibility_assessments', 'id'), (SELECT max(id) FROM feasibility_assessments));

-- ---- maintained state: rows loaded outside the API have none yet; the app's next start
-- (run.sh runs `umkm-graph migrate`) computes it for every product, then VACUUM ANALYZE.
DELETE FROM maintained_columns;

COMMIT;
