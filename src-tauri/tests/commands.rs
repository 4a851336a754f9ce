//! Every command, called as the window calls it (JSON arguments over IPC), on
//! Tauri's mock runtime: no display needed. Bad input must come back as a
//! CommandError with a stable code and a message, never a panic.

#[path = "../../tests/common/user_template.rs"]
mod user_template;

use mou_desktop::native::Native;
use mou_desktop::state::AppState;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        TestApp::in_dir(dir)
    }

    fn in_dir(dir: tempfile::TempDir) -> TestApp {
        let answers = dir.path().join("answers.json");
        std::fs::write(&answers, "{}").expect("answers");
        let state = AppState::open(&dir.path().join("data"), Native::Scripted(answers));
        let app = mou_desktop::register(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .expect("mock app");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        TestApp {
            _app: app,
            window,
            dir,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// What the next dialog answers.
    fn answer(&self, answers: Value) {
        std::fs::write(self.path("answers.json"), answers.to_string()).expect("answers");
    }

    /// Calls a command; Ok(value) or Err(CommandError as JSON).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("JSON response"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The error of a command that must fail, with its code checked.
    fn fails(&self, cmd: &str, args: Value, code: &str) -> String {
        let err = self.call(cmd, args).expect_err(cmd);
        assert_eq!(err["code"], code, "{cmd}: {err}");
        let message = err["message"].as_str().expect("a message").to_string();
        assert!(message.len() > 20, "{cmd}: message too thin: {message}");
        message
    }

    fn new_draft(&self, title: &str) -> i64 {
        let d = self.ok(
            "new_draft",
            json!({ "title": title, "template": "health-and-care-partnership" }),
        );
        d["id"].as_i64().expect("id")
    }
}

/// The full example's agreement (the exchange file wraps it with its format version).
fn example() -> Value {
    let file: Value = serde_json::from_str(include_str!("../../examples/integrated-care-mou.json"))
        .expect("example");
    file["agreement"].clone()
}

#[test]
fn library_commands_create_list_search_duplicate_archive_delete() {
    let t = TestApp::new();
    assert_eq!(t.ok("list_drafts", json!({ "query": {} })), json!([]));
    let a = t.new_draft("Riverside discharge");
    t.new_draft("Hollinsmoor falls prevention");
    let found = t.ok("list_drafts", json!({ "query": { "search": "falls" } }));
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    let copy = t.ok("duplicate_draft", json!({ "id": a }));
    assert!(
        copy["title"]
            .as_str()
            .is_some_and(|s| s.contains("Riverside discharge")),
        "{copy}"
    );
    t.ok("set_archived", json!({ "id": a, "archived": true }));
    assert_eq!(
        t.ok("list_drafts", json!({ "query": {} }))
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let all = t.ok("list_drafts", json!({ "query": { "archived": "include" } }));
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    t.ok("delete_draft", json!({ "id": a }));
    t.fails("open_draft", json!({ "id": a }), "store.draft_not_found");
    t.fails("delete_draft", json!({ "id": a }), "store.draft_not_found");
}

#[test]
fn a_draft_opens_with_its_task_list_and_saves_with_a_fresh_overview() {
    let t = TestApp::new();
    let id = t.new_draft("Riverside discharge");
    let opened = t.ok("open_draft", json!({ "id": id }));
    let steps = opened["overview"]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 12);
    assert_eq!(steps[1]["status"], "not_started");
    assert_eq!(opened["overview"]["bands"][3]["name"], "Extreme");

    // Save the full example into it: partners complete, money totalled exactly.
    let saved = t.ok("save_draft", json!({ "id": id, "agreement": example() }));
    assert_eq!(saved["summary"]["revision"], 2);
    assert_eq!(saved["overview"]["steps"][1]["status"], "complete");
    assert_eq!(saved["overview"]["finance"]["total_gbp"], "31680000.00");
    // Saving the same again adds no revision; nor do more edits in the same sitting (autosave).
    let again = t.ok("save_draft", json!({ "id": id, "agreement": example() }));
    assert_eq!(again["summary"]["revision"], 2);
    let mut edited = example();
    edited["details"]["title"] = json!("Edited in the same sitting");
    let folded = t.ok("save_draft", json!({ "id": id, "agreement": edited }));
    assert_eq!(folded["summary"]["revision"], 2);
    assert_eq!(folded["summary"]["title"], "Edited in the same sitting");

    let revisions = t.ok("list_revisions", json!({ "id": id }));
    assert_eq!(revisions.as_array().map(Vec::len), Some(2));
    let restored = t.ok("restore_revision", json!({ "id": id, "number": 1 }));
    assert_eq!(restored["summary"]["revision"], 3);
    assert_eq!(restored["agreement"]["partners"], json!([]));
    t.fails(
        "restore_revision",
        json!({ "id": id, "number": 99 }),
        "store.revision_not_found",
    );
}

#[test]
fn a_malformed_agreement_from_the_window_is_refused_and_nothing_is_saved() {
    let t = TestApp::new();
    let id = t.new_draft("Money");
    let mut bad = example();
    bad["finance"]["contributions"][0]["amount_gbp"] = json!("12,000");
    // Tauri refuses the arguments before the command runs: a plain error, not a panic.
    assert!(
        t.call("save_draft", json!({ "id": id, "agreement": bad }))
            .is_err()
    );
    let summary = &t.ok("list_drafts", json!({ "query": {} }))[0];
    assert_eq!(summary["revision"], 1);
}

#[test]
fn generate_pdf_writes_the_file_or_says_why_not() {
    let t = TestApp::new();
    let id = t.new_draft("Riverside discharge");
    t.ok("save_draft", json!({ "id": id, "agreement": example() }));
    let progress = json!("__CHANNEL__:1");

    // Cancelled dialog: nothing happens.
    t.answer(json!({}));
    let none = t.ok("generate_pdf", json!({ "id": id, "template": "health-and-care-partnership", "isFinal": false, "openAfter": false, "progress": progress }));
    assert_eq!(none, Value::Null);
    t.fails("open_pdf", json!({}), "app.no_pdf_yet");

    let pdf = t.path("out.pdf");
    t.answer(json!({ "save": pdf }));
    let made = t.ok("generate_pdf", json!({ "id": id, "template": "integrated-care-pooled-budget", "isFinal": false, "openAfter": true, "progress": progress }));
    assert_eq!(made["path"], pdf.display().to_string());
    assert!(made["pages"].as_u64().is_some_and(|p| p >= 15), "{made}");
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    // The library recorded it: `identify` knows this very file and its fingerprint.
    let known = mou_core::api::Library::open(&t.path("data"))
        .expect("library")
        .identify(&bytes)
        .expect("identify")
        .known
        .expect("the library made this file");
    assert!(known.same_file);
    assert_eq!(
        made["fingerprint"].as_str(),
        Some(
            mou_core::fingerprint::Fingerprint::from_hex(&known.made.fingerprint)
                .expect("hex")
                .short()
                .as_str()
        )
    );
    let opened = std::fs::read_to_string(t.path("answers.opened")).expect("viewer log");
    assert_eq!(opened.trim(), pdf.display().to_string());
    t.ok("open_pdf", json!({}));

    // An unwritable place: a plain-English error naming the file, nothing written.
    let nowhere = t.path("no-such-folder/out.pdf");
    t.answer(json!({ "save": nowhere }));
    let message = t.fails("generate_pdf", json!({ "id": id, "template": "health-and-care-partnership", "isFinal": false, "openAfter": false, "progress": progress }), "files.write_failed");
    assert!(message.contains("no-such-folder"), "{message}");

    // Final is refused while partners have not approved.
    t.answer(json!({ "save": t.path("final.pdf") }));
    let message = t.fails("generate_pdf", json!({ "id": id, "template": "health-and-care-partnership", "isFinal": true, "openAfter": false, "progress": progress }), "render.not_ready_for_final");
    assert!(
        message.contains("final document cannot be made yet"),
        "{message}"
    );
    assert!(!t.path("final.pdf").exists());
}

/// The library's status column counts a draft's steps with its own template's risk
/// bands, as the workspace does: the two never disagree.
#[test]
fn the_library_counts_steps_with_the_drafts_template() {
    let t = TestApp::new();
    // A user template whose bands count only "Extreme" as high.
    user_template::user_template(&t.path("data"), "lenient", "Extreme");

    let d = t.ok(
        "new_draft",
        json!({ "title": "Lenient", "template": "lenient" }),
    );
    let mut agreement = example();
    agreement["details"]["template"] = json!("lenient");
    let mut high = agreement["risks"][0].clone();
    high["id"] = json!("R-HIGH");
    high["likelihood"] = json!(3);
    high["consequence"] = json!(4); // 12: "High", which needs a mitigation only by default
    high["mitigation"] = json!("");
    agreement["risks"].as_array_mut().expect("risks").push(high);
    let saved = t.ok(
        "save_draft",
        json!({ "id": d["id"], "agreement": agreement }),
    );
    let risks = saved["overview"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == "risks")
        .expect("risks step");
    assert_ne!(
        risks["status"], "has_problems",
        "the template's bands apply: {risks}"
    );
    let problems = saved["overview"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["status"] == "has_problems")
        .count();
    assert_eq!(saved["summary"]["steps_with_problems"], json!(problems));
    let listed = t.ok("list_drafts", json!({ "query": {} }));
    assert_eq!(listed[0]["steps_with_problems"], json!(problems));
}

#[test]
fn a_broken_user_template_is_listed_with_its_problem_and_refused_by_name() {
    let t = TestApp::new();
    let dir = t.path("data/templates/broken");
    std::fs::create_dir_all(&dir).expect("template dir");
    std::fs::write(
        dir.join("manifest.toml"),
        "name = \"broken\"\ntitle = \"Broken\"\n",
    )
    .expect("manifest");
    std::fs::write(dir.join("document.xml"), "<document>{% if %}</document>").expect("template");
    let library = t.ok("clause_library", json!({}));
    assert!(
        library.as_array().is_some_and(|l| l
            .iter()
            .any(|c| c["key"] == "safeguarding" && c["usually"] != "")),
        "{library}"
    );
    let listed = t.ok("list_templates", json!({}));
    let broken = listed
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|x| x["origin"].as_str().is_some_and(|o| o.contains("broken")))
        })
        .unwrap_or_else(|| panic!("broken template not listed: {listed}"));
    assert!(broken["problem"].is_string(), "{broken}");
    t.fails(
        "new_draft",
        json!({ "title": "x", "template": "no-such-template" }),
        "template.not_found",
    );
    // Generating with it says what is wrong in the template, with its place.
    let id = t.new_draft("Uses a broken template");
    t.answer(json!({ "save": t.path("x.pdf") }));
    let err = t
        .call("generate_pdf", json!({ "id": id, "template": "broken", "isFinal": false, "openAfter": false, "progress": "__CHANNEL__:1" }))
        .expect_err("a broken template cannot render");
    assert_eq!(err["code"], "template.syntax");
    let message = err["message"].as_str().expect("message");
    assert!(message.contains("document.xml:1:17"), "{err}");
    assert!(!t.path("x.pdf").exists());
}

