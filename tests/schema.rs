//! The committed JSON Schema must match the Rust types.

use std::path::Path;

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/agreement.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let current = mou_core::exchange::json_schema().expect("schema");
    if std::env::var_os("MOU_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &current).expect("schema written");
        return;
    }
    assert!(
        committed == current,
        "docs/agreement.schema.json is stale: the agreement types changed. Regenerate it with\n  MOU_UPDATE_SCHEMA=1 cargo test --test schema\nand commit the result."
    );
}

#[test]
fn schema_describes_the_envelope_and_key_fields() {
    let schema: serde_json::Value =
        serde_json::from_str(&mou_core::exchange::json_schema().expect("schema"))
            .expect("schema is JSON");
    let required = schema["required"].as_array().expect("required list");
    assert!(required.iter().any(|v| v == "format_version"));
    assert!(required.iter().any(|v| v == "agreement"));
    let text = schema.to_string();
    for field in [
        "amount_gbp",
        "risk_shares",
        "residual_likelihood",
        "signatory",
        "raci",
    ] {
        assert!(text.contains(field), "schema lacks {field}");
    }
}
