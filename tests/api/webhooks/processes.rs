//! `lms serve` as separate processes on the test's database: one killed with SIGKILL while
//! it delivers an event (a restarted server delivers it, same `webhook-id`), and two side by
//! side (each message delivered once, a partner's in order).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::delivery::message_states;
use super::receiver::{Answer, Receiver, SECRET};
use super::recorded;
use crate::helpers::{TestApp, spawn_app_with_pool};

/// A server process; killed (SIGKILL) when dropped.
struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl ServerProcess {
    /// Starts `lms serve` on `app`'s database and data directory, delivering to `receiver`
    /// (each attempt times out after 1 s, so a claim's lease lasts 3 s); returns once it
    /// listens.
    fn start(app: &TestApp, receiver: &Receiver) -> Self {
        let s = &app.settings;
        let mut child = Command::new(env!("CARGO_BIN_EXE_lms"))
            .arg("serve")
            .env("LMS_CONFIG", s.data_dir.join("absent.toml"))
            .env("LMS_BIND", "127.0.0.1:0")
            .env("LMS_DATABASE_URL", &s.database_url)
            .env("LMS_DATA_DIR", &s.data_dir)
            .env("LMS_JWT_SECRET", s.jwt_secret.as_ref().unwrap().expose())
            .env("LMS_WORKERS", "1")
            .env("LMS_LOG", "warn")
            .env("LMS_BUSINESSNET_WEBHOOK_URL", &receiver.url)
            .env("LMS_BUSINESSNET_WEBHOOK_SECRET", SECRET)
            .env("LMS_WEBHOOK_POLL_INTERVAL_MS", "20")
            .env("LMS_WEBHOOK_TIMEOUT_MS", "1000")
            .env("LMS_WEBHOOK_RETRY_SCALE", "0.001")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("lms serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("LMS listening"), "{line}");
        Self(child)
    }

    /// SIGKILL: no clean-up of any kind.
    fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

/// A test app whose own worker never delivers (it looked once, at its start), so only the
/// processes a test starts do.
async fn app_that_does_not_deliver() -> (TestApp, lms_store::Pool) {
    spawn_app_with_pool(|s| s.webhook_poll_interval_ms = 3_600_000).await
}

#[tokio::test]
async fn a_server_killed_while_it_delivers_delivers_after_a_restart() {
    // Arrange: the receiver takes the first request and never answers it.
    let receiver = Receiver::start(&[Answer::Hang]);
    let (app, pool) = app_that_does_not_deliver().await;
    let first = ServerProcess::start(&app, &receiver);
    let dealer = app.dealer().await;

    // Act: a shipment; the server is killed while its event is on the wire.
    app.ship(&dealer, &[("SV9100-IPPORT-8", 1)]).await;
    receiver.wait_for(1, Duration::from_secs(20)).await;
    first.kill();
    let _restarted = ServerProcess::start(&app, &receiver);

    // Assert: the restarted server sends it again once the dead one's lease ended.
    let received = receiver.wait_for(2, Duration::from_secs(20)).await;
    let event = &recorded(&pool, &dealer.id)[0];
    assert_eq!(
        (received[0].id.as_str(), received[1].id.as_str()),
        (event.id.as_str(), event.id.as_str())
    );
    assert_eq!(received[0].body, received[1].body);
    assert!(received[1].verifies_with(SECRET));
    let start = std::time::Instant::now();
    while message_states(&pool, &event.id) != [("delivered".to_owned(), 1)] {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            message_states(&pool, &event.id)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn two_servers_deliver_each_message_once_and_in_order() {
    // Arrange
    let receiver = Receiver::start(&[]);
    let (app, pool) = app_that_does_not_deliver().await;
    let _one = ServerProcess::start(&app, &receiver);
    let _two = ServerProcess::start(&app, &receiver);
    let dealers = [app.dealer().await, app.dealer().await, app.dealer().await];

    // Act: 30 events of three partners, while both servers deliver.
    for _ in 0..10 {
        for dealer in &dealers {
            app.ship(dealer, &[("SV9100-IPPORT-8", 1)]).await;
        }
    }

    // Assert
    let received = receiver.wait_for(30, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received_ids: Vec<&str> = received.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(receiver.received().len(), 30, "no duplicates");
    for dealer in &dealers {
        let order: Vec<String> = recorded(&pool, &dealer.id)
            .into_iter()
            .map(|e| e.id)
            .collect();
        let arrived: Vec<&str> = received_ids
            .iter()
            .copied()
            .filter(|id| order.iter().any(|o| o == id))
            .collect();
        assert_eq!(arrived, order, "each once, in order");
    }
}
