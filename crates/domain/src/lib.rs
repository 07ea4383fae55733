//! LMS business rules, free of I/O: the catalog of system types, hardware key code (HWKC)
//! validation, the HWKCs the LMS generates or derives (SPEC §3, §4), customers, locations,
//! partners and roles.
//!
//! Types here can only be built valid; functions take the clock and random numbers as
//! arguments so results are reproducible.

pub mod audit;
pub mod country;
pub mod customer;
pub mod derive;
pub mod field;
pub mod hwkc;
pub mod ids;
pub mod license;
pub mod location;
pub mod order;
pub mod packaging;
pub mod party;
pub mod system_type;
pub mod text_enum;

pub use hwkc::{HardwareKeyCode, HwkcCheck, HwkcError};
pub use system_type::{Category, InputKind, SystemType};
