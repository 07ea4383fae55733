//! The isolation matrix: partner B's token on partner A's real objects — in every id of every
//! operation, and nested inside B's own requests — answers exactly what an unknown id answers,
//! and changes nothing; every `/admin/…` operation answers 403 to partners.

use serde_json::json;

use super::document::{Operation, operations};
use super::objects::{Fill, fill_for, mixed, own};
use super::requests::{build, send};
use super::{World, unmap, world};

#[tokio::test]
async fn another_partner_gets_404_for_every_foreign_id_in_every_operation_and_changes_nothing() {
    // Arrange
    let w = world().await;
    let before = w.state().await;
    let mut matrix = 0;
    let mut operations_covered = 0;

    for op in operations(&w.doc) {
        if op.params().is_empty() || op.is_admin() {
            continue;
        }
        let fill = fill_for(&op.template);
        if matches!(fill, Fill::Catalog) {
            continue;
        }
        operations_covered += 1;

        // Act and assert
        matrix += a_ids_answer_like_unknown_ones(&w, &op, fill).await;
        matrix += a_ids_inside_b_requests_answer_like_unknown_ones(&w, &op, fill).await;
    }

    // Nothing changed, for A or for B.
    w.assert_unchanged_since(&before).await;
    a_can_still_use_what_b_could_not_touch(&w).await;
    assert!(operations_covered >= 15, "{operations_covered} operations");
    println!("isolation matrix: {matrix} foreign-id requests over {operations_covered} operations");
}

/// A's objects in every id: B gets the 404 an unknown id gets. Answers the requests made.
async fn a_ids_answer_like_unknown_ones(w: &World, op: &Operation, fill: Fill) -> usize {
    let a_ids = w.ao.ids();
    let mut count = 0;
    for ids in own(fill, &w.ao) {
        let request = build(op, &ids, &w.ctx());
        let (unknown, mapping) = request.with_unknown_ids(&a_ids);

        // Act
        let reply = send(&w.app, Some(&w.b.token), &request).await;
        let baseline = send(&w.app, Some(&w.b.token), &unknown).await;

        // Assert
        let label = request.label();
        let error = reply.expect_error(404, "NOT_FOUND");
        // A handler looked the object up: the route itself exists.
        assert!(
            !error["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("no such endpoint"),
            "{label}: {error}"
        );
        assert_eq!(
            (baseline.status.as_u16(), baseline.code()),
            (404, "NOT_FOUND"),
            "{label}: an unknown id: {}",
            baseline.body
        );
        assert_eq!(
            error["error"]["message"].as_str().map(str::to_owned),
            baseline.body["error"]["message"]
                .as_str()
                .map(|m| unmap(m, &mapping)),
            "{label}: distinguishable from an unknown id"
        );
        count += 1;
    }
    count
}

/// B's own object outside, A's inside (a nested id, a body or query field): B gets what an
/// unknown id gets. Answers the requests made.
async fn a_ids_inside_b_requests_answer_like_unknown_ones(
    w: &World,
    op: &Operation,
    fill: Fill,
) -> usize {
    let a_ids = w.ao.ids();
    let mut count = 0;
    for ids in mixed(fill, &w.bo, &w.ao) {
        let request = build(op, &ids, &w.ctx());
        if !request.mentions(&a_ids) {
            continue;
        }
        let (unknown, mapping) = request.with_unknown_ids(&a_ids);

        // Act
        let reply = send(&w.app, Some(&w.b.token), &request).await;
        let baseline = send(&w.app, Some(&w.b.token), &unknown).await;

        // Assert
        let label = request.label();
        assert!(
            reply.status.is_client_error(),
            "{label}: {} {}",
            reply.status,
            reply.body
        );
        assert_eq!(
            (
                reply.status,
                reply.code().to_owned(),
                reply.body["error"]["message"].as_str().map(str::to_owned)
            ),
            (
                baseline.status,
                baseline.code().to_owned(),
                baseline.body["error"]["message"]
                    .as_str()
                    .map(|m| unmap(m, &mapping))
            ),
            "{label}: distinguishable from an unknown id"
        );
        count += 1;
    }
    count
}

/// The ids were real: A can still use what B could not touch.
async fn a_can_still_use_what_b_could_not_touch(w: &World) {
    let app = &w.app;
    app.post(
        &format!(
            "/locations/{}/dect-license-upload/{}/import",
            w.ao.dect, w.ao.upload
        ),
        &w.a.token,
        &json!({}),
    )
    .await
    .expect(202);
    let detach = app
        .delete(
            &format!(
                "/locations/{}/attachments/{}?quantity=1",
                w.ao.sv9100, w.ao.attached
            ),
            &w.a.token,
        )
        .await;
    assert_eq!(detach.status.as_u16(), 204, "{}", detach.body);
}

#[tokio::test]
async fn partners_get_403_on_every_admin_operation_and_nothing_changes() {
    // Arrange
    let w = world().await;
    let app = &w.app;
    let before = w.state().await;
    let mut matrix = 0;

    for op in operations(&w.doc).into_iter().filter(Operation::is_admin) {
        let request = w.owner_request(&op);
        // The dealer on its own objects, another dealer, and a distributor.
        for partner in [&w.a, &w.b, &w.distributor] {
            // Act
            let reply = send(app, Some(&partner.token), &request).await;

            // Assert
            assert_eq!(
                (reply.status.as_u16(), reply.code()),
                (403, "FORBIDDEN"),
                "{}: {}",
                request.label(),
                reply.body
            );
            matrix += 1;
        }
    }

    assert!(matrix >= 3 * 8, "{matrix}");
    w.assert_unchanged_since(&before).await;
    println!("admin matrix: {matrix} partner requests");
}
