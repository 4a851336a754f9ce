//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses a different subset

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
