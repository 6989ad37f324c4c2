#!/usr/bin/env python3
"""Writes a valid group file of N member rows (10 members a group, spread over Palu's 46
kelurahan) for bench/import.sh: python3 bench/import-gen.py ROWS > groups.csv
With `products` after ROWS: a product file of ROWS products (10 a group) of the groups that
the group file of ROWS members creates in an empty registry (by registration number).

Every NIK is unique and valid in form (region 727101, a real birth date, +40 on the day for
women, a serial); each group has one CHAIR, SECRETARY and TREASURER and 7 MEMBERs."""
import csv
import os
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "src", "geography", "palu-wilayah.csv"), newline="") as f:
    codes = [r["kelurahan_code"] for r in csv.DictReader(f)]

out = csv.writer(sys.stdout, lineterminator="\n")
if len(sys.argv) > 2 and sys.argv[2] == "products":
    out.writerow(["registration_number", "product_name", "sector", "price_rupiah", "unit",
                  "monthly_capacity", "barcode", "market_regions", "pirt"])
    for i in range(rows):
        group = i // 10
        # Registration serials are taken per kelurahan in file order.
        number = f"{codes[group % len(codes)]}-KUB-{group // len(codes) + 1:03d}"
        first12 = f"899{i:09d}"
        check = (10 - sum(int(c) * (1 if k % 2 == 0 else 3) for k, c in enumerate(first12)) % 10) % 10
        out.writerow([number, f"Produk Bench {i:06d}", "FOOD_BEVERAGE", 10000 + i % 50 * 500,
                      "pack 250 g", 100, f"{first12}{check}", "Kota Palu|Kabupaten Sigi",
                      f"2067271{i % 100000000:06d}27"[:15]])
    sys.exit(0)
out.writerow(["kelurahan_code", "group_name", "sector", "founded_on", "nib", "full_name", "nik",
              "gender", "role", "skills", "phone", "address"])
# 28 days x 12 months x 40 years of birth dates, then the serial: unique NIKs.
dates = [(d, m, y) for y in range(60, 100) for m in range(1, 13) for d in range(1, 29)]
roles = ["CHAIR", "SECRETARY", "TREASURER"] + ["MEMBER"] * 7
for i in range(rows):
    group = i // 10
    code = codes[group % len(codes)]
    day, month, year = dates[i % len(dates)]
    female = i % 2 == 0
    serial = i // len(dates) + 1
    nik = f"727101{day + 40 if female else day:02d}{month:02d}{year:02d}{serial:04d}"
    out.writerow([code, f"Kelompok Bench {group:05d}", "FOOD_BEVERAGE", "2020-01-15", "",
                  f"Anggota Bench {i:06d}", nik, "FEMALE" if female else "MALE", roles[i % 10],
                  "FOOD_BEVERAGE|TRADE", f"0812{i:08d}", f"Jl. Bench No. {i}, Palu"])
