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
        grants -> Text,
    }
}

diesel::table! {
    api_token_kelurahans (token_id, kelurahan_id) {
        token_id -> BigInt,
        kelurahan_id -> BigInt,
    }
}

// ---- products (issue 3) ----

diesel::table! {
    products (id) {
        id -> BigInt,
        group_id -> BigInt,
        name -> Text,
        description -> Nullable<Text>,
        sector -> Text,
        price_rupiah -> Nullable<BigInt>,
        unit -> Nullable<Text>,
        monthly_capacity -> Nullable<Integer>,
        barcode -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        kelurahan_id -> BigInt,
        ready_until -> Nullable<Date>,
    }
}

diesel::table! {
    maintained_columns (name) {
        name -> Text,
        definition_hash -> Text,
    }
}

diesel::table! {
    product_gap_states (product_id, gap) {
        product_id -> BigInt,
        gap -> Text,
        kelurahan_id -> BigInt,
        clear_until -> Nullable<Date>,
    }
}

diesel::table! {
    product_market_regions (product_id, region) {
        product_id -> BigInt,
        region -> Text,
    }
}

diesel::table! {
    product_permits (id) {
        id -> BigInt,
        product_id -> BigInt,
        kind -> Text,
        number -> Text,
        issued_on -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    feasibility_assessments (id) {
        id -> BigInt,
        product_id -> BigInt,
        assessed_on -> Date,
        assessor -> Text,
        outcome -> Text,
        label_complete -> Bool,
        packaging_ok -> Bool,
        valid_until -> Date,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    retail_listings (id) {
        id -> BigInt,
        product_id -> BigInt,
        retailer -> Text,
        outlet -> Text,
        status -> Text,
        proposed_on -> Date,
        listed_on -> Nullable<Date>,
        delisted_on -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(products -> business_groups (group_id));
diesel::joinable!(product_market_regions -> products (product_id));
diesel::joinable!(product_permits -> products (product_id));
diesel::joinable!(feasibility_assessments -> products (product_id));
diesel::joinable!(retail_listings -> products (product_id));

// ---- aid and events (issue 5) ----

diesel::table! {
    aid_programs (id) {
        id -> BigInt,
        name -> Text,
        agency -> Text,
        year -> Integer,
        kind -> Text,
        budget -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    aid_allocations (id) {
        id -> BigInt,
        program_id -> BigInt,
        group_id -> BigInt,
        sector -> Text,
        value -> BigInt,
        mentor -> Nullable<Text>,
        status -> Text,
        override_reason -> Nullable<Text>,
        delivered_on -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    aid_allocation_items (id) {
        id -> BigInt,
        allocation_id -> BigInt,
        name -> Text,
        quantity -> Integer,
        unit_value -> BigInt,
    }
}

diesel::table! {
    aid_monitoring_visits (id) {
        id -> BigInt,
        allocation_id -> BigInt,
        visited_on -> Date,
        state -> Text,
        notes -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        title -> Text,
        kind -> Text,
        venue -> Text,
        starts_on -> Date,
        ends_on -> Date,
        capacity -> Integer,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_registrations (event_id, member_id) {
        event_id -> BigInt,
        member_id -> BigInt,
        registered_at -> Timestamp,
    }
}

diesel::table! {
    event_attendance (event_id, member_id, day) {
        event_id -> BigInt,
        member_id -> BigInt,
        day -> Date,
    }
}

diesel::joinable!(aid_allocations -> aid_programs (program_id));
diesel::joinable!(aid_allocations -> business_groups (group_id));
diesel::joinable!(aid_allocation_items -> aid_allocations (allocation_id));
diesel::joinable!(aid_monitoring_visits -> aid_allocations (allocation_id));
diesel::joinable!(event_registrations -> events (event_id));
diesel::joinable!(event_registrations -> members (member_id));

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
    products,
    product_market_regions,
    product_gap_states,
    product_permits,
    feasibility_assessments,
    retail_listings,
    aid_programs,
    aid_allocations,
    aid_allocation_items,
    aid_monitoring_visits,
    events,
    event_registrations,
    event_attendance,
);

// Participation per event and kelurahan groups by columns of two tables.
diesel::allow_columns_to_appear_in_same_group_by_clause!(event_registrations::event_id, business_groups::kelurahan_id);
// ---- Capital (issue 4): lenders, financing schemes, applications and their history,
// mentoring sessions. Kept in one block so that other tables can be added above it.

diesel::table! {
    lenders (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        ojk_license_number -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        address -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    financing_schemes (id) {
        id -> BigInt,
        lender_id -> BigInt,
        name -> Text,
        min_amount -> BigInt,
        max_amount -> BigInt,
        annual_rate_bp -> Integer,
        max_tenor_months -> Integer,
        accepts_groups -> Bool,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    financing_applications (id) {
        id -> BigInt,
        scheme_id -> BigInt,
        lender_id -> BigInt,
        group_id -> Nullable<BigInt>,
        member_id -> Nullable<BigInt>,
        applicant_group_id -> BigInt,
        applied_by_member_id -> Nullable<BigInt>,
        amount_requested -> BigInt,
        amount_approved -> Nullable<BigInt>,
        tenor_months -> Nullable<Integer>,
        purpose -> Text,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        submitted_month -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    financing_application_events (id) {
        id -> BigInt,
        application_id -> BigInt,
        from_status -> Nullable<Text>,
        to_status -> Text,
        at -> Timestamp,
        actor -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    mentoring_sessions (id) {
        id -> BigInt,
        group_id -> BigInt,
        provider -> Text,
        provider_kind -> Text,
        lender_id -> Nullable<BigInt>,
        topic -> Text,
        held_on -> Date,
        notes -> Nullable<Text>,
        recorded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(financing_schemes -> lenders (lender_id));
diesel::joinable!(financing_applications -> financing_schemes (scheme_id));
diesel::joinable!(financing_applications -> business_groups (applicant_group_id));
diesel::joinable!(financing_application_events -> financing_applications (application_id));
diesel::joinable!(mentoring_sessions -> business_groups (group_id));

/// Lets `$table` appear in one query with each of the others, pair by pair, so that the
/// list of the tables above stays untouched.
macro_rules! allow_together {
    ($table:ident: $($other:ident),+ $(,)?) => {
        $(diesel::allow_tables_to_appear_in_same_query!($table, $other);)+
    };
}

allow_together!(lenders: kecamatans, kelurahans, business_groups, members, member_skills, api_tokens, api_token_kelurahans);
allow_together!(financing_schemes: lenders, kecamatans, kelurahans, business_groups, members, member_skills,
    api_tokens, api_token_kelurahans);
allow_together!(financing_applications: lenders, financing_schemes, kecamatans, kelurahans, business_groups, members,
    member_skills, api_tokens, api_token_kelurahans);
allow_together!(financing_application_events: lenders, financing_schemes, financing_applications, kecamatans,
    kelurahans, business_groups, members, member_skills, api_tokens, api_token_kelurahans);
allow_together!(mentoring_sessions: lenders, financing_schemes, financing_applications, financing_application_events,
    kecamatans, kelurahans, business_groups, members, member_skills, api_tokens, api_token_kelurahans);

diesel::table! {
    personal_data_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        role -> Text,
        action -> Text,
        member_id -> BigInt,
        fields -> Text,
    }
}
