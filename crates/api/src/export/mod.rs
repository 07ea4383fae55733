//! CSV export of the lists: `Accept: text/csv` or `?format=csv` on a list answers every
//! matching row (the JSON list's filters, not its page) as RFC 4180 CSV with a header row,
//! streamed page by page so that neither the server's memory nor a database connection is held
//! for the whole export.
//!
//! - [`negotiate`]: which format a request asks for, and the list query without `format`.
//! - [`encode`]: CSV records, with cells neutralised against spreadsheet formula injection.
//! - [`rows`]: the columns of each list's rows.
//! - [`stream`]: the answer, JSON or a streamed CSV body.
//! - [`lists`]: every exported list, with its operation and file name (the OpenAPI document
//!   says `text/csv` for exactly these, see [`document`]).

mod document;
pub mod encode;
pub mod lists;
mod negotiate;
mod rows;
mod stream;

pub use document::CsvExports;
pub use encode::{CsvRows, Records};
pub use lists::ExportList;
pub use negotiate::{ListFormat, ListQuery, NoFilter};
pub use stream::{respond, respond_all};
