//! A user template for tests, shared with the desktop's tests (`#[path]`).

use std::path::Path;

/// A user template in `data_dir`'s templates folder: the built-in one renamed
/// `name`, whose risk bands count only scores from `high_from` up as high.
pub fn user_template(data_dir: &Path, name: &str, high_from: &str) {
    // From the core's tests or the desktop's (one folder down).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built_in = [root, root.parent().unwrap_or(root)]
        .iter()
        .map(|r| r.join("templates/health-and-care-partnership"))
        .find(|p| p.is_dir())
        .expect("the built-in template's folder");
    let dir = data_dir.join("templates").join(name);
    std::fs::create_dir_all(&dir).expect("template dir");
    for entry in std::fs::read_dir(&built_in).expect("built-in") {
        let entry = entry.expect("entry");
        if entry.path().is_dir() {
            continue; // parts/: included from the built-in by name
        }
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    let manifest = std::fs::read_to_string(dir.join("manifest.toml"))
        .expect("manifest")
        .replace(
            "name = \"health-and-care-partnership\"",
            &format!("name = \"{name}\""),
        )
        .replace(
            "high_from = \"High\"",
            &format!("high_from = \"{high_from}\""),
        );
    std::fs::write(dir.join("manifest.toml"), manifest).expect("manifest");
}
