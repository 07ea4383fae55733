//! The main job end to end: shipments into the bin, attach, detach, preview, activate,
//! download and verify the signed file, regenerate, demo licenses, audit.

mod attach;
mod demo;
mod shipments;
mod workflow;
