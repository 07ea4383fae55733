//! An endpoint's settings as a vendor admin gives them: an absolute `http`/`https` URL
//! without credentials (they would be stored as plain text; the signature authenticates the
//! sender instead), and the event types it wants.

use super::EventType;

/// The longest URL accepted.
pub const URL_MAX: usize = 2000;

/// A URL messages may be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl(String);

/// An endpoint's settings break a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("the URL is not an absolute http or https URL with a host name or IPv4 address")]
    NotHttp,
    #[error("the URL may not carry a user name or password; the signature authenticates the LMS")]
    Credentials,
    #[error("the URL may not have a fragment (#…)")]
    Fragment,
    #[error("the URL has more than {URL_MAX} characters")]
    TooLong,
    #[error("name at least one event type")]
    NoEventTypes,
}

/// What an endpoint URL looks like: `http` or `https`, a host name whose last label starts
/// with a letter or a dotted IPv4 address, an optional port, then an optional path and
/// query; no credentials, no fragment, no blanks. The OpenAPI document publishes it, so a
/// URL that matches is accepted.
pub const URL_PATTERN: &str = concat!(
    "^https?://",
    "(([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*",
    "|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))",
    "(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?",
    "([/?][^#\\s]*)?$",
);

impl EndpointUrl {
    /// Checks a URL.
    ///
    /// # Errors
    /// [`EndpointError`] naming the rule broken.
    pub fn parse(text: &str) -> Result<Self, EndpointError> {
        static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(URL_PATTERN).unwrap_or_else(|e| panic!("{e}"))
        });
        if text.chars().count() > URL_MAX {
            return Err(EndpointError::TooLong);
        }
        let parsed = url::Url::parse(text).map_err(|_| EndpointError::NotHttp)?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(EndpointError::Credentials);
        }
        if parsed.fragment().is_some() {
            return Err(EndpointError::Fragment);
        }
        if !PATTERN.is_match(text) {
            return Err(EndpointError::NotHttp);
        }
        Ok(Self(parsed.to_string()))
    }

    /// The URL, normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The event types an endpoint receives: at least one, each once, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTypes(Vec<EventType>);

impl EventTypes {
    /// Every type: what the configured BusinessNet endpoint receives.
    pub fn all() -> Self {
        Self(EventType::ALL.to_vec())
    }

    /// The given types, sorted and each once.
    ///
    /// # Errors
    /// [`EndpointError::NoEventTypes`] for none.
    pub fn new(types: &[EventType]) -> Result<Self, EndpointError> {
        let mut types: Vec<EventType> = EventType::ALL
            .iter()
            .copied()
            .filter(|t| types.contains(t))
            .collect();
        types.dedup();
        if types.is_empty() {
            return Err(EndpointError::NoEventTypes);
        }
        Ok(Self(types))
    }

    /// Whether `t` is among them.
    pub fn contains(&self, t: EventType) -> bool {
        self.0.contains(&t)
    }

    /// The types.
    pub fn as_slice(&self) -> &[EventType] {
        &self.0
    }

    /// The stored form: the types' texts, comma-separated.
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored form.
    ///
    /// # Errors
    /// The unknown text, when one is not a type.
    pub fn from_stored(stored: &str) -> Result<Self, crate::text_enum::UnknownVariant> {
        let types = stored
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<EventType>, _>>()?;
        Ok(Self::new(&types).unwrap_or_else(|_| Self(Vec::new())))
    }
}
