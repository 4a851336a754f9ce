//! Comparing the full example with an edited copy (target: median under 5 ms),
//! beside baselines measured in the same run: comparing it with itself, and
//! validating it.

use criterion::{Criterion, criterion_group, criterion_main};
use mou_core::model::{Agreement, RiskBands};
use std::hint::black_box;
use std::path::Path;

fn example() -> Agreement {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    mou_core::exchange::read_file(&path).expect("example parses")
}

fn bench(c: &mut Criterion) {
    let before = example();
    let mut after = before.clone();
    after.partners[3].name = "Hollinsmoor Council".into();
    after.risks[0].likelihood = Some(2);
    after.risks[5]
        .mitigation
        .push_str(" Reviewed weekly by the board.");
    after.objectives.remove(1);
    after.clauses[2].text = after.clauses[2]
        .text
        .replace("the partners", "each partner");
    let bands = RiskBands::default();
    let mut group = c.benchmark_group("compare");
    group.bench_function("example_with_edited_copy", |b| {
        b.iter(|| mou_core::compare::compare(black_box(&before), &after, &bands, "0.4", "draft"))
    });
    group.bench_function("baseline_example_with_itself", |b| {
        b.iter(|| mou_core::compare::compare(black_box(&before), &before, &bands, "0.4", "0.4"))
    });
    let config = mou_core::validation::Config::default();
    group.bench_function("baseline_validate_example", |b| {
        b.iter(|| mou_core::validation::validate(black_box(&before), &config))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
