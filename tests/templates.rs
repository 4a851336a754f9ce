//! User templates: found in the data folder, listed beside the built-in ones, and
//! every mistake in one reported with the template's name, file, line and column.

mod common;

use common::{example, example_path, run};
use mou_core::ErrorCode;
use mou_core::templates::{self, Registry};
use std::path::Path;

const MANIFEST: &str = "name = \"NAME\"\ntitle = \"A test template\"\n";

fn write_template(root: &Path, name: &str, document: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("manifest.toml"), MANIFEST.replace("NAME", name)).expect("manifest");
    std::fs::write(dir.join("document.xml"), document).expect("document");
    dir
}

#[test]
fn a_user_template_is_listed_and_can_extend_a_built_in_one() {
    let root = tempfile::tempdir().expect("tempdir");
    write_template(
        root.path(),
        "riverside-house-style",
        "{% extends \"health-and-care-partnership/document.xml\" %}\n{% block subtitle %}Riverside house style{% endblock subtitle %}\n",
    );
    let registry = Registry::load(Some(root.path())).expect("loads");
    let names: Vec<String> = registry.list().into_iter().map(|t| t.name).collect();
    assert_eq!(
        names,
        [
            "health-and-care-partnership",
            "integrated-care-pooled-budget",
            "voluntary-sector-mou",
            "riverside-house-style"
        ]
    );
    let template = registry.get("riverside-house-style").expect("found");
    let r = mou_core::render::render(&example(), template, &Default::default()).expect("renders");
    let text = common::tool("pdftotext", &[], &r.pdf);
    assert!(text.contains("Riverside house style"));
}

#[test]
fn a_syntax_error_names_the_file_line_and_column() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = write_template(
        root.path(),
        "broken",
        "<document>\n<p>fine</p>\n<p>{{ agreement.details.title | }}</p>\n</document>\n",
    );
    let err = templates::load_dir(&dir).expect_err("syntax error");
    assert_eq!(err.code(), "template.syntax");
    let msg = err.to_string();
    assert!(
        msg.starts_with("Template \"broken\", document.xml:"),
        "{msg}"
    );
    assert_eq!(err.line, Some(3), "{err:?}");
    assert!(err.column.is_some(), "{err:?}");
    // The registry keeps the problem for the list instead of failing.
    let registry = Registry::load(Some(root.path())).expect("built-ins still load");
    let info = registry
        .list()
        .into_iter()
        .find(|t| t.name == "broken")
        .expect("listed");
    assert!(info.problem.expect("problem").contains("document.xml"));
    assert_eq!(
        registry.get("broken").expect_err("unusable").code(),
        "template.syntax"
    );
}

#[test]
fn a_runtime_error_is_located_in_the_source() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = write_template(
        root.path(),
        "typo",
        "<document>\n  <p>ok</p>\n  <p>{{ agreement.detials.title }}</p>\n</document>\n",
    );
    let template = templates::load_dir(&dir).expect("parses");
    let err = template
        .document(&example(), false, &[])
        .expect_err("unknown variable");
    assert_eq!(err.code(), "template.runtime");
    assert_eq!(
        (err.file.as_deref(), err.line, err.column),
        (Some("document.xml"), Some(3), Some(9)),
        "{err}"
    );
    assert!(err.to_string().contains("agreement.detials.title"), "{err}");
}

#[test]
fn markup_the_program_cannot_read_is_reported_with_the_output_line() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = write_template(
        root.path(),
        "badmarkup",
        "<document>\n<p>{{ agreement.details.title }}</p>\n<chapter>x</chapter>\n</document>\n",
    );
    let template = templates::load_dir(&dir).expect("parses");
    let err = template
        .document(&example(), false, &[])
        .expect_err("unknown block");
    assert_eq!(err.code(), "template.markup");
    assert_eq!(err.line, Some(3));
    assert!(
        err.to_string().contains("<chapter> is not a block"),
        "{err}"
    );
}

#[test]
fn a_bad_manifest_or_missing_font_is_explained() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = write_template(root.path(), "nofont", "<document><p>x</p></document>");
    std::fs::write(
        dir.join("manifest.toml"),
        "name = \"nofont\"\ntitle = \"t\"\n[fonts]\nfamily = \"Gill Sans Nova\"\n",
    )
    .expect("write");
    let template = templates::load_dir(&dir).expect("loads");
    let err = mou_core::render::render(&example(), &template, &Default::default())
        .expect_err("no such font");
    assert_eq!(err.code(), "font.not_found");
    assert!(
        err.to_string()
            .contains("\"Gill Sans Nova\" is not installed"),
        "{err}"
    );

    std::fs::write(
        dir.join("manifest.toml"),
        "name = \"nofont\"\ntitel = \"t\"\n",
    )
    .expect("write");
    let err = templates::load_dir(&dir).expect_err("bad manifest");
    assert_eq!(err.code(), "template.manifest_invalid");
    assert!(err.to_string().contains("manifest.toml"), "{err}");

    let bands = "name = \"nofont\"\ntitle = \"t\"\n[risk_bands]\nhigh_from = \"High\"\nbands = [{ name = \"High\", min_score = 1, max_score = 20, colour = \"#ff0000\" }]\n";
    std::fs::write(dir.join("manifest.toml"), bands).expect("write");
    let err = templates::load_dir(&dir).expect_err("bands with a gap");
    assert!(
        err.to_string().contains("score 25 falls in 0 bands"),
        "{err}"
    );
}

