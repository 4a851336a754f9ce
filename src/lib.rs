//! MoU Builder's headless core. Everything a user can do lives here; the desktop
//! shell and the `mou` command line are thin front ends over it.
//!
//! Data flows one way:
//!
//! ```text
//! agreement (model) → validation → templates → document → layout → PDF
//!            ↘ exchange (JSON file)   ↘ store (SQLite drafts and revisions)
//! ```
//!
//! [`api`] is the one place the front ends call: each use case, written once.

pub mod api;
pub mod appendix;
pub mod compare;
pub mod defined_terms;
pub mod document;
pub mod document_control;
pub mod error;
pub mod exchange;
pub mod files;
pub mod fingerprint;
pub mod identify;
pub mod layout;
pub mod memo;
pub mod model;
pub mod overview;
pub mod paths;
pub mod pdf;
pub mod render;
pub mod store;
pub mod templates;
pub mod validation;

pub use error::ErrorCode;

/// The memory allocator of the desktop app, which renders again and again in one
/// process (`#[global_allocator]` there and in the render benchmark): laying out
/// and writing a PDF makes many small allocations, and mimalloc makes a render
/// about an eighth faster than the system allocator (`cargo bench --bench render`).
/// The CLI renders once and keeps the system allocator, whose peak memory is
/// lower (the example: 29 MB against 48 MB, `cargo bench --bench memory`).
pub use mimalloc::MiMalloc as Allocator;
