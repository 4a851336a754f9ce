//! WebKitGTK's own memory floor, for the memory figure in README.md: one GTK window
//! with one web view showing one line of text, set up as the app sets up its view
//! (no compositing, no JIT, document-viewer cache, no page cache), and nothing else.
//! tests/measure.rs starts it beside the app in the same run.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebView, WebViewExt};

    // SAFETY: no other thread exists yet.
    unsafe { mou_desktop::set_engine_defaults() };
    if gtk::init().is_err() {
        eprintln!("error: no display to show a window on");
        std::process::exit(1);
    }
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_default_size(1280, 860);
    let view = WebView::new();
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_page_cache(false);
    }
    view.load_html("<p>MoU Builder</p>", None);
    window.add(&view);
    window.show_all();
    window.connect_destroy(|_| gtk::main_quit());
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("WebKitGTK is the Linux web view; nothing to measure here.");
}
