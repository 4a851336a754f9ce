//! End to end: the built app, in a real WebKit window under Xvfb, driven through
//! tauri-driver as a person would use it. One journey, in order (each launch of
//! the app is slow, and the machine has two cores).

mod support;

use std::time::Instant;
use support::{Harness, Res, Ui};
use thirtyfour::prelude::*;

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

    let outcome = fill_every_step(&ui).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
        let _ = ui.shot("zz-failure").await;
    }
    outcome?;
    let outcome = generate_pdf(&h, &ui).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
        let _ = ui.shot("zz-failure").await;
    }
    outcome?;
    assert!(
        ui.csp_violations().await?.is_empty(),
        "CSP violations: {:?}",
        ui.csp_violations().await?
    );
    // Everything is saved before the window goes away.
    ui.saved().await?;
    ui.quit().await?;

    // Restart: the agreement is in the library with everything entered.
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.wait_text(
        "[data-testid=library-ready]",
        "Riverside Discharge to Assess MoU",
    )
    .await?;
    ui.wait_text(
        "[data-testid=library-ready]",
        "Riverside Community Health NHS Trust",
    )
    .await?;
    ui.shot("20-library-after-restart").await?;
    ui.click("[data-testid=open-draft]").await?;
    ui.wait_text(
        "[data-testid=draft-title]",
        "Riverside Discharge to Assess MoU",
    )
    .await?;
    for (step, status) in [
        ("details", "complete"),
        ("partners", "complete"),
        ("vision", "complete"),
        ("roles", "complete"),
        ("finance", "complete"),
    ] {
        assert_eq!(
            ui.status_of(step).await?,
            status,
            "step {step} after restart"
        );
    }
    ui.step("risks").await?;
    ui.wait_text("[data-testid=risk-row-score]", "20 Extreme")
        .await?;
    ui.step("finance").await?;
    ui.wait_text("[data-testid=finance-total]", "£1,500,000.00")
        .await?;
    ui.shot("21-finance-after-restart").await?;
    keyboard_and_zoom(&ui).await?;
    restore_the_first_version(&ui).await?;
    ui.click("[data-testid=back-to-library]").await?;
    library_actions(&h, &ui).await?;
    ui.quit().await?;
    Ok(())
}

