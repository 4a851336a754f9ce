//! Which document a PDF is, from the file alone: its stamp (agreement, version,
//! fingerprint) and its seal say whether it is exactly as MoU Builder made it,
//! was changed afterwards (and, as far as can be told, how), or is not one of
//! ours. The library adds what it knows (see `api::Library::identify`).

use crate::pdf::{SealCheck, Stamp, check_seal, page_digests, read_stamp, read_stamp_parsed};
use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What a file is.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Identified {
    /// Not a PDF at all.
    NotPdf,
    /// A PDF, but not made by MoU Builder (or its stamp was removed).
    NotOurs,
    /// A MoU Builder document.
    Ours(Box<Document>),
}

/// A MoU Builder document: what it says it is, and whether it is still so.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Document {
    pub title: String,
    pub reference: String,
    pub version: String,
    #[serde(rename = "final")]
    pub final_: bool,
    pub template: String,
    /// As printed in the footer, e.g. `K7QF-2MXA`.
    pub fingerprint: String,
    /// All of it, as hex.
    pub fingerprint_hex: String,
    pub pages: usize,
    pub integrity: Integrity,
    /// The agreement the file carries inside it, checked against its fingerprint.
    pub agreement: Carried,
    /// Of the file as it is now, as hex.
    pub sha256: String,
}

/// Whether the agreement file embedded in a PDF is the one it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Carried {
    /// It is: with the rest of what the document shows, it gives the fingerprint
    /// printed on every page. `mou import` can restore it exactly.
    Matches,
    /// Made by an earlier MoU Builder, which did not embed the agreement.
    NotCarried,
    /// The embedded agreement is missing, or is not the one the document shows:
    /// the file was altered after it was made.
    Altered,
    /// The file cannot be read far enough to find it.
    Unreadable,
}

/// The agreement file a MoU Builder PDF carries, read from the file as it was
/// made (the original bytes, before anything another program appended), and
/// whether it is the one the document shows: its fingerprint is made from the
/// stamp's context and the embedded file's exact bytes.
pub fn carried_agreement(bytes: &[u8], stamp: &Stamp) -> (Carried, Option<Vec<u8>>) {
    carried_in(bytes, stamp, None)
}

/// As `carried_agreement`; `parsed` is `bytes` already parsed, if it was.
fn carried_in(
    bytes: &[u8],
    stamp: &Stamp,
    parsed: Option<&lopdf::Document>,
) -> (Carried, Option<Vec<u8>>) {
    if stamp.context.is_empty() {
        return (Carried::NotCarried, None);
    }
    let loaded;
    let doc = match (check_seal(bytes), parsed) {
        (SealCheck::Appended { original_len, .. }, _) => {
            loaded = lopdf::Document::load_mem(&bytes[..original_len]).ok();
            loaded.as_ref()
        }
        (_, Some(doc)) => Some(doc),
        (_, None) => {
            loaded = lopdf::Document::load_mem(bytes).ok();
            loaded.as_ref()
        }
    };
    let Some(doc) = doc else {
        return (Carried::Unreadable, None);
    };
    let Some(file) = crate::pdf::embedded_agreement(doc) else {
        return (Carried::Altered, None);
    };
    let context: Option<[u8; 32]> =
        crate::fingerprint::from_hex(&stamp.context).and_then(|c| c.try_into().ok());
    match context {
        Some(context)
            if crate::fingerprint::Fingerprint::of(&context, &file).hex() == stamp.fingerprint =>
        {
            (Carried::Matches, Some(file))
        }
        _ => (Carried::Altered, None),
    }
}

/// What a PDF's stamp says: found in the raw bytes even in a damaged file;
/// else through a parse, for a file another program rewrote.
pub fn stamp_of(bytes: &[u8]) -> Option<Stamp> {
    read_stamp(bytes).or_else(|| {
        lopdf::Document::load_mem(bytes)
            .ok()
            .as_ref()
            .and_then(read_stamp_parsed)
    })
}

/// Whether the file is as MoU Builder made it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Integrity {
    /// Every byte as generated.
    Exact,
    /// Changed after it was made. `changes` says how, as far as can be told.
    Changed { changes: Vec<Change> },
}

/// One way a file differs from what was generated.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// Named apart from `compare::Change` where types share one namespace (the UI's
// generated bindings); the JSON is the same.
#[serde(tag = "change", rename_all = "snake_case", rename = "PdfChange")]
pub enum Change {
    /// Another program saved its additions after the original bytes (which are intact).
    Appended { bytes: u64 },
    /// The file was rewritten by another program (its bytes differ throughout).
    Rewritten,
    /// Notes, highlights or other annotations, `count` in all, on these pages (1-based).
    Annotations { count: u32, pages: Vec<u32> },
    /// Fewer or more pages than were generated.
    PageCount { made: u32, now: u32 },
    /// What these pages (1-based) draw differs from what was generated.
    PagesChanged { pages: Vec<u32> },
    /// These generated pages (1-based) are no longer in the file.
    PagesMissing { pages: Vec<u32> },
    /// Bytes were altered in place (the file kept its length).
    BytesAltered,
    /// The file no longer opens as a PDF.
    Unreadable,
}

