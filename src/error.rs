//! What every error at a module boundary offers: a stable code for programs and
//! tests, next to the human message its `Display` gives.

/// A stable, machine-readable error code such as `exchange.malformed_json`.
/// Codes never change once released; messages may be reworded.
pub trait ErrorCode {
    fn code(&self) -> &'static str;
}
