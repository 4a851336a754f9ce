//! The review round: issuing versions, recording each partner's decision and
//! comments, comparing two versions, issuing the final version, and saying what
//! a PDF on disk is. Each command is a
//! call into `mou_core::api`; the rules (numbering, who approved, what a decision
//! needs) are the core's.

use crate::error::CommandError;
use crate::native::PDF;
use crate::state::{AppState, blocking};
use chrono::NaiveDate;
use mou_core::api::{
    CommentRequest, CommentView, DecisionRequest, Identification, IssueRequest, OpenedDraft, Point,
    ResolutionRequest, ReviewRound,
};
use mou_core::compare::Comparison;
use mou_core::model::{PartnerId, Step, VersionNumber};
use mou_core::store::{DecisionStatus, DraftId, IssuedVersion};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::str::FromStr;
use tauri::State;

/// Code of a version number the drafter typed that is not one.
pub const BAD_VERSION: &str = "review.bad_version";

/// Where the review round stands, and the number the next issue is offered.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ReviewOverview {
    pub round: ReviewRound,
    pub next_version: VersionNumber,
}

/// A version just issued, and the draft as it now is (issuing saves a revision
/// carrying the version's number, which the workspace must edit on from).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Issued {
    pub issued: IssuedVersion,
    pub draft: OpenedDraft,
}

#[tauri::command]
#[specta::specta]
pub async fn review_round(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<ReviewOverview, CommandError> {
    state.with_library(move |l| review_state(l, id)).await
}

fn review_state(
    l: &mut mou_core::api::Library,
    id: DraftId,
) -> Result<ReviewOverview, CommandError> {
    Ok(ReviewOverview {
        round: l.review_round(id)?,
        next_version: l.next_version(id)?,
    })
}

/// Issues the draft's newest saved content as a version. Left out, the number is
/// the proposed one, the date today and the partners all of them.
#[tauri::command]
#[specta::specta]
pub async fn issue_version(
    state: State<'_, AppState>,
    id: DraftId,
    version: Option<String>,
    issued_on: Option<NaiveDate>,
    sent_to: Vec<PartnerId>,
    note: String,
) -> Result<Issued, CommandError> {
    let version = version
        .filter(|v| !v.trim().is_empty())
        .map(|v| parse_version(&v))
        .transpose()?;
    let request = IssueRequest {
        version,
        issued_on,
        sent_to,
        note,
    };
    state
        .with_library(move |l| {
            let (_, issued) = l.issue(id, &request)?;
            Ok::<_, CommandError>(Issued {
                issued,
                draft: l.open_draft(id, None)?,
            })
        })
        .await
}

/// Records a partner's decision on an issued version. An approval with nobody
/// named is taken as the partner's signatory's; a refusal needs its reason.
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)] // the window's form, field by field
pub async fn record_decision(
    state: State<'_, AppState>,
    id: DraftId,
    version: String,
    partner: PartnerId,
    status: DecisionStatus,
    decided_on: Option<NaiveDate>,
    by_name: String,
    by_job_title: String,
    reason: String,
) -> Result<ReviewOverview, CommandError> {
    let request = DecisionRequest {
        version: parse_version(&version)?,
        partner,
        status,
        decided_on,
        by_name,
        by_job_title,
        reason,
    };
    state
        .with_library(move |l| {
            l.decide(id, &request)?;
            review_state(l, id)
        })
        .await
}

/// Every change from `from` to `to` (each an issued version such as "0.4", a
/// revision "r14", or "draft" for the newest content), step by step.
#[tauri::command]
#[specta::specta]
pub async fn compare_versions(
    state: State<'_, AppState>,
    id: DraftId,
    from: String,
    to: String,
) -> Result<Comparison, CommandError> {
    let (from, to) = (Point::from_str(&from)?, Point::from_str(&to)?);
    state.with_library(move |l| l.compare(id, from, to)).await
}

/// Asks for a PDF and says what it is: from the file alone, and what this library
/// knows of it; `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn identify_pdf(
    state: State<'_, AppState>,
) -> Result<Option<Identification>, CommandError> {
    let native = state.native.clone();
    let picked = blocking(move || native.open_path("Check a PDF", &PDF)).await?;
    let Some(path) = picked else { return Ok(None) };
    identify_file(&state, path).await.map(Some)
}

