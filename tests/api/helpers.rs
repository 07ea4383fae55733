//! Spawning the application for a test and sending it requests; the typed builders for the
//! fixtures most tests need are in [`builders`], the license workflow's calls in
//! [`licensing`].

mod builders;
mod documented;
mod licensing;
mod swa;

pub use builders::*;
pub use licensing::*;
pub use swa::*;

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use lms::settings::Secret;
use lms::{Application, Settings};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "admin-test-password";
/// The password of every partner user [`TestApp::partner_with_roles`] makes.
pub const PARTNER_PASSWORD: &str = "partner-test-password";

/// A database that exists for one test and is removed after it.
enum TestDb {
    Sqlite,
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    fn create(dir: &TempDir) -> (Self, String) {
        match std::env::var("LMS_TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                // No TLS on loopback: libpq's OpenSSL clean-up at process exit races the
                // server's worker threads still holding connections, and crashes the test
                // binary after its test has passed.
                let admin_url = if admin_url.contains('?') {
                    admin_url
                } else {
                    format!("{admin_url}?sslmode=disable")
                };
                let name = format!("lms_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn =
                    PgConnection::establish(&admin_url).expect("connect to LMS_TEST_DATABASE_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create test database");
                let (base, query) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
                let server = match base.rsplit_once('/') {
                    Some((server, _)) => server,
                    None => panic!("LMS_TEST_DATABASE_URL must end in /<database>"),
                };
                let url = format!("{server}/{name}?{query}");
                set_isolation(&mut conn, &name, &url);
                (Self::Postgres { admin_url, name }, url)
            }
            _ => (
                Self::Sqlite,
                format!("sqlite://{}", dir.path().join("lms.db").display()),
            ),
        }
    }
}

/// Whether the suite runs its PostgreSQL databases at SERIALIZABLE, where a transaction that
/// still conflicts after its retries answers 503 `BUSY` (nothing changed).
pub fn serializable() -> bool {
    std::env::var("LMS_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty())
        && std::env::var("LMS_TEST_PG_ISOLATION").is_ok_and(|l| l == "serializable")
}

/// `LMS_TEST_PG_ISOLATION` (e.g. `serializable`): every connection to the test database
/// starts at that isolation level, as on a distributed SQL engine that only knows
/// SERIALIZABLE. Checked through a new connection, so a setting that did not take fails here.
fn set_isolation(admin: &mut PgConnection, name: &str, url: &str) {
    #[derive(diesel::QueryableByName)]
    struct Level {
        #[diesel(sql_type = diesel::sql_types::Text)]
        default_transaction_isolation: String,
    }
    let Ok(level) = std::env::var("LMS_TEST_PG_ISOLATION") else {
        return;
    };
    assert!(
        ["serializable", "repeatable read", "read committed"].contains(&level.as_str()),
        "LMS_TEST_PG_ISOLATION={level:?} is not an isolation level"
    );
    diesel::sql_query(format!(
        "ALTER DATABASE {name} SET default_transaction_isolation = '{level}'"
    ))
    .execute(admin)
    .expect("set the test database's isolation level");
    let mut conn = PgConnection::establish(url).expect("connect to the test database");
    let actual = diesel::sql_query("SHOW default_transaction_isolation")
        .get_result::<Level>(&mut conn)
        .expect("read the isolation level")
        .default_transaction_isolation;
    assert_eq!(actual, level, "the test database's isolation level");
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn);
        }
    }
}

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub admin_token: String,
    /// What the server was started with, to start another on the same data.
    pub settings: Settings,
    // Dropped last: the database outlives the server's use of it. `None` when another
    // TestApp owns them (see `spawn_again`).
    _db: Option<TestDb>,
    _dir: Option<TempDir>,
}

/// Which settings a test wants changed.
pub fn default_settings(dir: &TempDir, database_url: String) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url,
        data_dir: dir.path().to_owned(),
        bootstrap_admin_email: Some(ADMIN_EMAIL.into()),
        bootstrap_admin_password: Some(Secret::new(ADMIN_PASSWORD)),
        jwt_secret: Some(Secret::new(
            uuid::Uuid::new_v4().simple().to_string().repeat(2),
        )),
        workers: 2,
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A fresh app and a dealer partner with an LMS user: how most tests begin.
pub async fn spawn_app_with_dealer() -> (TestApp, PartnerFixture) {
    let app = spawn_app().await;
    let dealer = app.dealer().await;
    (app, dealer)
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, url) = TestDb::create(&dir);
    let mut settings = default_settings(&dir, url);
    tweak(&mut settings);
    start(settings, Some(db), Some(dir)).await.0
}

/// Starts a server with `settings`; the returned app owns `db` and `dir` when given.
async fn start(
    settings: Settings,
    db: Option<TestDb>,
    dir: Option<TempDir>,
) -> (TestApp, lms_store::Pool) {
    let app = Application::build(&settings).expect("application builds");
    let pool = app.pool();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    (client_of(address, settings, db, dir).await, pool)
}