#[test]
fn the_cli_renders_lists_and_checks_templates() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = data.path().join("mou.pdf");
    let (code, _, err) = run(
        data.path(),
        &[
            "render",
            example_path().to_str().expect("p"),
            "-o",
            out.to_str().expect("p"),
            "--template",
            "health-and-care-partnership",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("pages"), "{err}");
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));

    // A final render is refused while partners have not approved, and writes nothing.
    let refused = data.path().join("final.pdf");
    let (code, _, err) = run(
        data.path(),
        &[
            "render",
            example_path().to_str().expect("p"),
            "-o",
            refused.to_str().expect("p"),
            "--final",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("render.not_ready_for_final"), "{err}");
    assert!(!refused.exists());

    // An unwritable destination is an error that names it.
    let (code, _, err) = run(
        data.path(),
        &[
            "render",
            example_path().to_str().expect("p"),
            "-o",
            "/nonexistent-folder/x.pdf",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("/nonexistent-folder/x.pdf") && err.contains("files.write_failed"),
        "{err}"
    );

    let (code, _, err) = run(
        data.path(),
        &[
            "render",
            example_path().to_str().expect("p"),
            "-o",
            out.to_str().expect("p"),
            "--template",
            "nope",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "health-and-care-partnership, integrated-care-pooled-budget, voluntary-sector-mou"
        ),
        "{err}"
    );

    let user = data.path().join("templates");
    write_template(
        &user,
        "house-style",
        "{% extends \"health-and-care-partnership/document.xml\" %}",
    );
    let (code, out, _) = run(data.path(), &["templates", "list", "--json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(list.as_array().expect("array").len(), 4);
    assert_eq!(list[3]["name"], "house-style");

    let (code, out, _) = run(
        data.path(),
        &[
            "templates",
            "check",
            user.join("house-style").to_str().expect("p"),
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("is fine"), "{out}");
    let broken = write_template(&user, "broken", "<document>{{ nope }}</document>");
    let (code, out, _) = run(
        data.path(),
        &["templates", "check", broken.to_str().expect("p")],
    );
    assert_eq!(code, 1);
    assert!(out.contains("document.xml:1:"), "file:line:column in {out}");
    // Every syntax error is reported, one per file, each with its place.
    let two = write_template(
        &user,
        "two-mistakes",
        "<document>\n<p>{{ agreement.details.title | }}</p></document>",
    );
    std::fs::write(two.join("extra.xml"), "<p>\n\n{% if %}</p>").expect("write");
    let (code, out, _) = run(
        data.path(),
        &["templates", "check", two.to_str().expect("p")],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("Template \"two-mistakes\", document.xml:2:"),
        "{out}"
    );
    assert!(
        out.contains("Template \"two-mistakes\", extra.xml:3:"),
        "{out}"
    );
    let single = user.join("single.xml");
    std::fs::write(
        &single,
        "<document>\n<p>{{ agreement.details.title | money }}</p></document>",
    )
    .expect("write");
    let (code, out, _) = run(
        data.path(),
        &["templates", "check", single.to_str().expect("p")],
    );
    assert_eq!(code, 1);
    assert!(out.contains("single.xml:2:"), "{out}");
}

#[test]
fn a_new_agreement_starts_with_its_templates_clauses() {
    let data = tempfile::tempdir().expect("tempdir");
    let (template, keys) = new_draft_from(data.path(), "integrated-care-pooled-budget");
    assert_eq!(template, "integrated-care-pooled-budget");
    assert_eq!(
        keys.first().map(String::as_str),
        Some("non_binding"),
        "the library clauses come first"
    );
    assert_eq!(
        keys.last().map(String::as_str),
        Some("section_75"),
        "then the template's own"
    );
    let (code, _, err) = run(data.path(), &["new", "--template", "no-such-template"]);
    assert_eq!(code, 2);
    assert!(err.contains("template.not_found"), "{err}");
}

#[test]
fn ten_times_the_content_still_renders_cleanly() {
    let big = common::scale::times(&example(), 10);
    let r = common::render(&big, "health-and-care-partnership", false).expect("renders");
    assert!(r.pages >= 110, "{} pages", r.pages);
    common::assert_sound_pdf(&r.pdf);
    let text = common::tool("pdftotext", &["-layout"], &r.pdf);
    assert!(text.contains(&format!("Page {} of {}", r.pages, r.pages)));
}

#[test]
#[ignore = "prints page counts for the README; run with --ignored"]
fn page_counts_of_scaled_examples() {
    for n in [1, 10, 17] {
        let r = common::render(
            &common::scale::times(&example(), n),
            "integrated-care-pooled-budget",
            false,
        )
        .expect("renders");
        println!(
            "{n} times the content: {} pages, {} KB",
            r.pages,
            r.pdf.len() / 1024
        );
    }
}

/// The light voluntary sector template: a new agreement from it has the
/// voluntary sector clauses (independence, funding and payment, full cost
/// recovery) switched on beside the library's, and its document says so and is
/// set ragged right; it is not a section 75 arrangement.
#[test]
fn the_voluntary_sector_template_offers_its_own_clauses() {
    let data = tempfile::tempdir().expect("tempdir");
    let (_, keys) = new_draft_from(data.path(), "voluntary-sector-mou");
    for key in [
        "non_binding",
        "independence",
        "funding_and_payment",
        "full_cost_recovery",
    ] {
        assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
    }
    let mut a = example();
    a.finance.pooled_budget = false;
    a.details.template = "voluntary-sector-mou".into();
    let r = common::render(&a, "voluntary-sector-mou", false).expect("renders");
    let text = common::tool("pdftotext", &[], &r.pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Working with the voluntary and community sector"),
        "{text}"
    );
    assert!(!text.contains("Schedule 1"));
    let findings = mou_core::validation::validate(&a, &Default::default());
    assert!(
        findings
            .iter()
            .all(|f| !f.code.as_str().starts_with("section_75.")),
        "{findings:?}"
    );
}

/// Guidance for the drafter comes with the template, per step and per clause,
/// for the app to show beside the form; the document never prints it. A step
/// that does not exist is refused with the manifest's error, naming it.
#[test]
fn template_guidance_is_listed_never_printed_and_checked() {
    let registry = Registry::load(None).expect("loads");
    let pooled = registry
        .list()
        .into_iter()
        .find(|t| t.name == "integrated-care-pooled-budget")
        .expect("listed");
    let finance = pooled
        .guidance
        .steps
        .get(&mou_core::model::Step::Finance)
        .expect("finance guidance");
    assert!(finance.starts_with("For local agreement"), "{finance}");
    assert!(pooled.guidance.clauses.contains_key("section_75"));
    let r = common::render(&example(), "integrated-care-pooled-budget", false).expect("renders");
    let text = common::tool("pdftotext", &[], &r.pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for said in pooled
        .guidance
        .steps
        .values()
        .chain(pooled.guidance.clauses.values())
    {
        let opening: String = said
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            !text.contains(&opening),
            "the PDF prints guidance: {opening}"
        );
    }

    let root = tempfile::tempdir().expect("tempdir");
    let dir = write_template(
        root.path(),
        "with-guidance",
        "{% extends \"health-and-care-partnership/document.xml\" %}",
    );
    let manifest = std::fs::read_to_string(dir.join("manifest.toml")).expect("manifest");
    std::fs::write(
        dir.join("manifest.toml"),
        format!("{manifest}\n[guidance.steps]\nrisks = \"Use the trust's own risk scoring.\"\nmoney = \"Nope.\"\n"),
    )
    .expect("write");
    let registry = Registry::load(Some(root.path())).expect("loads");
    let listed = registry
        .list()
        .into_iter()
        .find(|t| t.name == "with-guidance")
        .expect("listed");
    let problem = listed.problem.expect("refused");
    assert!(problem.contains("money"), "{problem}");
}

/// Makes a new draft from `template` with `mou new`: the template it names, and
/// the keys of the clauses it starts with.
fn new_draft_from(data: &Path, template: &str) -> (String, Vec<String>) {
    let (code, out, err) = run(
        data,
        &[
            "new",
            "--title",
            "A new MoU",
            "--template",
            template,
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = serde_json::from_str::<serde_json::Value>(&out).expect("json")["id"].to_string();
    let (_, shown, _) = run(data, &["show", &id, "--json"]);
    let file: serde_json::Value = serde_json::from_str(&shown).expect("json");
    let keys = file["agreement"]["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| c["key"].as_str().expect("key").to_string())
        .collect();
    let named = file["agreement"]["details"]["template"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (named, keys)
}
