// Builds the Tauri context (config, capabilities, the UI in ../ui/dist) and declares
// the app's own commands, so each must be granted in capabilities/ to be callable.
fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(mou_commands()))
        .codegen(tauri_build::CodegenContext::new());
    if let Err(e) = tauri_build::try_build(attributes) {
        // Usually ../ui/dist is missing: the UI must be built first (scripts/test does).
        println!(
            "cargo::error=tauri-build failed: {e:#}. Build the UI first: npm --prefix ui run build"
        );
    }
}

fn mou_commands() -> &'static [&'static str] {
    &[
        "app_status",
        "list_drafts",
        "list_templates",
        "clause_library",
        "new_draft",
        "duplicate_draft",
        "set_archived",
        "delete_draft",
        "import_draft",
        "export_draft",
        "open_draft",
        "save_draft",
        "list_revisions",
        "restore_revision",
        "generate_pdf",
        "open_pdf",
        "review_round",
        "issue_version",
        "record_decision",
        "compare_versions",
        "identify_pdf",
        "list_comments",
        "add_comment",
        "resolve_comment",
        "issue_final_version",
        "watch_close",
        "watch_drops",
        "answer_close",
    ]
}