/// Keyboard only: Tab reaches the task list, Enter opens a step; then 200% zoom.
async fn keyboard_and_zoom(ui: &Ui) -> Res {
    ui.d.execute(
        "document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);",
        Vec::new(),
    )
    .await?;
    let mut reached = false;
    for _ in 0..12 {
        ui.d.action_chain().send_keys(Key::Tab).perform().await?;
        if ui.active_selector_matches("[data-step=partners] a").await? {
            reached = true;
            break;
        }
    }
    assert!(
        reached,
        "Tab never reached the Partners step in the task list"
    );
    ui.shot("22-keyboard-focus").await?;
    ui.d.action_chain().send_keys(Key::Enter).perform().await?;
    ui.wait_text("[data-testid=step-heading]", "Partners")
        .await?;

    // Ctrl+= five times: 100% to 200% in steps of 20%.
    for _ in 0..5 {
        ui.d.action_chain()
            .key_down(Key::Control)
            .send_keys("=")
            .key_up(Key::Control)
            .perform()
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    let [inner, scroll]: [f64; 2] =
        ui.d.execute(
            "return [window.innerWidth, document.documentElement.scrollWidth];",
            Vec::new(),
        )
        .await?
        .convert()?;
    assert!(
        inner <= 700.0,
        "the page did not zoom: it is {inner} CSS pixels wide"
    );
    assert!(
        scroll <= inner + 1.0,
        "at 200% the page scrolls sideways ({scroll} > {inner})"
    );
    ui.shot("23-zoom-200-percent").await?;
    for _ in 0..5 {
        ui.d.action_chain()
            .key_down(Key::Control)
            .send_keys("-")
            .key_up(Key::Control)
            .perform()
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    Ok(())
}

/// Saved versions: restoring the first (blank) one brings it back as the newest.
async fn restore_the_first_version(ui: &Ui) -> Res {
    ui.click("[data-testid=nav-revisions]").await?;
    ui.click("[data-revision='1'] button").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;
    ui.wait("[data-step=partners][data-status=not_started]")
        .await?;
    ui.click("[data-testid=nav-revisions]").await?;
    ui.wait_text("[data-testid=revisions] tbody tr:first-child", "Restored")
        .await?;
    ui.shot("24-revision-restored").await?;
    Ok(())
}

/// Duplicate, archive, delete (with confirmation), export and import.
async fn library_actions(h: &Harness, ui: &Ui) -> Res {
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.click("tbody tr:first-child .actions button:nth-of-type(1)")
        .await?;
    ui.wait("[data-testid=library-ready][data-count='2']")
        .await?;
    // Archive the copy (listed first: newest change first).
    ui.click("tbody tr:first-child .actions button:nth-of-type(3)")
        .await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.wait_text("[data-testid=library-notice]", "Archived")
        .await?;
    ui.click("label[for=show-archived]").await?;
    ui.wait("[data-testid=library-ready][data-count='2']")
        .await?;
    ui.shot("25-library-archived-shown").await?;
    // Delete it: nothing happens until the user confirms.
    let archived = ui.wait("tr:has(.nhsuk-tag--grey)").await?;
    archived
        .find(By::Css("[data-testid=delete]"))
        .await?
        .click()
        .await?;
    ui.wait("[data-testid=confirm-delete]").await?;
    ui.shot("26-library-confirm-delete").await?;
    ui.click("[data-testid=confirm-delete]").await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    // Export, then import the file back as a new draft.
    let file = h.root.path().join("exported.json");
    h.answer(serde_json::json!({ "save": file, "open": file }))?;
    ui.click("tbody tr:first-child .actions button:nth-of-type(2)")
        .await?;
    ui.wait_text("[data-testid=library-notice]", "Exported")
        .await?;
    assert!(std::fs::read_to_string(&file)?.contains("\"format_version\": 1"));
    ui.click("label[for=show-archived]").await?; // back to current drafts only
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.click("button.nhsuk-button--secondary[type=button]")
        .await?; // "Import a file…"
    ui.wait_text("[data-testid=library-notice]", "Imported")
        .await?;
    ui.wait("[data-testid=library-ready][data-count='2']")
        .await?;
    ui.shot("27-library-imported").await?;
    Ok(())
}

async fn fill_every_step(ui: &Ui) -> Res {
    details(ui).await?;
    partners(ui).await?;
    vision(ui).await?;
    objectives(ui).await?;
    principles(ui).await?;
    roles(ui).await?;
    governance(ui).await?;
    finance(ui).await?;
    risks(ui).await?;
    clauses(ui).await?;
    glossary(ui).await?;
    sign_off(ui).await?;
    Ok(())
}

/// Step 1, with a validation error that appears and disappears.
async fn details(ui: &Ui) -> Res {
    // Emptying the title brings an error to the summary and beside the field.
    ui.type_into("f-details-title", "").await?;
    ui.wait_text("[data-testid=error-summary]", "title").await?;
    ui.wait("#f-details-title-error").await?;
    ui.shot("02-details-title-missing").await?;
    // The summary's link takes the user to the field.
    ui.click("[data-testid=error-summary] a[data-code='details.title_missing']")
        .await?;
    assert_eq!(ui.active_id().await?, "f-details-title");
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

async fn partners(ui: &Ui) -> Res {
    ui.step("partners").await?;
    let people = [
        (
            "Riverside Community Health NHS Trust",
            "RCHT",
            "nhs_provider",
            "Ade Okafor",
            "Chief Executive",
        ),
        (
            "Riverside Borough Council",
            "RBC",
            "local_authority",
            "Siân Ellis",
            "Director of Adult Social Care",
        ),
    ];
    for (i, (name, short, kind, signatory, job)) in people.iter().enumerate() {
        ui.click("[data-testid=add-partner]").await?;
        let f = |field: &str| format!("f-partners-{i}-{field}");
        ui.type_into(&f("name"), name).await?;
        ui.type_into(&f("short_name"), short).await?;
        ui.choose(&f("type"), kind).await?;
        ui.type_into(&f("address"), "1 River Street, Riverside RV1 1AA")
            .await?;
        ui.type_into(&f("lead_contact-name"), "Jo Bloggs").await?;
        ui.type_into(&f("lead_contact-job_title"), "Partnership Lead")
            .await?;
        ui.type_into(&f("lead_contact-email"), "jo.bloggs@example.nhs.uk")
            .await?;
        ui.type_into(&f("signatory-name"), signatory).await?;
        ui.type_into(&f("signatory-job_title"), job).await?;
    }
    ui.saved().await?;
    ui.wait("[data-step=partners][data-status=complete]")
        .await?;
    ui.shot("04-partners").await?;
    Ok(())
}

async fn vision(ui: &Ui) -> Res {
    ui.step("vision").await?;
    ui.type_into(
        "f-vision-background",
        "People wait too long in hospital once they are well enough to leave.",
    )
    .await?;
    ui.type_into(
        "f-vision-vision_statement",
        "Everyone goes home, or to the right place, on the day they are ready.",
    )
    .await?;
    ui.type_into(
        "f-vision-population",
        "Adults registered with a Riverside GP practice.",
    )
    .await?;
    ui.saved().await?;
    ui.wait("[data-step=vision][data-status=complete]").await?;
    ui.shot("05-vision").await?;
    Ok(())
}

async fn objectives(ui: &Ui) -> Res {
    ui.step("objectives").await?;
    ui.click("[data-testid=add-objective]").await?;
    ui.type_into("f-objectives-0-title", "Cut delayed discharges by half")
        .await?;
    ui.type_into(
        "f-objectives-0-description",
        "Fewer people stay in hospital after they are medically fit.",
    )
    .await?;
    ui.type_into(
        "f-objectives-0-measure",
        "Delayed days per month, from the ward dashboard",
    )
    .await?;
    ui.choose("f-objectives-0-target_date", "2028-03-31")
        .await?;
    let lead = first_option(ui, "f-objectives-0-lead_partner").await?;
    ui.choose("f-objectives-0-lead_partner", &lead).await?;
    ui.saved().await?;
    ui.shot("06-objectives").await?;
    Ok(())
}

async fn principles(ui: &Ui) -> Res {
    ui.step("principles").await?;
    ui.click("[data-testid=add-principle]").await?;
    ui.type_into("f-principles-values-0-title", "Trust").await?;
    ui.type_into(
        "f-principles-values-0-description",
        "We assume good intent and share problems early.",
    )
    .await?;
    ui.type_into(
        "f-principles-behaviours_expected",
        "Share data openly\nSpeak plainly",
    )
    .await?;
    ui.type_into("f-principles-behaviours_avoided", "Blame\nJargon")
        .await?;
    ui.saved().await?;
    ui.shot("07-principles").await?;
    Ok(())
}

async fn roles(ui: &Ui) -> Res {
    ui.step("roles").await?;
    // Each partner's responsibilities, one per line.
    for (i, text) in [
        "Run the discharge hub\nProvide therapists",
        "Arrange care at home\nFund reablement",
    ]
    .iter()
    .enumerate()
    {
        ui.type_into(&format!("f-roles-new_responsibilities-{i}"), text)
            .await?;
    }
    ui.click("[data-testid=add-activity]").await?;
    ui.type_into("f-roles-raci-0-activity", "Assess people for discharge")
        .await?;
    // One partner accountable, the other responsible: the grid's checkboxes.
    let ids = partner_ids(ui).await?;
    ui.click(&format!("[data-raci='0-{}-A']", ids[0])).await?;
    ui.click(&format!("[data-raci='0-{}-R']", ids[1])).await?;
    ui.saved().await?;
    ui.wait("[data-step=roles][data-status=complete]").await?;
    ui.shot("08-roles-raci").await?;
    // Two partners' grid fits the step: no sideways scroll hiding the activity's left edge.
    let (wide, fits): (String, bool) = ui
        .d
        .execute(
            "const s = document.querySelector('.table-scroll');
             return [s.scrollWidth + 'px of content in ' + s.clientWidth + 'px', s.scrollWidth <= s.clientWidth];",
            Vec::new(),
        )
        .await?
        .convert()?;
    assert!(
        fits,
        "the RACI grid scrolls sideways with two partners: {wide}"
    );
    Ok(())
}

async fn governance(ui: &Ui) -> Res {
    ui.step("governance").await?;
    ui.type_into("f-governance-board_name", "Riverside Discharge Board")
        .await?;
    ui.type_into("f-governance-chair", "Director of Integration")
        .await?;
    ui.type_into("f-governance-purpose", "Oversees the discharge service.")
        .await?;
    ui.type_into("f-governance-meeting_frequency", "Monthly")
        .await?;
    ui.type_into("f-governance-quorum", "One member from each partner")
        .await?;
    ui.type_into(
        "f-governance-decision_making",
        "By consensus; failing that, by the chair.",
    )
    .await?;
    ui.click("[data-testid=add-escalation]").await?;
    ui.type_into("f-governance-escalation_levels-0-who", "Operational leads")
        .await?;
    ui.type_into(
        "f-governance-escalation_levels-0-timescale",
        "5 working days",
    )
    .await?;
    ui.type_into(
        "f-governance-reporting",
        "Quarterly to each partner's board.",
    )
    .await?;
    ui.saved().await?;
    ui.shot("09-governance").await?;
    Ok(())
}

async fn finance(ui: &Ui) -> Res {
    ui.step("finance").await?;
    ui.click("label[for=f-finance-money_involved]").await?;
    for (i, amount) in ["£1,000,000", "500000"].iter().enumerate() {
        ui.click("[data-testid=add-contribution]").await?;
        let ids = partner_ids_of(ui, &format!("f-finance-contributions-{i}-partner")).await?;
        ui.choose(&format!("f-finance-contributions-{i}-partner"), &ids[i])
            .await?;
        ui.type_into(&format!("f-finance-contributions-{i}-amount_gbp"), amount)
            .await?;
    }
    // A typing slip is refused with a message, and nothing is lost.
    ui.type_into("f-finance-contributions-1-amount_gbp", "5,00,000")
        .await?;
    ui.wait_text(
        "#f-finance-contributions-1-amount_gbp-error",
        "Enter an amount",
    )
    .await?;
    ui.type_into("f-finance-contributions-1-amount_gbp", "500000")
        .await?;
    ui.wait_gone("#f-finance-contributions-1-amount_gbp-error")
        .await?;
    ui.wait_text("[data-testid=finance-total]", "£1,500,000.00")
        .await?;
    ui.wait_text("[data-testid=finance-totals]", "66.7%")
        .await?;
    ui.saved().await?;
    ui.shot("10-finance").await?;
    Ok(())
}

async fn risks(ui: &Ui) -> Res {
    ui.step("risks").await?;
    ui.click("[data-testid=add-risk]").await?;
    ui.type_into(
        "f-risks-0-description",
        "Not enough home care to discharge people on time.",
    )
    .await?;
    ui.choose("f-risks-0-category", "operational").await?;
    ui.choose("f-risks-0-likelihood", "4").await?;
    ui.choose("f-risks-0-consequence", "5").await?;
    // Score and band show at once, before any save.
    ui.wait_text("[data-testid=risk-score]", "20 Extreme")
        .await?;
    ui.wait_text("[data-cell='4-5']", "1").await?;
    let owner = partner_ids_of(ui, "f-risks-0-owner").await?.remove(1);
    ui.choose("f-risks-0-owner", &owner).await?;
    // An extreme risk without mitigation is an error until one is written.
    ui.wait("#f-risks-0-mitigation-error").await?;
    // The register shows it closed, flagged; the summary's link opens it at the field.
    ui.click("[data-testid=risk-done]").await?;
    ui.wait_gone("#f-risks-0-mitigation").await?;
    assert!(
        ui.active_selector_matches("[data-testid=edit-risk]")
            .await?,
        "focus goes back to the risk's Edit button"
    );
    ui.wait_text("[data-testid=risk-row]", "1 problem").await?;
    ui.wait_text("[data-testid=risk-row-score]", "20 Extreme")
        .await?;
    ui.click("[data-testid=error-summary] a[data-code='risks.mitigation_missing']")
        .await?;
    ui.wait("#f-risks-0-mitigation").await?;
    assert_eq!(ui.active_id().await?, "f-risks-0-mitigation");
    ui.type_into(
        "f-risks-0-mitigation",
        "Block-book home care hours; weekly capacity huddle.",
    )
    .await?;
    ui.choose("f-risks-0-residual_likelihood", "2").await?;
    ui.choose("f-risks-0-residual_consequence", "4").await?;
    ui.wait_text("[data-testid=risk-residual-score]", "8 High")
        .await?;
    ui.choose("f-risks-0-review_date", "2027-10-01").await?;
    ui.wait_gone("#f-risks-0-mitigation-error").await?;
    ui.saved().await?;
    ui.shot("11-risks").await?;
    Ok(())
}

async fn clauses(ui: &Ui) -> Res {
    ui.step("clauses").await?;
    ui.type_into(
        "f-clauses-6-text",
        "Changes need the written agreement of every partner.",
    )
    .await?;
    ui.saved().await?;
    ui.shot("12-clauses").await?;
    Ok(())
}

async fn glossary(ui: &Ui) -> Res {
    ui.step("glossary").await?;
    ui.click("[data-testid=add-term]").await?;
    ui.type_into("f-glossary-0-term", "Discharge to assess")
        .await?;
    ui.type_into(
        "f-glossary-0-meaning",
        "People leave hospital first; their long-term needs are assessed at home.",
    )
    .await?;
    ui.saved().await?;
    ui.wait("[data-step=glossary][data-status=complete]")
        .await?;
    ui.shot("13-glossary").await?;
    Ok(())
}

async fn sign_off(ui: &Ui) -> Res {
    ui.step("sign_off").await?;
    // The first edit makes the partner's review record (reviews[0]).
    ui.choose("f-sign_off-new-0-status", "approved").await?;
    ui.type_into("f-sign_off-reviews-0-reviewed_version", "0.1")
        .await?;
    ui.type_into("f-sign_off-reviews-0-comments", "Happy with this draft.")
        .await?;
    ui.saved().await?;
    ui.shot("14-sign-off").await?;
    Ok(())
}

/// Generates the draft PDF through the (scripted) save dialog, and reads it back.
async fn generate_pdf(h: &Harness, ui: &Ui) -> Res {
    let pdf = h.root.path().join("Riverside draft.pdf");
    h.answer(serde_json::json!({ "save": pdf }))?;
    ui.click("[data-testid=nav-pdf]").await?;
    ui.shot("15-generate-pdf").await?;
    let clicked = Instant::now();
    ui.click("[data-testid=generate-pdf]").await?;
    let done = ui.wait("[data-testid=pdf-done]").await?;
    println!(
        "click to PDF written (this build, small agreement): {:?}",
        clicked.elapsed()
    );
    assert_eq!(done.attr("data-path").await?.as_deref(), pdf.to_str());
    ui.shot("16-pdf-done").await?;
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    let text = String::from_utf8(text.stdout)?;
    for expected in [
        "Riverside Discharge to Assess MoU",
        "Riverside Community Health NHS Trust",
        "Riverside Borough Council",
        "Not enough home care",
        "Discharge to assess",
        "Changes need the written agreement of every partner.",
    ] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}");
    }
    // "Open it when it is ready" handed the file to the system viewer.
    assert_eq!(h.opened(), vec![pdf.display().to_string()]);

    // A final document is refused, in plain English, while a partner has not approved.
    ui.click("label[for=kind-final]").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    ui.wait_text(
        "[data-testid=pdf-problem]",
        "A final document cannot be made yet",
    )
    .await?;
    ui.shot("17-pdf-final-refused").await?;

    ui.click("[data-testid=nav-revisions]").await?;
    ui.wait("[data-testid=revisions] [data-revision='2']")
        .await?;
    ui.shot("18-revisions").await?;
    Ok(())
}

/// The partners' ids, in order, from the RACI grid's column headers.
async fn partner_ids(ui: &Ui) -> Res<Vec<String>> {
    let r = ui
        .d
        .execute(
            "return Array.from(document.querySelectorAll('th[data-partner]')).map(th => th.dataset.partner);",
            Vec::new(),
        )
        .await?;
    let ids: Vec<String> = r.convert()?;
    if ids.len() != 2 {
        return Err(format!("expected two partners in the RACI grid, found {ids:?}").into());
    }
    Ok(ids)
}

async fn first_option(ui: &Ui, select: &str) -> Res<String> {
    Ok(partner_ids_of(ui, select).await?.remove(0))
}

async fn partner_ids_of(ui: &Ui, select: &str) -> Res<Vec<String>> {
    let r = ui
        .d
        .execute(
            "return Array.from(document.getElementById(arguments[0]).options).map(o => o.value).filter(v => v);",
            vec![serde_json::json!(select)],
        )
        .await?;
    Ok(r.convert()?)
}