#[test]
fn import_and_export_go_through_the_dialogs_and_report_bad_files() {
    let t = TestApp::new();
    let good = t.path("example.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/integrated-care-mou.json"),
        &good,
    )
    .expect("copy");
    t.answer(json!({ "open": good }));
    let imported = t.ok("import_draft", json!({}));
    let id = imported["id"].as_i64().expect("id");
    assert_eq!(imported["partners"].as_array().map(Vec::len), Some(8));

    let out = t.path("exported.json");
    t.answer(json!({ "save": out }));
    assert_eq!(
        t.ok("export_draft", json!({ "id": id })),
        json!(out.display().to_string())
    );
    assert_eq!(
        std::fs::read(&out).expect("export"),
        std::fs::read(&good).expect("example")
    );

    let bad = t.path("bad.json");
    std::fs::write(&bad, "{\n  \"format_version\": 1,\n  \"agreement\": {\n    \"details\": { \"title\": 7 }\n  }\n}\n").expect("bad");
    t.answer(json!({ "open": bad }));
    let message = t.fails("import_draft", json!({}), "exchange.wrong_shape");
    assert!(message.contains("details.title"), "{message}");
    t.answer(json!({}));
    assert_eq!(t.ok("import_draft", json!({})), Value::Null);
    assert_eq!(
        t.ok("list_drafts", json!({ "query": {} }))
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn a_library_that_cannot_be_opened_is_reported_by_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("data")).expect("data");
    std::fs::write(
        dir.path().join("data/library.sqlite3"),
        "this is not a database at all, just text",
    )
    .expect("junk");
    let t = TestApp::in_dir(dir);
    let status = t.ok("app_status", json!({}));
    assert_eq!(status["library_problem"]["code"], "store.not_sqlite");
    t.fails("list_drafts", json!({ "query": {} }), "store.not_sqlite");
    // The file is left as it was.
    assert_eq!(
        std::fs::read_to_string(t.path("data/library.sqlite3")).expect("junk"),
        "this is not a database at all, just text"
    );
}

