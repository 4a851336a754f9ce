//! The `mou` command line, run as a user runs it: as a separate process.

mod common;

use common::{example_path, run, snapshot};
use std::path::Path;

/// The example's partners, by id, in order.
const EXAMPLE_PARTNERS: [&str; 8] = [
    "icb",
    "trust-acute",
    "trust-community",
    "council",
    "vcse",
    "pcn",
    "healthwatch",
    "housing",
];

/// Records `partners`' approval of `version` of draft `id`.
fn approve_all(data: &Path, id: &str, version: &str, partners: &[&str]) {
    for p in partners {
        let (code, _, err) = run(data, &["review", id, version, p, "approved"]);
        assert_eq!(code, 0, "{p}: {err}");
    }
}

/// Imports the example with `from` replaced by `to` as a new revision of draft `id`.
/// The text of a PDF, as pdftotext reads it.
fn pdftotext(pdf: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf, "-"])
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn import_edited(data: &Path, id: &str, from: &str, to: &str) {
    let files = tempfile::tempdir().expect("tempdir");
    let edited = files.path().join("edited.json");
    let text = std::fs::read_to_string(example_path()).expect("read");
    assert!(text.contains(from), "the example has {from:?}");
    std::fs::write(&edited, text.replace(from, to)).expect("write");
    let (code, _, err) = run(data, &["import", edited.to_str().expect("p"), "--into", id]);
    assert_eq!(code, 0, "{err}");
}