async fn client_of(
    address: String,
    settings: Settings,
    db: Option<TestDb>,
    dir: Option<TempDir>,
) -> TestApp {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut test_app = TestApp {
        address,
        client,
        admin_token: String::new(),
        settings,
        _db: db,
        _dir: dir,
    };
    test_app.admin_token = test_app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    test_app
}

/// A fresh database (SQLite in `dir`, or PostgreSQL under `LMS_TEST_DATABASE_URL`) for
/// servers a test runs as processes of their own; dropped with it.
pub struct Database {
    _db: TestDb,
    pub url: String,
}

pub fn fresh_database(dir: &TempDir) -> Database {
    let (db, url) = TestDb::create(dir);
    Database { _db: db, url }
}

impl TestApp {
    /// A client of a server already running at `address` (e.g. an `lms serve` process the
    /// test started with `settings`' values), logged in as the bootstrap admin.
    pub async fn connect(address: String, settings: Settings) -> TestApp {
        client_of(address, settings, None, None).await
    }
}

impl TestApp {
    /// Another server on the same database and data directory, as after a restart. `self`
    /// must outlive it: it owns the data.
    pub async fn spawn_again(&self) -> TestApp {
        start(self.settings.clone(), None, None).await.0
    }

    /// Another server on the same database with `settings` changed by `tweak`, or why it
    /// would not start. `self` must outlive it.
    pub async fn try_spawn_beside(
        &self,
        tweak: impl FnOnce(&mut Settings),
    ) -> Result<TestApp, String> {
        let mut settings = self.settings.clone();
        tweak(&mut settings);
        Application::build(&settings).map_err(|e| format!("{e:#}"))?;
        Ok(start(settings, None, None).await.0)
    }
}

/// A partner with one logged-in user.
#[derive(Debug, Clone)]
pub struct PartnerFixture {
    pub id: String,
    pub email: String,
    pub token: String,
}

/// A response: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
    /// The body as text (a CSV export's, say).
    pub text: String,
}

impl Reply {
    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }

    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }

    /// Asserts an error answer with this status and code.
    #[track_caller]
    pub fn expect_error(self, status: u16, code: &str) -> Value {
        assert_eq!(
            (self.status.as_u16(), self.code()),
            (status, code),
            "body: {}",
            self.body
        );
        assert!(
            self.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "error without message"
        );
        self.body
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Sends a request to `/api/v1{path}` with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, self.url(&format!("/api/v1{path}")));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        send(req).await
    }

    /// `(retried, exhausted)`: the server's write transactions that met a serialization
    /// failure or deadlock and ran again, and those still failing at the last attempt.
    pub async fn transaction_retries(&self) -> (u64, u64) {
        let text = self
            .client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .expect("GET /metrics")
            .text()
            .await
            .expect("metrics text");
        let count = |outcome: &str| {
            let series = format!("lms_transaction_retries_total{{outcome=\"{outcome}\"}} ");
            text.lines()
                .find_map(|l| l.strip_prefix(&series))
                .map_or(0, |v| v.trim().parse().expect("a counter value"))
        };
        (count("retried"), count("exhausted"))
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// A POST without a body, for actions such as regenerating a license file.
    pub async fn post_empty(&self, path: &str, token: &str) -> Reply {
        self.call(Method::POST, path, Some(token), None).await
    }

    /// The body of a GET of `path` (outside `/api/v1` too) without a token, as text.
    pub async fn public_text(&self, path: &str) -> String {
        let res = self.client.get(self.url(path)).send().await;
        res.expect("request sent")
            .text()
            .await
            .expect("a text body")
    }

    /// Sends a JSON POST with an `Idempotency-Key` header.
    pub async fn post_with_key(&self, token: &str, path: &str, key: &str, body: &Value) -> Reply {
        let req = self
            .client
            .post(self.url(&format!("/api/v1{path}")))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body);
        send(req).await
    }

    /// A new API key of the token's user, named `name`, as created (with its secret).
    pub async fn api_key(&self, token: &str, name: &str) -> Value {
        self.post("/api-keys", token, &json!({ "name": name }))
            .await
            .expect(201)
    }

    /// The id of the token's user.
    pub async fn user_id(&self, token: &str) -> String {
        id_of(&self.get("/me", token).await.expect(200))
    }

    /// Logs in; answers the reply as it is.
    pub async fn try_login(&self, email: &str, password: &str) -> Reply {
        let body = json!({"email": email, "password": password});
        self.call(Method::POST, "/auth/login", None, Some(&body))
            .await
    }

    /// Logs in; answers the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let body = self.try_login(email, password).await.expect(200);
        body["access_token"].as_str().expect("token").to_owned()
    }

    /// A partner of `tier` with one user holding `roles`, logged in.
    pub async fn partner_with_roles(&self, tier: &str, roles: &[&str]) -> PartnerFixture {
        let name = format!("{tier} {}", uuid::Uuid::new_v4().simple());
        let partner = self
            .post(
                "/admin/partners",
                &self.admin_token,
                &json!({"name": name, "tier": tier}),
            )
            .await
            .expect(201);
        let id = partner["id"].as_str().unwrap().to_owned();
        let email = format!("user-{}@partner.example", uuid::Uuid::new_v4().simple());
        let password = PARTNER_PASSWORD;
        self.post(
            "/admin/users",
            &self.admin_token,
            &json!({"email": email, "name": "Test User", "password": password, "partner_id": id, "roles": roles}),
        )
        .await
        .expect(201);
        let token = self.login(&email, password).await;
        PartnerFixture { id, email, token }
    }

    pub async fn dealer(&self) -> PartnerFixture {
        self.partner_with_roles("dealer", &["lms_user"]).await
    }

    pub async fn distributor(&self) -> PartnerFixture {
        self.partner_with_roles("distributor", &["lms_user", "swa_distributor_admin"])
            .await
    }
}