/// The review round from the window: issue (the proposed number, then a typed
/// one), decisions, a comparison down to the words, and "Check a PDF".
#[test]
fn the_review_round_issues_versions_records_decisions_compares_and_identifies() {
    let t = TestApp::new();
    let id = t.new_draft("Hollinsmoor");
    t.ok("save_draft", json!({ "id": id, "agreement": example() }));

    // Never issued: the typed label stands, and the example's own label is proposed.
    let opened = t.ok("open_draft", json!({ "id": id }));
    assert_eq!(opened["overview"]["version_from_review"], Value::Null);
    let round = t.ok("review_round", json!({ "id": id }));
    assert_eq!(round["next_version"], "0.4");
    assert_eq!(round["round"]["versions"], json!([]));

    let issued = t.ok(
        "issue_version",
        json!({ "id": id, "version": null, "issuedOn": "2027-01-11", "sentTo": [], "note": "First round" }),
    );
    assert_eq!(issued["issued"]["version"], "0.4");
    assert_eq!(issued["issued"]["issued_on"], "2027-01-11");
    assert_eq!(
        issued["issued"]["sent_to"].as_array().map(Vec::len),
        Some(8)
    );
    assert_eq!(issued["draft"]["agreement"]["details"]["version"], "0.4");
    // From now on the label comes from the versions: "0.4", then "0.4 + changes".
    assert_eq!(issued["draft"]["overview"]["version_from_review"], "0.4");
    let mut edited = issued["draft"]["agreement"].clone();
    edited["vision"]["population"] = json!("Everyone in Hollinsmoor.");
    let saved = t.ok("save_draft", json!({ "id": id, "agreement": edited }));
    assert_eq!(saved["overview"]["version_from_review"], "0.4 + changes");
    t.ok(
        "save_draft",
        json!({ "id": id, "agreement": issued["draft"]["agreement"] }),
    );

    // Decisions: an approval named after the signatory; the grid and summary follow.
    let round = t.ok(
        "record_decision",
        json!({ "id": id, "version": "0.4", "partner": "icb", "status": "approved",
                "decidedOn": "2027-01-20", "byName": "", "byJobTitle": "", "reason": "" }),
    );
    assert_eq!(round["next_version"], "0.5");
    let icb = &round["round"]["partners"][0];
    assert_eq!(icb["summary"], "approved 0.4");
    assert_eq!(icb["decisions"][0]["by_name"], "Dr Llŷr Pritchard");
    assert_eq!(
        round["round"]["partners"][1]["summary"],
        "0.4 sent, not yet reviewed"
    );

    // Bad input, each refused with its code and a message for the user.
    let decision = |version: &str, status: &str| {
        json!({ "id": id, "version": version, "partner": "council", "status": status,
                "decidedOn": null, "byName": "", "byJobTitle": "", "reason": " " })
    };
    let issue = |version: &str| json!({ "id": id, "version": version, "issuedOn": null, "sentTo": [], "note": "" });
    let refused = [
        ("issue_version", issue("0.x"), "review.bad_version"),
        ("issue_version", issue("1"), "review.bad_version"),
        ("issue_version", issue("0.4"), "store.version_taken"),
        (
            "issue_version",
            json!({ "id": id, "version": null, "issuedOn": null, "sentTo": ["nobody"], "note": "" }),
            "review.unknown_partner",
        ),
        (
            "record_decision",
            decision("zero", "approved"),
            "review.bad_version",
        ),
        (
            "record_decision",
            decision("0.9", "approved"),
            "store.version_not_found",
        ),
        (
            "record_decision",
            decision("0.4", "declined"),
            "review.decision_incomplete",
        ),
        (
            "compare_versions",
            json!({ "id": id, "from": "yesterday", "to": "draft" }),
            "review.bad_point",
        ),
    ];
    for (cmd, args, code) in refused {
        t.fails(cmd, args, code);
    }
    let message = t.fails("issue_version", issue("0.x"), "review.bad_version");
    assert!(
        message.contains("\"0.x\" is not a version number"),
        "{message}"
    );

    // An edit, issued as 0.5 (typed), compared with 0.4 down to the words.
    let mut edited = example();
    edited["risks"][0]["mitigation"] =
        json!("Weekly demand and finance monitoring by the pooled budget manager.");
    t.ok("save_draft", json!({ "id": id, "agreement": edited }));
    let issued = t.ok("issue_version", issue("0.5"));
    assert_eq!(issued["issued"]["version"], "0.5");
    let comparison = t.ok(
        "compare_versions",
        json!({ "id": id, "from": "0.4", "to": "0.5" }),
    );
    let steps = comparison["steps"].as_array().expect("steps");
    let risks = steps
        .iter()
        .find(|s| s["step"] == "risks")
        .unwrap_or_else(|| panic!("no change in risks: {comparison}"));
    let change = &risks["changes"][0];
    assert_eq!(change["field"], "mitigation", "{change}");
    let words = |tag: &str| -> String {
        change["words"]
            .as_array()
            .expect("words")
            .iter()
            .filter(|w| w["tag"] == tag)
            .filter_map(|w| w["text"].as_str())
            .collect()
    };
    assert!(words("inserted").contains("Weekly"), "{change}");
    assert!(words("deleted").contains("Monthly"), "{change}");
    // Nothing changed between 0.5 and the draft.
    let none = t.ok(
        "compare_versions",
        json!({ "id": id, "from": "0.5", "to": "draft" }),
    );
    assert_eq!(none["steps"], json!([]));

    // Check a PDF: cancelled is nothing; a file that is not a PDF is said to be so.
    t.answer(json!({}));
    assert_eq!(t.ok("identify_pdf", json!({})), Value::Null);
    let text = t.path("notes.pdf");
    std::fs::write(&text, "just some notes").expect("notes");
    t.answer(json!({ "open": text }));
    assert_eq!(t.ok("identify_pdf", json!({}))["file"]["kind"], "not_pdf");
    t.answer(json!({ "open": t.path("gone.pdf") }));
    let message = t.fails("identify_pdf", json!({}), "app.unreadable_file");
    assert!(message.contains("gone.pdf"), "{message}");
}

