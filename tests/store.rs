//! The draft library: every operation, search and sort, history that never loses
//! a save, and the files it must refuse.

mod common;

use mou_core::ErrorCode;
use mou_core::model::{Agreement, Partner, PartnerId};
use mou_core::store::{Archived, ListQuery, Store, StoreError};
use std::time::Duration;

fn agreement(title: &str, reference: &str, partners: &[&str]) -> Agreement {
    let mut a = Agreement::new(title);
    a.details.reference = reference.into();
    a.partners = partners
        .iter()
        .map(|n| Partner {
            id: PartnerId::generate(),
            name: n.to_string(),
            ..Partner::default()
        })
        .collect();
    a
}

fn titles(store: &Store, query: &ListQuery) -> Vec<String> {
    store
        .list(query)
        .expect("list")
        .into_iter()
        .map(|d| d.title)
        .collect()
}

fn search(s: &str) -> ListQuery {
    ListQuery {
        search: s.into(),
        ..ListQuery::default()
    }
}

#[test]
fn create_open_save_and_list_by_last_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let a = store
        .create(&agreement("Alpha", "A-1", &["Riverside ICB"]), None)
        .expect("create");
    std::thread::sleep(Duration::from_millis(5));
    let b = store
        .create(&agreement("Beta", "B-1", &["Hillside Council"]), None)
        .expect("create");
    assert_eq!(titles(&store, &ListQuery::default()), ["Beta", "Alpha"]);

    // Saving Alpha makes it the most recently changed.
    std::thread::sleep(Duration::from_millis(5));
    let mut changed = store.open_draft(a.id).expect("open").agreement;
    changed.details.title = "Alpha, revised".into();
    let saved = store.save(a.id, &changed, None).expect("save");
    assert_eq!(saved.revision, 2);
    assert_eq!(
        titles(&store, &ListQuery::default()),
        ["Alpha, revised", "Beta"]
    );
    assert_eq!(store.open_draft(a.id).expect("open").agreement, changed);
    assert_eq!(
        store.summary(b.id).expect("summary").partners,
        ["Hillside Council"]
    );
}

#[test]
fn search_matches_title_reference_partnership_and_partner_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let mut x = agreement(
        "Frailty pathway",
        "FP-100%",
        &["Zoë’s Carers Trust", "Northshire ICB"],
    );
    x.details.partnership_name = "Coastal Alliance".into();
    store.create(&x, None).expect("create");
    store
        .create(
            &agreement("Mental health crisis", "MH-7", &["Southshire Council"]),
            None,
        )
        .expect("create");

    assert_eq!(titles(&store, &search("frailty")), ["Frailty pathway"]);
    assert_eq!(titles(&store, &search("MH-7")), ["Mental health crisis"]);
    assert_eq!(titles(&store, &search("coastal")), ["Frailty pathway"]);
    assert_eq!(titles(&store, &search("Zoë’s")), ["Frailty pathway"]);
    assert_eq!(
        titles(&store, &search("southshire")),
        ["Mental health crisis"]
    );
    assert_eq!(titles(&store, &search("shire")).len(), 2);
    // LIKE wildcards in the query are taken literally.
    assert_eq!(titles(&store, &search("100%")), ["Frailty pathway"]);
    assert_eq!(titles(&store, &search("%")), ["Frailty pathway"]);
    assert!(titles(&store, &search("_H-7")).is_empty());
}

