//! The tables, written by hand once for both backends (ids are BIGINT on PostgreSQL and
//! SQLite's 64-bit INTEGER; enums are TEXT holding the GraphQL enum name).

diesel::table! {
    kecamatans (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    kelurahans (id) {
        id -> BigInt,
        kecamatan_id -> BigInt,
        code -> Text,
        name -> Text,
        group_target -> Integer,
        group_serial -> Integer,
    }
}

diesel::table! {
    business_groups (id) {
        id -> BigInt,
        kelurahan_id -> BigInt,
        registration_number -> Text,
        name -> Text,
        sector -> Text,
        status -> Text,
        founded_on -> Nullable<Date>,
        nib -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    members (id) {
        id -> BigInt,
        group_id -> BigInt,
        full_name -> Text,
        nik -> Text,
        gender -> Text,
        role -> Text,
        phone -> Nullable<Text>,
        address -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    member_skills (member_id, sector) {
        member_id -> BigInt,
        sector -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        role -> Text,
        secret_hash -> Text,
        lender_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_token_kelurahans (token_id, kelurahan_id) {
        token_id -> BigInt,
        kelurahan_id -> BigInt,
    }
}

diesel::joinable!(kelurahans -> kecamatans (kecamatan_id));
diesel::joinable!(business_groups -> kelurahans (kelurahan_id));
diesel::joinable!(members -> business_groups (group_id));
diesel::joinable!(member_skills -> members (member_id));
diesel::joinable!(api_token_kelurahans -> api_tokens (token_id));
diesel::joinable!(api_token_kelurahans -> kelurahans (kelurahan_id));

diesel::allow_tables_to_appear_in_same_query!(
    kecamatans,
    kelurahans,
    business_groups,
    members,
    member_skills,
    api_tokens,
    api_token_kelurahans,
);