/// The PDF's text with every run of white space as one space.
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success(), "pdftotext failed on {pdf:?}");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Comments and the final version from the window: a comment on a risk and one on
/// a step, listed with what they concern; incomplete input refused with the core's
/// code; resolved (not accepted with a reason, accepted, reopened); the final
/// version refused while approvals or a comment are missing, then issued as 1.0;
/// a draft PDF with the changes since 0.4, and a final PDF of 1.0.
#[test]
fn comments_are_resolved_and_the_final_version_waits_for_every_approval() {
    let t = TestApp::new();
    let id = t.new_draft("Hollinsmoor");
    t.ok("save_draft", json!({ "id": id, "agreement": example() }));
    t.ok(
        "issue_version",
        json!({ "id": id, "version": null, "issuedOn": "2027-01-11", "sentTo": [], "note": "" }),
    );
    assert_eq!(t.ok("list_comments", json!({ "id": id })), json!([]));

    let comment = |version: &str, partner: &str, step: &str, item: Value, text: &str| json!({ "id": id, "version": version, "partner": partner, "step": step, "item": item, "text": text });
    let on_risk = t.ok(
        "add_comment",
        comment(
            "0.4",
            "council",
            "risks",
            json!("risk:R01"),
            "Monitoring should be weekly.",
        ),
    );
    assert_eq!(on_risk["id"], 1);
    assert_eq!(on_risk["concerns"], "Risk R01");
    assert_eq!(on_risk["item"], "risk:R01");
    assert_eq!(on_risk["resolution"], json!({ "state": "open" }));
    assert!(
        on_risk["partner_name"]
            .as_str()
            .is_some_and(|n| n.contains("Council")),
        "{on_risk}"
    );
    let on_step = t.ok(
        "add_comment",
        comment(
            "0.4",
            "icb",
            "vision",
            Value::Null,
            "Say who the people are.",
        ),
    );
    assert!(
        on_step["concerns"]
            .as_str()
            .is_some_and(|c| c.starts_with("the step")),
        "{on_step}"
    );
    let listed = t.ok("list_comments", json!({ "id": id }));
    let states: Vec<(&Value, &Value)> = listed
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| (&c["id"], &c["resolution"]["state"]))
        .collect();
    assert_eq!(
        states,
        [(&json!(1), &json!("open")), (&json!(2), &json!("open"))]
    );

    // Bad input, each refused with the core's code and a message for the user.
    let resolve = |number: i64, resolution: Value| json!({ "id": id, "number": number, "resolution": resolution });
    let draft_pdf = |since: &str| json!({ "id": id, "template": "health-and-care-partnership", "isFinal": false, "openAfter": false, "changesSince": since, "progress": "__CHANNEL__:1" });
    let refused = [
        (
            "add_comment",
            comment("0.4", "council", "risks", Value::Null, "  "),
            "review.comment_incomplete",
        ),
        (
            "add_comment",
            comment("0.4", "council", "risks", json!("risk:R99"), "On a risk"),
            "review.comment_incomplete",
        ),
        (
            "add_comment",
            comment("0.4", "council", "clauses", json!("risk:R01"), "Wrong step"),
            "review.comment_incomplete",
        ),
        (
            "add_comment",
            comment("0.9", "council", "risks", Value::Null, "No such version"),
            "store.version_not_found",
        ),
        (
            "add_comment",
            comment("0.4", "nobody", "risks", Value::Null, "Who?"),
            "review.unknown_partner",
        ),
        (
            "resolve_comment",
            resolve(1, json!({ "state": "not_accepted", "reason": " " })),
            "review.comment_incomplete",
        ),
        (
            "resolve_comment",
            resolve(99, json!({ "state": "accepted" })),
            "store.comment_not_found",
        ),
        (
            "issue_final_version",
            json!({ "id": id, "issuedOn": null, "note": "" }),
            "review.not_ready_for_final",
        ),
        ("generate_pdf", draft_pdf("yesterday"), "review.bad_point"),
        ("generate_pdf", draft_pdf("0.9"), "store.version_not_found"),
    ];
    for (cmd, args, code) in refused {
        t.fails(cmd, args, code);
    }
    let message = t.fails(
        "add_comment",
        comment("0.4", "council", "risks", json!("risk:R99"), "On a risk"),
        "review.comment_incomplete",
    );
    assert!(message.contains("no item \"risk:R99\""), "{message}");
    let message = t.fails(
        "resolve_comment",
        resolve(1, json!({ "state": "not_accepted", "reason": "" })),
        "review.comment_incomplete",
    );
    assert!(message.contains("Say why comment 1"), "{message}");
    let message = t.fails(
        "issue_final_version",
        json!({ "id": id, "issuedOn": null, "note": "" }),
        "review.not_ready_for_final",
    );
    assert!(
        message.starts_with("The final version cannot be issued yet:")
            && message.contains("have not approved version 0.4"),
        "{message}"
    );

    // Resolved: not accepted with its reason; accepted in the newest save; reopened.
    let not_accepted = t.ok(
        "resolve_comment",
        resolve(
            1,
            json!({ "state": "not_accepted", "reason": "Monthly is what the budget manager can staff." }),
        ),
    );
    assert_eq!(
        not_accepted["resolution"],
        json!({ "state": "not_accepted", "reason": "Monthly is what the budget manager can staff." })
    );
    let accepted = t.ok(
        "resolve_comment",
        resolve(2, json!({ "state": "accepted" })),
    );
    assert_eq!(accepted["resolution"]["state"], "accepted");
    assert!(accepted["resolution"]["revision"].as_u64().is_some());
    let reopened = t.ok("resolve_comment", resolve(2, json!({ "state": "reopen" })));
    assert_eq!(reopened["resolution"], json!({ "state": "open" }));

    // Every partner approves 0.4: the open comment still blocks the final version.
    let partners: Vec<String> = example()["partners"]
        .as_array()
        .expect("partners")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect();
    for partner in &partners {
        t.ok(
            "record_decision",
            json!({ "id": id, "version": "0.4", "partner": partner, "status": "approved",
                    "decidedOn": "2027-01-20", "byName": "", "byJobTitle": "", "reason": "" }),
        );
    }
    let message = t.fails(
        "issue_final_version",
        json!({ "id": id, "issuedOn": null, "note": "" }),
        "review.not_ready_for_final",
    );
    assert!(message.contains("1 comment is still open"), "{message}");
    t.ok(
        "resolve_comment",
        resolve(2, json!({ "state": "accepted" })),
    );

    // A draft PDF ending with the changes since 0.4 (a risk edited since).
    let mut edited = example();
    edited["risks"][0]["mitigation"] =
        json!("Weekly demand and finance monitoring by the pooled budget manager.");
    t.ok("save_draft", json!({ "id": id, "agreement": edited }));
    let with_changes = t.path("with changes.pdf");
    t.answer(json!({ "save": with_changes }));
    t.ok("generate_pdf", draft_pdf("0.4"));
    let text = pdf_text(&with_changes);
    assert!(text.contains("Changes since version 0.4"), "{text}");
    assert!(
        text.contains("Weekly"),
        "the changed words are in the appendix"
    );
    // None by default: no appendix.
    let without = t.path("without.pdf");
    t.answer(json!({ "save": without }));
    t.ok("generate_pdf", draft_pdf(""));
    assert!(!pdf_text(&without).contains("Changes since version"));

    // The partners last reviewed 0.4: the appendix starts there by default.
    let round = t.ok("review_round", json!({ "id": id }));
    assert_eq!(round["round"]["last_reviewed"], "0.4");

    // Changed since 0.4: the final version waits; back to 0.4's words, it is issued.
    let message = t.fails(
        "issue_final_version",
        json!({ "id": id, "issuedOn": null, "note": "" }),
        "review.not_ready_for_final",
    );
    assert!(message.contains("changed since version 0.4"), "{message}");
    t.ok("save_draft", json!({ "id": id, "agreement": example() }));
    // Approved by all and nothing open, but 0.4 is not the final version: a final
    // PDF says the step left.
    let message = t.fails(
        "generate_pdf",
        json!({ "id": id, "template": "health-and-care-partnership", "isFinal": true, "openAfter": false, "changesSince": null, "progress": "__CHANNEL__:1" }),
        "review.final_version_not_issued",
    );
    assert!(
        message.contains("every partner approved version 0.4")
            && message.contains("Issue it as version 1.0"),
        "{message}"
    );
    let issued = t.ok(
        "issue_final_version",
        json!({ "id": id, "issuedOn": "2027-03-15", "note": "Agreed at the March board" }),
    );
    assert_eq!(issued["issued"]["version"], "1.0");
    assert_eq!(issued["issued"]["issued_on"], "2027-03-15");
    assert_eq!(issued["issued"]["note"], "Agreed at the March board");
    assert_eq!(issued["draft"]["agreement"]["details"]["version"], "1.0");
    let round = t.ok("review_round", json!({ "id": id }));
    assert_eq!(round["round"]["versions"][1]["version"], "1.0");
    assert_eq!(
        round["round"]["partners"][0]["decisions"][1]["status"],
        "approved"
    );

    // The final PDF is version 1.0.
    let final_pdf = t.path("final.pdf");
    t.answer(json!({ "save": final_pdf }));
    t.ok(
        "generate_pdf",
        json!({ "id": id, "template": "health-and-care-partnership", "isFinal": true, "openAfter": false, "changesSince": null, "progress": "__CHANNEL__:1" }),
    );
    let known = mou_core::api::Library::open(&t.path("data"))
        .expect("library")
        .identify(&std::fs::read(&final_pdf).expect("final pdf"))
        .expect("identify")
        .known
        .expect("the library made this file");
    assert_eq!(known.made.version, "1.0");
    assert!(known.made.final_);
}
