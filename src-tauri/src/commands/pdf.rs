use crate::error::CommandError;
use crate::native::PDF;
use crate::state::{AppState, blocking};
use mou_core::api::{ApiError, Point, file_name};
use mou_core::files;
use mou_core::store::DraftId;
use serde::Serialize;
use std::str::FromStr;
use std::time::Instant;
use tauri::State;
use tauri::ipc::Channel;

/// Where generating a PDF has got to, sent to the window as it happens.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum PdfProgress {
    Rendering,
    Writing { pages: u32 },
    Done,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct GeneratedPdf {
    pub path: String,
    pub pages: u32,
    pub bytes: u32,
    /// As printed at the foot of every page, e.g. "K7QF-2MXA".
    pub fingerprint: String,
    /// From the file chosen to the file written, in milliseconds.
    pub millis: f64,
}

/// Asks where to save, renders the draft's newest saved revision with `template`,
/// writes the PDF and records it in the library (so `identify` knows it); `None`
/// if the user cancelled. A final one is refused (with the reasons) unless the
/// agreement has no errors and every partner approved the version it shows.
/// With `changes_since` (a version such as "0.4", a revision "r14"), the PDF ends
/// with an appendix of what changed from it to this content.
#[tauri::command]
#[specta::specta]
pub async fn generate_pdf(
    state: State<'_, AppState>,
    id: DraftId,
    template: String,
    is_final: bool,
    open_after: bool,
    changes_since: Option<String>,
    progress: Channel<PdfProgress>,
) -> Result<Option<GeneratedPdf>, CommandError> {
    let since = changes_since
        .filter(|s| !s.trim().is_empty())
        .map(|s| Point::from_str(&s))
        .transpose()?;
    // The comparison is made before asking where to save: a version that is not
    // there is said at once.
    let (job, changes) = state
        .with_library(move |l| {
            let job = l.document_job(id, is_final)?;
            let changes = since
                .map(|point| l.compare(id, point, Point::Newest))
                .transpose()?;
            Ok::<_, ApiError>((job, changes))
        })
        .await?;
    let native = state.native.clone();
    let name = file_name(&job.agreement, "pdf", is_final);
    let Some(path) = blocking(move || native.save_path("Save the PDF", &name, &PDF)).await? else {
        return Ok(None);
    };
    let started = Instant::now();
    let _ = progress.send(PdfProgress::Rendering);
    // Rendered without holding the library, so autosaves go on meanwhile.
    let templates = state.templates().clone();
    let (written, job, made) = blocking(move || {
        let made = templates.make(&job, Some(&template), is_final, changes)?;
        let _ = progress.send(PdfProgress::Writing {
            pages: made.rendered.pages as u32,
        });
        files::write_output(&path, &made.rendered.pdf)?;
        let _ = progress.send(PdfProgress::Done);
        Ok((path, job, made))
    })
    .await?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    let recorded = state
        .with_library(move |l| l.record_made(&job, &made))
        .await?;
    let generated = GeneratedPdf {
        path: written.display().to_string(),
        pages: recorded.pages,
        bytes: u32::try_from(recorded.bytes).unwrap_or(u32::MAX),
        fingerprint: recorded.fingerprint,
        millis,
    };
    if let Ok(mut last) = state.last_pdf.lock() {
        *last = Some(written.clone());
    }
    if open_after {
        state.native.show_file(&written)?;
    }
    Ok(Some(generated))
}

/// Opens the PDF this window generated last in the system viewer.
#[tauri::command]
#[specta::specta]
pub async fn open_pdf(state: State<'_, AppState>) -> Result<(), CommandError> {
    let last = state.last_pdf.lock().ok().and_then(|l| l.clone());
    let Some(path) = last else {
        return Err(CommandError::new(
            "app.no_pdf_yet",
            "No PDF has been generated in this window yet. Generate one first.",
        ));
    };
    state.native.show_file(&path)
}
