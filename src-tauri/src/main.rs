//! Place reserved for the Tauri 2 desktop shell. Until it lands, this binary only
//! points at the command-line front end, which already does everything the core can.
fn main() {
    eprintln!(
        "The MoU Builder desktop app is not built yet. Use the `mou` command line: `mou --help`. Data folder: {}",
        mou_core::paths::default_data_dir()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| e.to_string())
    );
    std::process::exit(2);
}
