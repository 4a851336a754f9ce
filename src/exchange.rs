//! The agreement exchange file: one agreement as one JSON file with a
//! `format_version`, documented in `docs/agreement-format.md`.
//!
//! Reading checks, in order: the bytes are UTF-8 JSON, the top level looks like
//! an agreement file, its version is one this program understands, and every
//! field has the right type. Each failure names the file and what to do.

use crate::error::ErrorCode;
use crate::model::Agreement;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The newest format this program reads and the one it writes. Version 2 added
/// the review round (`review`); version 3 the parts of a complete agreement
/// (extension options, scope and eligibility, each partner's functions,
/// contributions in kind, the pool manager, performance measures). Older files read as ones
/// without those parts.
pub const FORMAT_VERSION: u32 = 3;

/// The whole exchange file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "MoU Builder agreement file")]
pub struct ExchangeFile {
    /// Version of this file format; see docs/agreement-format.md.
    pub format_version: u32,
    pub agreement: Agreement,
    /// The review round: versions issued, partners' decisions and comments.
    #[serde(default, skip_serializing_if = "ReviewRecord::is_empty")]
    pub review: ReviewRecord,
}

/// A draft's review round as the file carries it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewRecord {
    /// Oldest first, each with the agreement exactly as issued.
    pub versions: Vec<VersionRecord>,
    pub decisions: Vec<crate::store::Decision>,
    pub comments: Vec<crate::store::Comment>,
}

impl ReviewRecord {
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty() && self.decisions.is_empty() && self.comments.is_empty()
    }
}

/// A version issued for review, with its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRecord {
    pub version: crate::model::VersionNumber,
    pub issued_on: chrono::NaiveDate,
    pub sent_to: Vec<crate::model::PartnerId>,
    #[serde(default)]
    pub note: String,
    pub agreement: Agreement,
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(
        "Could not read {path}: {source}. Check that the file exists and that you may read it."
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "Could not write {path}: {source}. Check that the folder exists, that you may write to it and that the disk is not full; nothing was written."
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{origin} is not a text file (it is not UTF-8). An agreement file is JSON text saved by MoU Builder; choose that file instead."
    )]
    NotText { origin: String },
    #[error(
        "{origin} is not valid JSON: {message} at line {line}, column {column}. Fix the file at that place (a missing comma, quote or bracket is the usual cause), or export the agreement again."
    )]
    MalformedJson {
        origin: String,
        message: String,
        line: usize,
        column: usize,
    },
    #[error(
        "{origin} is not a MoU Builder agreement file: {reason}. Choose a file that MoU Builder exported (it starts with \"format_version\" and \"agreement\")."
    )]
    NotAnAgreement { origin: String, reason: String },
    #[error(
        "{origin} was written by a newer MoU Builder (file format {found}; this program reads up to {supported}). Update MoU Builder to open it; the file was not changed."
    )]
    TooNew {
        origin: String,
        found: u64,
        supported: u32,
    },
    #[error(
        "Could not turn the agreement into JSON: {message}. This is a bug in MoU Builder; please report it."
    )]
    Serialize { message: String },
    #[error(
        "{origin} is a PDF that MoU Builder did not make, so it carries no agreement to import. Import the agreement file (JSON) instead, or a PDF made by MoU Builder."
    )]
    PdfNotOurs { origin: String },
    #[error(
        "{origin} was made by an earlier MoU Builder, which did not put the agreement inside the PDF. Import the agreement file (JSON) exported from the library that made it."
    )]
    PdfWithoutAgreement { origin: String },
    #[error(
        "The agreement inside {origin} is not the one the PDF shows (fingerprint {fingerprint}): the file was changed after MoU Builder made it. Nothing was imported. Ask for the original PDF, or for the agreement file (JSON)."
    )]
    PdfAgreementAltered { origin: String, fingerprint: String },
    #[error(
        "{origin} is a damaged PDF: the agreement inside it cannot be read. Ask for the file again, or for the agreement file (JSON)."
    )]
    PdfUnreadable { origin: String },
    #[error(
        "{origin} has a value that does not fit at `{path}`: {message}. Correct that value in the file (docs/agreement-format.md lists every field and its type) and try again."
    )]
    WrongShape {
        origin: String,
        path: String,
        message: String,
    },
}

