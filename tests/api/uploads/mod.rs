//! Files from outside: the legacy DECT license upload (parse, confirm, import once, only
//! before any activation) and an external product's license file supplied by the vendor.

mod dect_import;
mod external_file;
