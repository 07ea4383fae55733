//! Host names users type instead of a HWKC: the full computer name of an iS3000 dongle-less
//! server and the domain name of a 3C system. Both are stored in lower case (the guide:
//! "FCN capitals will automatically be converted") and follow RFC 1123 host-name syntax.

use std::fmt;

/// Why a host name is malformed, phrased to follow "… is not a valid X: ".
fn host_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("it is empty");
    }
    if name.len() > 253 {
        return Some("it is longer than 253 characters");
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Some("it has an empty part between dots");
        }
        if label.len() > 63 {
            return Some("a part between dots is longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Some("only letters, digits, hyphens and dots are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("a part between dots starts or ends with a hyphen");
        }
    }
    None
}

/// The anchored patterns a raw host name must fit, both: its parts (white space around, one
/// trailing dot allowed) and its length of at most 253 characters without that dot.
pub fn host_name_patterns() -> [String; 2] {
    const LABEL: &str = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    let ws = crate::field::WHITESPACE;
    [
        format!("^{ws}*{LABEL}(\\.{LABEL})*\\.?{ws}*$"),
        format!("^{ws}*[A-Za-z0-9.-]{{1,253}}\\.?{ws}*$"),
    ]
}

/// Trims, lower-cases (ASCII only, so other letters are still refused) and drops the one
/// trailing dot of an absolute name.
fn normalize(raw: &str) -> String {
    let trimmed = raw.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    trimmed.to_ascii_lowercase()
}

/// The full computer name (FCN) of an iS3000 / SIP@Net server, in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FullComputerName(String);

/// A full computer name that is not a valid host name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not a valid full computer name: {problem}; expected the server's host \
     name, letters, digits and hyphens in parts separated by dots, e.g. \
     hvpc030pbx.devnlnec.local"
)]
pub struct FullComputerNameError {
    /// The value as entered (trimmed).
    pub value: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl FullComputerName {
    /// Parses and lower-cases a full computer name.
    ///
    /// # Errors
    ///
    /// [`FullComputerNameError`] when it is not a host name: parts of 1–63 letters, digits
    /// or hyphens (not at either end), separated by dots, 253 characters at most.
    pub fn parse(raw: &str) -> Result<Self, FullComputerNameError> {
        let name = normalize(raw);
        match host_name_problem(&name) {
            None => Ok(Self(name)),
            Some(problem) => Err(FullComputerNameError {
                value: raw.trim().to_owned(),
                problem,
            }),
        }
    }

    /// The lower-case name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FullComputerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The domain name of a 3C / 3C CAT2 system, in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainName(String);

/// A domain name that is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not a valid domain name: {problem}; expected letters, digits and hyphens \
     in parts separated by dots, e.g. customer.example.com"
)]
pub struct DomainNameError {
    /// The value as entered (trimmed).
    pub value: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl DomainName {
    /// Parses and lower-cases a domain name.
    ///
    /// # Errors
    ///
    /// [`DomainNameError`] under the same rules as [`FullComputerName::parse`].
    pub fn parse(raw: &str) -> Result<Self, DomainNameError> {
        let name = normalize(raw);
        match host_name_problem(&name) {
            None => Ok(Self(name)),
            Some(problem) => Err(DomainNameError {
                value: raw.trim().to_owned(),
                problem,
            }),
        }
    }

    /// The lower-case name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_computer_name_is_lower_cased_and_trimmed() {
        let fcn = FullComputerName::parse("  HVPC030PBX.DevNLnec.local ").unwrap();
        assert_eq!(fcn.as_str(), "hvpc030pbx.devnlnec.local");
        assert_eq!(fcn.to_string(), "hvpc030pbx.devnlnec.local");
        assert_eq!(
            FullComputerName::parse("pbx1.example.com.")
                .unwrap()
                .as_str(),
            "pbx1.example.com"
        );
        assert_eq!(FullComputerName::parse("pbx-1").unwrap().as_str(), "pbx-1");
    }

    #[test]
    fn malformed_names_are_refused_with_reason_and_example() {
        for (raw, problem) in [
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("pbx..local", "it has an empty part between dots"),
            (".pbx", "it has an empty part between dots"),
            (
                "pbx_1.local",
                "only letters, digits, hyphens and dots are allowed",
            ),
            (
                "pbx 1",
                "only letters, digits, hyphens and dots are allowed",
            ),
            (
                "pbxé.local",
                "only letters, digits, hyphens and dots are allowed",
            ),
            (
                "-pbx.local",
                "a part between dots starts or ends with a hyphen",
            ),
            (
                "pbx-.local",
                "a part between dots starts or ends with a hyphen",
            ),
        ] {
            let err = FullComputerName::parse(raw).expect_err(raw);
            assert_eq!(err.problem, problem, "{raw:?}");
            assert!(err.to_string().contains("e.g. hvpc030pbx.devnlnec.local"));
            let err = DomainName::parse(raw).expect_err(raw);
            assert_eq!(err.problem, problem, "{raw:?}");
            assert!(err.to_string().contains("e.g. customer.example.com"));
        }
        let long_label = "a".repeat(64);
        assert!(FullComputerName::parse(&long_label).is_err());
        assert!(FullComputerName::parse(&"a".repeat(63)).is_ok());
        let long_name = vec!["a".repeat(63); 4].join("."); // 255 characters
        assert_eq!(
            DomainName::parse(&long_name).unwrap_err().problem,
            "it is longer than 253 characters"
        );
    }

    #[test]
    fn domain_name_is_lower_cased() {
        assert_eq!(
            DomainName::parse("Customer.Example.COM").unwrap().as_str(),
            "customer.example.com"
        );
    }
}
