//! PDF speed. Targets (issue 3): the full example (20 pages) rendered in process
//! in under 20 ms (median), and ten times the document (200 pages) in no more
//! than about ten times as long. The stages are measured separately, in the same run, so the
//! whole can be compared with its parts.
//!
//! `full_example` and `ten_times_the_pages` render again in one process, as the
//! desktop app does, with the memos of broken paragraphs and compressed pages
//! warm (as Typst recompiling keeps its layout); the `_fresh` cases without them.

#[global_allocator]
static ALLOCATOR: mou_core::Allocator = mou_core::Allocator; // as the programs

use criterion::{Criterion, criterion_group, criterion_main};
use mou_core::model::Agreement;
use mou_core::render::{self, RenderOptions};
use mou_core::templates::Registry;
use std::hint::black_box;
use std::path::Path;

fn example() -> Agreement {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    mou_core::exchange::read_file(&path).expect("example parses")
}

#[path = "../tests/common/scale.rs"]
mod scale;

fn bench(c: &mut Criterion) {
    let registry = Registry::load(None).expect("templates");
    let template = registry
        .get("integrated-care-pooled-budget")
        .expect("template");
    let agreement = example();
    // 17 times the lists and texts: 201 pages against the example's 20, "ten times the document".
    let big = scale::times(&agreement, 17);
    let options = RenderOptions::default();
    let fonts = render::fonts(&template.manifest.fonts.request()).expect("fonts");

    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    group.bench_function("full_example", |b| {
        b.iter(|| render::render(black_box(&agreement), template, &options).expect("renders"))
    });
    group.bench_function("stage_template", |b| {
        b.iter(|| {
            template
                .render_markup(black_box(&agreement), false, &[])
                .expect("markup")
        })
    });
    let markup = template
        .render_markup(&agreement, false, &[])
        .expect("markup");
    group.bench_function("stage_parse", |b| {
        b.iter(|| mou_core::document::parse(black_box(&markup)).expect("parses"))
    });
    let document = mou_core::document::parse(&markup).expect("parses");
    let layout_options = mou_core::layout::Options::default();
    group.bench_function("stage_layout", |b| {
        b.iter(|| {
            mou_core::layout::layout(black_box(&document), &fonts, &layout_options)
                .expect("lays out")
        })
    });
    let laid = mou_core::layout::layout(&document, &fonts, &layout_options).expect("lays out");
    // The agreement file the PDF carries, and the fingerprint made from it.
    group.bench_function("stage_agreement_file", |b| {
        b.iter(|| {
            let file = mou_core::exchange::to_json(black_box(&agreement)).expect("exports");
            let context = mou_core::fingerprint::Context::new(template, false).digest();
            mou_core::fingerprint::Fingerprint::of(&context, file.as_bytes())
        })
    });
    let agreement_file = mou_core::exchange::to_json(&agreement).expect("exports");
    let context = mou_core::fingerprint::Context::new(template, false).digest();
    let stamp = mou_core::pdf::Stamp {
        format: mou_core::pdf::STAMP_FORMAT,
        fingerprint: mou_core::fingerprint::Fingerprint::of(&context, agreement_file.as_bytes())
            .hex(),
        context: mou_core::fingerprint::hex(&context),
        title: agreement.details.title.clone(),
        reference: agreement.details.reference.clone(),
        version: agreement.details.version.clone(),
        final_: false,
        template: template.name().to_string(),
        pages: 0,
        page_digests: Vec::new(),
    };
    group.bench_function("stage_pdf", |b| {
        b.iter(|| {
            mou_core::pdf::write(
                black_box(&laid),
                &fonts,
                &mou_core::pdf::Options {
                    meta: &document.meta,
                    draft: true,
                    stamp: &stamp,
                    agreement: agreement_file.as_bytes(),
                },
            )
            .expect("pdf")
        })
    });
    group.sample_size(10);
    group.bench_function("ten_times_the_pages", |b| {
        b.iter(|| render::render(black_box(&big), template, &options).expect("renders"))
    });
    // The same without the memos of broken paragraphs and compressed pages
    // (`mou_core::memo`): every paragraph broken and every page compressed anew,
    // as a first render does (and as the CLI always does).
    mou_core::memo::set_budget(0);
    group.sample_size(30);
    group.bench_function("full_example_fresh", |b| {
        b.iter(|| render::render(black_box(&agreement), template, &options).expect("renders"))
    });
    group.sample_size(10);
    group.bench_function("ten_times_the_pages_fresh", |b| {
        b.iter(|| render::render(black_box(&big), template, &options).expect("renders"))
    });
    mou_core::memo::set_budget(mou_core::memo::DEFAULT_BUDGET_BYTES);
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
