//! A process killed with SIGKILL in the middle of saving loses nothing it had
//! finished saving, and leaves a sound database behind.
//!
//! The test re-runs its own binary as the child: with `MOU_CRASH_CHILD` set, the
//! test body becomes a loop that saves the full example over and over and prints
//! each revision number once the save has returned.

mod common;

use mou_core::store::{DraftId, Store};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::Duration;

const TEST_NAME: &str = "killed_while_saving_loses_no_completed_save";

#[test]
fn killed_while_saving_loses_no_completed_save() {
    if let (Some(dir), Some(id)) = (
        std::env::var_os("MOU_CRASH_CHILD"),
        std::env::var("MOU_CRASH_DRAFT").ok(),
    ) {
        save_forever(dir.as_ref(), DraftId(id.parse().expect("draft id")));
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let id = Store::open(dir.path())
        .expect("open")
        .create(&common::example(), None)
        .expect("create")
        .id;

    // Kill at a few different moments so some kills land inside a transaction.
    for (round, after) in [(1, 25usize), (2, 60), (3, 110)] {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env("MOU_CRASH_CHILD", dir.path())
            .env("MOU_CRASH_DRAFT", id.0.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("piped");
        let mut completed = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("line");
            if let Some(n) = line.strip_prefix("saved ") {
                completed.push(n.parse::<u32>().expect("number"));
                if completed.len() == after {
                    std::thread::sleep(Duration::from_micros(300 * round));
                    child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
                    break;
                }
            }
        }
        let output = child.wait_with_output().expect("reaped");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // A child that failed before its saves would also exit non-zero: count them.
        assert_eq!(
            completed.len(),
            after,
            "round {round}: the child stopped after {} saves instead of being killed after {after}; its stderr:\n{stderr}",
            completed.len()
        );
        assert_eq!(
            output.status.signal(),
            Some(libc::SIGKILL),
            "round {round}: the child was not the one killed ({:?}); its stderr:\n{stderr}",
            output.status
        );

        let store = Store::open(dir.path()).expect("reopens after the kill");
        assert_eq!(
            store.integrity_check().expect("check"),
            "ok",
            "round {round}"
        );
        for n in &completed {
            let a = store
                .revision(id, *n)
                .expect("every completed save is present");
            assert_eq!(a.details.version, format!("crash-{n}"), "round {round}");
        }
    }
}

/// A save that returned survives a power cut only if every commit is synced.
fn assert_durable(store: &Store) {
    let d = store.durability().expect("settings");
    assert_eq!(d.journal_mode, "wal", "{d:?}");
    assert!(d.synchronous_full, "commits are not synced to disk: {d:?}");
    assert!(d.foreign_keys, "{d:?}");
    assert!(d.busy_timeout_ms >= 1000, "{d:?}");
}

fn save_forever(dir: &std::path::Path, id: DraftId) -> ! {
    let mut store = Store::open(dir).expect("child opens");
    // Checked on the saving connection itself: a failure ends the child before
    // its first save, which the parent reports with this message.
    assert_durable(&store);
    let mut agreement = common::example();
    let mut out = std::io::stdout().lock();
    loop {
        let head = store.summary(id).expect("summary").revision;
        agreement.details.version = format!("crash-{}", head + 1);
        let saved = store.save(id, &agreement, None).expect("save");
        writeln!(out, "saved {}", saved.revision).expect("print");
        out.flush().expect("flush");
    }
}
