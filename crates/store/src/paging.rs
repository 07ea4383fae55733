//! Keyset paging: `?limit=&cursor=` in, `{items, next_cursor}` out. The cursor is the sort
//! key and id of the last item, opaque to clients.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Default and largest page sizes.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page a client may ask for.
pub const MAX_LIMIT: i64 = 200;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Maps the items, keeping the cursor.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }

    /// Converts every item, failing on the first that does not convert (a corrupt row).
    ///
    /// # Errors
    /// The first conversion error.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, _>>()?,
            next_cursor: self.next_cursor,
        })
    }
}

/// A validated page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub(crate) limit: i64,
    pub(crate) after: Option<(String, String)>,
}

/// The paging parameters are out of range or the cursor was not issued by us.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    #[error("limit must be between 1 and {MAX_LIMIT}")]
    Limit,
    #[error("cursor is not valid; use the next_cursor of a previous page")]
    Cursor,
}

impl PageRequest {
    /// Checks `limit` (default 50, at most 200) and decodes `cursor`.
    ///
    /// # Errors
    /// [`PagingError`] for a limit out of range or a foreign cursor.
    pub fn new(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, PagingError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(PagingError::Limit);
        }
        let after = cursor.filter(|c| !c.is_empty()).map(decode).transpose()?;
        Ok(Self { limit, after })
    }

    /// Cuts the `limit + 1` rows fetched into a page, with a cursor when more follow.
    pub(crate) fn page<R>(
        &self,
        mut rows: Vec<R>,
        key: impl Fn(&R) -> (String, String),
    ) -> Page<R> {
        // `limit` is 1..=MAX_LIMIT (checked in `new`), so both conversions are exact.
        let limit = usize::try_from(self.limit).unwrap_or(0);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more {
            rows.last().map(|r| encode(&key(r)))
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

impl PageRequest {
    /// The id after which the page starts, for a list ordered by id alone (time-ordered
    /// UUIDv7 ids give creation order).
    pub(crate) fn after_id(&self) -> Option<&str> {
        self.after.as_ref().map(|(_, id)| id.as_str())
    }
}

fn encode((sort_key, id): &(String, String)) -> String {
    URL_SAFE_NO_PAD.encode(format!("{sort_key}\u{1f}{id}"))
}

fn decode(cursor: &str) -> Result<(String, String), PagingError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| PagingError::Cursor)?;
    let text = String::from_utf8(bytes).map_err(|_| PagingError::Cursor)?;
    let (key, id) = text.split_once('\u{1f}').ok_or(PagingError::Cursor)?;
    Ok((key.to_owned(), id.to_owned()))
}

/// Keyset condition "after (key, id)" for a boxed query ordered by `(key_col, id_col)`.
macro_rules! after_cursor {
    ($query:expr, $page:expr, $key_col:expr, $id_col:expr) => {{
        let mut query = $query;
        if let Some((key, id)) = &$page.after {
            // `key > k OR (key = k AND id > i)`, written so that its first term bounds an
            // index range: an index on (…, key, id) then starts at the cursor instead of
            // reading every row before it (deep pages of an export got slower and slower).
            query = query.filter(
                $key_col
                    .ge(key.clone())
                    .and($key_col.gt(key.clone()).or($id_col.gt(id.clone()))),
            );
        }
        query
            .order(($key_col.asc(), $id_col.asc()))
            .limit($page.limit + 1)
    }};
}
pub(crate) use after_cursor;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_foreign_ones_fail() {
        let c = encode(&("Hotel Zon".into(), "abc".into()));
        assert_eq!(
            PageRequest::new(Some(10), Some(&c)).unwrap().after,
            Some(("Hotel Zon".into(), "abc".into()))
        );
        assert_eq!(PageRequest::new(None, Some("!!")), Err(PagingError::Cursor));
        assert_eq!(PageRequest::new(Some(0), None), Err(PagingError::Limit));
        assert_eq!(PageRequest::new(Some(201), None), Err(PagingError::Limit));
    }
}
