//! Versions issued for review never change, through the API or through SQL; the
//! library records every PDF it made; a library made before these existed
//! upgrades in place, with a dated backup beside it.

mod common;

use mou_core::ErrorCode;
use mou_core::model::{PartnerId, VersionNumber};
use mou_core::store::{DraftId, MadeDocument, NewVersion, Store, StoreError};
use std::path::Path;
use std::time::Duration;

/// How many clauses the example had when the v3 fixture was made.
const EXAMPLE_CLAUSES_THEN: usize = 9;

fn v(s: &str) -> VersionNumber {
    s.parse().expect("version")
}

fn new_version(version: &str) -> NewVersion {
    NewVersion {
        version: v(version),
        issued_on: "2027-02-01".parse().expect("date"),
        sent_to: vec![PartnerId::from("icb"), PartnerId::from("council")],
        note: "For the February board.".into(),
    }
}

fn library_with_example() -> (tempfile::TempDir, Store, DraftId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let id = store.create(&common::example(), None).expect("create").id;
    (dir, store, id)
}

#[test]
fn an_issued_version_is_a_labelled_revision_that_later_edits_leave_alone() {
    let (_dir, mut store, id) = library_with_example();
    let mut a = common::example();
    a.details.version = "0.1".into();
    let (summary, issued) = store.issue(id, &a, &new_version("0.1")).expect("issues");
    assert_eq!(issued.version, v("0.1"));
    assert_eq!(issued.revision, summary.revision);
    assert_eq!(issued.sent_to.len(), 2);
    assert_eq!(issued.note, "For the February board.");
    let revisions = store.revisions(id).expect("revisions");
    assert_eq!(revisions[0].label.as_deref(), Some("Issued as version 0.1"));

    // An autosave right after (inside the sitting window) adds a revision instead
    // of folding into the issued one.
    a.vision.population.push_str(" Updated.");
    let after = store
        .autosave(id, &a, Duration::from_secs(300))
        .expect("autosaves");
    assert_eq!(after.revision, issued.revision + 1);
    let (_, content) = store.issued_version(id, v("0.1")).expect("issued");
    assert!(!content.vision.population.ends_with(" Updated."));
}

#[test]
fn versions_only_go_up() {
    let (_dir, mut store, id) = library_with_example();
    let a = common::example();
    store.issue(id, &a, &new_version("0.2")).expect("issues");
    let again = store.issue(id, &a, &new_version("0.2")).expect_err("taken");
    assert_eq!(again.code(), "store.version_taken");
    assert!(
        again.to_string().contains("issue the next version (0.3)"),
        "{again}"
    );
    let back = store.issue(id, &a, &new_version("0.1")).expect_err("lower");
    assert_eq!(back.code(), "store.version_not_after");
    store
        .issue(id, &a, &new_version("0.10"))
        .expect("0.10 comes after 0.2");
    store.issue(id, &a, &new_version("1.0")).expect("issues");
    let versions: Vec<String> = store
        .issued_versions(id)
        .expect("versions")
        .iter()
        .map(|i| i.version.to_string())
        .collect();
    assert_eq!(versions, ["0.2", "0.10", "1.0"]);
    let missing = store.issued_version(id, v("0.5")).expect_err("none");
    assert_eq!(missing.code(), "store.version_not_found");
}

#[test]
fn the_database_itself_refuses_to_change_an_issued_version() {
    let (dir, mut store, id) = library_with_example();
    let (_, issued) = store
        .issue(id, &common::example(), &new_version("0.1"))
        .expect("issues");
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join("library.sqlite3")).expect("raw");
    conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
    let attempts = [
        "UPDATE issued_versions SET note = 'changed'",
        "UPDATE issued_versions SET minor = 2",
        "DELETE FROM issued_versions",
        &format!(
            "UPDATE revisions SET content = '{{}}' WHERE draft_id = {} AND number = {}",
            id.0, issued.revision
        ),
    ];
    for sql in attempts {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("never") || err.to_string().contains("only with"),
            "{sql}: {err}"
        );
    }
    // Deleting the whole draft still works, and takes its versions with it.
    conn.execute("DELETE FROM drafts WHERE id = ?1", [id.0])
        .expect("a draft can still be deleted");
    let left: i64 = conn
        .query_row("SELECT count(*) FROM issued_versions", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 0);
}