#[test]
fn every_save_is_kept_and_restore_adds_a_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let mut a = agreement("Draft", "", &[]);
    let id = store.create(&a, Some("First")).expect("create").id;
    for v in 2..=5 {
        a.details.version = format!("0.{v}");
        store.save(id, &a, None).expect("save");
    }
    // An identical save without a label adds nothing.
    assert_eq!(store.save(id, &a, None).expect("save").revision, 5);
    // A labelled one always does.
    assert_eq!(
        store
            .save(id, &a, Some("Sent for review"))
            .expect("save")
            .revision,
        6
    );

    let revs = store.revisions(id).expect("revisions");
    let numbers: Vec<u32> = revs.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [6, 5, 4, 3, 2, 1]);
    assert_eq!(revs[0].label.as_deref(), Some("Sent for review"));
    assert_eq!(revs[5].label.as_deref(), Some("First"));
    assert_eq!(revs[3].version, "0.3");
    for v in 2..=5u32 {
        assert_eq!(
            store.revision(id, v).expect("rev").details.version,
            format!("0.{v}")
        );
    }

    let restored = store.restore(id, 2).expect("restore");
    assert_eq!(restored.revision, 7);
    assert_eq!(
        store
            .open_draft(id)
            .expect("open")
            .agreement
            .details
            .version,
        "0.2"
    );
    // Nothing saved in between was lost.
    assert_eq!(store.revision(id, 6).expect("rev").details.version, "0.5");
    assert_eq!(
        store.revisions(id).expect("revs")[0].label.as_deref(),
        Some("Restored revision 2")
    );
}

#[test]
fn autosave_folds_one_sitting_into_one_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let mut a = agreement("Typing", "", &[]);
    let id = store.create(&a, None).expect("create").id;
    let sitting = Duration::from_secs(300);
    // The first autosave after creation adds a revision: the created one is kept.
    a.details.title = "Typing a".into();
    assert_eq!(store.autosave(id, &a, sitting).expect("save").revision, 2);
    // Further pauses in typing replace that revision instead of adding more.
    for title in ["Typing ab", "Typing abc", "Typing abcd"] {
        a.details.title = title.into();
        assert_eq!(store.autosave(id, &a, sitting).expect("save").revision, 2);
    }
    assert_eq!(
        store.revision(id, 2).expect("rev").details.title,
        "Typing abcd"
    );
    assert_eq!(store.revision(id, 1).expect("rev").details.title, "Typing");

    // A labelled save (or a restore) is never folded into.
    store
        .save(id, &a, Some("Sent for review"))
        .expect("labelled");
    a.details.title = "After review".into();
    assert_eq!(store.autosave(id, &a, sitting).expect("save").revision, 4);

    // Once the sitting is over (window zero here), the next autosave is a new revision.
    a.details.title = "Next day".into();
    assert_eq!(
        store
            .autosave(id, &a, Duration::ZERO)
            .expect("save")
            .revision,
        5
    );
    assert_eq!(store.revisions(id).expect("revisions").len(), 5);
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn the_list_shows_how_far_each_draft_has_got() {
    use mou_core::validation::{self, StepStatus};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let blank = Agreement::new("Blank");
    let id = store.create(&blank, None).expect("create").id;
    let counts = |a: &Agreement| {
        let statuses =
            validation::step_statuses(a, &validation::validate(a, &validation::Config::default()));
        let n = |s| statuses.iter().filter(|(_, st)| *st == s).count() as u32;
        (
            Some(n(StepStatus::Complete)),
            Some(n(StepStatus::HasProblems)),
        )
    };
    let summary = store.summary(id).expect("summary");
    assert_eq!(
        (summary.steps_complete, summary.steps_with_problems),
        counts(&blank)
    );

    let example = common::example();
    let saved = store.save(id, &example, None).expect("save");
    let expected = counts(&example);
    assert_eq!((saved.steps_complete, saved.steps_with_problems), expected);
    assert!(
        expected.0 >= Some(10),
        "the example is nearly complete: {expected:?}"
    );
    let listed = &store.list(&ListQuery::default()).expect("list")[0];
    assert_eq!(listed.steps_complete, expected.0);
}