pub fn identify(bytes: &[u8]) -> Identified {
    if !looks_like_pdf(bytes) {
        return Identified::NotPdf;
    }
    // Found in the raw bytes even in a damaged file; else through a parse, for a
    // file another program rewrote.
    let parsed = std::cell::OnceCell::new();
    let parse = || parsed.get_or_init(|| lopdf::Document::load_mem(bytes).ok());
    let stamp = read_stamp(bytes).or_else(|| parse().as_ref().and_then(read_stamp_parsed));
    let Some(stamp) = stamp else {
        return Identified::NotOurs;
    };
    let Some(fingerprint) = crate::fingerprint::Fingerprint::from_hex(&stamp.fingerprint) else {
        return Identified::NotOurs;
    };
    let integrity = match check_seal(bytes) {
        SealCheck::Intact => Integrity::Exact,
        SealCheck::Appended { added, .. } => Integrity::Changed {
            changes: std::iter::once(Change::Appended {
                bytes: added as u64,
            })
            .chain(differences(parse().as_ref(), &stamp))
            .collect(),
        },
        SealCheck::Broken { same_length } => {
            // The same length: bytes altered in place; another: saved by another program.
            let how = if same_length {
                Change::BytesAltered
            } else {
                Change::Rewritten
            };
            Integrity::Changed {
                changes: std::iter::once(how)
                    .chain(differences(parse().as_ref(), &stamp))
                    .collect(),
            }
        }
        // The stamp is there but its seal is not where we write it: re-encoded.
        SealCheck::Missing => Integrity::Changed {
            changes: std::iter::once(Change::Rewritten)
                .chain(differences(parse().as_ref(), &stamp))
                .collect(),
        },
    };
    // The file as it is, parsed once for the differences and the agreement.
    let (agreement, _) = if stamp.context.is_empty() {
        (Carried::NotCarried, None)
    } else {
        carried_in(bytes, &stamp, parse().as_ref())
    };
    Identified::Ours(Box::new(Document {
        agreement,
        title: stamp.title,
        reference: stamp.reference,
        version: stamp.version,
        final_: stamp.final_,
        template: stamp.template,
        fingerprint: fingerprint.short(),
        fingerprint_hex: fingerprint.hex(),
        pages: stamp.pages,
        integrity,
        sha256: crate::fingerprint::hex(&Sha256::digest(bytes)),
    }))
}

/// What differs between the file as it now reads and what its stamp recorded.
fn differences(doc: Option<&lopdf::Document>, stamp: &Stamp) -> Vec<Change> {
    let Some(doc) = doc else {
        return vec![Change::Unreadable];
    };
    let mut changes = Vec::new();
    let (count, pages) = annotations(doc);
    if count > 0 {
        changes.push(Change::Annotations { count, pages });
    }
    let now = page_digests(doc);
    let made = &stamp.page_digests;
    if now.len() == made.len() {
        let changed = pages_where(made, |i, d| now[i] != *d);
        if !changed.is_empty() {
            changes.push(Change::PagesChanged { pages: changed });
        }
    } else {
        changes.push(Change::PageCount {
            made: made.len() as u32,
            now: now.len() as u32,
        });
        let gone = pages_where(made, |_, d| !now.contains(d));
        if !gone.is_empty() {
            changes.push(Change::PagesMissing { pages: gone });
        }
    }
    changes
}

/// The 1-based numbers of the generated pages for which `test` holds.
fn pages_where(made: &[String], test: impl Fn(usize, &String) -> bool) -> Vec<u32> {
    made.iter()
        .enumerate()
        .filter(|(i, d)| test(*i, d))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// Annotations on the pages, and which pages (1-based) carry any: another
/// program's, that is; the links MoU Builder makes from each defined term to its
/// definition are part of the file as made.
fn annotations(doc: &lopdf::Document) -> (u32, Vec<u32>) {
    let mut count = 0;
    let mut pages = Vec::new();
    for (n, id) in doc.get_pages() {
        let annots = doc
            .get_dictionary(id)
            .ok()
            .and_then(|page| page.get(b"Annots").ok())
            .and_then(|a| match a {
                lopdf::Object::Reference(r) => doc.get_object(*r).ok(),
                other => Some(other),
            })
            .and_then(|a| a.as_array().ok())
            .map_or(0, |list| {
                list.iter().filter(|a| !is_our_link(doc, a)).count()
            });
        if annots > 0 {
            count += annots as u32;
            pages.push(n);
        }
    }
    (count, pages)
}

/// A link annotation with a destination inside the file and no border: the kind
/// MoU Builder draws over a defined term. (A reader's own link, with a border or
/// to a web address, still counts.)
fn is_our_link(doc: &lopdf::Document, annot: &lopdf::Object) -> bool {
    let dict = match annot {
        lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
        lopdf::Object::Dictionary(d) => Some(d),
        _ => None,
    };
    dict.is_some_and(|d| {
        d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice())
            && d.has(b"Dest")
            && !d.has(b"A")
    })
}

/// A PDF starts with `%PDF-` within its first kilobyte (the standard allows junk before it).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    const PDF_HEADER_WINDOW: usize = 1024;
    bytes[..bytes.len().min(PDF_HEADER_WINDOW)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}
