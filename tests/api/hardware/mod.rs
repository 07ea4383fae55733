//! A location's hardware (SPEC §7): its replacement by vendor staff and the SV9100 CP10 → CP20
//! migration by the partner.

mod migration;
mod replacement;
