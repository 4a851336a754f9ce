//! The UI's TypeScript types are generated from the Rust types. This fails when
//! ui/src/bindings.ts is stale; MOU_UPDATE_BINDINGS=1 rewrites it.

use std::path::Path;

#[test]
fn typescript_bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = dir.path().join("bindings.ts");
    mou_desktop::export_bindings(&fresh).expect("export bindings");
    let fresh = std::fs::read_to_string(&fresh).expect("read fresh bindings");
    if std::env::var_os("MOU_UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &fresh).expect("write bindings");
        return;
    }
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        old == fresh,
        "ui/src/bindings.ts is stale: a Rust type or command changed. Run MOU_UPDATE_BINDINGS=1 cargo test -p mou-desktop --test bindings and commit the result."
    );
    // The generated file really describes the app: a command and a model field.
    assert!(
        fresh.contains("saveDraft: (id: DraftId, agreement: Agreement_Deserialize)")
            && fresh.contains("partnership_name: string")
    );
}

/// Every command the bindings offer is granted to the window, and nothing else is:
/// a command added without its permission would be refused at run time.
#[test]
fn the_window_may_call_exactly_the_commands_it_has_bindings_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bindings = std::fs::read_to_string(root.join("../ui/src/bindings.ts")).expect("bindings");
    let mut offered: Vec<String> = bindings
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter(|rest| rest.starts_with('(') || rest.starts_with('<')) // calls, not the import
        .filter_map(|rest| rest.split('"').nth(1))
        .filter(|name| !name.is_empty())
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    offered.sort();
    offered.dedup();
    let capability: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("capabilities/main.json")).expect("capability"),
    )
    .expect("capability JSON");
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.starts_with("allow-"))
        .map(str::to_string)
        .collect();
    granted.sort();
    assert_eq!(offered.len(), 17, "{offered:?}");
    assert_eq!(offered, granted);
}