impl ErrorCode for ExchangeError {
    fn code(&self) -> &'static str {
        match self {
            ExchangeError::Read { .. } => "exchange.read_failed",
            ExchangeError::Write { .. } => "exchange.write_failed",
            ExchangeError::NotText { .. } => "exchange.not_text",
            ExchangeError::MalformedJson { .. } => "exchange.malformed_json",
            ExchangeError::NotAnAgreement { .. } => "exchange.not_an_agreement",
            ExchangeError::TooNew { .. } => "exchange.format_too_new",
            ExchangeError::WrongShape { .. } => "exchange.wrong_shape",
            ExchangeError::Serialize { .. } => "exchange.serialize_failed",
            ExchangeError::PdfNotOurs { .. } => "exchange.pdf_not_ours",
            ExchangeError::PdfWithoutAgreement { .. } => "exchange.pdf_without_agreement",
            ExchangeError::PdfAgreementAltered { .. } => "exchange.pdf_agreement_altered",
            ExchangeError::PdfUnreadable { .. } => "exchange.pdf_unreadable",
        }
    }
}

/// Reads an agreement file from disk: JSON, or a PDF MoU Builder made (which
/// carries its agreement).
pub fn read_file(path: &Path) -> Result<Agreement, ExchangeError> {
    read_whole_file(path).map(|f| f.agreement)
}

/// Parses an agreement file's bytes (JSON, or a PDF MoU Builder made); `origin`
/// names the file in messages.
pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Agreement, ExchangeError> {
    parse_whole_bytes(bytes, origin).map(|f| f.agreement)
}

/// As `parse_bytes`, review round included.
pub fn parse_whole_bytes(bytes: &[u8], origin: &str) -> Result<ExchangeFile, ExchangeError> {
    if crate::identify::looks_like_pdf(bytes) {
        return from_pdf(bytes, origin);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ExchangeError::NotText {
        origin: origin.to_string(),
    })?;
    parse_file(text, origin)
}

/// The agreement a PDF MoU Builder made carries inside it, exactly as the PDF
/// shows it (checked against its fingerprint), without a review round: the
/// PDF carries the content only.
pub fn from_pdf(bytes: &[u8], origin: &str) -> Result<ExchangeFile, ExchangeError> {
    use crate::identify::{Carried, carried_agreement, stamp_of};
    let origin = origin.to_string();
    let Some(stamp) = stamp_of(bytes) else {
        return Err(ExchangeError::PdfNotOurs { origin });
    };
    match carried_agreement(bytes, &stamp) {
        (Carried::Matches, Some(file)) => {
            let text = std::str::from_utf8(&file).map_err(|_| ExchangeError::NotText {
                origin: format!("{origin} (the agreement inside it)"),
            })?;
            parse_file(text, &format!("{origin} (the agreement inside it)"))
        }
        (Carried::NotCarried, _) => Err(ExchangeError::PdfWithoutAgreement { origin }),
        (Carried::Unreadable, _) => Err(ExchangeError::PdfUnreadable { origin }),
        _ => Err(ExchangeError::PdfAgreementAltered {
            origin,
            fingerprint: crate::fingerprint::Fingerprint::from_hex(&stamp.fingerprint)
                .map_or_else(|| stamp.fingerprint.clone(), |f| f.short()),
        }),
    }
}

/// Parses an agreement file's text; `origin` names the file in messages.
pub fn parse(text: &str, origin: &str) -> Result<Agreement, ExchangeError> {
    parse_file(text, origin).map(|f| f.agreement)
}

/// Reads a whole agreement file from disk, review round included.
pub fn read_whole_file(path: &Path) -> Result<ExchangeFile, ExchangeError> {
    let bytes = std::fs::read(path).map_err(|source| ExchangeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_whole_bytes(&bytes, &path.display().to_string())
}

/// Parses a whole agreement file's text, review round included.
pub fn parse_file(text: &str, origin: &str) -> Result<ExchangeFile, ExchangeError> {
    let origin = origin.to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text); // editors on Windows add a BOM
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ExchangeError::MalformedJson {
            message: json_message(&e),
            line: e.line(),
            column: e.column(),
            origin: origin.clone(),
        })?;
    check_envelope(&value, &origin)?;

    // Deserialize from the text, not the value, so errors carry a line as well as a path.
    let mut de = serde_json::Deserializer::from_str(text);
    let file: ExchangeFile =
        serde_path_to_error::deserialize(&mut de).map_err(|e| ExchangeError::WrongShape {
            // A map key in the path may itself be a pasted document.
            path: shorten_quoted(&format!("`{}`", e.path()))
                .trim_matches('`')
                .to_string(),
            message: shorten_quoted(&e.inner().to_string()),
            origin: origin.clone(),
        })?;
    Ok(file)
}

