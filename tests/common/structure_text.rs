//! The text of a tagged PDF as its structure holds it, read from poppler's
//! `pdfinfo -struct-text`: shared with the desktop's tests (`#[path]`).

/// The text of `tree` (`pdfinfo -struct-text` output) in reading order: each
/// element's marked sequences joined, so a word split by a link or a line's end
/// reads whole; a space between blocks. An inline element (a link inside a
/// paragraph) and its annotation go on with the text around them.
pub fn joined(tree: &str) -> String {
    let mut out = String::new();
    for line in tree.lines().map(str::trim) {
        match line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            Some(text) => out.push_str(text),
            None if line.ends_with("(inline)") || line.starts_with("Object ") => {}
            None => out.push(' '),
        }
    }
    out
}
