//! The free-text filter of a list (`q`): trimmed, blank for "all", and capped, so a long
//! text is refused with one error instead of failing in the database. One rule for every
//! search: the customer list and Easy Nav's location search.

use std::fmt;

/// The longest search text: a reference note's maximum length, so nothing longer can be
/// part of a name or note. It also keeps patterns far below SQLite's 50,000-byte LIKE
/// limit, past which a long `q` used to fail the request.
pub const MAX_QUERY_CHARS: usize = 500;

/// A search text as asked: at most [`MAX_QUERY_CHARS`] characters. Blank means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery(Option<String>);

/// The search text is too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchQueryError {
    #[error("q must be at most {MAX_QUERY_CHARS} characters")]
    TooLong,
}

impl SearchQuery {
    /// Checks `raw` (absent is no filter). The length counts the text as sent, blanks
    /// included; the filter is the text trimmed.
    ///
    /// # Errors
    /// [`SearchQueryError::TooLong`] past [`MAX_QUERY_CHARS`] characters.
    pub fn parse(raw: Option<&str>) -> Result<Self, SearchQueryError> {
        let Some(raw) = raw else {
            return Ok(Self(None));
        };
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchQueryError::TooLong);
        }
        let text = raw.trim();
        Ok(Self((!text.is_empty()).then(|| text.to_owned())))
    }

    /// The text to look for, trimmed; `None` when the list is not filtered.
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl fmt::Display for SearchQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_or_blank_filters_nothing() {
        assert_eq!(SearchQuery::parse(None).unwrap().text(), None);
        assert_eq!(SearchQuery::parse(Some("   ")).unwrap().text(), None);
        assert_eq!(
            SearchQuery::default(),
            SearchQuery::parse(Some("")).unwrap()
        );
    }

    #[test]
    fn the_text_is_trimmed() {
        let q = SearchQuery::parse(Some("  Hotel Zon ")).unwrap();
        assert_eq!(q.text(), Some("Hotel Zon"));
        assert_eq!(q.to_string(), "Hotel Zon");
    }

    #[test]
    fn at_most_500_characters_as_sent() {
        let at_cap = "ä".repeat(MAX_QUERY_CHARS);
        assert_eq!(
            SearchQuery::parse(Some(&at_cap)).unwrap().text(),
            Some(at_cap.as_str())
        );
        for over in ["_".repeat(501), format!(" {at_cap}"), "a".repeat(30_000)] {
            assert_eq!(
                SearchQuery::parse(Some(&over)),
                Err(SearchQueryError::TooLong)
            );
        }
        assert_eq!(
            SearchQueryError::TooLong.to_string(),
            "q must be at most 500 characters"
        );
    }
}
