//! Peak memory of `mou render`, as a whole process, against the number of pages;
//! and the refusal of an agreement whose every text is 111,000 characters long.
//!
//!     cargo bench --bench memory
//!
//! Under `cargo test` (no `--bench` argument, a debug build) it checks the
//! example and the refusal only, without timing them.
//!
//! Each case runs the release `mou` binary once and reads its peak resident set
//! from the kernel (`wait4`). The bound held here is stated in README.md; the
//! benchmark fails if a case exceeds it.

use mou_core::model::Agreement;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[path = "../tests/common/scale.rs"]
mod scale;

/// The bound: a fixed part (the program, its fonts and templates) and a part
/// for each page.
const FIXED_MB: f64 = 32.0;
const PER_PAGE_MB: f64 = 0.2;
/// The refusal of the huge agreement: time and memory.
const REFUSAL_SECONDS: f64 = 1.0;
/// Characters in each text of the huge agreement (the case).
const HUGE_TEXT: usize = 111_000;

fn example() -> Agreement {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    mou_core::exchange::read_file(&path).expect("example parses")
}

/// Runs `mou` with `args`; its exit status, peak memory in MB and wall time.
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its peak memory
fn run(args: &[&str], data_dir: &Path) -> (bool, f64, f64) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_mou"))
        .args(args)
        .env("MOU_DATA_DIR", data_dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("mou starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers to locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let seconds = start.elapsed().as_secs_f64();
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage.ru_maxrss as f64 / 1024.0, seconds)
}

/// `mou render FILE -o PDF`: as `run`.
fn render(file: &Path, pdf: &Path, data_dir: &Path) -> (bool, f64, f64) {
    let (file, pdf) = (file.to_str().expect("path"), pdf.to_str().expect("path"));
    run(&["render", file, "-o", pdf], data_dir)
}

/// Every free text of the example (strings over 20 characters: names, titles,
/// descriptions; not ids, dates or choices) made `length` characters long.
fn huge(length: usize) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value, text: &str) {
        match v {
            serde_json::Value::String(s) if s.chars().count() > 20 => *s = text.to_string(),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, text)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, text)),
            _ => {}
        }
    }
    let sentence = "The partners agree to share what they know about people leaving hospital. ";
    let text: String = sentence
        .repeat(length / sentence.len() + 1)
        .chars()
        .take(length)
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("json");
    walk(&mut value, &text);
    value
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    println!("peak memory of `mou render` (bound: {FIXED_MB} MB + {PER_PAGE_MB} MB a page)");
    println!("| document | pages | peak | bound | time |");
    println!("| --- | --- | --- | --- | --- |");
    let base = example();
    let sizes: &[usize] = if measuring { &[1, 4, 17, 50] } else { &[1] };
    for &times in sizes {
        let agreement = if times == 1 {
            base.clone()
        } else {
            scale::times(&base, times)
        };
        let file = dir.path().join(format!("x{times}.json"));
        let pdf = dir.path().join(format!("x{times}.pdf"));
        mou_core::exchange::write_file(&file, &agreement).expect("writes");
        let (ok, mb, seconds) = render(&file, &pdf, &data);
        assert!(ok, "{times}× renders");
        let bytes = std::fs::read(&pdf).expect("pdf");
        let pages = lopdf::Document::load_mem(&bytes)
            .expect("parses")
            .get_pages()
            .len();
        let bound = FIXED_MB + PER_PAGE_MB * pages as f64;
        println!(
            "| the example × {times} | {pages} | {mb:.1} MB | {bound:.1} MB | {seconds:.2} s |"
        );
        if measuring {
            assert!(
                mb <= bound,
                "{times}×: {mb:.1} MB over the bound of {bound:.1} MB"
            );
        }
    }

    let file = dir.path().join("huge.json");
    let value = huge(HUGE_TEXT);
    std::fs::write(&file, serde_json::to_vec(&value).expect("json")).expect("writes");
    let size = std::fs::metadata(&file).expect("size").len() as f64 / 1e6;
    let pdf = dir.path().join("huge.pdf");
    let (ok, mb, seconds) = render(&file, &pdf, &data);
    println!(
        "every text {HUGE_TEXT} characters ({size:.0} MB file): refused in {seconds:.2} s, peak {mb:.0} MB"
    );
    assert!(!ok && !pdf.exists(), "the huge agreement is refused");
    if measuring {
        assert!(seconds < REFUSAL_SECONDS, "refused in {seconds:.2} s");
    }
}