/// A file dropped on the window, checked as "Check a PDF" checks one.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DroppedFile {
    /// The file's name (not its folder).
    pub name: String,
    /// How many other files were dropped with it (only the first is checked).
    pub others: u32,
    pub identification: Option<Identification>,
    /// Why it could not be checked (unreadable, the library could not be opened).
    pub problem: Option<CommandError>,
}

/// Checks the first of the files dropped on the window and tells the page, if it
/// asked to hear of drops (`watch_drops`). The path never goes to the page.
pub async fn check_dropped(state: &AppState, paths: Vec<PathBuf>) {
    let Some(first) = paths.first().cloned() else {
        return;
    };
    let name = first
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| first.display().to_string());
    let checked = identify_file(state, first).await;
    let dropped = DroppedFile {
        name,
        others: u32::try_from(paths.len().saturating_sub(1)).unwrap_or(u32::MAX),
        identification: checked.as_ref().ok().cloned(),
        problem: checked.err(),
    };
    state.tell_dropped(dropped);
}

/// Reads the file at `path` (off the window's thread) and says what it is.
async fn identify_file(state: &AppState, path: PathBuf) -> Result<Identification, CommandError> {
    let bytes = blocking(move || {
        std::fs::read(&path).map_err(|e| {
            CommandError::new(
                "app.unreadable_file",
                format!(
                    "Could not read {} ({e}). Check that the file is still there and that you may open it.",
                    path.display()
                ),
            )
        })
    })
    .await?;
    state.with_library(move |l| l.identify(&bytes)).await
}

/// Every comment on the draft, oldest first, each named as the agreement reads now.
#[tauri::command]
#[specta::specta]
pub async fn list_comments(
    state: State<'_, AppState>,
    id: DraftId,
) -> Result<Vec<CommentView>, CommandError> {
    state.with_library(move |l| l.comments(id)).await
}

/// Records what a partner said about an issued version: on a step and, if named
/// ("risk:R01", "clause:<key>", "objective:<id>", "raci:<id>"), an item of it.
#[tauri::command]
#[specta::specta]
pub async fn add_comment(
    state: State<'_, AppState>,
    id: DraftId,
    version: String,
    partner: PartnerId,
    step: Step,
    item: Option<String>,
    text: String,
) -> Result<CommentView, CommandError> {
    let request = CommentRequest {
        version: parse_version(&version)?,
        partner,
        step,
        item: item.unwrap_or_default(),
        text,
    };
    state
        .with_library(move |l| l.add_comment(id, &request))
        .await
}

/// How the drafter resolves a comment, as the window sends it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CommentResolution {
    /// Taken into the agreement, in its newest revision.
    Accepted,
    /// Not taken; the reason is needed.
    NotAccepted { reason: String },
    /// Open again.
    Reopen,
}

/// Resolves comment `number`: accepted (in the newest revision), not accepted
/// (why: the core refuses an empty reason), or reopened.
#[tauri::command]
#[specta::specta]
pub async fn resolve_comment(
    state: State<'_, AppState>,
    id: DraftId,
    number: i64,
    resolution: CommentResolution,
) -> Result<CommentView, CommandError> {
    let request = match resolution {
        CommentResolution::Accepted => ResolutionRequest::Accepted { revision: None },
        CommentResolution::NotAccepted { reason } => ResolutionRequest::NotAccepted { reason },
        CommentResolution::Reopen => ResolutionRequest::Reopen,
    };
    state
        .with_library(move |l| l.resolve_comment(id, number, &request))
        .await
}

/// Issues the final version (1.0 after 0.x) with the content of the last version
/// reviewed, once the core finds every partner approved it, nothing changed since,
/// no comment open and no error; else says exactly what is missing.
#[tauri::command]
#[specta::specta]
pub async fn issue_final_version(
    state: State<'_, AppState>,
    id: DraftId,
    issued_on: Option<NaiveDate>,
    note: String,
) -> Result<Issued, CommandError> {
    state
        .with_library(move |l| {
            let (_, issued) = l.issue_final(id, issued_on, &note)?;
            Ok::<_, CommandError>(Issued {
                issued,
                draft: l.open_draft(id, None)?,
            })
        })
        .await
}

/// A version number as the drafter typed it; a mistyped one says how to write it.
fn parse_version(text: &str) -> Result<VersionNumber, CommandError> {
    VersionNumber::from_str(text).map_err(|e| CommandError::new(BAD_VERSION, e.to_string()))
}
