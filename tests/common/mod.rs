//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses a different subset

pub mod scale;
pub mod structure_text;
pub mod user_template;

use mou_core::model::Agreement;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The full example agreement shipped in `examples/`.
pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json")
}

pub fn example() -> Agreement {
    mou_core::exchange::read_file(&example_path()).expect("the example parses")
}

/// The `mou` binary with its data folder set to `data_dir`.
pub fn mou(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mou"));
    cmd.env("MOU_DATA_DIR", data_dir);
    cmd
}

/// Runs `mou` with `args` and returns (exit code, stdout, stderr).
pub fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = mou(data_dir).args(args).output().expect("mou runs");
    (
        status.code().expect("exited normally"),
        String::from_utf8(stdout).expect("utf-8 stdout"),
        String::from_utf8(stderr).expect("utf-8 stderr"),
    )
}

/// Every file below `dir` with its bytes, to prove a failed command changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(snapshot(&p));
            } else {
                out.push((p.clone(), std::fs::read(&p).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

/// Renders an agreement with a built-in template.
pub fn render(
    agreement: &Agreement,
    template: &str,
    final_: bool,
) -> Result<mou_core::render::Rendered, mou_core::render::RenderError> {
    let registry = mou_core::templates::Registry::load(None).expect("built-in templates load");
    let template = registry.get(template).expect("template exists");
    mou_core::render::render(
        agreement,
        template,
        &mou_core::render::RenderOptions {
            final_,
            ..Default::default()
        },
    )
}

/// The example with every partner's approval of the current version recorded.
pub fn approved_example() -> Agreement {
    let mut a = example();
    let version = a.details.version.clone();
    for r in &mut a.sign_off.reviews {
        r.status = mou_core::model::ReviewStatus::Approved;
        r.reviewed_version = version.clone();
    }
    a
}

/// Runs a command-line tool on a PDF (written to a temporary file) and returns its stdout.
pub fn tool(program: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new(program)
        .args(args)
        .arg(&path)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (install poppler-utils and qpdf): {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs `script` with bash, `$0` being the `mou` binary and `$1`… the `args`, with the
/// data folder set: for tests that need a shell feature (a pipe, a file-size limit).
pub fn mou_in_shell(data_dir: &Path, script: &str, args: &[&std::ffi::OsStr]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mou"))
        .args(args)
        .env("MOU_DATA_DIR", data_dir)
        .output()
        .expect("bash runs")
}

/// `qpdf --check` finds the PDF sound: no syntax or stream encoding errors.
pub fn assert_sound_pdf(pdf: &[u8]) {
    let check = tool("qpdf", &["--check"], pdf);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
}

/// `a` as a file from before format 3 held it: without the extension, scope,
/// eligibility, partners' functions, contributions in kind and measures.
pub fn without_format_3_parts(a: &mut mou_core::model::Agreement) {
    a.performance = Default::default();
    a.details.extension = Default::default();
    a.vision.in_scope.clear();
    a.vision.out_of_scope.clear();
    a.vision.eligibility.clear();
    a.finance.in_kind.clear();
    a.finance.pool_manager.clear();
    a.partners.iter_mut().for_each(|p| p.functions.clear());
}

/// Every word `pdftotext -bbox` finds that lies outside the body area (25 mm margins)
/// and outside the footer band (from the body's foot to 15 mm above the edge), and
/// how many words were checked.
pub fn words_outside_the_page_body(pdf: &[u8]) -> (Vec<String>, usize) {
    let html = tool("pdftotext", &["-bbox"], pdf);
    let mm = 72.0 / 25.4;
    let (width, height) = (210.0 * mm, 297.0 * mm);
    let (left, right, top, bottom) = (25.0 * mm, width - 25.0 * mm, 25.0 * mm, height - 25.0 * mm);
    let tolerance = 0.6;
    let mut outside = Vec::new();
    let mut words = 0;
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let num = |key: &str| -> f32 {
            let start = line.find(&format!("{key}=\"")).expect("attr") + key.len() + 2;
            line[start..start + line[start..].find('"').expect("quote")]
                .parse()
                .expect("number")
        };
        let (x0, y0, x1, y1) = (num("xMin"), num("yMin"), num("xMax"), num("yMax"));
        words += 1;
        let sides = x0 >= left - tolerance && x1 <= right + tolerance && y0 >= top - tolerance;
        let in_body = y1 <= bottom + tolerance;
        let in_footer = y0 >= bottom && y1 <= height - 15.0 * mm;
        if !(sides && (in_body || in_footer)) {
            outside.push(line.trim().to_string());
        }
    }
    (outside, words)
}
