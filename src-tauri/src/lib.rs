//! MoU Builder's desktop shell: a window over mou-core. The commands in
//! `commands/` are short calls into the core; `native` opens dialogs and the PDF
//! viewer from Rust, so the web page gets no file-system or shell permissions.

pub mod close;
pub mod commands;
pub mod error;
pub mod native;
pub mod state;

use clap::Parser;
use native::Native;
use state::AppState;
use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Command-line options of the desktop app.
#[derive(Debug, Parser)]
#[command(
    name = "mou-desktop",
    version,
    about = "MoU Builder: draft memoranda of understanding with your partners"
)]
pub struct Options {
    /// Keep the library and templates in this folder instead of the usual app-data folder.
    #[arg(long, env = mou_core::paths::DATA_DIR_ENV)]
    pub data_dir: Option<PathBuf>,
    /// For end-to-end tests: answer file dialogs from this JSON file (see `native`).
    #[arg(long, hide = true)]
    pub e2e_answers: Option<PathBuf>,
}

/// Every command the window may call, with their TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::{draft, library, pdf, review, revisions, window};
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            library::app_status,
            library::list_drafts,
            library::list_templates,
            library::clause_library,
            library::new_draft,
            library::duplicate_draft,
            library::set_archived,
            library::delete_draft,
            library::import_draft,
            library::export_draft,
            draft::open_draft,
            draft::save_draft,
            revisions::list_revisions,
            revisions::restore_revision,
            pdf::generate_pdf,
            pdf::open_pdf,
            review::review_round,
            review::issue_version,
            review::record_decision,
            review::compare_versions,
            review::identify_pdf,
            review::list_comments,
            review::add_comment,
            review::resolve_comment,
            review::issue_final_version,
            window::watch_close,
            window::watch_drops,
            window::answer_close,
        ])
        .dangerously_cast_bigints_to_number()
}

/// The app's state and commands on a Tauri builder: what `run` starts, and what the
/// command tests start on Tauri's mock runtime (without the OS plugins or a window).
pub fn register<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(specta_builder::<R>().invoke_handler())
}

/// Writes the TypeScript bindings the UI imports.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by tauri-specta: do not edit.\n// Regenerate: MOU_UPDATE_BINDINGS=1 cargo test -p mou-desktop --test bindings\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// WebKitGTK settings that must be in the environment before it starts; a user's
/// own setting of either variable wins. Both measured in tests/measure.rs (README.md):
///
/// - accelerated compositing off: a forms app gains nothing from it, and under
///   software GL it costs ~80 MiB in the web process. (Through `WebKitSettings` it
///   arrives after the web process has started compositing and saves 4 MiB less.)
/// - JavaScript's JIT compilers off, as Safari's Lockdown Mode does: 14 MiB less,
///   no writable-and-executable memory in the process that shows the page, and no
///   slower where it shows (a keystroke to the next drawn frame, and opening the
///   35-risk register, stayed within the run-to-run noise: about 20 ms and 55 ms).
///
/// # Safety
/// Call first thing in `main`, while the process has only one thread
/// (`std::env::set_var`'s requirement).
pub unsafe fn set_engine_defaults() {
    #[cfg(target_os = "linux")]
    for (name, value) in [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ("JSC_useJIT", "0"),
    ] {
        if std::env::var_os(name).is_none() {
            // SAFETY: the caller guarantees no other thread exists yet.
            unsafe { std::env::set_var(name, value) };
        }
    }
}

/// Starts the app; returns the process exit code.
pub fn run() -> i32 {
    let options = match Options::try_parse() {
        Ok(o) => o,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let data_dir = match options
        .data_dir
        .clone()
        .map_or_else(mou_core::paths::default_data_dir, Ok)
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let native = options
        .e2e_answers
        .clone()
        .map_or_else(Native::system, Native::Scripted);
    let dialogs = native.clone();
    let builder = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        );
    let result = register(builder, AppState::open(&data_dir, native))
        .setup(move |app| {
            dialogs.attach(app.handle().clone());
            main_window(app.handle(), &data_dir)?;
            warm_up(data_dir.clone());
            Ok(())
        })
        .run(tauri::tauri_build_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: MoU Builder could not start: {e}");
            1
        }
    }
}

/// The one window. Its web data (cache, storage) lives apart from the library, in
/// the cache folder, so the data folder holds only what the user made.
fn main_window(app: &tauri::AppHandle, data_dir: &std::path::Path) -> tauri::Result<()> {
    let web_data = app
        .path()
        .app_cache_dir()
        .unwrap_or_else(|_| data_dir.join(".webview"))
        .join("webview");
    let window =
        tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("index.html".into()))
            .title("MoU Builder")
            .inner_size(1280.0, 860.0)
            .min_inner_size(720.0, 480.0)
            .zoom_hotkeys_enabled(true)
            .data_directory(web_data)
            .build()?;
    // The page saves pending edits before the window goes (close.rs).
    let closing = window.clone();
    app.state::<AppState>().close.set_closer(Box::new(move || {
        let _ = closing.close();
    }));
    let requests = app.clone();
    window.on_window_event(move |event| match event {
        tauri::WindowEvent::CloseRequested { api, .. }
            if requests
                .state::<AppState>()
                .close
                .request(std::time::Instant::now())
                == close::Decision::AskedPage =>
        {
            api.prevent_close();
        }
        // A PDF dropped on the window is checked, as "Check a PDF" would.
        tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
            let app = requests.clone();
            let paths = paths.clone();
            tauri::async_runtime::spawn(async move {
                commands::review::check_dropped(&app.state::<AppState>(), paths).await;
            });
        }
        _ => {}
    });
    // A document editor, not a browser: keep no back/forward page cache and the
    // smallest memory caches (WebKit's "document viewer" model).
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
        }
    })?;
    Ok(())
}

/// Loads the default template and its fonts in the background shortly after
/// start, so the first "Generate PDF" does not pay for finding fonts.
fn warm_up(data_dir: std::path::PathBuf) {
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        let user = data_dir.join(mou_core::paths::TEMPLATES_DIR);
        if let Ok(registry) = mou_core::templates::Registry::load(Some(&user))
            && let Ok(template) = registry.get(mou_core::model::DEFAULT_TEMPLATE)
        {
            let _ = mou_core::render::fonts(&template.manifest.fonts.request());
        }
    });
}
