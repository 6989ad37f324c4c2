DROP TABLE api_token_kelurahans;
DROP TABLE api_tokens;
DROP TABLE member_skills;
DROP TABLE members;
DROP TABLE business_groups;
DROP TABLE kelurahans;
DROP TABLE kecamatans;
