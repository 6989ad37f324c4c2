DROP TABLE retail_listings;
DROP TABLE feasibility_assessments;
DROP TABLE product_permits;
DROP TABLE product_market_regions;
DROP TABLE products;
