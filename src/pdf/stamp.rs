//! What lets anyone tell what a PDF is and whether it was changed, from the file
//! alone (no library needed, so it works for a PDF made by another installation):
//!
//! - `/MoUBuilderDocument` in the info dictionary: which agreement, version and
//!   fingerprint, the page count and a digest of each page's drawing operators;
//! - `/MoUBuilderSeal`: the SHA-256 of the whole file (computed with this value
//!   zeroed) and the file's length. Any byte changed breaks it; a file with
//!   something appended (how viewers save annotations) still has its original
//!   bytes, whole, at its start.
//!
//! Both are written as plain (uncompressed) strings so they can be found in a
//! damaged file, without parsing it.

use super::PdfError;
use lopdf::{Object, StringFormat};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const DOCUMENT_KEY: &str = "MoUBuilderDocument";
const SEAL_KEY: &str = "MoUBuilderSeal";
/// What stamps of this shape say in their `format` field.
pub const STAMP_FORMAT: u32 = 1;
/// Hex digits of the file's SHA-256, then a colon and the length in ten digits.
const SEAL_HEX: usize = 64;
const SEAL_LEN_DIGITS: usize = 10;
/// Hex digits kept of each page's digest: enough to tell pages apart.
const PAGE_DIGEST_HEX: usize = 16;

/// What a PDF says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    pub format: u32,
    /// All 256 bits of the fingerprint, as hex.
    pub fingerprint: String,
    /// What the document shows besides the agreement it embeds, as hex
    /// (`fingerprint::Context`): with the embedded agreement file, it gives the
    /// fingerprint. Empty in files made before agreements were embedded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    pub title: String,
    pub reference: String,
    pub version: String,
    #[serde(rename = "final")]
    pub final_: bool,
    pub template: String,
    pub pages: usize,
    /// A digest of each page's drawing operators, in page order.
    pub page_digests: Vec<String>,
}

/// Writes the stamp (with the page count and `digests`, those of the pages as
/// written) and an empty seal into the info dictionary.
pub(super) fn stamp(
    doc: &mut lopdf::Document,
    stamp: &Stamp,
    digests: Vec<String>,
) -> Result<(), PdfError> {
    let full = Stamp {
        pages: digests.len(),
        page_digests: digests,
        ..stamp.clone()
    };
    let json = ascii_json(&full)?;
    let info_ref = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Assemble(e.to_string()))?;
    let Ok(Object::Dictionary(info)) = doc.get_object_mut(info_ref) else {
        return Err(PdfError::Assemble("no info dictionary".into()));
    };
    info.set(
        DOCUMENT_KEY,
        Object::String(json.into_bytes(), StringFormat::Hexadecimal),
    );
    info.set(
        SEAL_KEY,
        Object::String(empty_seal().into_bytes(), StringFormat::Literal),
    );
    Ok(())
}

/// The stamp as JSON in ASCII only (others escaped as `\uXXXX`), so the string is
/// the same in every PDF text encoding.
fn ascii_json(stamp: &Stamp) -> Result<String, PdfError> {
    let json = serde_json::to_string(stamp).map_err(|e| PdfError::Assemble(e.to_string()))?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    Ok(out)
}

/// A digest of each page's content (decoded, so a file re-saved with other
/// compression still matches page by page).
pub fn page_digests(doc: &lopdf::Document) -> Vec<String> {
    doc.get_pages()
        .values()
        .map(|id| short_digest(&Sha256::digest(doc.get_page_content(*id)).into()))
        .collect()
}

/// The SHA-256 of a page drawn by `streams` (decoded), one after another, as
/// `page_digests` reads it back: lopdf's `get_page_content` ends each stream
/// with a line break.
pub fn page_hash<'a>(streams: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut digest = Sha256::new();
    for stream in streams {
        digest.update(stream);
        digest.update(b"\n");
    }
    digest.finalize().into()
}

/// A page's digest as the stamp gives it: the start of its hash, in hex.
pub fn short_digest(hash: &[u8; 32]) -> String {
    crate::fingerprint::hex(hash)[..PAGE_DIGEST_HEX].to_string()
}

