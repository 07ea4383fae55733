//! LMS business rules, free of I/O: the catalog of system types, hardware key code (HWKC)
//! validation, the HWKCs the LMS generates or derives (SPEC §3, §4), customers, locations,
//! partners and roles.
//!
//! Every pure rule lives here, each a function over plain values with an error enum of its
//! own: attaching from the bin and detaching back ([`license::attach`],
//! [`license::detach`]), activation and DECT rules ([`license::rules`],
//! [`license::dect_upload`]), the license agreement ([`license::agreement`]), Software
//! Assurance rates, quotes, status and co-term ([`swa`]), reships ([`reship`]), who may act
//! as whom ([`impersonation`]), hardware replacement and the SV9100 CP10 → CP20 migration
//! ([`hardware`]), rendering
//! files for download
//! ([`license::render`](mod@license::render)), the SV9500 standard server's temporary key
//! ([`packaging`]), names ([`name`]), the search text of a list ([`search`]) and the notifications
//! sent to the vendor's integration ([`webhook`]). The store
//! loads, asks these rules and writes; the API maps their errors to codes once.
//!
//! Types here can only be built valid; functions take the clock and random numbers as
//! arguments so results are reproducible.

pub mod audit;
pub mod country;
pub mod customer;
pub mod derive;
pub mod error_code;
pub mod field;
pub mod hardware;
pub mod hwkc;
pub mod ids;
pub mod impersonation;
pub mod license;
pub mod location;
pub mod name;
pub mod order;
pub mod packaging;
pub mod party;
pub mod reship;
pub mod search;
pub mod swa;
pub mod system_type;
pub mod text_enum;
pub mod webhook;

pub use error_code::ErrorCode;
pub use hwkc::{HardwareKeyCode, HwkcCheck, HwkcError};
pub use system_type::{Category, InputKind, SystemType};