/// A template whose bands count only "Extreme" as high needs no mitigation for a
/// "High" risk: the library's count follows the checks the store is given.
#[test]
fn the_list_counts_steps_with_the_drafts_own_checks() {
    use mou_core::model::{Risk, RiskBands};
    use mou_core::validation::{self, StepStatus};
    let mut a = common::example();
    a.details.template = "lenient-bands".into();
    a.risks.push(Risk {
        id: "R-HIGH".into(),
        description: "A high risk with no mitigation yet.".into(),
        likelihood: Some(3),
        consequence: Some(4), // 12: High in the default bands
        ..a.risks[0].clone()
    });
    a.risks.last_mut().expect("risk").mitigation.clear();
    let lenient = validation::Config::new(RiskBands {
        high_from: "Extreme".into(),
        ..RiskBands::default()
    })
    .expect("bands");
    let problems = |a: &mou_core::model::Agreement, config: &validation::Config| {
        let statuses = validation::step_statuses(a, &validation::validate(a, config));
        statuses
            .iter()
            .filter(|(_, s)| *s == StepStatus::HasProblems)
            .count() as u32
    };
    assert_ne!(
        problems(&a, &validation::Config::default()),
        problems(&a, &lenient),
        "the test needs the bands to matter"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let by_default = Store::open(dir.path())
        .expect("open")
        .create(&a, None)
        .expect("create");
    assert_eq!(
        by_default.steps_with_problems,
        Some(problems(&a, &validation::Config::default()))
    );
    let checks = lenient.clone();
    let mut store = Store::open(dir.path())
        .expect("open")
        .with_checks(std::sync::Arc::new(move |template: &str| {
            if template == "lenient-bands" {
                checks.clone()
            } else {
                validation::Config::default()
            }
        }));
    let created = store.create(&a, None).expect("create");
    assert_eq!(created.steps_with_problems, Some(problems(&a, &lenient)));
    a.details.reference = "changed".into();
    let saved = store
        .autosave(created.id, &a, Duration::from_secs(300))
        .expect("save");
    assert_eq!(saved.steps_with_problems, Some(problems(&a, &lenient)));
}

/// Drafts saved before the library kept step counts get them when asked, once.
#[test]
fn drafts_saved_before_counts_were_kept_are_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let example = common::example();
    let id = store.create(&example, None).expect("create").id;
    let expected = store.summary(id).expect("summary");
    let conn = rusqlite::Connection::open(store.path()).expect("raw open");
    conn.execute(
        "UPDATE drafts SET steps_complete = NULL, steps_with_problems = NULL",
        [],
    )
    .expect("forget counts");
    assert_eq!(store.summary(id).expect("summary").steps_complete, None);
    assert_eq!(store.count_uncounted().expect("count"), 1);
    let counted = store.summary(id).expect("summary");
    assert_eq!(
        (counted.steps_complete, counted.steps_with_problems),
        (expected.steps_complete, expected.steps_with_problems)
    );
    assert!(counted.steps_complete.is_some());
    assert_eq!(store.count_uncounted().expect("count again"), 0);
}

#[test]
fn duplicate_archive_and_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let a = agreement("Original", "O-1", &["Riverside ICB", "Riverside Council"]);
    let id = store.create(&a, None).expect("create").id;
    let copy = store.duplicate(id, None).expect("duplicate");
    assert_eq!(copy.title, "Copy of Original");
    assert_eq!(copy.revision, 1);
    let copied = store.open_draft(copy.id).expect("open").agreement;
    assert_eq!(copied.partners, a.partners);

    store.set_archived(id, true).expect("archive");
    assert_eq!(titles(&store, &ListQuery::default()), ["Copy of Original"]);
    let only = ListQuery {
        archived: Archived::Only,
        ..ListQuery::default()
    };
    assert_eq!(titles(&store, &only), ["Original"]);
    let all = ListQuery {
        archived: Archived::Include,
        ..ListQuery::default()
    };
    assert_eq!(titles(&store, &all).len(), 2);
    store.set_archived(id, false).expect("unarchive");
    assert_eq!(titles(&store, &ListQuery::default()).len(), 2);

    store.delete(id).expect("delete");
    let err = store.open_draft(id).unwrap_err();
    assert_eq!(err.code(), "store.draft_not_found");
    assert_eq!(
        store.revision(id, 1).unwrap_err().code(),
        "store.draft_not_found"
    );
    assert_eq!(
        store.delete(id).unwrap_err().code(),
        "store.draft_not_found"
    );
    // Revisions went with the draft (foreign key cascade), the copy is untouched.
    assert_eq!(store.revisions(copy.id).expect("revs").len(), 1);
    assert_eq!(
        store.revision(copy.id, 9).unwrap_err().code(),
        "store.revision_not_found"
    );
}

