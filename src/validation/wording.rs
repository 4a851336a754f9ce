//! Small helpers that keep the messages consistent.

/// "Partner 3 (\"Riverside Council\")" or "Partner 3" when unnamed.
pub fn numbered(kind: &str, index: usize, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("{kind} {}", index + 1)
    } else {
        format!("{kind} {} (\"{name}\")", index + 1)
    }
}

/// "1 April 2027".
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
