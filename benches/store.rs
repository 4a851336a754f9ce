//! Draft library speed. Targets (issue 2): saving a revision of the full example
//! under 2 ms (median); listing and searching 10,000 drafts under 50 ms.
//! Each group carries a baseline measured in the same run:
//! - `save/serialize_only`: turning the example into JSON, the floor for any save;
//! - `library_10k/count_only`: SQLite counting the rows, the floor for any list.

use criterion::{Criterion, criterion_group, criterion_main};
use mou_core::model::Agreement;
use mou_core::store::{Archived, ListQuery, Store};
use std::hint::black_box;
use std::path::Path;

fn example() -> Agreement {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    mou_core::exchange::read_file(&path).expect("example parses")
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("open");
    let mut agreement = example();
    let id = store.create(&agreement, None).expect("create").id;
    let mut group = c.benchmark_group("save");
    group.bench_function("serialize_only", |b| {
        b.iter(|| serde_json::to_string(black_box(&agreement)).expect("json"))
    });
    let mut n = 0u64;
    group.bench_function("full_example_revision", |b| {
        b.iter(|| {
            n += 1;
            agreement.details.version = format!("bench-{n}"); // a real change: a new revision
            store.save(id, black_box(&agreement), None).expect("save")
        })
    });
    group.finish();
}

/// A library of 10,000 drafts: 100 made through the store, multiplied in SQL
/// (one transaction) so setting up takes seconds, not minutes.
fn library_10k(dir: &Path) -> Store {
    let mut store = Store::open(dir).expect("open");
    let base = example();
    let areas = ["Riverside", "Hillside", "Northshire", "Coastal", "Moorland"];
    for i in 0..100 {
        let mut a = base.clone();
        let area = areas[i % areas.len()];
        a.details.title = format!("{area} partnership agreement {i}");
        a.details.reference = format!("MOU-{i:04}");
        for p in &mut a.partners {
            p.name = p.name.replace("Riverside", area);
        }
        store.create(&a, None).expect("create");
    }
    let conn = rusqlite::Connection::open(store.path()).expect("raw");
    conn.execute_batch(
        "BEGIN;
         WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99)
         INSERT INTO drafts (title, reference, partnership_name, partner_names, archived, created_at, updated_at, head_number)
         SELECT title || ' (' || n || ')', reference || '-' || n, partnership_name, partner_names, n % 10 = 0,
                created_at, strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '-' || n || ' minutes'), head_number
         FROM drafts, k;
         INSERT INTO revisions (draft_id, number, saved_at, label, format_version, content)
         SELECT d.id, 1, d.created_at, NULL, 1, r.content FROM drafts d
         JOIN drafts o ON o.id = ((d.id - 1) % 100) + 1 JOIN revisions r ON r.draft_id = o.id
         WHERE d.id > 100;
         COMMIT;",
    )
    .expect("multiply");
    store
}

fn list(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = library_10k(dir.path());
    let all = ListQuery {
        archived: Archived::Include,
        ..ListQuery::default()
    };
    assert_eq!(store.list(&all).expect("list").len(), 10_000);
    let conn = rusqlite::Connection::open(store.path()).expect("raw");
    let mut group = c.benchmark_group("library_10k");
    group.bench_function("count_only", |b| {
        b.iter(|| {
            conn.query_row("SELECT count(*) FROM drafts", [], |r| r.get::<_, i64>(0))
                .expect("count")
        })
    });
    group.bench_function("list_all", |b| {
        b.iter(|| store.list(black_box(&all)).expect("list"))
    });
    let search = ListQuery {
        search: "hillside".into(),
        archived: Archived::Hide,
    };
    group.bench_function("search_partner_name", |b| {
        b.iter(|| store.list(black_box(&search)).expect("search"))
    });
    group.finish();
}

criterion_group!(benches, save, list);
criterion_main!(benches);
