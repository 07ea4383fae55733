//! CSV records as RFC 4180 has them (CRLF line ends, a field quoted when it holds a comma,
//! a quote or a line break, quotes doubled), in UTF-8, with every cell neutralised against
//! spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return gets a `'` in front, as OWASP advises, so a spreadsheet shows it as text instead of
//! running it (`=HYPERLINK(…)` in a customer's name stays a name).

use std::fmt::{Display, Write as _};

use actix_web::web::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// The items of a list as CSV: a fixed header, and the records of each item.
pub trait CsvRows {
    /// The header row: one name per column, the JSON field names where there is one.
    const HEADER: &'static [&'static str];

    /// Writes this item's records: usually one; an item with lines (a purchase order, a
    /// reship) one per line, the item's own columns repeated.
    ///
    /// # Errors
    /// A record with more or fewer cells than [`Self::HEADER`] has columns.
    fn write(&self, out: &mut Records) -> Result<(), csv::Error>;
}

/// What a spreadsheet reads as the start of a formula (OWASP's list), or of a cell that
/// some read past (tab, carriage return).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `cell`, with `'` in front when a spreadsheet would take it for a formula.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// CSV records of `columns` cells each, in memory until [`Records::into_bytes`].
pub struct Records {
    writer: csv::Writer<Vec<u8>>,
    columns: usize,
    /// One cell as text, reused for every cell.
    scratch: String,
}

impl Records {
    /// An empty buffer for records of `columns` cells.
    pub fn new(columns: usize) -> Self {
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .has_headers(false)
            .from_writer(Vec::with_capacity(64 * 1024));
        Self {
            writer,
            columns,
            scratch: String::new(),
        }
    }

    /// Writes the header row.
    ///
    /// # Errors
    /// A header of another number of columns.
    pub fn header(&mut self, columns: &[&str]) -> Result<(), csv::Error> {
        let mut row = self.row();
        for column in columns {
            row = row.text(column);
        }
        row.end()
    }

    /// Starts a record; end it with [`Row::end`].
    pub fn row(&mut self) -> Row<'_> {
        Row {
            records: self,
            cells: 0,
            error: None,
        }
    }

    /// The bytes written.
    ///
    /// # Errors
    /// Only if the buffer cannot be flushed (it is memory: never in practice).
    pub fn into_bytes(self) -> Result<Bytes, csv::Error> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Bytes::from(bytes))
    }
}

/// One record being written, cell by cell, each neutralised.
#[must_use = "a record is written by `end`"]
pub struct Row<'a> {
    records: &'a mut Records,
    cells: usize,
    error: Option<csv::Error>,
}

impl Row<'_> {
    fn cell(mut self, write: impl FnOnce(&mut String)) -> Self {
        self.cells += 1;
        let Records {
            writer, scratch, ..
        } = &mut *self.records;
        scratch.clear();
        write(scratch);
        if self.error.is_none()
            && let Err(e) = writer.write_field(neutralised(scratch).as_bytes())
        {
            self.error = Some(e);
        }
        self
    }

    /// A text cell.
    pub fn text(self, value: &str) -> Self {
        self.cell(|s| s.push_str(value))
    }

    /// A text cell, empty for `None`.
    pub fn opt_text(self, value: Option<&str>) -> Self {
        self.text(value.unwrap_or_default())
    }

    /// A number, id or date as it displays.
    pub fn show(self, value: impl Display) -> Self {
        self.cell(|s| {
            let _ = write!(s, "{value}");
        })
    }

    /// [`Row::show`], empty for `None`.
    pub fn opt(self, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.show(v),
            None => self.text(""),
        }
    }

    /// A time as the JSON answer has it (RFC 3339, UTC).
    pub fn time(self, value: DateTime<Utc>) -> Self {
        self.text(&value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    /// [`Row::time`], empty for `None`.
    pub fn opt_time(self, value: Option<DateTime<Utc>>) -> Self {
        match value {
            Some(v) => self.time(v),
            None => self.text(""),
        }
    }

    /// An enumeration (a state, a system type) by its wire name, as in the JSON answer.
    pub fn wire(self, value: &impl Serialize) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => self.text(&s),
            Ok(other) => self.text(&other.to_string()),
            Err(e) => Self {
                error: Some(csv::Error::from(std::io::Error::other(e))),
                ..self
            },
        }
    }

    /// Ends the record.
    ///
    /// # Errors
    /// A record whose number of cells differs from the header's.
    pub fn end(self) -> Result<(), csv::Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.cells != self.records.columns {
            let message = format!(
                "a record of {} cells under {} columns",
                self.cells, self.records.columns
            );
            return Err(std::io::Error::other(message).into());
        }
        self.records.writer.write_record(None::<&[u8]>)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(header: &[&str], rows: &[&[&str]]) -> String {
        let mut out = Records::new(header.len());
        out.header(header).unwrap();
        for cells in rows {
            let mut row = out.row();
            for cell in *cells {
                row = row.text(cell);
            }
            row.end().unwrap();
        }
        String::from_utf8(out.into_bytes().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        let text = encoded(
            &["a", "b"],
            &[&["plain", "with, comma"], &["say \"hi\"", "two\nlines"]],
        );
        assert_eq!(
            text,
            "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn formula_starts_are_neutralised_and_nothing_else() {
        for start in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralised(start), format!("'{start}"), "{start:?}");
        }
        for safe in ["1-2", "a=b", "", "'quoted", " =x", "Zoë"] {
            assert_eq!(neutralised(safe), safe, "{safe:?}");
        }
        let text = encoded(&["name"], &[&["=HYPERLINK(\"http://x\")"]]);
        assert_eq!(text, "name\r\n\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
    }

    #[test]
    fn a_record_of_the_wrong_length_is_refused() {
        assert!(Records::new(2).row().text("only one").end().is_err());
        let three = Records::new(2).row().text("a").text("b").text("c").end();
        assert!(three.is_err());
        let mut out = Records::new(2);
        assert!(out.row().text("a").opt(None::<u8>).end().is_ok());
        assert_eq!(&out.into_bytes().unwrap()[..], b"a,\r\n");
    }
}
