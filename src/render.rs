//! The whole pipeline, agreement to PDF bytes:
//!
//! agreement → (final? check) → template → markup → document → layout → PDF
//!
//! Fonts are found once per process and kept, so rendering again is fast.

use crate::error::ErrorCode;
use crate::fingerprint::{Context, Fingerprint};
use crate::layout::fonts::{FontError, FontRequest, FontSet};
use crate::layout::{self, MissingGlyphs};
use crate::model::Agreement;
use crate::pdf::{self, PdfError};
use crate::templates::{Template, TemplateError};
use crate::validation::{self, Finding};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderOptions {
    /// A final document: no DRAFT watermark, and refused unless the agreement has
    /// no errors and every partner approved the current version.
    pub final_: bool,
    /// A "Changes since version X" appendix from this comparison.
    pub changes: Option<crate::compare::Comparison>,
    /// The versions issued so far, for the template's document-control table.
    pub history: Vec<crate::document_control::VersionRecord>,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// What the document shows, as printed in its footer.
    pub fingerprint: Fingerprint,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("A final document cannot be made yet: {}. Fix these (or make a draft instead) and try again.", summary(.0))]
    NotReady(Vec<Finding>),
    #[error("The document cannot be laid out: {}.", summary(.0))]
    TooLong(Vec<Finding>),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Font(#[from] FontError),
    #[error(transparent)]
    Glyphs(#[from] MissingGlyphs),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
}

fn summary(findings: &[Finding]) -> String {
    let mut parts: Vec<String> = findings
        .iter()
        .take(3)
        .map(|f| f.message.trim_end_matches('.').to_string())
        .collect();
    if findings.len() > 3 {
        parts.push(format!(
            "and {} more (run validate with --final to see them all)",
            findings.len() - 3
        ));
    }
    parts.join("; ")
}

impl ErrorCode for RenderError {
    fn code(&self) -> &'static str {
        match self {
            RenderError::NotReady(_) => "render.not_ready_for_final",
            RenderError::TooLong(_) => "render.too_long",
            RenderError::Template(e) => e.code(),
            RenderError::Font(e) => e.code(),
            RenderError::Glyphs(_) => "render.missing_glyphs",
            RenderError::Pdf(e) => e.code(),
            RenderError::Exchange(e) => e.code(),
        }
    }
}

/// The fonts for a request, loaded on first use.
pub fn fonts(request: &FontRequest) -> Result<Arc<FontSet>, FontError> {
    static CACHE: OnceLock<Mutex<HashMap<FontRequest, Arc<FontSet>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(set) = cache.lock().ok().and_then(|c| c.get(request).cloned()) {
        return Ok(set);
    }
    let set = Arc::new(FontSet::load(request)?);
    if let Ok(mut c) = cache.lock() {
        c.insert(request.clone(), set.clone());
    }
    Ok(set)
}

/// Renders an agreement with a template.
pub fn render(
    agreement: &Agreement,
    template: &Template,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    // Text that cannot break across pages is refused before it could run off one.
    let too_long = validation::limits::check(agreement);
    if !too_long.is_empty() {
        return Err(RenderError::TooLong(too_long));
    }
    if options.final_ {
        let blockers = validation::final_blockers(agreement, &template.validation_config());
        if !blockers.is_empty() {
            return Err(RenderError::NotReady(blockers));
        }
    }
    let mut context = Context::new(template, options.final_);
    if !options.history.is_empty() {
        // So is the history a template shows.
        context = context.and(&crate::document_control::fingerprint_bytes(
            &options.history,
        ));
    }
    let mut document = template.document(agreement, options.final_, &options.history)?;
    if template.manifest.mark_defined_terms {
        crate::defined_terms::mark(&mut document.blocks);
    }
    if let Some(changes) = &options.changes {
        // The appendix is part of what the document shows.
        context = context.and(&crate::appendix::fingerprint_bytes(changes));
        let appendix = crate::appendix::blocks(changes, &document.blocks);
        document.blocks.extend(appendix);
    }
    // The agreement file the PDF carries, which its fingerprint covers.
    let agreement_file = crate::exchange::to_json(agreement)?;
    let context = context.digest();
    let fingerprint = Fingerprint::of(&context, agreement_file.as_bytes());
    document.meta.fingerprint = fingerprint.short();
    let fonts = fonts(&template.manifest.fonts.request())?;
    let laid = layout::layout(
        &document,
        &fonts,
        &layout::Options {
            justify: template.manifest.justify,
        },
    )?;
    let d = &agreement.details;
    let stamp = pdf::Stamp {
        format: pdf::STAMP_FORMAT,
        fingerprint: fingerprint.hex(),
        context: crate::fingerprint::hex(&context),
        title: d.title.trim().to_string(),
        reference: d.reference.trim().to_string(),
        version: d.version.trim().to_string(),
        final_: options.final_,
        template: template.name().to_string(),
        // Filled in by the writer from the finished pages.
        pages: 0,
        page_digests: Vec::new(),
    };
    let pdf = pdf::write(
        &laid,
        &fonts,
        &pdf::Options {
            meta: &document.meta,
            draft: !options.final_,
            stamp: &stamp,
            agreement: agreement_file.as_bytes(),
        },
    )?;
    Ok(Rendered {
        pages: laid.pages.len(),
        pdf,
        fingerprint,
    })
}