fn empty_seal() -> String {
    format!("{}:{}", "0".repeat(SEAL_HEX), "0".repeat(SEAL_LEN_DIGITS))
}

/// Where the seal's value sits in `bytes`: the first one, which is the original's
/// even when another program appended its own copy of the info dictionary.
fn seal_at(bytes: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = value_after(bytes, SEAL_KEY, b'(')?;
    let end = start + SEAL_HEX + 1 + SEAL_LEN_DIGITS;
    (end < bytes.len() && bytes[end] == b')').then_some(start..end)
}

/// Where the value of the first `/key` in `bytes` starts, just after its opening
/// delimiter `open` (whitespace may come between key and value).
fn value_after(bytes: &[u8], key: &str, open: u8) -> Option<usize> {
    let key = format!("/{key}");
    let mut at = find(bytes, key.as_bytes())? + key.len();
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    (bytes.get(at) == Some(&open)).then_some(at + 1)
}

/// Fills in the seal of a finished file: its SHA-256 with the seal zeroed, and its length.
pub(super) fn seal(bytes: &mut [u8]) -> Result<(), PdfError> {
    let at = seal_at(bytes).ok_or_else(|| PdfError::Assemble("the seal was not written".into()))?;
    let value = format!(
        "{}:{:0width$}",
        crate::fingerprint::hex(&Sha256::digest(&*bytes)),
        bytes.len(),
        width = SEAL_LEN_DIGITS
    );
    bytes[at].copy_from_slice(value.as_bytes());
    Ok(())
}

/// What the seal says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealCheck {
    /// Every byte is as written.
    Intact,
    /// The original file, intact, followed by `added` more bytes (an incremental
    /// save: annotations, form fields or other edits by another program).
    Appended { original_len: usize, added: usize },
    /// Some byte differs: `same_length` when the file still has the length it was
    /// made with (bytes altered in place, rather than rewritten by another program).
    Broken { same_length: bool },
    /// No seal: not written by MoU Builder, or written before seals existed.
    Missing,
}

pub fn check_seal(bytes: &[u8]) -> SealCheck {
    let Some(at) = seal_at(bytes) else {
        return SealCheck::Missing;
    };
    let value = String::from_utf8_lossy(&bytes[at.clone()]).into_owned();
    let broken = |len: Option<usize>| SealCheck::Broken {
        same_length: len == Some(bytes.len()),
    };
    let Some((digest, len)) = value.split_once(':') else {
        return broken(None);
    };
    let Ok(len) = len.parse::<usize>() else {
        return broken(None);
    };
    let sealed_hash = |whole: &[u8]| {
        let mut h = Sha256::new();
        h.update(&whole[..at.start]);
        h.update(empty_seal().as_bytes());
        h.update(&whole[at.end..]);
        crate::fingerprint::hex(&h.finalize())
    };
    if len < at.end || len > bytes.len() || sealed_hash(&bytes[..len]) != digest {
        return broken(Some(len));
    }
    if len == bytes.len() {
        SealCheck::Intact
    } else {
        SealCheck::Appended {
            original_len: len,
            added: bytes.len() - len,
        }
    }
}

/// The stamp, read from the raw bytes (so a damaged file still says what it was).
pub fn read_stamp(bytes: &[u8]) -> Option<Stamp> {
    let start = value_after(bytes, DOCUMENT_KEY, b'<')?;
    let len = bytes[start..].iter().position(|b| *b == b'>')?;
    let hex: String = String::from_utf8_lossy(&bytes[start..start + len])
        .split_whitespace()
        .collect();
    let json = crate::fingerprint::from_hex(&hex)?;
    serde_json::from_slice(&json).ok()
}

/// The stamp, read from a parsed file: for a file another program rewrote, which
/// may have re-encoded the string or moved it into a compressed object stream.
pub fn read_stamp_parsed(doc: &lopdf::Document) -> Option<Stamp> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let json = info.as_dict().ok()?.get(DOCUMENT_KEY.as_bytes()).ok()?;
    serde_json::from_slice(json.as_str().ok()?).ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
