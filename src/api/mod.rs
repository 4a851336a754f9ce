//! The use cases: every operation a user can do, written once. The `mou` command
//! line and the desktop app's commands are thin calls into this module (as
//! GitButler's `but-api` is for its app and CLI); neither adds rules of its own,
//! so both give the same verdict on the same draft.
//!
//! - [`Library`]: the draft library opened with its templates: drafts, revisions,
//!   checks with each draft's own template, and what the workspace shows.
//! - [`Templates`]: the built-in and user templates, the checks a template implies,
//!   and rendering; usable without the library (a file on disk, another thread).
//! - [`file_name`]: the name a PDF or an exported agreement is offered under.

mod drafts;
mod review;
mod templates;

pub use drafts::{AUTOSAVE_SITTING, NewDraft, OpenedDraft, Saved};
pub use review::{
    CommentRequest, CommentView, DecisionRequest, DocumentJob, Identification, IssueRequest,
    KnownDocument, Made, MadePdf, PartnerReviewStatus, Point, ResolutionRequest, ReviewRound,
    identify_file,
};
pub use templates::{Templates, template_name};

use crate::ErrorCode;
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The clause library: every clause a draft can include, in document order, with
/// when it is usually needed.
pub fn clause_library() -> Vec<crate::model::LibraryClause> {
    crate::model::clause_library()
}

/// Every failure a use case can report: the failing module's own error, with its
/// stable code and plain-English message.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Template(#[from] crate::templates::TemplateError),
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
    #[error(transparent)]
    Write(#[from] crate::files::WriteError),
    #[error(transparent)]
    Paths(#[from] crate::paths::PathsError),
    #[error(
        "There is no partner with the id \"{id}\" in this agreement. Use one of: {}.", known.join(", ")
    )]
    UnknownPartner { id: String, known: Vec<String> },
    #[error("{0}")]
    DecisionIncomplete(String),
    #[error("{0}")]
    BadPoint(String),
    #[error("{0}")]
    CommentIncomplete(String),
    #[error("{0}")]
    CommentsOpen(String),
    #[error("The final version cannot be issued yet: {0}.")]
    NotReadyForFinal(String),
    #[error("A final document cannot be made yet: {0}.")]
    FinalVersionNotIssued(String),
    #[error(
        "This agreement file carries a review round (versions, decisions, comments), which cannot be merged into an existing draft. Import it as a new draft instead."
    )]
    ReviewNotMerged,
    #[error(
        "This agreement file has decisions or comments but no issued versions for them to belong to. Export the draft again from MoU Builder."
    )]
    ReviewWithoutVersions,
}

impl ErrorCode for ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::Store(e) => e.code(),
            ApiError::Template(e) => e.code(),
            ApiError::Render(e) => e.code(),
            ApiError::Exchange(e) => e.code(),
            ApiError::Write(e) => e.code(),
            ApiError::Paths(e) => e.code(),
            ApiError::UnknownPartner { .. } => "review.unknown_partner",
            ApiError::DecisionIncomplete(_) => "review.decision_incomplete",
            ApiError::BadPoint(_) => "review.bad_point",
            ApiError::CommentIncomplete(_) => "review.comment_incomplete",
            ApiError::CommentsOpen(_) => "review.comments_open",
            ApiError::NotReadyForFinal(_) => "review.not_ready_for_final",
            ApiError::FinalVersionNotIssued(_) => "review.final_version_not_issued",
            ApiError::ReviewNotMerged => "exchange.review_not_merged",
            ApiError::ReviewWithoutVersions => "exchange.review_without_versions",
        }
    }
}

/// The draft library in a data folder, opened with the templates in that folder's
/// `templates/`: the store counts each draft's steps with the draft's own template.
pub struct Library {
    data_dir: PathBuf,
    store: Store,
    templates: Templates,
}

impl Library {
    /// Opens (or creates) the library in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Library, ApiError> {
        let templates = Templates::in_data_dir(data_dir);
        let checks = templates.clone();
        let store = Store::open(data_dir)?
            .with_checks(std::sync::Arc::new(move |name: &str| checks.config(name)));
        Ok(Library {
            data_dir: data_dir.to_path_buf(),
            store,
            templates,
        })
    }

    /// Opens the library in `data_dir`, or in the platform's data folder when `None`.
    pub fn open_in(data_dir: Option<&Path>) -> Result<Library, ApiError> {
        match data_dir {
            Some(dir) => Library::open(dir),
            None => Library::open(&crate::paths::default_data_dir()?),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The templates this library checks and renders with.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The store itself, for what has no use case of its own yet (checks, tests).
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// Characters a file name may not hold on Windows, macOS or Linux.
const UNSAFE_IN_FILE_NAMES: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// The name a document is offered under: the agreement's title and version, with
/// DRAFT for a PDF that is not final, made safe for every file system.
pub fn file_name(agreement: &crate::model::Agreement, extension: &str, final_: bool) -> String {
    let d = &agreement.details;
    let title = d.title.trim();
    let mut name = if title.is_empty() { "Agreement" } else { title }.to_string();
    if !d.version.trim().is_empty() {
        name.push_str(&format!(" v{}", d.version.trim()));
    }
    if extension == "pdf" && !final_ {
        name.push_str(" DRAFT");
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if UNSAFE_IN_FILE_NAMES.contains(&c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{safe}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_title_version_and_draft_and_nothing_unsafe() {
        let mut a = crate::model::Agreement::new("Riverside: D2A / \"phase 2\"");
        a.details.version = "0.3".into();
        assert_eq!(
            file_name(&a, "pdf", false),
            "Riverside- D2A - -phase 2- v0.3 DRAFT.pdf"
        );
        assert_eq!(
            file_name(&a, "pdf", true),
            "Riverside- D2A - -phase 2- v0.3.pdf"
        );
        assert_eq!(
            file_name(&a, "json", false),
            "Riverside- D2A - -phase 2- v0.3.json"
        );
        a.details.title = " \t".into();
        a.details.version.clear();
        assert_eq!(file_name(&a, "pdf", true), "Agreement.pdf");
    }
}
