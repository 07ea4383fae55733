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
        session_version -> Integer,
    }
}

diesel::table! {
    shipping_allowances (id) {
        id -> Text,
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
        migrated_to -> Nullable<Text>,
    }
}

diesel::table! {
    location_hwkc_history (id) {
        id -> Text,
        location_id -> Text,
        hwkc -> Text,
        reason -> Text,
        recorded_at -> Timestamp,
        previous_hwkc -> Nullable<Text>,
        note -> Nullable<Text>,
        from_location_id -> Nullable<Text>,
    }
}

diesel::table! {
    parts (part_number) {
        part_number -> Text,
        description -> Text,
        kind -> Text,
        feature -> Text,
        amount -> Integer,
        system_types -> Text,
        swa_millis_per_month -> Integer,
        free_of_charge -> Bool,
    }
}

diesel::table! {
    purchase_orders (id) {
        id -> Text,
        partner_id -> Text,
        po_number -> Text,
        so_number -> Text,
        swa_months -> Nullable<Integer>,
        extra_info -> Nullable<Text>,
        origin -> Text,
        shipped_at -> Timestamp,
    }
}

diesel::table! {
    po_lines (id) {
        id -> Text,
        po_id -> Text,
        partner_id -> Text,
        part_number -> Text,
        shipped -> Integer,
        available -> Integer,
        attached -> Integer,
        activated -> Integer,
        reshipped -> Integer,
        migrated -> Integer,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        po_line_id -> Text,
        part_number -> Text,
        quantity -> Integer,
        state -> Text,
        attached_at -> Timestamp,
        activated_at -> Nullable<Timestamp>,
        activation_id -> Nullable<Text>,
    }
}

diesel::table! {
    license_files (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        kind -> Text,
        file_name -> Text,
        content_type -> Text,
        content -> Binary,
        key_id -> Nullable<Text>,
        activation_code -> Nullable<Text>,
        created_at -> Timestamp,
        revision -> Integer,
        hwkc -> Text,
    }
}

diesel::table! {
    activations (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        activation_code -> Nullable<Text>,
        license_file_id -> Nullable<Text>,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dect_uploads (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        licenses -> Text,
        created_at -> Timestamp,
        state -> Text,
        requested_at -> Nullable<Timestamp>,
        requested_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        partner_id -> Nullable<Text>,
        user_id -> Text,
        impersonator_id -> Nullable<Text>,
        action -> Text,
        subject_type -> Text,
        subject_id -> Text,
        details -> Text,
    }
}

diesel::table! {
    idempotency_keys (user_id, idem_key) {
        user_id -> Text,
        idem_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(po_lines -> purchase_orders (po_id));
diesel::joinable!(po_lines -> parts (part_number));
diesel::joinable!(attachments -> po_lines (po_line_id));
diesel::joinable!(attachments -> parts (part_number));
diesel::joinable!(attachments -> locations (location_id));

diesel::joinable!(swa_allocations -> swa_pos (swa_po_id));
diesel::joinable!(swa_allocations -> swa_assignments (assignment_id));
diesel::joinable!(swa_assignments -> locations (location_id));

diesel::joinable!(reship_lines -> reships (reship_id));
diesel::joinable!(swa_reship_lines -> swa_reships (swa_reship_id));

diesel::joinable!(users -> partners (partner_id));
diesel::joinable!(api_keys -> users (user_id));
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
    parts,
    purchase_orders,
    po_lines,
    attachments,
    license_files,
    activations,
    dect_uploads,
    audit_events,
    idempotency_keys,
    api_keys,
    swa_rates,
    swa_pos,
    swa_assignments,
    swa_allocations,
    outbox_events,
    reships,
    reship_lines,
    swa_reships,
    swa_reship_lines,
    webhook_endpoints,
    webhook_messages,
    webhook_attempts,
);

diesel::table! {
    api_keys (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    swa_rates (rule, min_months) {
        rule -> Text,
        min_months -> Integer,
        max_months -> Integer,
        factor_permille -> Integer,
    }
}

diesel::table! {
    swa_pos (id) {
        id -> Text,
        partner_id -> Text,
        po_number -> Text,
        so_number -> Text,
        origin -> Text,
        expires_on -> Date,
        shipped_at -> Timestamp,
        shipped -> Integer,
        available -> Integer,
        held -> Integer,
        consumed -> Integer,
        reshipped -> Integer,
    }
}

diesel::table! {
    swa_assignments (id) {
        id -> Text,
        partner_id -> Text,
        location_id -> Text,
        kind -> Text,
        state -> Text,
        reference -> Text,
        agreement_number -> Text,
        months -> Integer,
        units -> Integer,
        reinstatement_units -> Integer,
        starts_on -> Date,
        expires_on -> Date,
        created_at -> Timestamp,
        created_by -> Text,
        cooling_off_until -> Timestamp,
        activated_at -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    swa_allocations (assignment_id, swa_po_id) {
        assignment_id -> Text,
        swa_po_id -> Text,
        units -> Integer,
    }
}

diesel::table! {
    outbox_events (id) {
        id -> Text,
        event_type -> Text,
        partner_id -> Text,
        occurred_at -> Timestamp,
        data -> Text,
        payload -> Text,
    }
}

diesel::table! {
    reships (id) {
        id -> Text,
        distributor_id -> Text,
        dealer_id -> Text,
        dealer_po_id -> Text,
        po_number -> Text,
        so_number -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    reship_lines (reship_id, source_po_line_id) {
        reship_id -> Text,
        source_po_line_id -> Text,
        part_number -> Text,
        quantity -> Integer,
    }
}

diesel::table! {
    swa_reships (id) {
        id -> Text,
        distributor_id -> Text,
        dealer_id -> Text,
        po_number -> Text,
        so_number -> Text,
        units -> Integer,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    swa_reship_lines (swa_reship_id, source_swa_po_id) {
        swa_reship_id -> Text,
        source_swa_po_id -> Text,
        dealer_swa_po_id -> Text,
        units -> Integer,
    }
}

diesel::table! {
    sso_assertions (jti) {
        jti -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        enabled -> Bool,
        managed_by_config -> Bool,
        secret_sealed -> Text,
        previous_secret_sealed -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_messages (id) {
        id -> Text,
        event_id -> Text,
        endpoint_id -> Text,
        partner_id -> Text,
        event_type -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        last_response_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        message_id -> Text,
        attempted_at -> Timestamp,
        duration_ms -> Integer,
        response_status -> Nullable<Integer>,
        error -> Nullable<Text>,
        succeeded -> Bool,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Text,
        reservation_id -> Text,
        throttle_key -> Text,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    deployment_keys (kind) {
        kind -> Text,
        fingerprint -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    recent_writes (user_id) {
        user_id -> Text,
        written_at -> Timestamp,
    }
}
