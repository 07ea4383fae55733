//! Validation of free-text input fields, and the error that names the field at fault.

use std::borrow::Cow;

use crate::ErrorCode;

/// One input field is wrong; the message tells the user what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The field's path in the request, its wire names joined by `/`: `name`, `hwkc`,
    /// `lines/2/quantity` (the API answers it as a JSON Pointer, `/lines/2/quantity`).
    pub field: Cow<'static, str>,
    /// A sentence for the user.
    pub message: String,
    /// The stable code: `INVALID_FIELD` unless the rule has a code of its own.
    pub code: ErrorCode,
}

impl FieldError {
    /// An `INVALID_FIELD` error on `field`.
    pub fn new(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            code: ErrorCode::InvalidField,
        }
    }

    /// An error with its own stable code.
    pub fn with_code(
        code: ErrorCode,
        field: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            code,
        }
    }
}

/// The name of an uploaded file, kept to name its download: 1 to 255 characters, no
/// control characters (a CR, LF or NUL would break the `Content-Disposition` header) and no
/// path separators.
///
/// # Errors
/// [`FieldError`] on `file` with code `INVALID_FILE_NAME`.
pub fn file_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let bad = |why: &str| {
        FieldError::with_code(
            ErrorCode::InvalidFileName,
            "file",
            format!("the file name {why}"),
        )
    };
    if name.is_empty() || name.chars().count() > 255 {
        return Err(bad("must be 1 to 255 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(bad("must not contain control characters"));
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(bad("must not contain a path"));
    }
    Ok(name.to_owned())
}

/// The characters `str::trim` removes (Unicode `White_Space`) as a regular-expression class,
/// written in the common subset of ECMAScript, Python and Rust regexes. `\s` differs in each
/// of them (ECMAScript adds U+FEFF, Python U+001C–U+001F), so the published patterns of the
/// trimmed inputs use this class instead.
pub const WHITESPACE: &str =
    "[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// Characters [`optional_text`] refuses (`char::is_control` but the line feed).
const CONTROL: &str = "\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f";
/// Characters that are neither controls nor white space.
const VISIBLE: &str = "[^\\u0000-\\u001f\\u007f-\\u009f \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// The anchored pattern of the raw values [`optional_text`] (`required == false`) or
/// [`required_text`] accepts for `max`: white space around, then at most `max` characters
/// that start and end visible and hold no control character but line feeds.
pub fn text_pattern(max: usize, required: bool) -> String {
    let inner = match max {
        0 => {
            return if required {
                "^[^\\s\\S]$".to_owned()
            } else {
                blank_pattern()
            };
        }
        1 => VISIBLE.to_owned(),
        _ => format!("{VISIBLE}([^{CONTROL}]{{0,{}}}{VISIBLE})?", max - 2),
    };
    let inner = if required {
        inner
    } else {
        format!("({inner})?")
    };
    format!("^{WHITESPACE}*{inner}{WHITESPACE}*$")
}

/// The anchored pattern of a blank value: what an optional input treats as absent.
pub fn blank_pattern() -> String {
    format!("^{WHITESPACE}*$")
}

/// Wraps the pattern of a value (anchored, `^…$`) so that white space around it is accepted,
/// as every input is trimmed before it is checked.
pub fn trimmed_pattern(anchored: &str) -> String {
    let body = anchored
        .strip_prefix('^')
        .and_then(|p| p.strip_suffix('$'))
        .unwrap_or(anchored);
    format!("^{WHITESPACE}*({body}){WHITESPACE}*$")
}

/// A required text: trimmed, non-empty, at most `max` characters.
///
/// # Errors
/// [`FieldError`] on `field` when empty or too long.
pub fn required_text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    match optional_text(field, Some(raw), max)? {
        Some(text) => Ok(text),
        None => Err(FieldError::new(field, format!("{field} must not be empty"))),
    }
}

/// An optional text: trimmed; blank becomes `None`; at most `max` characters.
///
/// # Errors
/// [`FieldError`] on `field` when too long or holding control characters.
pub fn optional_text(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{field} must be at most {max} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(
            field,
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("name", "  Acme  ", 10).unwrap(), "Acme");
        assert_eq!(required_text("name", "   ", 10).unwrap_err().field, "name");
        assert!(required_text("name", "12345678901", 10).is_err());
        assert_eq!(optional_text("city", Some(" "), 10).unwrap(), None);
        assert!(optional_text("city", Some("a\u{0}b"), 10).is_err());
    }

    #[test]
    fn the_whitespace_class_is_what_trim_removes() {
        let class = regex::Regex::new(&format!("^{WHITESPACE}$")).unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(class.is_match(&c.to_string()), c.is_whitespace(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn text_patterns_accept_what_the_text_rules_accept(
            raw in "[ \\t\\n\\u{85}\\u{3000}a-c\\u{0}\\u{7}\\u{9f}\\u{2028}é]{0,8}",
        ) {
            for (max, required) in [(3, true), (3, false), (2, true), (1, true), (1, false), (0, false)] {
                let pattern = regex::Regex::new(&text_pattern(max, required)).unwrap();
                let accepted = if required {
                    required_text("t", &raw, max).is_ok()
                } else {
                    optional_text("t", Some(&raw), max).is_ok()
                };
                proptest::prop_assert_eq!(pattern.is_match(&raw), accepted, "{:?} max {} required {}", raw, max, required);
            }
            let blank = regex::Regex::new(&blank_pattern()).unwrap();
            proptest::prop_assert_eq!(blank.is_match(&raw), raw.trim().is_empty());
        }
    }
}

#[cfg(test)]
mod file_name_tests {
    use super::*;

    #[test]
    fn file_names_without_control_characters_or_paths_pass() {
        assert_eq!(file_name(" 340209224568.lic ").unwrap(), "340209224568.lic");
        assert_eq!(file_name("Zürich ☎.lic").unwrap(), "Zürich ☎.lic");
        for bad in [
            "",
            "a\r\nSet-Cookie: x.lic",
            "a\u{0}.lic",
            "a\u{7f}.lic",
            "../x",
            "a\\b",
            "..",
        ] {
            assert_eq!(
                file_name(bad).unwrap_err().code,
                "INVALID_FILE_NAME",
                "{bad:?}"
            );
        }
    }
}
