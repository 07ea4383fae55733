//! Vendor administration of webhooks: the endpoints events are sent to ([`endpoints`]) and
//! the messages on their way, with their attempts and redelivery ([`messages`]).

pub mod endpoints;
pub mod messages;

/// Mounts the webhook administration endpoints.
pub fn mount(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(endpoints::create_webhook_endpoint)
        .service(endpoints::list_webhook_endpoints)
        .service(endpoints::get_webhook_endpoint)
        .service(endpoints::update_webhook_endpoint)
        .service(endpoints::rotate_webhook_secret)
        .service(endpoints::delete_webhook_endpoint)
        .service(messages::list_webhook_messages)
        .service(messages::get_webhook_message)
        .service(messages::redeliver_webhook_message);
}
