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

/// What the window may do besides calling the app's own commands: zoom itself.
const PLATFORM_PERMISSIONS: [&str; 1] = ["core:webview:allow-set-webview-zoom"];

/// Every command the bindings offer is granted to the window, and nothing else is:
/// a command added without its permission would be refused at run time, and a
/// plugin permission (`fs:default`, `dialog:default`, `opener:default`, …) would
/// break the promise that the page cannot touch files, dialogs or the shell.
#[test]
fn the_window_may_call_exactly_the_commands_it_has_bindings_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bindings = std::fs::read_to_string(root.join("../ui/src/bindings.ts")).expect("bindings");
    let mut expected: Vec<String> = bindings
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter(|rest| rest.starts_with('(') || rest.starts_with('<')) // calls, not the import
        .filter_map(|rest| rest.split('"').nth(1))
        .filter(|name| !name.is_empty())
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    assert_eq!(expected.len(), 28, "{expected:?}");
    expected.extend(PLATFORM_PERMISSIONS.map(str::to_string));
    expected.sort();
    expected.dedup();

    // Every capability file counts, whichever window it names.
    let mut granted = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("capabilities")).expect("capabilities folder") {
        let path = entry.expect("entry").path();
        files.push(
            path.file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
        );
        let capability: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("capability"))
                .expect("capability JSON");
        assert_eq!(
            capability["windows"],
            serde_json::json!(["main"]),
            "{path:?}"
        );
        assert!(
            capability.get("remote").is_none(),
            "{path:?} grants remote pages"
        );
        for p in capability["permissions"].as_array().expect("permissions") {
            // A permission may be a bare identifier or an object with scopes.
            let id = p.as_str().or_else(|| p["identifier"].as_str());
            granted.push(id.expect("permission identifier").to_string());
        }
    }
    assert_eq!(files, ["main.json"], "one capability, for the one window");
    granted.sort();
    assert_eq!(granted, expected);

    // And the app enables only that capability.
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tauri.conf.json")).expect("config"),
    )
    .expect("config JSON");
    assert_eq!(
        config["app"]["security"]["capabilities"],
        serde_json::json!(["main"])
    );
}
