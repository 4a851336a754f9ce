//! The memos kept between renders (`mou_core::memo`: broken paragraphs,
//! compressed pages) change nothing in the PDF: rendering again, after an edit
//! and back, with the memos warm gives the same bytes as rendering each agreement
//! with none. In a test binary of its own, so no other test fills the memos.

use mou_core::model::Agreement;
use mou_core::render::{self, RenderOptions};
use mou_core::templates::Registry;
use std::path::Path;

fn example() -> Agreement {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/integrated-care-mou.json");
    mou_core::exchange::read_file(&path).expect("example parses")
}

#[test]
fn a_render_from_the_memos_is_the_same_bytes_as_one_without() {
    let registry = Registry::load(None).expect("templates");
    let original = example();
    // One paragraph edited: the rest of the document is found in the memos.
    let mut edited = original.clone();
    edited
        .vision
        .vision_statement
        .push_str(" Together, and in plain words.");
    // And a longer title: every footer changes, so pages are compressed anew.
    let mut retitled = original.clone();
    retitled.details.title.push_str(" (revised)");
    let agreements = [&original, &edited, &retitled, &original];
    for info in registry.list() {
        let template = registry.get(&info.name).expect("template");
        let render = |a: &Agreement, final_| {
            let options = RenderOptions {
                final_,
                ..RenderOptions::default()
            };
            match render::render(a, template, &options) {
                Ok(r) => Some(r.pdf),
                // The example is not ready to be final under every template.
                Err(render::RenderError::NotReady(_)) if final_ => None,
                Err(e) => panic!("{}: {e}", info.name),
            }
        };
        mou_core::memo::set_budget(0);
        // Twice each, so nothing is left in either generation from before.
        let fresh: Vec<_> = agreements
            .iter()
            .flat_map(|a| [false, true].map(|f| (render(a, f), render(a, f)).1))
            .collect();
        mou_core::memo::set_budget(mou_core::memo::DEFAULT_BUDGET_BYTES);
        let found_before = mou_core::memo::found();
        let warm: Vec<_> = agreements
            .iter()
            .flat_map(|a| [false, true].map(|f| render(a, f)))
            .collect();
        assert!(
            mou_core::memo::found() > found_before + 100,
            "{}: the memos were hardly used",
            info.name
        );
        for (i, (f, w)) in fresh.iter().zip(&warm).enumerate() {
            assert!(f == w, "{}: render {i} differs with the memos", info.name);
        }
    }
}