fn check_envelope(value: &serde_json::Value, origin: &str) -> Result<(), ExchangeError> {
    let not_agreement = |reason: &str| ExchangeError::NotAnAgreement {
        origin: origin.to_string(),
        reason: reason.to_string(),
    };
    let object = value
        .as_object()
        .ok_or_else(|| not_agreement("its top level is not a JSON object"))?;
    let version = object
        .get("format_version")
        .ok_or_else(|| not_agreement("it has no \"format_version\" field"))?;
    let version = version
        .as_u64()
        .filter(|v| *v >= 1)
        .ok_or_else(|| not_agreement("its \"format_version\" is not a whole number from 1 up"))?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(ExchangeError::TooNew {
            origin: origin.to_string(),
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if !object.get("agreement").is_some_and(|a| a.is_object()) {
        return Err(not_agreement("it has no \"agreement\" object"));
    }
    Ok(())
}

/// serde_json's message without its trailing " at line L column C", which we say ourselves.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => full.as_str(),
    };
    shorten_quoted(message)
}

/// How many characters of a value serde quotes back (`…`) a message keeps: a
/// wrong value may be a whole pasted document.
const QUOTED_VALUE_CHARS: usize = 60;

/// The message with each `quoted` value longer than [`QUOTED_VALUE_CHARS`] cut
/// short, saying how long it was.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut parts = message.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('`');
        let quoted = i % 2 == 0; // every other piece is inside backticks
        let n = part.chars().count();
        if quoted && n > QUOTED_VALUE_CHARS {
            out.extend(part.chars().take(QUOTED_VALUE_CHARS));
            out.push_str(&format!("… ({n} characters in all)"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The canonical file text: pretty JSON, fields in model order, newline at the end.
/// The same agreement always gives the same bytes.
pub fn to_json(agreement: &Agreement) -> Result<String, ExchangeError> {
    pretty(&ExchangeFileRef {
        format_version: FORMAT_VERSION,
        agreement,
        review: None,
    })
}

/// The canonical text of an agreement with its review round.
pub fn to_json_with_review(
    agreement: &Agreement,
    review: &ReviewRecord,
) -> Result<String, ExchangeError> {
    pretty(&ExchangeFileRef {
        format_version: FORMAT_VERSION,
        agreement,
        review: (!review.is_empty()).then_some(review),
    })
}

fn pretty<T: Serialize>(value: &T) -> Result<String, ExchangeError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| ExchangeError::Serialize {
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct ExchangeFileRef<'a> {
    format_version: u32,
    agreement: &'a Agreement,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a ReviewRecord>,
}

/// Writes the file atomically: a temporary file in the same folder, then a rename,
/// so a crash or a full disk never leaves a half-written agreement behind.
pub fn write_file(path: &Path, agreement: &Agreement) -> Result<(), ExchangeError> {
    write_text(path, &to_json(agreement)?)
}

/// Writes an agreement with its review round, atomically.
pub fn write_file_with_review(
    path: &Path,
    agreement: &Agreement,
    review: &ReviewRecord,
) -> Result<(), ExchangeError> {
    write_text(path, &to_json_with_review(agreement, review)?)
}

fn write_text(path: &Path, text: &str) -> Result<(), ExchangeError> {
    crate::files::write_atomically(path, text.as_bytes()).map_err(|source| ExchangeError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The JSON Schema of the exchange file, as committed in `docs/agreement.schema.json`.
pub fn json_schema() -> Result<String, ExchangeError> {
    let schema = serde_json::to_value(schemars::schema_for!(ExchangeFile)).map_err(|e| {
        ExchangeError::Serialize {
            message: e.to_string(),
        }
    })?;
    // Keys in sorted order whichever way serde_json was built: another crate in the
    // same build (the desktop shell's) can switch on its insertion-ordered maps.
    pretty(&sorted(schema))
}

fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}