fn import_example(data: &Path) -> String {
    let (code, out, err) = run(
        data,
        &["import", example_path().to_str().expect("utf-8"), "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v["id"].to_string()
}

#[test]
fn export_import_export_gives_identical_files() {
    let data = tempfile::tempdir().expect("tempdir");
    let files = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let first = files.path().join("first.json");
    let second = files.path().join("second.json");
    assert_eq!(
        run(
            data.path(),
            &["export", &id, "-o", first.to_str().expect("p")]
        )
        .0,
        0
    );
    let (code, out, _) = run(
        data.path(),
        &["import", first.to_str().expect("p"), "--json"],
    );
    assert_eq!(code, 0);
    let id2 = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"].to_string();
    assert_ne!(id, id2);
    assert_eq!(
        run(
            data.path(),
            &["export", &id2, "-o", second.to_str().expect("p")]
        )
        .0,
        0
    );
    let a = std::fs::read(&first).expect("read");
    assert_eq!(a, std::fs::read(&second).expect("read"));
    assert_eq!(
        a,
        std::fs::read(example_path()).expect("read"),
        "the example is canonical"
    );
}

#[test]
fn list_search_show_and_json_output() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let (code, out, _) = run(
        data.path(),
        &[
            "new",
            "--title",
            "Carers’ support pilot",
            "--reference",
            "CSP-1",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("Created draft"), "{out}");

    let (code, out, _) = run(data.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(list.as_array().expect("array").len(), 2);
    assert_eq!(
        list[0]["title"], "Carers’ support pilot",
        "newest change first"
    );

    let (_, out, _) = run(data.path(), &["list", "--search", "csp-1"]);
    assert!(
        out.contains("Carers’ support pilot") && !out.contains("Integrated"),
        "{out}"
    );

    let (code, out, _) = run(data.path(), &["show", &id]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Steps:") && out.contains("Risk assessment"),
        "{out}"
    );
    let (code, out, _) = run(data.path(), &["show", &id, "--json"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.as_bytes(),
        std::fs::read(example_path()).expect("read").as_slice()
    );
}

#[test]
fn validate_exit_codes_follow_the_findings() {
    let data = tempfile::tempdir().expect("tempdir");
    let example = example_path();
    let example = example.to_str().expect("utf-8");
    let (code, out, _) = run(data.path(), &["validate", example]);
    assert_eq!(code, 0, "the example has no errors:\n{out}");
    // Not every partner has approved the current version: a final document is refused.
    let (code, out, _) = run(data.path(), &["validate", example, "--final", "--json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(report["errors"].as_u64().expect("n") >= 1);
    assert!(out.contains("sign_off.not_approved"), "{out}");

    let (code, out, _) = run(data.path(), &["new", "--json"]);
    assert_eq!(code, 0);
    let id = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"].to_string();
    let (code, out, _) = run(data.path(), &["validate", &id]);
    assert_eq!(code, 1, "a blank agreement has errors");
    assert!(out.contains("partners.too_few"), "{out}");

    let (code, _, err) = run(data.path(), &["validate", "no-such-file.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("neither an agreement file nor a draft id"),
        "{err}"
    );
}

#[test]
fn revisions_restore_duplicate_archive_delete() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let file = data.path().join("edited.json");
    let text = std::fs::read_to_string(example_path())
        .expect("read")
        .replace("\"version\": \"0.4\"", "\"version\": \"0.5\"");
    std::fs::write(&file, text).expect("write");
    let (code, _, err) = run(
        data.path(),
        &[
            "import",
            file.to_str().expect("p"),
            "--into",
            &id,
            "--label",
            "After workshop 3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(data.path(), &["revisions", &id, "--json"]);
    let revs: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(revs[0]["number"], 2);
    assert_eq!(revs[0]["label"], "After workshop 3");
    assert_eq!(revs[0]["version"], "0.5");

    let (code, out, _) = run(data.path(), &["restore", &id, "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("as revision 3"), "{out}");
    let (_, out, _) = run(data.path(), &["show", &id, "--json"]);
    assert!(out.contains("\"version\": \"0.4\""));
    // Any revision can be shown or exported; `-o -` writes the file to stdout.
    let (code, out, err) = run(data.path(), &["show", &id, "--revision", "2", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"version\": \"0.5\""), "{out}");
    let (code, out, err) = run(data.path(), &["export", &id, "--revision", "1", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        std::fs::read_to_string(example_path()).expect("read"),
        "revision 1 is the imported example, byte for byte"
    );
    let (code, _, err) = run(data.path(), &["export", &id, "--revision", "9", "-o", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("(code: store."), "{err}");

    let (code, out, _) = run(
        data.path(),
        &[
            "duplicate",
            &id,
            "--title",
            "Riverside MoU (copy for Hillside)",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = run(data.path(), &["archive", &id]);
    assert_eq!(code, 0);
    let (_, out, _) = run(data.path(), &["list"]);
    assert!(
        out.contains("copy for Hillside") && !out.contains("[archived]"),
        "{out}"
    );
    let (_, out, _) = run(data.path(), &["list", "--all"]);
    assert!(out.contains("[archived]"), "{out}");
    let (_, out, _) = run(data.path(), &["list", "--archived"]);
    assert!(
        out.contains("[archived]") && !out.contains("copy for Hillside"),
        "{out}"
    );
    assert_eq!(run(data.path(), &["unarchive", &id]).0, 0);
    let (_, out, _) = run(data.path(), &["list"]);
    assert!(
        out.contains("Hollinsmoor") && !out.contains("[archived]"),
        "unarchived drafts are listed again: {out}"
    );
    assert_eq!(run(data.path(), &["archive", &id]).0, 0);

    // Deleting needs --yes; without it nothing happens.
    let (code, _, err) = run(data.path(), &["delete", &id]);
    assert_eq!(code, 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(run(data.path(), &["show", &id]).0, 0);
    assert_eq!(run(data.path(), &["delete", &id, "--yes"]).0, 0);
    let (code, _, err) = run(data.path(), &["show", &id]);
    assert_eq!(code, 2);
    assert!(err.contains("store.draft_not_found"), "{err}");
}

#[test]
fn bad_files_are_refused_with_a_clear_message_and_change_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    import_example(data.path());
    let files = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "broken.json",
            "{\"format_version\": 1,\n \"agreement\": {\"details\": }\n}",
            "exchange.malformed_json",
            "line 2, column",
        ),
        (
            "wrongtype.json",
            "{\"format_version\": 1, \"agreement\": {\"partners\": \"ICB and council\"}}",
            "exchange.wrong_shape",
            "agreement.partners",
        ),
        (
            "future.json",
            "{\"format_version\": 7, \"agreement\": {}}",
            "exchange.format_too_new",
            "Update MoU Builder",
        ),
        (
            "package.json",
            "{\"name\": \"left-pad\"}",
            "exchange.not_an_agreement",
            "not a MoU Builder agreement file",
        ),
    ];
    let before = snapshot(data.path());
    for (name, text, code, hint) in cases {
        let path = files.path().join(name);
        std::fs::write(&path, text).expect("write");
        let (exit, out, err) = run(data.path(), &["import", path.to_str().expect("p")]);
        assert_eq!(exit, 2, "{name}");
        assert!(out.is_empty(), "{name}: {out}");
        assert!(err.contains(name), "{name}: message names the file: {err}");
        assert!(err.contains(code), "{name}: {err}");
        assert!(err.contains(hint), "{name}: {err}");
        // validate on the same file: exit 2 as well, as bad input rather than findings.
        assert_eq!(
            run(data.path(), &["validate", path.to_str().expect("p")]).0,
            2,
            "{name}"
        );
    }
    assert_eq!(
        snapshot(data.path()),
        before,
        "a refused import changed the library"
    );
}

#[test]
fn a_bad_library_or_data_folder_is_reported_not_touched() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(data.join("library.sqlite3"), "not a database").expect("write");
    let before = snapshot(&data);
    let (code, _, err) = run(&data, &["list"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not a MoU Builder draft library") && err.contains("store.not_sqlite"),
        "{err}"
    );
    assert_eq!(snapshot(&data), before);

    let file = root.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let (code, _, err) = run(&file.join("sub"), &["list"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Could not use the data folder") && err.contains("store.data_dir_unusable"),
        "{err}"
    );

    // --data-dir wins over the environment variable.
    let other = root.path().join("other");
    let (code, _, err) = common::mou(&file.join("sub"))
        .args(["--data-dir", other.to_str().expect("p"), "list"])
        .output()
        .map(|o| {
            (
                o.status.code().expect("code"),
                (),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .expect("runs");
    assert_eq!(code, 0, "{err}");
    assert!(other.join("library.sqlite3").exists());
}

#[test]
fn a_second_process_waits_for_the_first_instead_of_failing() {
    let data = tempfile::tempdir().expect("tempdir");
    import_example(data.path());
    let db = data.path().join("library.sqlite3");
    let mut conn = rusqlite::Connection::open(&db).expect("raw open");
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("lock");
    let mut child = common::mou(data.path())
        .args(["import", example_path().to_str().expect("p")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Held long enough for the child to reach the lock and start waiting on it.
    std::thread::sleep(std::time::Duration::from_millis(700));
    // Still waiting, not finished and not failed, just before the lock goes.
    let early = child.try_wait().expect("poll");
    assert!(
        early.is_none(),
        "the import ended ({early:?}) while the library was locked: {}",
        String::from_utf8_lossy(&child.wait_with_output().expect("output").stderr)
    );
    tx.commit().expect("release");
    let out = child.wait_with_output().expect("finish");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, list, _) = run(data.path(), &["list", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .expect("json")
            .as_array()
            .expect("a")
            .len(),
        2
    );
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let out = common::mou_in_shell(
        data.path(),
        "set -o pipefail; \"$0\" show \"$1\" --json | head -c 10 >/dev/null",
        &[std::ffi::OsStr::new(&id)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn exported_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let file = data.path().join("shared.json");
    assert_eq!(
        run(
            data.path(),
            &["export", &id, "-o", file.to_str().expect("p")]
        )
        .0,
        0
    );
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o644,
        "others on the team must be able to read an export"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let data = tempfile::tempdir().expect("tempdir");
    assert_eq!(run(data.path(), &["frobnicate"]).0, 2);
    assert_eq!(run(data.path(), &["show", "not-a-number"]).0, 2);
    for cmd in [
        "new",
        "list",
        "show",
        "import",
        "export",
        "validate",
        "revisions",
        "restore",
        "duplicate",
        "archive",
        "unarchive",
        "delete",
    ] {
        let (code, out, _) = run(data.path(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("Usage: mou"), "{cmd}: {out}");
    }
    assert!(
        snapshot(data.path()).is_empty(),
        "--help touched the data folder"
    );
}

#[test]
fn a_full_disk_during_a_save_is_reported_and_loses_nothing() {
    // RLIMIT_FSIZE stands in for a full disk: no file may grow past 256 KiB (SIGXFSZ
    // ignored, so the write returns EFBIG as it would return ENOSPC). The library, its
    // WAL index and a small save fit; a 400 KB agreement does not.
    let data = tempfile::tempdir().expect("tempdir");
    let (code, _, _) = run(data.path(), &["new", "--title", "Kept safe"]);
    assert_eq!(code, 0);
    let mut big = common::example();
    big.vision.background = "A long history of joint working. ".repeat(12_000);
    let big_file = data.path().join("big.json");
    mou_core::exchange::write_file(&big_file, &big).expect("write");
    let out = common::mou_in_shell(
        data.path(),
        "ulimit -f 256; trap '' XFSZ; exec \"$0\" import \"$1\"",
        &[big_file.as_os_str()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("The disk may be full") && err.contains("store.io_error"),
        "{err}"
    );
    let (code, listed, _) = run(data.path(), &["list", "--json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert_eq!(
        list.as_array().expect("array").len(),
        1,
        "the failed import left no half draft"
    );
    assert_eq!(list[0]["title"], "Kept safe");
    let db = mou_core::store::Store::open(data.path()).expect("opens");
    assert_eq!(db.integrity_check().expect("check"), "ok");
    // The same import succeeds once there is room: the failure was the disk, not the file.
    assert_eq!(
        run(data.path(), &["import", big_file.to_str().expect("p")]).0,
        0
    );
}

#[test]
fn the_default_data_folder_is_the_desktop_apps() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mou"))
        .args(["new", "--title", "Where am I"])
        .env_remove("MOU_DATA_DIR")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("share"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = home
        .path()
        .join("share")
        .join(mou_core::paths::APP_IDENTIFIER)
        .join(mou_core::paths::LIBRARY_FILE);
    assert!(expected.is_file(), "library not at {}", expected.display());
}

#[test]
fn schema_prints_the_committed_json_schema() {
    let data = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run(data.path(), &["schema"]);
    assert_eq!(code, 0, "{err}");
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/agreement.schema.json"),
    )
    .expect("committed schema");
    assert_eq!(out.trim_end(), committed.trim_end());
    let schema: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        schema["required"],
        serde_json::json!(["format_version", "agreement"])
    );
}

/// The command line checks a draft with its own template's risk bands, as `render`,
/// the library's step counts and the desktop app do: a user template whose bands
/// count only "Extreme" as high gets the same verdict everywhere.
#[test]
fn validate_and_show_check_with_the_drafts_own_template() {
    let data = tempfile::tempdir().expect("tempdir");
    common::user_template::user_template(data.path(), "lenient", "Extreme");

    // A risk scored 12 ("High") without a mitigation: an error by the NHS default
    // bands only.
    let mut agreement = common::example();
    agreement.details.template = "lenient".into();
    agreement.risks[0].likelihood = Some(3);
    agreement.risks[0].consequence = Some(4);
    agreement.risks[0].mitigation.clear();
    agreement.risks[0].residual_likelihood = None;
    agreement.risks[0].residual_consequence = None;
    let file = data.path().join("lenient.json");
    mou_core::exchange::write_file(&file, &agreement).expect("write");
    let file = file.to_str().expect("utf-8");

    let (code, out, _) = run(data.path(), &["validate", file, "--json"]);
    assert!(!out.contains("risks.mitigation_missing"), "{out}");
    assert_eq!(code, 0, "{out}");
    let (code, out, err) = run(data.path(), &["import", file, "--json"]);
    assert_eq!(code, 0, "{err}");
    let id = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"].to_string();
    let (code, out, _) = run(data.path(), &["validate", &id]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = run(data.path(), &["show", &id]);
    assert!(!out.contains("mitigation"), "{out}");

    // And the same file with the built-in template is refused for the missing mitigation.
    agreement.details.template = "health-and-care-partnership".into();
    let strict = data.path().join("strict.json");
    mou_core::exchange::write_file(&strict, &agreement).expect("write");
    let (code, out, _) = run(
        data.path(),
        &["validate", strict.to_str().expect("p"), "--json"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("risks.mitigation_missing"), "{out}");
}

/// A round from the command line: issue, list versions, render, identify the PDF
/// (exact, changed, not a PDF), and the label a draft edited since shows.
#[test]
fn issue_versions_render_and_identify() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    // Never issued: the draft's own label is the proposal.
    let (code, out, err) = run(
        data.path(),
        &["issue", &id, "--note", "For the February board", "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let issued: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(issued["version"], "0.4");
    assert_eq!(issued["sent_to"].as_array().expect("partners").len(), 8);
    let (code, _, err) = run(data.path(), &["issue", &id, "--number", "0.4"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("store.version_taken") && err.contains("(0.5)"),
        "{err}"
    );
    let (code, _, err) = run(data.path(), &["issue", &id, "--to", "nobody"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("review.unknown_partner") && err.contains("icb"),
        "{err}"
    );
    let (code, _, err) = run(data.path(), &["issue", &id, "--number", "zero"]);
    assert_eq!(code, 2, "{err}");

    let files = tempfile::tempdir().expect("tempdir");
    let pdf = files.path().join("0.4.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let (code, _, err) = run(data.path(), &["render", &id, "-o", pdf_arg]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(data.path(), &["identify", pdf_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("version 0.4 draft") && out.contains("exactly as MoU Builder made it"),
        "{out}"
    );
    assert!(
        out.contains("This library made this file") && out.contains("Version 0.4 was issued on"),
        "{out}"
    );
    let (_, json, _) = run(data.path(), &["identify", pdf_arg, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["file"]["kind"], "ours");
    assert_eq!(json["file"]["integrity"]["state"], "exact");
    assert_eq!(json["known"]["same_file"], true);

    // Changed after it was made: bytes appended, as a viewer's save adds them.
    let mut bytes = std::fs::read(&pdf).expect("read");
    bytes.extend_from_slice(b"\n% a viewer's incremental save\n");
    let changed = files.path().join("changed.pdf");
    std::fs::write(&changed, &bytes).expect("write");
    let (code, out, _) = run(data.path(), &["identify", changed.to_str().expect("p")]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("CHANGED after MoU Builder made it") && out.contains("saved additions"),
        "{out}"
    );
    assert!(
        out.contains("same content"),
        "known by its fingerprint: {out}"
    );

    // Not a PDF, and no such file.
    let text = files.path().join("notes.pdf");
    std::fs::write(&text, "Minutes of the February board").expect("write");
    let (code, out, _) = run(data.path(), &["identify", text.to_str().expect("p")]);
    assert_eq!(code, 1);
    assert!(out.contains("is not a PDF"), "{out}");
    let (code, _, err) = run(data.path(), &["identify", "/no/such/file.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("Could not read /no/such/file.pdf"), "{err}");

    // Without a library, the file alone answers, and no library is made.
    let empty = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run(empty.path(), &["identify", pdf_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("did not make it"), "{out}");
    assert!(!empty.path().join("library.sqlite3").exists());

    // After an edit, the draft's document shows "0.4 + changes"; the next issue is 0.5.
    import_edited(
        data.path(),
        &id,
        "Demand is rising faster than funding.",
        "Demand is rising much faster than funding.",
    );
    let (code, _, err) = run(data.path(), &["render", &id, "-o", pdf_arg]);
    assert_eq!(code, 0, "{err}");
    let out = std::process::Command::new("pdftotext")
        .args([pdf_arg, "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Version 0.4 + changes draft"),
        "{}",
        &text[..500.min(text.len())]
    );
    let (_, out, _) = run(data.path(), &["issue", &id, "--json"]);
    assert!(out.contains("\"version\": \"0.5\""), "{out}");
    let (_, out, _) = run(data.path(), &["versions", &id]);
    assert!(
        out.contains("0.4") && out.contains("0.5") && out.contains("For the February board"),
        "{out}"
    );
}

/// Decisions per partner and version, and the final document they allow: refused,
/// naming the partner, while one has not approved the version; made once all have.
#[test]
fn decisions_decide_when_a_final_document_can_be_made() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    // Every partner but the housing association approves.
    for p in &EXAMPLE_PARTNERS[..7] {
        let (code, out, err) = run(
            data.path(),
            &["review", &id, "0.4", p, "approved", "--on", "2027-03-01"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("approved 0.4"), "{out}");
    }
    let (code, _, err) = run(data.path(), &["review", &id, "0.4", "housing", "declined"]);
    assert_eq!(code, 2);
    assert!(err.contains("review.decision_incomplete"), "{err}");
    assert_eq!(
        run(
            data.path(),
            &[
                "review",
                &id,
                "0.4",
                "housing",
                "commented",
                "--reason",
                "Add the housing adaptations budget."
            ]
        )
        .0,
        0
    );
    let (_, json, _) = run(data.path(), &["reviews", &id, "--json"]);
    let round: serde_json::Value = serde_json::from_str(&json).expect("json");
    let housing = round["partners"]
        .as_array()
        .expect("partners")
        .iter()
        .find(|p| p["partner"] == "housing")
        .expect("housing");
    assert_eq!(housing["decisions"][0]["status"], "commented");
    assert_eq!(housing["summary"], "commented on 0.4");
    // An approval names who approved: by default the partner's signatory.
    let icb = &round["partners"][0]["decisions"][0];
    assert_eq!(icb["by_name"], "Dr Llŷr Pritchard");

    let files = tempfile::tempdir().expect("tempdir");
    let pdf = files.path().join("final.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Hollinsmoor Homes Housing Association")
            && err.contains("render.not_ready_for_final"),
        "{err}"
    );
    assert!(!pdf.exists(), "nothing is written when refused");

    assert_eq!(
        run(data.path(), &["review", &id, "0.4", "housing", "approved"]).0,
        0
    );
    // Every partner approved 0.4: the sign-off step is complete, from the decisions.
    let (_, out, _) = run(data.path(), &["show", &id]);
    let sign_off = out
        .lines()
        .find(|l| l.contains("Review and sign-off"))
        .expect("step 12");
    assert!(sign_off.ends_with("Complete"), "{out}");
    // Approved 0.4 is not yet the final version: the refusal says the one step left.
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("review.final_version_not_issued")
            && err.contains("every partner approved version 0.4")
            && err.contains(&format!("mou issue {id} --final")),
        "{err}"
    );
    assert!(!pdf.exists(), "nothing is written when refused");
    assert_eq!(run(data.path(), &["issue", &id, "--final"]).0, 0);
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(data.path(), &["identify", pdf_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("version 1.0 final"), "{out}");
}

/// `mou diff` between an issued version, a revision and the current draft.
#[test]
fn diff_compares_versions_revisions_and_the_draft() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    let (code, out, _) = run(data.path(), &["diff", &id, "0.4"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("No changes from version 0.4 to the current draft"),
        "{out}"
    );
    assert_eq!(
        run(data.path(), &["review", &id, "0.4", "icb", "approved"]).0,
        0
    );

    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    let (code, out, _) = run(data.path(), &["diff", &id, "0.4"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("1 change from version 0.4 to the current draft"),
        "{out}"
    );
    assert!(
        out.contains("Risk R01, mitigation: [-Monthly-]{+Weekly+} demand"),
        "{out}"
    );
    let (_, json, _) = run(data.path(), &["diff", &id, "r1", "draft", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["from"], "revision 1");
    assert_eq!(json["steps"][0]["step"], "risks");
    assert_eq!(json["steps"][0]["changes"][0]["words"][0]["tag"], "deleted");
    // A partner who approved 0.4 is told how much 0.5 changes.
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    let (_, out, _) = run(data.path(), &["reviews", &id]);
    assert!(
        out.contains("approved 0.4; 0.5 not yet reviewed, 1 change since"),
        "{out}"
    );
    let (code, _, err) = run(data.path(), &["diff", &id, "yesterday"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("review.bad_point") && err.contains("r14"),
        "{err}"
    );
    let (code, _, err) = run(data.path(), &["diff", &id, "0.9"]);
    assert_eq!(code, 2);
    assert!(err.contains("store.version_not_found"), "{err}");
}

/// Comments tied to a step and an item by its stable id: they follow a rename,
/// block a final document while open, and are resolved with a revision or a reason.
#[test]
fn comments_follow_their_item_and_hold_the_final_document() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    let comment = |args: &[&str]| {
        let mut all = vec!["comment", &id, "0.4", "trust-acute"];
        all.extend_from_slice(args);
        run(data.path(), &all)
    };
    let (code, out, err) = comment(&[
        "objectives",
        "Use the national discharge ready date definition.",
        "--item",
        "objective:objective-2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("#1 ") && out.contains("OPEN"), "{out}");
    assert_eq!(
        comment(&["risks", "Cap our share.", "--item", "risk:R01"]).0,
        0
    );
    // Refused: an item that is not there, an item of another step, no text.
    for (args, says) in [
        (
            vec!["risks", "x", "--item", "risk:R99"],
            "no item \"risk:R99\"",
        ),
        (
            vec!["risks", "x", "--item", "objective:objective-2"],
            "belongs to the step \"Objectives\"",
        ),
        (vec!["risks", " "], "has no text"),
    ] {
        let (code, _, err) = comment(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains(says) && err.contains("review.comment_incomplete"),
            "{err}"
        );
    }
    let (code, _, err) = run(data.path(), &["comment", &id, "0.4", "icb", "steps", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a step"), "{err}");

    // Renaming the objective keeps the comment on it.
    import_edited(
        data.path(),
        &id,
        "\"title\": \"Timely and safe discharge from hospital\"",
        "\"title\": \"Discharge on the day people are ready\"",
    );
    let (_, out, _) = run(data.path(), &["comments", &id]);
    assert!(
        out.contains("about Objective \"Discharge on the day people are ready\""),
        "{out}"
    );

    // Every partner approves; the open comments still hold the final document.
    approve_all(data.path(), &id, "0.4", &EXAMPLE_PARTNERS);
    // The library says where the round stands.
    let (_, out, _) = run(data.path(), &["show", &id]);
    assert!(
        out.contains("Review:       0.4 with partners: 8 of 8 approved, 2 comments open"),
        "{out}"
    );
    let (_, json, _) = run(data.path(), &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(list[0]["review"]["comments_open"], 2);
    let pdf = data.path().join("final.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 2);
    assert!(
        err.contains("review.comments_open")
            && err.contains("comment 1 from Hollinsmoor Teaching Hospitals"),
        "{err}"
    );
    let (code, _, err) = run(data.path(), &["resolve", &id, "2", "not-accepted"]);
    assert_eq!(code, 2);
    assert!(err.contains("Say why comment 2 is not accepted"), "{err}");
    assert_eq!(
        run(
            data.path(),
            &[
                "resolve",
                &id,
                "2",
                "not-accepted",
                "--reason",
                "Shares follow contributions."
            ]
        )
        .0,
        0
    );
    let (code, out, _) = run(data.path(), &["resolve", &id, "1", "accepted"]);
    assert_eq!(code, 0);
    assert!(out.contains("accepted (revision 3)"), "{out}");
    let (_, out, _) = run(data.path(), &["comments", &id, "--open"]);
    assert_eq!(out.trim(), "No comments.");
    // The renamed content is not the approved 0.4, so final still waits for approvals of it.
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 2);
    assert!(err.contains("render.not_ready_for_final"), "{err}");
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    approve_all(data.path(), &id, "0.5", &EXAMPLE_PARTNERS);
    assert_eq!(run(data.path(), &["issue", &id, "--final"]).0, 0);
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 0, "{err}");
    let (_, json, _) = run(data.path(), &["comments", &id, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json[0]["resolution"]["state"], "accepted");
    assert_eq!(
        json[1]["resolution"]["reason"],
        "Shares follow contributions."
    );
}

/// A draft's PDF lists the versions issued so far near the front (document
/// control): number, date, what changed, who approved; and whom it goes to. A
/// draft never issued has no such table; the table is part of the fingerprint.
#[test]
fn a_pdf_lists_the_versions_issued_and_who_approved_them() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let pdf = data.path().join("control.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let text_of = |args: &[&str]| {
        let (code, _, err) = run(data.path(), args);
        assert_eq!(code, 0, "{err}");
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", pdf_arg, "-"])
            .output()
            .expect("pdftotext");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let fingerprint = |text: &str| {
        let at = text.find("Fingerprint ").expect("a fingerprint") + "Fingerprint ".len();
        text[at..at + 9].to_string()
    };
    let never = text_of(&["render", &id, "-o", pdf_arg]);
    assert!(
        !never.contains("Document control"),
        "never issued: no table"
    );
    assert_eq!(
        run(
            data.path(),
            &[
                "issue",
                &id,
                "--on",
                "2027-02-01",
                "--note",
                "For the February boards."
            ]
        )
        .0,
        0
    );
    let sent = text_of(&["render", &id, "-o", pdf_arg]);
    approve_all(data.path(), &id, "0.4", &["icb", "council"]);
    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    assert_eq!(run(data.path(), &["issue", &id, "--on", "2027-03-01"]).0, 0);
    let text = text_of(&["render", &id, "-o", pdf_arg]);
    // The heading itself, after its line in the contents.
    let at = text.rfind("Document control").expect("the table");
    let control = &text[at..];
    let control = &control[..control.find("Distribution").expect("the distribution list")];
    for expected in [
        "0.4",
        "1 February 2027",
        // Phrases inside one line of a cell: the cells wrap.
        "First version issued.",
        "boards.",
        // The two who approved 0.4, in partner order, across the cell's lines.
        "NHS Hollinsmoor and Lowdale",
        "Integrated Care Board;",
        "Metropolitan Borough",
        "0.5",
        "1 March 2027",
        "1 change since 0.4.",
        "Not yet approved",
    ] {
        assert!(control.contains(expected), "lacks {expected:?}:\n{control}");
    }
    // Before the body: the table comes ahead of the first numbered section.
    assert!(
        Some(at) < text.rfind("1 Definitions and interpretation"),
        "{text}"
    );
    // The distribution list names each partner's lead contact.
    let distribution = &text[text.rfind("Distribution").expect("list")..];
    assert!(distribution.contains("Sent to"), "{distribution}");
    // What the table shows is part of the fingerprint: the same content with the
    // approvals recorded since prints another one.
    assert_ne!(fingerprint(&sent), fingerprint(&never));
    approve_all(data.path(), &id, "0.5", &["icb"]);
    let approved = text_of(&["render", &id, "-o", pdf_arg]);
    assert_ne!(fingerprint(&approved), fingerprint(&text));
}

/// A PDF for a partner who approved 0.4 ends with what changed since, under the
/// document's own section numbers.
#[test]
fn a_pdf_can_end_with_the_changes_since_a_version() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    let pdf = data.path().join("with-changes.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let (code, _, err) = run(
        data.path(),
        &["render", &id, "--changes-since", "0.4", "-o", pdf_arg],
    );
    assert_eq!(code, 0, "{err}");
    let text = pdftotext(pdf_arg);
    let appendix = &text[text
        .rfind("Changes since version 0.4")
        .expect("the appendix")..];
    assert!(appendix.contains("(1 change)"), "{appendix}");
    assert!(
        appendix.contains("9 Risk assessment"),
        "under the document's own number: {appendix}"
    );
    assert!(
        appendix.contains("Risk R01, mitigation: Monthly Weekly demand"),
        "{appendix}"
    );
    // Without it, no appendix; from a file, refused; an unknown version, refused.
    let plain = data.path().join("plain.pdf");
    assert_eq!(
        run(
            data.path(),
            &["render", &id, "-o", plain.to_str().expect("p")]
        )
        .0,
        0
    );
    let out = std::process::Command::new("pdftotext")
        .args([plain.to_str().expect("p"), "-"])
        .output()
        .expect("pdftotext");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Changes since"));
    let (code, _, err) = run(
        data.path(),
        &[
            "render",
            example_path().to_str().expect("p"),
            "--changes-since",
            "0.4",
            "-o",
            pdf_arg,
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("needs a draft from the library"), "{err}");
    let (code, _, err) = run(
        data.path(),
        &["render", &id, "--changes-since", "0.2", "-o", pdf_arg],
    );
    assert_eq!(code, 2);
    assert!(err.contains("store.version_not_found"), "{err}");
}

/// The clause library, grouped, with when each clause is usually needed.
#[test]
fn the_clause_library_lists_every_clause_with_when_it_is_needed() {
    let data = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run(data.path(), &["clauses"]);
    assert_eq!(code, 0);
    for expected in [
        "How the memorandum works",
        "For legally binding agreements only",
        "safeguarding",
        "Usually: Any partnership whose services reach children or adults at risk.",
        "governing_law             Governing law and jurisdiction (binding)",
    ] {
        assert!(out.contains(expected), "lacks {expected:?}:\n{out}");
    }
    let (_, json, _) = run(data.path(), &["clauses", "--json"]);
    let library: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
    assert_eq!(library.len(), 28);
    let new: Vec<&str> = library
        .iter()
        .filter(|c| c["in_new_agreements"] == true)
        .map(|c| c["key"].as_str().expect("key"))
        .collect();
    assert_eq!(new.len(), 8, "{new:?}");
    assert!(
        library
            .iter()
            .filter(|c| c["group"] == "binding")
            .all(|c| c["binding"] == true && c["in_new_agreements"] == false)
    );
}

/// "Changes since the version partners last reviewed": the oldest of each
/// partner's last reviewed version, so the appendix is news to every one of them;
/// none before any decision or once all reviewed exactly this content.
#[test]
fn changes_since_reviewed_starts_where_the_furthest_behind_partner_left_off() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    let pdf = data.path().join("changes.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let last_reviewed = || {
        let (_, json, _) = run(data.path(), &["reviews", &id, "--json"]);
        let round: serde_json::Value = serde_json::from_str(&json).expect("json");
        round["last_reviewed"].clone()
    };
    let refused = || {
        let (code, _, err) = run(
            data.path(),
            &["render", &id, "--changes-since", "reviewed", "-o", pdf_arg],
        );
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("review.bad_point") && err.contains("no version partners last reviewed"),
            "{err}"
        );
    };
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    // Sent, nobody has decided: nothing to start from.
    assert_eq!(last_reviewed(), serde_json::Value::Null);
    refused();
    // The ICB approved 0.4 and nothing changed since: still nothing new to show.
    approve_all(data.path(), &id, "0.4", &["icb"]);
    assert_eq!(last_reviewed(), serde_json::Value::Null);
    refused();
    // An edit, issued as 0.5; the council approves 0.5, the ICB is still on 0.4.
    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    assert_eq!(last_reviewed(), "0.4");
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    approve_all(data.path(), &id, "0.5", &["council"]);
    assert_eq!(last_reviewed(), "0.4", "the ICB has not seen 0.5");
    let (code, _, err) = run(
        data.path(),
        &["render", &id, "--changes-since", "reviewed", "-o", pdf_arg],
    );
    assert_eq!(code, 0, "{err}");
    let text = pdftotext(pdf_arg);
    assert!(text.contains("Changes since version 0.4"), "{text}");
    // The ICB catches up: every partner who decided reviewed 0.5, which the draft is.
    approve_all(data.path(), &id, "0.5", &["icb"]);
    assert_eq!(last_reviewed(), serde_json::Value::Null);
}

/// The agreement file carries the review round (format 2): a draft exported with
/// versions, decisions and comments comes back whole as a new draft; a version 1
/// file still imports; a review round is never merged into another draft.
#[test]
fn the_review_round_travels_in_the_agreement_file() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(
        run(data.path(), &["issue", &id, "--note", "For the board"]).0,
        0
    );
    assert_eq!(
        run(data.path(), &["review", &id, "0.4", "icb", "approved"]).0,
        0
    );
    assert_eq!(
        run(
            data.path(),
            &[
                "comment",
                &id,
                "0.4",
                "council",
                "risks",
                "Add the s75 figures.",
                "--item",
                "risk:R01"
            ]
        )
        .0,
        0
    );
    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    assert_eq!(run(data.path(), &["resolve", &id, "1", "accepted"]).0, 0);

    let files = tempfile::tempdir().expect("tempdir");
    let file = files.path().join("round.json");
    let (code, _, err) = run(
        data.path(),
        &["export", &id, "-o", file.to_str().expect("p")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("with its review round"), "{err}");
    let text = std::fs::read_to_string(&file).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["format_version"], mou_core::exchange::FORMAT_VERSION);
    assert_eq!(
        json["review"]["versions"]
            .as_array()
            .expect("versions")
            .len(),
        2
    );

    // Into a fresh library: the same versions, decisions and comments.
    let other = tempfile::tempdir().expect("tempdir");
    let (code, out, err) = run(
        other.path(),
        &["import", file.to_str().expect("p"), "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let new_id = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"].to_string();
    for command in ["versions", "reviews", "comments"] {
        let (_, before, _) = run(data.path(), &[command, &id]);
        let (_, after, _) = run(other.path(), &[command, &new_id]);
        let strip = |s: &str| {
            s.replace("revision 4", "revision N")
                .replace("revision 5", "revision N")
        };
        if command == "versions" {
            // The revisions a version was saved as are this library's own.
            let cols = |s: &str| {
                s.lines()
                    .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
            };
            assert_eq!(cols(&before), cols(&after), "{command}");
        } else {
            assert_eq!(strip(&before), strip(&after), "{command}");
        }
    }
    let (_, diff, _) = run(other.path(), &["diff", &new_id, "0.4", "0.5"]);
    assert!(diff.contains("[-Monthly-]{+Weekly+}"), "{diff}");

    // Not merged into an existing draft.
    let (code, _, err) = run(
        other.path(),
        &["import", file.to_str().expect("p"), "--into", &new_id],
    );
    assert_eq!(code, 2);
    assert!(err.contains("exchange.review_not_merged"), "{err}");

    // A version 1 file (no review round) still imports.
    let v1 = files.path().join("v1.json");
    let text = std::fs::read_to_string(example_path())
        .expect("read")
        .replacen(
            &format!("\"format_version\": {}", mou_core::exchange::FORMAT_VERSION),
            "\"format_version\": 1",
            1,
        );
    assert!(
        text.contains("\"format_version\": 1"),
        "the file was made version 1"
    );
    std::fs::write(&v1, text).expect("write");
    let (code, _, err) = run(other.path(), &["import", v1.to_str().expect("p")]);
    assert_eq!(code, 0, "{err}");
}

/// The final version is 1.0: the last version reviewed, issued once every partner
/// approved it, nothing changed since and no comment is open; the approvals carry
/// over, so its final PDF says "Version 1.0".
#[test]
fn the_final_version_is_issued_as_1_0_once_everything_is_settled() {
    let data = tempfile::tempdir().expect("tempdir");
    let id = import_example(data.path());
    assert_eq!(run(data.path(), &["issue", &id]).0, 0);
    let refused = |says: &str| {
        let (code, _, err) = run(data.path(), &["issue", &id, "--final"]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("review.not_ready_for_final") && err.contains(says),
            "{err}"
        );
    };
    refused("have not approved version 0.4");
    approve_all(data.path(), &id, "0.4", &EXAMPLE_PARTNERS[..7]);
    refused("Hollinsmoor Homes Housing Association has not approved version 0.4");
    approve_all(data.path(), &id, "0.4", &EXAMPLE_PARTNERS[7..]);
    assert_eq!(
        run(
            data.path(),
            &["comment", &id, "0.4", "icb", "finance", "Check the totals."]
        )
        .0,
        0
    );
    refused("1 comment is still open");
    assert_eq!(
        run(
            data.path(),
            &[
                "resolve",
                &id,
                "1",
                "not-accepted",
                "--reason",
                "The totals are right."
            ]
        )
        .0,
        0
    );

    let (code, out, err) = run(data.path(), &["issue", &id, "--final", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"version\": \"1.0\""), "{out}");
    let (_, out, _) = run(data.path(), &["reviews", &id]);
    assert_eq!(out.matches("approved 1.0").count(), 8, "{out}");
    let pdf = data.path().join("final.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let (code, _, err) = run(data.path(), &["render", &id, "--final", "-o", pdf_arg]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(data.path(), &["identify", pdf_arg]);
    assert_eq!(code, 0);
    assert!(out.contains("version 1.0 final"), "{out}");

    // After the final version, a change must be reviewed again first.
    import_edited(
        data.path(),
        &id,
        "Monthly demand and finance monitoring",
        "Weekly demand and finance monitoring",
    );
    refused("changed since version 1.0");
    let (_, out, _) = run(data.path(), &["issue", &id, "--json"]);
    assert!(
        out.contains("\"version\": \"1.1\""),
        "a variation is reviewed as 1.1: {out}"
    );
}