/// Percent-encodes a query-string value (keeps only RFC 3986 unreserved characters).
pub fn query_value(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The string `key` of every item of a list page, in order.
#[track_caller]
pub fn item_texts<'a>(page: &'a Value, key: &str) -> Vec<&'a str> {
    let items = page["items"].as_array().expect("items");
    let text = |item: &'a Value| {
        item[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} is not a string in {item}"))
    };
    items.iter().map(text).collect()
}

/// The `id` of a JSON object, as a string.
#[track_caller]
pub fn id_of(item: &Value) -> String {
    item["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {item}"))
        .to_owned()
}

impl TestApp {
    /// Every item of a paged list (`path` may carry a query already), following
    /// `next_cursor` with `limit` items per page; asserts no page is larger than `limit`.
    pub async fn all_pages(&self, path: &str, token: &str, limit: usize) -> Vec<Value> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let mut url = format!("{path}{sep}limit={limit}");
            if let Some(c) = &cursor {
                url.push_str(&format!("&cursor={}", query_value(c)));
            }
            let page = self.get(&url, token).await.expect(200);
            let batch = page["items"].as_array().expect("items");
            assert!(
                batch.len() <= limit,
                "page of {} > limit {limit}",
                batch.len()
            );
            items.extend(batch.iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => {
                    assert!(!batch.is_empty(), "an empty page with a next_cursor");
                    cursor = Some(next.to_owned());
                }
                None => return items,
            }
        }
        panic!("paging of {path} does not end");
    }
}

/// Like [`spawn_app_with`], also handing out the server's connection pool, for tests that
/// change the database directly (e.g. disable a user, for which there is no endpoint yet).
pub async fn spawn_app_with_pool(tweak: impl FnOnce(&mut Settings)) -> (TestApp, lms_store::Pool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, url) = TestDb::create(&dir);
    let mut settings = default_settings(&dir, url);
    tweak(&mut settings);
    start(settings, Some(db), Some(dir)).await
}

/// The committed OpenAPI document (`openapi/openapi.json`; a test keeps it equal to the code's).
pub fn committed_openapi() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

impl TestApp {
    /// Sends `body` as it is, with `content_type`, to `/api/v1{path}`.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, self.url(&format!("/api/v1{path}")))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        send(req).await
    }

    /// Uploads one file as the `file` field of a `multipart/form-data` body.
    pub async fn upload_file(
        &self,
        method: Method,
        path: &str,
        token: &str,
        file_name: &str,
        content: &[u8],
    ) -> Reply {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(content.to_vec()).file_name(file_name.to_owned()),
        );
        let req = self
            .client
            .request(method, self.url(&format!("/api/v1{path}")))
            .bearer_auth(token)
            .multipart(form);
        send(req).await
    }
}

/// Sends a request and reads its reply; an error reply must be one the committed OpenAPI
/// document lists for the operation (status and code), or the test fails.
pub async fn send(req: reqwest::RequestBuilder) -> Reply {
    let (client, req) = req.build_split();
    let req = req.expect("a well-formed request");
    let method = req.method().clone();
    let path = req.url().path().to_owned();
    let res = client.execute(req).await.expect("request sent");
    let reply = read_reply(res).await;
    documented::assert_documented(&method, &path, &reply);
    reply
}

/// The status, headers, JSON body (`Value::Null` when not JSON) and text of a response.
async fn read_reply(res: reqwest::Response) -> Reply {
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap_or_default();
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
        text,
    }
}

/// Runs `n` copies of `task` (given 0..n) on their own tasks, released together by a barrier
/// so they race; answers their results in order. A task that panics fails the test.
pub async fn at_once<T, F, Fut>(n: usize, task: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let (barrier, run) = (barrier.clone(), task(i));
            tokio::spawn(async move {
                barrier.wait().await;
                run.await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(n);
    for handle in handles {
        results.push(handle.await.expect("a racing task panicked"));
    }
    results
}
