//! End to end: the built app, in a real WebKit window under Xvfb, driven through
//! tauri-driver as a person would use it. One journey, in order (each launch of
//! the app is slow, and the machine has two cores).

mod support;

use std::time::Instant;
use support::{Harness, Res, Ui};

#[tokio::test(flavor = "current_thread")]
async fn draft_an_agreement_from_blank_to_pdf_and_find_it_after_a_restart() -> Res {
    let h = Harness::start()?;

    // Launch: an empty library.
    let started = Instant::now();
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='0']")
        .await?;
    println!(
        "launch to usable library (first launch, this build): {:?}",
        started.elapsed()
    );
    ui.shot("01-library-empty").await?;

    // New agreement from the pooled-budget template.
    ui.type_into("new-title", "Riverside Discharge to Assess MoU")
        .await?;
    ui.choose("new-template", "integrated-care-pooled-budget")
        .await?;
    ui.click("[data-testid=new-draft]").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;

    let outcome = details(&ui).await;
    if outcome.is_err() {
        eprintln!("app and driver output:\n{}", h.log());
        ui.shot("zz-failure").await?;
    }
    outcome?;
    assert!(
        ui.csp_violations().await?.is_empty(),
        "CSP violations: {:?}",
        ui.csp_violations().await?
    );
    ui.quit().await?;
    Ok(())
}

/// Step 1, with a validation error that appears and disappears.
async fn details(ui: &Ui) -> Res {
    // Emptying the title brings an error to the summary and beside the field.
    ui.type_into("f-details-title", "").await?;
    ui.wait_text("[data-testid=error-summary]", "title").await?;
    ui.wait("#f-details-title-error").await?;
    ui.shot("02-details-title-missing").await?;
    ui.type_into("f-details-title", "Riverside Discharge to Assess MoU")
        .await?;
    ui.wait_gone("#f-details-title-error").await?;
    ui.type_into("f-details-reference", "RDA-MOU-2027-01")
        .await?;
    ui.type_into(
        "f-details-partnership_name",
        "Riverside Discharge to Assess Partnership",
    )
    .await?;
    ui.choose("f-details-start_date", "2027-04-01").await?;
    ui.choose("f-details-end_date", "2030-03-31").await?;
    ui.choose("f-details-review_date", "2028-03-31").await?;
    ui.wait_gone("[data-testid=error-summary]").await?;
    ui.saved().await?;
    assert_eq!(ui.status_of("details").await?, "complete");
    ui.shot("03-details").await?;
    Ok(())
}
