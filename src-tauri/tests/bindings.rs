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
