use crate::error::CommandError;
use crate::native::PDF;
use crate::state::{AppState, blocking};
use mou_core::files;
use mou_core::model::Agreement;
use mou_core::render::{self, RenderOptions};
use mou_core::store::DraftId;
use serde::Serialize;
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
    /// From the file chosen to the file written, in milliseconds.
    pub millis: f64,
}

/// Asks where to save, renders the draft's newest saved revision with `template`
/// and writes the PDF; `None` if the user cancelled. a final one is refused (with the
/// reasons) unless the agreement has no errors and every partner approved.
#[tauri::command]
#[specta::specta]
pub async fn generate_pdf(
    state: State<'_, AppState>,
    id: DraftId,
    template: String,
    is_final: bool,
    open_after: bool,
    progress: Channel<PdfProgress>,
) -> Result<Option<GeneratedPdf>, CommandError> {
    let agreement = state.with_store(move |s| s.open_draft(id)).await?.agreement;
    let registry = state.templates()?;
    let native = state.native.clone();
    let name = file_name(&agreement, "pdf", is_final);
    let Some(path) = blocking(move || native.save_path("Save the PDF", &name, &PDF)).await? else {
        return Ok(None);
    };
    let started = Instant::now();
    let _ = progress.send(PdfProgress::Rendering);
    let (written, rendered) = blocking(move || {
        let template = registry.get(&template)?;
        let rendered = render::render(&agreement, template, &RenderOptions { final_: is_final })?;
        let _ = progress.send(PdfProgress::Writing {
            pages: rendered.pages as u32,
        });
        files::write_output(&path, &rendered.pdf)?;
        let _ = progress.send(PdfProgress::Done);
        Ok((path, rendered))
    })
    .await?;
    let generated = GeneratedPdf {
        path: written.display().to_string(),
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        bytes: u32::try_from(rendered.pdf.len()).unwrap_or(u32::MAX),
        millis: started.elapsed().as_secs_f64() * 1000.0,
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

/// A file name for the agreement: its title and version, with DRAFT unless final.
pub fn file_name(agreement: &Agreement, extension: &str, final_: bool) -> String {
    let d = &agreement.details;
    let title = if d.title.trim().is_empty() {
        "Agreement"
    } else {
        d.title.trim()
    };
    let mut name = title.to_string();
    if !d.version.trim().is_empty() {
        name.push_str(&format!(" v{}", d.version.trim()));
    }
    if extension == "pdf" && !final_ {
        name.push_str(" DRAFT");
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{safe}.{extension}")
}
