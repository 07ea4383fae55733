//! An export holds the caller's rows only: another partner's customer is 404 (as JSON), and
//! its rows never appear in the caller's lists.

use super::{column, csv_text, export, records};
use crate::helpers::spawn_app;

#[tokio::test]
async fn another_partners_rows_never_appear_and_its_customer_is_404() {
    // Arrange
    let app = spawn_app().await;
    let a = app.dealer().await;
    let b = app.dealer().await;
    let a_customer = app.customer(&a).named("Alpha customer").await;
    let b_customer = app.customer(&b).named("Bravo customer").await;
    let a_site = app
        .location(&a)
        .under(&a_customer)
        .sv9100()
        .named("Alpha site")
        .await;
    let b_site = app.location(&b).under(&b_customer).sv9100();
    let b_site = b_site.hwkc("340209224569").named("Bravo site").await;
    app.ship(&a, &[("SV9100-IPPORT-8", 1)]).po("PO-ALPHA").await;
    app.ship(&b, &[("SV9100-IPPORT-8", 1)]).po("PO-BRAVO").await;

    // Act
    let foreign = export(
        &app,
        &format!("/customers/{b_customer}/locations"),
        &a.token,
    )
    .await;
    let customers = export(&app, "/customers", &a.token).await;
    let locations = export(&app, "/locations", &a.token).await;
    let bin = export(&app, "/license-bin", &a.token).await;
    let audit = export(&app, "/audit-events", &a.token).await;

    // Assert
    foreign.expect_error(404, "NOT_FOUND");
    let (_, rows) = records(csv_text(&customers, "customers"));
    assert_eq!(column(&rows, "id"), [a_customer.as_str()]);
    let (_, rows) = records(csv_text(&locations, "locations"));
    assert_eq!(column(&rows, "id"), [a_site.id.as_str()]);
    let (_, rows) = records(csv_text(&bin, "license-bin"));
    assert_eq!(column(&rows, "po_number"), ["PO-ALPHA"]);
    let (_, rows) = records(csv_text(&audit, "audit-events"));
    assert!(!rows.is_empty());
    for reply in [&customers, &locations, &bin, &audit] {
        for foreign in ["Bravo", "PO-BRAVO", b_customer.as_str(), b_site.id.as_str()] {
            assert!(!reply.text.contains(foreign), "{foreign} in {}", reply.text);
        }
    }
}