#[test]
fn the_library_survives_reopening_and_is_sound() {
    let dir = tempfile::tempdir().expect("tempdir");
    let example = common::example();
    let id = {
        let mut store = Store::open(dir.path()).expect("open");
        store.create(&example, None).expect("create").id
    };
    let store = Store::open(dir.path()).expect("reopen");
    assert_eq!(store.open_draft(id).expect("open").agreement, example);
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let conn = rusqlite::Connection::open(store.path()).expect("raw open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[test]
fn a_writer_waits_for_another_writer_instead_of_failing() {
    // Another connection (the desktop app, say) holds the write lock for 400 ms;
    // a save in the meantime waits for it (busy timeout) rather than failing.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let id = store
        .create(&agreement("Shared", "", &[]), None)
        .expect("create")
        .id;
    let path = store.path().to_path_buf();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let mut conn = rusqlite::Connection::open(path).expect("raw open");
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .expect("lock");
        locked_tx.send(()).expect("signal");
        std::thread::sleep(Duration::from_millis(400));
        tx.commit().expect("release");
    });
    locked_rx.recv().expect("lock taken");
    let started = std::time::Instant::now();
    let mut a = agreement("Shared", "", &[]);
    a.details.version = "0.2".into();
    store
        .save(id, &a, None)
        .expect("waits for the lock, then saves");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "the save did not wait: {:?}",
        started.elapsed()
    );
    holder.join().expect("holder");
    assert_eq!(store.open_draft(id).expect("open").summary.revision, 2);
}

#[test]
fn first_launches_at_the_same_moment_all_open_the_new_library() {
    let dir = tempfile::tempdir().expect("tempdir");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (dir, barrier) = (dir.path().to_path_buf(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                Store::open(&dir).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread").expect("every opener succeeds");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(mou_core::paths::LIBRARY_FILE);
    std::fs::write(&file, "These are my meeting notes, not a database.\n").expect("write");
    let before = common::snapshot(dir.path());
    let err = Store::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store.not_sqlite");
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "{err}"
    );
    assert!(err.to_string().contains("--data-dir"), "{err}");
    assert_eq!(common::snapshot(dir.path()), before);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(mou_core::paths::LIBRARY_FILE);
    let conn = rusqlite::Connection::open(&file).expect("create");
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        .expect("table");
    drop(conn);
    let before = common::snapshot(dir.path());
    let err = Store::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store.not_a_library");
    assert_eq!(common::snapshot(dir.path()), before);
}

#[test]
fn a_library_from_a_newer_program_is_refused_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut store = Store::open(dir.path()).expect("open");
        store
            .create(&agreement("Kept", "", &[]), None)
            .expect("create");
    }
    let file = dir.path().join(mou_core::paths::LIBRARY_FILE);
    let conn = rusqlite::Connection::open(&file).expect("raw");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    conn.pragma_update(None, "journal_mode", "DELETE")
        .expect("checkpoint");
    drop(conn);
    let before = common::snapshot(dir.path());
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("newer version of MoU Builder"),
        "{err}"
    );
    assert_eq!(common::snapshot(dir.path()), before);
}

#[test]
fn an_unusable_data_folder_gets_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A regular file where a folder is needed: no permission trick, so it holds even for root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").expect("write");
    let err = Store::open(&blocker.join("data")).err().expect("refused");
    assert_eq!(err.code(), "store.data_dir_unusable");
    let msg = err.to_string();
    assert!(msg.contains("not-a-folder"), "{msg}");
    assert!(msg.contains("MOU_DATA_DIR"), "{msg}");
}