#[test]
fn made_documents_are_found_by_bytes_and_by_fingerprint() {
    let (_dir, mut store, id) = library_with_example();
    let doc = MadeDocument {
        sha256: "ab".repeat(32),
        fingerprint: "cd".repeat(32),
        draft: Some(id),
        revision: Some(1),
        version: "0.4".into(),
        final_: false,
        template: "health-and-care-partnership".into(),
        pages: 20,
        bytes: 130_000,
        made_at: String::new(),
    };
    store.record_document(&doc).expect("records");
    store
        .record_document(&doc)
        .expect("the same file twice is fine");
    let found = store
        .document_by_sha256(&doc.sha256)
        .expect("query")
        .expect("found");
    assert_eq!(found.draft, Some(id));
    assert!(!found.made_at.is_empty());
    assert!(
        store
            .document_by_fingerprint(&doc.fingerprint)
            .expect("query")
            .is_some()
    );
    assert!(
        store
            .document_by_sha256(&"00".repeat(32))
            .expect("query")
            .is_none()
    );
    // Deleting the draft keeps the record of what was made, without the draft.
    store.delete(id).expect("deletes");
    let found = store
        .document_by_sha256(&doc.sha256)
        .expect("query")
        .expect("kept");
    assert_eq!(found.draft, None);
}

#[test]
fn a_library_made_before_review_rounds_upgrades_in_place_with_a_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v3.sqlite3");
    let library = dir.path().join("library.sqlite3");
    std::fs::copy(&fixture, &library).expect("copy fixture");
    let before = std::fs::read(&library).expect("read");

    let mut store = Store::open(dir.path()).expect("upgrades");
    // The backup beside it is the library exactly as it was.
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("library.sqlite3.before-v"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = rusqlite::Connection::open_with_flags(
        dir.path().join(&backups[0]),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("the backup opens");
    let (schema, drafts, revisions): (i64, i64, i64) = backup
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM drafts), (SELECT count(*) FROM revisions)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("backup readable");
    assert_eq!(
        (schema, drafts, revisions),
        (3, 2, 3),
        "the backup is the old library"
    );
    assert!(before.len() > 4096);

    // Every draft, revision and review as before.
    let all = store
        .list(&mou_core::store::ListQuery {
            archived: mou_core::store::Archived::Include,
            ..Default::default()
        })
        .expect("list");
    assert_eq!(all.len(), 2);
    let hollinsmoor = all.iter().find(|d| d.id == DraftId(1)).expect("draft 1");
    assert_eq!(hollinsmoor.revision, 2);
    let revisions = store.revisions(DraftId(1)).expect("revisions");
    assert_eq!(
        revisions
            .iter()
            .map(|r| r.label.clone())
            .collect::<Vec<_>>(),
        [Some("Workshop 2".into()), Some("Workshop 1".into())]
    );
    let first = store.revision(DraftId(1), 1).expect("revision 1");
    // The example as imported then, before objectives and activities had ids.
    let mut then = common::example();
    then.objectives.iter_mut().for_each(|o| o.id.clear());
    then.roles.raci.iter_mut().for_each(|r| r.id.clear());
    // … and before it took the seven clauses added from the grown clause library.
    then.clauses.truncate(EXAMPLE_CLAUSES_THEN);
    // … and before the parts of a complete agreement (format 3).
    common::without_format_3_parts(&mut then);
    assert_eq!(first, then, "revision 1 is the example as imported");
    let second = store.revision(DraftId(1), 2).expect("revision 2");
    assert_eq!(second.details.version, "0.5");
    assert_eq!(second.sign_off.reviews, common::example().sign_off.reviews);
    assert!(all.iter().any(|d| d.id == DraftId(2) && d.archived));
    // And the upgraded library takes the new records.
    store
        .issue(DraftId(1), &second, &new_version("0.5"))
        .expect("issues after the upgrade");
    drop(store);
    // Opening again neither upgrades nor backs up again.
    Store::open(dir.path()).expect("reopens");
    let count = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".before-v"))
        .count();
    assert_eq!(count, 1);
}

#[test]
fn an_issue_of_a_missing_draft_says_so() {
    let (_dir, mut store, _) = library_with_example();
    let err = store
        .issue(DraftId(99), &common::example(), &new_version("0.1"))
        .expect_err("no draft");
    assert!(
        matches!(err, StoreError::DraftNotFound { id: 99 }),
        "{err:?}"
    );
}
