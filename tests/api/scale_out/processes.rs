//! Three `lms serve` processes on one database, clients alternating between them: the
//! oversell race, an idempotent retry on another process, the SWA cooling-off job and the
//! login throttle hold as on one process; then one process is killed with SIGKILL under
//! load and the others carry on with nothing acknowledged lost.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    ADMIN_EMAIL, ADMIN_PASSWORD, PartnerFixture, TestApp, assert_invariant, default_settings,
    fresh_database,
};

const PROCESSES: usize = 3;

/// An `lms serve` child process, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `lms serve` on `database_url` with a data directory of its own and the shared
/// JWT secret and key folder; answers once it listens.
fn serve(database_url: &str, data_dir: &Path, keys_dir: &Path, jwt_secret: &str) -> Server {
    // 32 bytes, base64: the same for every process.
    const WEBHOOK_KEY: &str = "bG1zLXNjYWxlLW91dC10ZXN0LXdlYmhvb2sta2V5ISE=";
    let mut child = Command::new(env!("CARGO_BIN_EXE_lms"))
        .arg("serve")
        .env("LMS_CONFIG", data_dir.join("none.toml"))
        .env("LMS_BIND", "127.0.0.1:0")
        .env("LMS_DATABASE_URL", database_url)
        .env("LMS_DATA_DIR", data_dir)
        .env("LMS_LICENSE_KEYS_DIR", keys_dir)
        .env("LMS_JWT_SECRET", jwt_secret)
        .env("LMS_WEBHOOK_ENCRYPTION_KEY", WEBHOOK_KEY)
        .env("LMS_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("LMS_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("LMS_JOBS_INTERVAL_SECONDS", "1")
        .env("LMS_WORKERS", "2")
        .env("LMS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start lms serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // Keeps reading, so the process never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("LMS listening on http://").nth(1) {
                let host: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                    .collect();
                let _ = tx.send(format!("http://{host}"));
            }
        }
    });
    let address = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("lms serve printed its URL");
    Server { child, address }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn several_processes_on_one_database_behave_as_one_and_survive_losing_one() {
    // Arrange: the first process creates the schema and the keys; the others share them.
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_database(&dir);
    let secret = uuid::Uuid::new_v4().simple().to_string().repeat(2);
    let keys = dir.path().join("keys");
    let mut servers = Vec::new();
    for i in 0..PROCESSES {
        let data = dir.path().join(format!("p{i}"));
        std::fs::create_dir_all(&data).unwrap();
        servers.push(serve(&database.url, &data, &keys, &secret));
    }
    let mut apps = Vec::new();
    for server in &servers {
        let settings = default_settings(&dir, database.url.clone());
        apps.push(Arc::new(
            TestApp::connect(server.address.clone(), settings).await,
        ));
    }
    let dealer = apps[0].dealer().await;

    // Act + Assert
    oversell_race(&apps, &dealer).await;
    idempotent_retry_on_another_process(&apps, &dealer).await;
    cooling_off_job_activates_once(&apps, &database.url, dir.path()).await;
    login_throttle_counts_across_processes(&apps, &dealer).await;
    losing_a_process_loses_nothing_acknowledged(&apps, &dealer, &mut servers[PROCESSES - 1]).await;
}

