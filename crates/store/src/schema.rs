//! Diesel table definitions, shared by both backends (the SQLite-only `seq` column and FTS
//! table are used through raw SQL in `locations::search`).

diesel::table! {
    partners (id) {
        id -> Text,
        name -> Text,
        tier -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        partner_id -> Nullable<Text>,
        roles -> Text,
        created_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    shipping_allowances (distributor_id, dealer_id) {
        distributor_id -> Text,
        dealer_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        partner_id -> Text,
        name -> Text,
        country -> Text,
        address -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        city -> Nullable<Text>,
        contact_name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        reference_note -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    locations (id) {
        id -> Text,
        partner_id -> Text,
        customer_id -> Text,
        parent_id -> Nullable<Text>,
        name -> Text,
        system_type -> Text,
        hwkc -> Text,
        secondary_hwkc -> Nullable<Text>,
        product_key -> Nullable<Text>,
        mac_address -> Nullable<Text>,
        ip_address -> Nullable<Text>,
        full_computer_name -> Nullable<Text>,
        domain_name -> Nullable<Text>,
        reference_note -> Nullable<Text>,
        demo_licenses_remaining -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    location_hwkc_history (id) {
        id -> Text,
        location_id -> Text,
        hwkc -> Text,
        reason -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::joinable!(users -> partners (partner_id));
diesel::joinable!(customers -> partners (partner_id));
diesel::joinable!(locations -> customers (customer_id));
diesel::joinable!(location_hwkc_history -> locations (location_id));

diesel::allow_tables_to_appear_in_same_query!(
    partners,
    users,
    shipping_allowances,
    customers,
    locations,
    location_hwkc_history,
);
