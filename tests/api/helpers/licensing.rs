//! The license workflow's calls — attach, detach, activate, what a location holds, the bin,
//! the license file — and the quantity invariant every bin line keeps.

use serde_json::{Value, json};

use super::{PartnerFixture, Reply, TestApp, id_of};

/// Freshly shipped licenses attached to a location (see [`TestApp::attach_new`]), and
/// activated with [`TestApp::activate_new`].
#[derive(Debug)]
pub struct Licensed {
    /// The attachments' ids, one per shipped line.
    pub attachments: Vec<String>,
    /// The activation's answer; `Value::Null` when only attached.
    pub activation: Value,
}

impl TestApp {
    /// Attaches `lines` (PO line id, quantity) to `location`.
    pub async fn attach(&self, token: &str, location: &str, lines: &[(&str, i64)]) -> Reply {
        let lines: Vec<Value> = lines
            .iter()
            .map(|(line, quantity)| json!({"po_line_id": line, "quantity": quantity}))
            .collect();
        self.post(
            &format!("/locations/{location}/attachments"),
            token,
            &json!({"lines": lines}),
        )
        .await
    }

    /// Activates these attachments of `location`, accepting the license agreement.
    pub async fn activate(&self, token: &str, location: &str, ids: &[impl AsRef<str>]) -> Reply {
        let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        self.post(
            &format!("/locations/{location}/activations"),
            token,
            &json!({"attachment_ids": ids, "accept_license_agreement": true}),
        )
        .await
    }

    /// Previews the license file `location` would have with these attachments activated.
    pub async fn preview(&self, token: &str, location: &str, ids: &[impl AsRef<str>]) -> Reply {
        let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        self.get(
            &format!(
                "/locations/{location}/license-preview?attachment_ids={}",
                ids.join(",")
            ),
            token,
        )
        .await
    }

    /// Detaches all of an attachment, or `quantity` of it.
    pub async fn detach(
        &self,
        token: &str,
        location: &str,
        attachment: &str,
        quantity: Option<i64>,
    ) -> Reply {
        let query = quantity
            .map(|q| format!("?quantity={q}"))
            .unwrap_or_default();
        self.delete(
            &format!("/locations/{location}/attachments/{attachment}{query}"),
            token,
        )
        .await
    }

    /// Ships `lines` (part, quantity) to `partner` and attaches all of them to `location`.
    pub async fn attach_new(
        &self,
        partner: &PartnerFixture,
        location: &str,
        lines: &[(&str, i64)],
    ) -> Licensed {
        let po = self.ship(partner, lines).await;
        let line_ids = po.line_ids();
        let attach: Vec<(&str, i64)> = line_ids
            .iter()
            .zip(lines)
            .map(|(line, (_, quantity))| (line.as_str(), *quantity))
            .collect();
        let attached = self
            .attach(&partner.token, location, &attach)
            .await
            .expect(201);
        let attachments = attached
            .as_array()
            .expect("attachments")
            .iter()
            .map(id_of)
            .collect();
        Licensed {
            attachments,
            activation: Value::Null,
        }
    }

    /// Ships `lines` (part, quantity) to `partner`, attaches all of them to `location` and
    /// activates them.
    pub async fn activate_new(
        &self,
        partner: &PartnerFixture,
        location: &str,
        lines: &[(&str, i64)],
    ) -> Licensed {
        let mut licensed = self.attach_new(partner, location, lines).await;
        licensed.activation = self
            .activate(&partner.token, location, &licensed.attachments)
            .await
            .expect(201);
        licensed
    }

    /// What `location` holds: attached, activated and stacked licenses.
    pub async fn licenses(&self, token: &str, location: &str) -> Value {
        self.get(&format!("/locations/{location}/licenses"), token)
            .await
            .expect(200)
    }

    /// Downloads `location`'s license file.
    pub async fn license_file(&self, token: &str, location: &str) -> reqwest::Response {
        self.client
            .get(self.url(&format!("/api/v1/locations/{location}/license-file")))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    /// Downloads `location`'s license file, asserting there is one.
    pub async fn download(&self, token: &str, location: &str) -> LicenseFile {
        let res = self.license_file(token, location).await;
        assert_eq!(res.status(), 200, "the license file of {location}");
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .expect("a Content-Disposition")
            .to_owned();
        let bytes = res.bytes().await.expect("the file").to_vec();
        LicenseFile { disposition, bytes }
    }

    /// The published license-signing keys.
    pub async fn signing_keys(&self) -> Vec<lms_domain::license::PublicSigningKey> {
        let keys = self.public_text("/api/v1/license-signing-keys").await;
        serde_json::from_str(&keys).expect("signing keys")
    }

    /// Every PO line of the token's bin, used ones too.
    pub async fn bin_lines(&self, token: &str) -> Vec<Value> {
        let bin = self
            .get("/license-bin?include_used=true", token)
            .await
            .expect(200);
        bin["items"]
            .as_array()
            .expect("items")
            .iter()
            .flat_map(|po| po["lines"].as_array().expect("lines").clone())
            .collect()
    }

    /// The bin line `line` as the token's partner sees it now.
    pub async fn bin_line(&self, token: &str, line: &str) -> Value {
        self.bin_lines(token)
            .await
            .into_iter()
            .find(|l| l["id"] == line)
            .unwrap_or_else(|| panic!("no bin line {line}"))
    }

    /// Ships one SV9500 virtualization option to `partner` and attaches it to `location`
    /// (an SV9500 standard server on its temp key), as `server-hwkc` requires.
    pub async fn attach_virtualization_option(&self, partner: &PartnerFixture, location: &str) {
        self.attach_new(partner, location, &[("SV9500-VIRT-OPT", 1)])
            .await;
    }
}

/// A downloaded license file.
pub struct LicenseFile {
    /// The `Content-Disposition` header, which names the file.
    pub disposition: String,
    pub bytes: Vec<u8>,
}

impl LicenseFile {
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("a text file")
    }
}

/// The quantity invariant of a bin line: no count is negative, and every shipped unit is in
/// the bin, attached, activated, reshipped or migrated.
#[track_caller]
pub fn assert_invariant(line: &Value) {
    let n = |k: &str| {
        line[k]
            .as_i64()
            .unwrap_or_else(|| panic!("no {k} in {line}"))
    };
    assert!(
        [
            "available",
            "attached",
            "activated",
            "reshipped",
            "migrated"
        ]
        .iter()
        .all(|k| n(k) >= 0),
        "{line}"
    );
    assert_eq!(
        n("shipped"),
        n("available") + n("attached") + n("activated") + n("reshipped") + n("migrated"),
        "{line}"
    );
}

/// Runs `lms verify` on a license file's bytes with the server's published keys; answers
/// whether it verified and what it printed.
pub async fn lms_verify(app: &TestApp, bytes: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = dir.path().join("keys.json");
    std::fs::write(&keys, app.public_text("/api/v1/license-signing-keys").await).unwrap();
    let file = dir.path().join("license.lic");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lms"))
        .args([
            "verify",
            file.to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
        ])
        .output()
        .expect("lms verify runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), printed)
}
