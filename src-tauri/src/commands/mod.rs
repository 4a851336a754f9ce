//! The commands the window may call. Each is a short call into mou-core; blocking
//! work runs on a worker thread so the window never waits on the disk.
//!
//! - `library`    list, new, duplicate, archive, delete, import, export
//! - `draft`      open and save a draft, with its overview (findings, task list, totals)
//! - `revisions`  list and restore
//! - `pdf`        generate (with progress) and open in the system viewer
//! - `review`     issue versions, record decisions and comments, compare versions,
//!   issue the final version, identify a PDF
//! - `window`     closing the window once pending edits are saved

pub mod draft;
pub mod library;
pub mod pdf;
pub mod review;
pub mod revisions;
pub mod window;
