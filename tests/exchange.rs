//! The exchange file: round trips, and every kind of bad file gets a message that
//! names the file, says what is wrong and where, and what to do.

mod common;

use mou_core::ErrorCode;
use mou_core::exchange::{self, ExchangeError, FORMAT_VERSION};

fn parse_err(text: &str) -> ExchangeError {
    exchange::parse(text, "partners.json").expect_err("must be refused")
}

#[test]
fn canonical_text_round_trips_exactly() {
    let a = common::example();
    let text = exchange::to_json(&a).expect("json");
    let again = exchange::parse(&text, "x").expect("parses");
    assert_eq!(again, a);
    assert_eq!(exchange::to_json(&again).expect("json"), text);
    // Money survives exactly, with no float in between.
    let first = &a.finance.contributions[0];
    assert!(text.contains(&format!("\"amount_gbp\": \"{}\"", first.amount_gbp)));
}

#[test]
fn the_example_file_is_in_canonical_form() {
    let on_disk = std::fs::read_to_string(common::example_path()).expect("read");
    assert_eq!(
        exchange::to_json(&common::example()).expect("json"),
        on_disk,
        "examples/integrated-care-mou.json is not in canonical form; re-export it with `mou export`"
    );
}

#[test]
fn malformed_json_names_the_file_line_and_column() {
    let err = parse_err(
        "{\n  \"format_version\": 1,\n  \"agreement\": {\n    \"details\": {\"title\": \"x\"\n  }\n",
    );
    assert_eq!(err.code(), "exchange.malformed_json");
    let msg = err.to_string();
    assert!(msg.starts_with("partners.json is not valid JSON"), "{msg}");
    assert!(
        matches!(err, ExchangeError::MalformedJson { line: 6, .. }),
        "{err:?}"
    );
    assert!(msg.contains("line 6, column"), "{msg}");
}

#[test]
fn a_field_of_the_wrong_type_is_named_by_its_path() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&exchange::to_json(&common::example()).expect("json")).expect("json");
    doc["agreement"]["risks"][3]["likelihood"] = serde_json::json!("very likely");
    let err = parse_err(&serde_json::to_string_pretty(&doc).expect("text"));
    assert_eq!(err.code(), "exchange.wrong_shape");
    let msg = err.to_string();
    assert!(msg.contains("`agreement.risks[3].likelihood`"), "{msg}");
    assert!(
        msg.contains("invalid type: string \"very likely\""),
        "{msg}"
    );
    assert!(msg.contains("line "), "{msg}");
}

#[test]
fn a_misspelt_field_is_reported_not_dropped() {
    let err = parse_err(r#"{"format_version": 1, "agreement": {"details": {"titel": "Oops"}}}"#);
    assert_eq!(err.code(), "exchange.wrong_shape");
    assert!(err.to_string().contains("unknown field `titel`"), "{err}");
}

#[test]
fn money_is_exact_and_refuses_floats_in_disguise() {
    let ok = exchange::parse(
        r#"{"format_version": 1, "agreement": {"finance": {"contributions": [{"amount_gbp": "1234567.89"}]}}}"#,
        "m.json",
    )
    .expect("parses");
    assert_eq!(
        ok.finance.contributions[0].amount_gbp.to_string(),
        "1234567.89"
    );
    let err = parse_err(
        r#"{"format_version": 1, "agreement": {"finance": {"contributions": [{"amount_gbp": "12,50"}]}}}"#,
    );
    assert_eq!(err.code(), "exchange.wrong_shape");
}

#[test]
fn a_newer_format_version_asks_for_an_update() {
    let err = parse_err(&format!(
        "{{\"format_version\": {}, \"agreement\": {{}}}}",
        FORMAT_VERSION + 1
    ));
    assert_eq!(err.code(), "exchange.format_too_new");
    assert!(err.to_string().contains("newer MoU Builder"), "{err}");
    assert!(err.to_string().contains("Update MoU Builder"), "{err}");
}

#[test]
fn files_that_are_not_agreements_say_so() {
    for text in [
        "[1, 2, 3]",
        r#"{"name": "package.json", "version": "1.0.0"}"#,
        r#"{"format_version": "one", "agreement": {}}"#,
        r#"{"format_version": 1, "agreement": []}"#,
    ] {
        let err = parse_err(text);
        assert_eq!(err.code(), "exchange.not_an_agreement", "{text}");
        assert!(
            err.to_string()
                .contains("is not a MoU Builder agreement file"),
            "{err}"
        );
    }
    let err = exchange::parse_bytes(b"\xff\xd8\xff\xe0 a JPEG", "photo.json").expect_err("binary");
    assert_eq!(err.code(), "exchange.not_text");
}

#[test]
fn writing_to_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("no-such-folder/out.json");
    let err = exchange::write_file(&target, &common::example()).expect_err("fails");
    assert_eq!(err.code(), "exchange.write_failed");
    assert!(err.to_string().contains("out.json"), "{err}");
    assert!(common::snapshot(dir.path()).is_empty());
}

/// A version 2 file (before the parts of a complete agreement) reads as one
/// without them: no extension, scope, functions, contributions in kind or measures.
#[test]
fn a_version_2_file_reads_without_the_newer_parts() {
    let mut file: serde_json::Value =
        serde_json::from_str(&exchange::to_json(&common::example()).expect("json")).expect("json");
    file["format_version"] = 2.into();
    let a = file["agreement"].as_object_mut().expect("agreement");
    a.remove("performance");
    for (part, field) in [
        ("details", "extension"),
        ("vision", "in_scope"),
        ("vision", "out_of_scope"),
        ("vision", "eligibility"),
        ("finance", "in_kind"),
        ("finance", "pool_manager"),
    ] {
        a[part].as_object_mut().expect(part).remove(field);
    }
    for p in a["partners"].as_array_mut().expect("partners") {
        p.as_object_mut().expect("partner").remove("functions");
    }
    let read = exchange::parse(&file.to_string(), "v2.json").expect("a version 2 file reads");
    assert_eq!(read.performance, Default::default());
    assert_eq!(read.details.extension, Default::default());
    assert!(read.vision.in_scope.is_empty() && read.finance.in_kind.is_empty());
    assert!(read.partners.iter().all(|p| p.functions.is_empty()));
    // Everything else as it was.
    let mut expected = common::example();
    common::without_format_3_parts(&mut expected);
    assert_eq!(read, expected);
}

/// A wrong value pasted whole into a field is quoted back cut short, with its
/// length, never in full.
#[test]
fn a_huge_wrong_value_is_quoted_back_short() {
    let long = "R and A ".repeat(10_000);
    let text = format!(
        r#"{{"format_version": 3, "agreement": {{"roles": {{"raci": [{{"activity": "x", "roles": {{"icb": ["{long}"]}}}}]}}}}}}"#
    );
    let err = exchange::parse(&text, "pasted.json").expect_err("refused");
    let said = err.to_string();
    assert!(said.len() < 600, "{} characters: {said}", said.len());
    assert!(said.contains("(80000 characters in all)"), "{said}");
    assert!(
        said.contains("expected one of `R`, `A`, `C`, `I`"),
        "{said}"
    );
}