/// 30 clients, alternating processes, each attach one unit of a line of 10: exactly 10 win.
async fn oversell_race(apps: &[Arc<TestApp>], dealer: &PartnerFixture) {
    let line = apps[1]
        .ship(dealer, &[("SV9100-IPPORT-8", 10)])
        .po("RACE")
        .await
        .line("SV9100-IPPORT-8");
    let customer = apps[2].customer(dealer).named("Race").await;
    let location = apps[0]
        .location(dealer)
        .sv9100()
        .hwkc("340000000101")
        .under(&customer)
        .await
        .id
        .clone();
    let statuses = crate::helpers::at_once(30, |i| {
        let (app, token, location, line) = (
            apps[i % apps.len()].clone(),
            dealer.token.clone(),
            location.clone(),
            line.clone(),
        );
        async move {
            // A client honours 503 BUSY (SERIALIZABLE gave up; nothing changed) by retrying.
            loop {
                let status = app.attach(&token, &location, &[(&line, 1)]).await.status;
                if status != StatusCode::SERVICE_UNAVAILABLE || !crate::helpers::serializable() {
                    return status;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    })
    .await;
    let won = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    println!(
        "oversell race: {PROCESSES} processes, 30 clients, 1 unit each from 10: {won} won, {refused} refused"
    );
    assert_eq!((won, refused), (10, 20), "{statuses:?}");
    for app in apps {
        let line = app.bin_line(&dealer.token, &line).await;
        assert_invariant(&line);
        assert_eq!(line["attached"], 10, "{line}");
    }
}

/// The first call on one process, its retries on the others: one customer, the same answer.
async fn idempotent_retry_on_another_process(apps: &[Arc<TestApp>], dealer: &PartnerFixture) {
    let body = json!({"name": "Retried Ltd", "country": "DE"});
    let mut ids = Vec::new();
    for (i, app) in apps.iter().enumerate() {
        let reply = app
            .post_with_key(&dealer.token, "/customers", "erp-import-42", &body)
            .await;
        let replayed = reply.headers.get("idempotent-replayed").is_some();
        assert_eq!(replayed, i > 0, "process {i}: replayed header");
        ids.push(reply.expect(201)["id"].clone());
    }
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    let listed = apps[0]
        .get("/customers?q=Retried", &dealer.token)
        .await
        .expect(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");
}

/// Every process runs the job; an assignment whose cooling-off ended is activated once.
async fn cooling_off_job_activates_once(apps: &[Arc<TestApp>], url: &str, dir: &Path) {
    let dealer = apps[0].swa_dealer().await;
    let location = apps[1].swa_location(&dealer).await;
    apps[2]
        .ship_swa(&dealer.id, "SWA-MP", 1000, "2099-01-01")
        .await;
    let assignment = apps[0]
        .assign_swa(&dealer, &location, 12, false)
        .await
        .expect(201);
    let id = assignment["id"].as_str().unwrap().to_owned();
    let pool = lms_store::open_pool(&lms_store::DatabaseTarget::parse(url, dir).unwrap()).unwrap();
    let mut conn = pool.get().unwrap();
    // Its 24 hours are over (the processes run on the real clock).
    {
        use lms_store::schema::swa_assignments as a;
        diesel::update(a::table.find(&id))
            .set(
                a::cooling_off_until.eq(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()),
            )
            .execute(&mut conn)
            .unwrap();
    }
    let activated = |conn: &mut lms_store::DbConnection| {
        lms_store::outbox::of_partner(conn, dealer.id.parse().unwrap())
            .unwrap()
            .iter()
            .filter(|e| e.event_type == "swa.activated")
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while activated(&mut conn) == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Three more rounds of every process's job.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(activated(&mut conn), 1, "activated exactly once");
    let bin = apps[1].swa_bin(&dealer).await;
    assert_eq!(bin["items"][0]["consumed"], 264, "{bin}");
}

/// Five wrong passwords spread over the processes use up the account's allowance on all.
async fn login_throttle_counts_across_processes(apps: &[Arc<TestApp>], dealer: &PartnerFixture) {
    for i in 0..5 {
        apps[i % apps.len()]
            .try_login(&dealer.email, "not-the-password")
            .await
            .expect_error(401, "UNAUTHENTICATED");
    }
    for app in apps {
        app.try_login(&dealer.email, "not-the-password")
            .await
            .expect_error(429, "TOO_MANY_REQUESTS");
    }
}

/// 12 clients attach one unit at a time, alternating processes; the last process is
/// killed with SIGKILL after a second. Clients move on to the live processes; every
/// acknowledged attachment is there at the end and the invariant holds.
async fn losing_a_process_loses_nothing_acknowledged(
    apps: &[Arc<TestApp>],
    dealer: &PartnerFixture,
    victim: &mut Server,
) {
    let line = apps[0]
        .ship(dealer, &[("SV9100-IPPORT-8", 100_000)])
        .po("LOAD")
        .await
        .line("SV9100-IPPORT-8");
    let customer = apps[0].customer(dealer).named("Load").await;
    let location = apps[0]
        .location(dealer)
        .sv9100()
        .hwkc("340000000102")
        .under(&customer)
        .await
        .id
        .clone();
    let killed = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(4);
    let clients: Vec<_> = (0..12)
        .map(|c| {
            let target = LoadTarget {
                apps: apps.to_vec(),
                token: dealer.token.clone(),
                path: format!("/api/v1/locations/{location}/attachments"),
                body: json!({"lines": [{"po_line_id": line, "quantity": 1}]}),
            };
            tokio::spawn(target.run(c, deadline, killed.clone()))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    victim.child.kill().expect("SIGKILL the last process");
    victim.child.wait().unwrap();
    killed.store(true, Ordering::SeqCst);
    let mut tally = Tally::default();
    for client in clients {
        tally.add(&client.await.expect("client task"));
    }
    let Tally {
        acknowledged,
        after_kill,
        lost,
        busy,
    } = tally;
    let survivors = &apps[..apps.len() - 1];
    let mut attached = Vec::new();
    for app in survivors {
        let line = app.bin_line(&dealer.token, &line).await;
        assert_invariant(&line);
        attached.push(line["attached"].as_u64().unwrap());
    }
    println!(
        "SIGKILL under load: {acknowledged} attachments acknowledged ({after_kill} after the kill), \
         {busy} answered 503 BUSY, {lost} requests lost with the process; attached units seen \
         by the survivors {attached:?}"
    );
    assert!(after_kill > 0, "the live processes carried on");
    // Acknowledged ones are all there; at most the requests in flight on the killed
    // process may have committed without an answer.
    for units in attached {
        assert!(
            units >= acknowledged && units <= acknowledged + lost,
            "{units} vs {acknowledged} + {lost}"
        );
    }
}

/// What a load client saw.
#[derive(Debug, Default)]
struct Tally {
    /// 201 answers.
    acknowledged: u64,
    /// 201 answers after the kill.
    after_kill: u64,
    /// Requests whose connection failed: sent to the killed process, outcome unknown.
    lost: u64,
    /// 503 BUSY under SERIALIZABLE: nothing changed.
    busy: u64,
}

impl Tally {
    fn add(&mut self, other: &Self) {
        self.acknowledged += other.acknowledged;
        self.after_kill += other.after_kill;
        self.lost += other.lost;
        self.busy += other.busy;
    }
}

/// One POST sent over and over, to the processes in turn.
struct LoadTarget {
    apps: Vec<Arc<TestApp>>,
    token: String,
    path: String,
    body: serde_json::Value,
}

impl LoadTarget {
    /// Sends until `deadline`, starting at process `first`; once `killed` is set, the last
    /// process is skipped.
    async fn run(self, first: usize, deadline: Instant, killed: Arc<AtomicBool>) -> Tally {
        let mut tally = Tally::default();
        let mut target = first % self.apps.len();
        while Instant::now() < deadline {
            let app = &self.apps[target];
            let sent = app
                .client
                .post(format!("{}{}", app.address, self.path))
                .bearer_auth(&self.token)
                .json(&self.body)
                .send()
                .await;
            match sent.map(|res| res.status()) {
                Ok(StatusCode::SERVICE_UNAVAILABLE) if crate::helpers::serializable() => {
                    tally.busy += 1;
                }
                Ok(status) => {
                    assert_eq!(status, StatusCode::CREATED, "process {target}");
                    tally.acknowledged += 1;
                    tally.after_kill += u64::from(killed.load(Ordering::SeqCst));
                }
                // The killed process: its outcome is unknown; go on to a live one.
                Err(_) => tally.lost += 1,
            }
            target = (target + 1) % self.apps.len();
            if killed.load(Ordering::SeqCst) && target == self.apps.len() - 1 {
                target = 0;
            }
        }
        tally
    }
}
