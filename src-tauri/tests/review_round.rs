//! The review round end to end, in the built app under Xvfb: the full example
//! imported, version 0.4 issued and decided on, a comment on risk R01 recorded, a
//! risk edited and 0.5 issued, the two compared down to the words, the sign-off
//! step showing every partner against both versions and the open comment, the
//! changes since 0.4 proposed for a PDF, the final version refused (approvals
//! missing, then the open comment), the comment not accepted with its reason and
//! another accepted, every partner's approval of 0.5, a draft PDF with the changes
//! since 0.4, a final PDF refused until the final version 1.0 is issued (dated as
//! chosen), the final PDF's pages drawn as PNGs, and "Check a PDF" saying that
//! file is exactly version 1.0 final.

mod support;

use std::path::Path;
use support::window::Display;
use support::{Harness, Res, Ui, pdf_text};
use thirtyfour::prelude::*;

/// The example's own version label, so the first issue is proposed as 0.4.
const FIRST: &str = "0.4";
const SECOND: &str = "0.5";
/// Partners of the example, and the signatory an approval is prefilled with.
const ICB: &str = "icb";
const ICB_SIGNATORY: &str = "Dr Llŷr Pritchard";
/// Decisions on 0.4: two approvals and one comment.
const FIRST_DECISIONS: [(&str, &str); 3] = [
    (ICB, "approved"),
    ("trust-acute", "approved"),
    ("council", "commented"),
];
/// Risk R01's mitigation: the words the edit removes and those it adds.
const OLD_WORDS: &str = "Monthly";
const NEW_MITIGATION: &str = "Weekly demand and finance monitoring by the pooled budget manager; a 2% variance trigger for a recovery plan; quarterly refresh of the demand model with the ICB; risk share agreed in advance.";
const NEW_WORDS: &str = "Weekly";
/// What the council said with its decision on 0.4.
const COUNCIL_SAID: &str = "Wants the exit notice period spelt out.";
/// The council's comment on risk R01 in 0.4, and why it is not accepted.
const COMMENT: &str = "Monitoring monthly is too late to act on an overspend.";
const NOT_ACCEPTED: &str = "Weekly monitoring is now in the mitigation; the trigger stays at 2%.";
/// Where on the screen a file is dropped: the middle of the app's window.
const DROP_AT: (i16, i16) = (640, 500);
/// What the final version is numbered, and the day it is dated.
const FINAL: &str = "1.0";
const FINAL_DATE: &str = "2027-03-15";
const FINAL_DATE_LONG: &str = "15 March 2027";
/// The ICB's comment on 0.5, accepted.
const ICB_COMMENT: &str = "Say who the population is in the vision, as the ICB's board will ask.";

#[tokio::test(flavor = "current_thread")]
async fn issue_decide_compare_approve_and_check_the_final_pdf() -> Res {
    let h = Harness::start()?;
    let ui = h.launch().await?;
    let outcome = journey(&h, &ui).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
        let _ = ui.shot("review-zz-failure").await;
    }
    outcome?;
    assert_eq!(ui.csp_violations().await?, Vec::<String>::new());
    assert_eq!(
        ui.errors().await?,
        Vec::<String>::new(),
        "uncaught errors in the page"
    );
    ui.quit().await?;
    Ok(())
}

async fn journey(h: &Harness, ui: &Ui) -> Res {
    ui.wait("[data-testid=library-ready][data-count='0']")
        .await?;
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/integrated-care-mou.json");
    h.answer(serde_json::json!({ "open": example }))?;
    ui.click("[data-testid=import-draft]").await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.click("[data-testid=open-draft]").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;

    // Never issued: 0.4 is proposed, to every partner, dated today.
    ui.click("[data-testid=nav-review]").await?;
    ui.wait_text("#step-heading", "Review round").await?;
    ui.wait("[data-testid=no-versions]").await?;
    assert_eq!(value(ui, "issue-version").await?, FIRST);
    ui.wait_text(
        "[data-testid=issue-version]",
        &format!("Issue version {FIRST}"),
    )
    .await?;
    assert!(
        ui.d.find_all(By::Css("#decision-partner"))
            .await?
            .is_empty(),
        "no decision form before a version is issued"
    );
    ui.shot("review-01-nothing-issued").await?;

    // A mistyped number is refused beside the field, in plain English.
    ui.type_into("issue-version", "0.x").await?;
    ui.click("[data-testid=issue-version]").await?;
    ui.wait_text("#issue-version-error", "\"0.x\" is not a version number")
        .await?;
    ui.shot("review-02-bad-version").await?;
    ui.type_into("issue-version", FIRST).await?;
    ui.type_into("issue-note", "First round for the partners' boards.")
        .await?;
    ui.click("[data-testid=issue-version]").await?;
    ui.wait_text(
        "[data-testid=issue-done]",
        &format!("Version {FIRST} issued to 8 partners."),
    )
    .await?;
    ui.wait_text(
        &format!("[data-testid=issued-versions] tr[data-version='{FIRST}']"),
        "8 partners",
    )
    .await?;
    ui.wait(&format!(
        "[data-partner={ICB}] td[data-version='{FIRST}'][data-status=sent]"
    ))
    .await?;
    // The next proposal follows.
    ui.wait_text(
        "[data-testid=issue-version]",
        &format!("Issue version {SECOND}"),
    )
    .await?;

    // Decisions: approvals prefilled with the signatory, and a comment.
    for (partner, status) in FIRST_DECISIONS {
        ui.decide(partner, FIRST, status, COUNCIL_SAID).await?;
        if partner == ICB {
            assert_eq!(value(ui, "decision-by-name").await?, ICB_SIGNATORY);
        }
    }
    ui.wait_text(
        &format!("[data-partner={ICB}] td[data-version='{FIRST}']"),
        ICB_SIGNATORY,
    )
    .await?;
    ui.wait_text(
        "[data-partner=council] [data-testid=partner-summary]",
        &format!("commented on {FIRST}"),
    )
    .await?;
    // A refusal without its reason is refused beside the reason.
    ui.choose("decision-partner", "vcse").await?;
    ui.click("label[for=decision-status-declined]").await?;
    ui.click("[data-testid=record-decision]").await?;
    ui.wait("#decision-reason-error").await?;
    ui.shot("review-03-decision-refused").await?;
    show(ui, "#grid-heading").await?;
    ui.shot("review-04-grid").await?;
    ui.click("label[for=decision-status-approved]").await?;

    // The council's comment on risk R01, listed as open.
    ui.wait("[data-testid=no-comments]").await?;
    ui.choose("comment-partner", "council").await?;
    ui.choose("comment-version", FIRST).await?;
    ui.choose("comment-step", "risks").await?;
    ui.choose("comment-item", "risk:R01").await?;
    ui.type_into("comment-text", COMMENT).await?;
    ui.click("[data-testid=add-comment]").await?;
    ui.wait_text("[data-testid=comment-done]", "Comment 1 recorded")
        .await?;
    let comment = "[data-testid=comment-list] tr[data-comment='1']";
    ui.wait(&format!("{comment}[data-state=open]")).await?;
    let row = ui.wait_text(comment, "Risk R01").await?;
    for expected in [COMMENT, &format!("Version {FIRST}"), "Council", "Open"] {
        assert!(
            row.contains(expected),
            "the comment lacks {expected:?}: {row}"
        );
    }
    show(ui, "#comments-heading").await?;
    ui.shot("review-04b-comment-open").await?;

    // Once a version is issued, the Details step shows its label, not a field to type in.
    ui.step("details").await?;
    ui.wait_text("[data-testid=version-from-review]", FIRST)
        .await?;
    assert!(
        ui.d.find_all(By::Css("#f-details-version"))
            .await?
            .is_empty(),
        "the typed version field is gone once versions are issued"
    );
    ui.shot("review-04c-details-version").await?;

    // An edit to a risk, issued at once: what is issued is the edit, saved first.
    ui.step("risks").await?;
    ui.click("[data-testid=edit-risk]").await?;
    ui.type_into("f-risks-0-mitigation", NEW_MITIGATION).await?;
    ui.click("[data-testid=nav-review]").await?;
    ui.wait_text(
        "[data-testid=issue-version]",
        &format!("Issue version {SECOND}"),
    )
    .await?;
    assert_eq!(value(ui, "issue-version").await?, SECOND);
    // From the keyboard: Enter in the number submits the form.
    ui.wait("#issue-version")
        .await?
        .send_keys(Key::Enter)
        .await?;
    ui.wait_text(
        "[data-testid=issue-done]",
        &format!("Version {SECOND} issued to 8 partners."),
    )
    .await?;

    // 0.4 against 0.5: the risk's mitigation, word by word, marked in words too.
    ui.choose("compare-from", FIRST).await?;
    ui.choose("compare-to", SECOND).await?;
    ui.click("[data-testid=compare]").await?;
    let risks = "[data-testid=comparison] [data-step-changes=risks]";
    ui.wait_text(risks, "mitigation").await?;
    // As a screen reader reads it: the visually hidden label too (WebDriver's text() omits it).
    let spoken = |css: String| async move {
        Res::Ok(
            ui.wait(&css)
                .await?
                .prop("textContent")
                .await?
                .unwrap_or_default(),
        )
    };
    let inserted = spoken(format!("{risks} ins")).await?;
    let deleted = spoken(format!("{risks} del")).await?;
    assert!(
        inserted.starts_with("inserted:") && inserted.contains(NEW_WORDS),
        "inserted words: {inserted:?}"
    );
    assert!(
        deleted.starts_with("deleted:") && deleted.contains(OLD_WORDS),
        "deleted words: {deleted:?}"
    );
    let elsewhere: Vec<String> =
        ui.d.execute(
            "return Array.from(document.querySelectorAll('[data-step-changes]')).map(e => e.dataset.stepChanges);",
            Vec::new(),
        )
        .await?
        .convert()?;
    assert_eq!(elsewhere, ["risks"], "only the risk changed");
    assert_eq!(ui.active_id().await?, "comparison-heading");
    ui.shot("review-05-comparison").await?;
    // The step's link, followed with the keyboard, opens the step.
    ui.wait(&format!("{risks} h4 a"))
        .await?
        .send_keys(Key::Enter)
        .await?;
    ui.wait("[data-step=risks].nhsuk-task-list__item--current")
        .await?;

    // The sign-off step: every partner against 0.4 and 0.5, and the open comment;
    // nothing to type.
    ui.step("sign_off").await?;
    ui.wait_text("[data-testid=signoff-current]", SECOND)
        .await?;
    ui.wait(&format!(
        "[data-testid=review-grid] [data-partner=council] td[data-version='{FIRST}'][data-status=commented]"
    ))
    .await?;
    ui.wait(&format!(
        "[data-testid=review-grid] [data-partner={ICB}] td[data-version='{SECOND}'][data-status=sent]"
    ))
    .await?;
    ui.wait_text(
        "[data-testid=review-grid] [data-partner=council] [data-testid=partner-summary]",
        &format!("commented on {FIRST}; {SECOND} not yet reviewed, 1 change since"),
    )
    .await?;
    ui.wait_text(
        "[data-testid=signoff-open-comments] tr[data-comment='1']",
        COMMENT,
    )
    .await?;
    // The example's reviews typed by hand before 0.4 are shown as they are, and no
    // longer count; there is no form to type more.
    ui.wait_text("[data-testid=typed-reviews-note]", "They no longer count")
        .await?;
    ui.wait_text(
        "[data-testid=typed-reviews]",
        "Approved by Cabinet on 18 February 2027",
    )
    .await?;
    assert!(
        ui.d.find_all(By::Css(
            "#f-sign_off-new-0-status, #f-sign_off-reviews-0-status"
        ))
        .await?
        .is_empty(),
        "no form to type a review"
    );
    ui.shot("review-05a-sign-off").await?;

    // A PDF for the partners who reviewed 0.4 starts its changes there by default.
    ui.click("[data-testid=nav-pdf]").await?;
    ui.wait_text(
        "#pdf-changes-since-hint",
        &format!("Proposed: version {FIRST}"),
    )
    .await?;
    assert_eq!(value(ui, "pdf-changes-since").await?, FIRST);
    // The sign-off step's button opens the review round.
    ui.step("sign_off").await?;
    ui.click("[data-testid=open-review]").await?;
    ui.wait_text("#step-heading", "Review round").await?;

    // Not yet final: nobody has approved 0.5, and the refusal says so in an error summary.
    ui.click("[data-testid=issue-final]").await?;
    let refusal = ui
        .wait_text(
            "[data-testid=final-problem]",
            &format!("not approved version {SECOND}"),
        )
        .await?;
    assert!(
        refusal.contains("The final version cannot be issued yet"),
        "{refusal}"
    );
    assert_eq!(ui.active_id().await?, "final-problem");
    ui.shot("review-05b-final-refused").await?;

    // Every partner approves 0.5.
    for partner in ui.options_of("decision-partner").await? {
        ui.decide(&partner, SECOND, "approved", "").await?;
    }
    ui.wait_text(
        "[data-partner=council] [data-testid=partner-summary]",
        &format!("approved {SECOND}"),
    )
    .await?;
    show(ui, "#grid-heading").await?;
    ui.shot("review-06-all-approved").await?;

    // Every approval in: the open comment still holds the final version back.
    ui.click("[data-testid=issue-final]").await?;
    ui.wait_text("[data-testid=final-problem]", "1 comment is still open")
        .await?;
    // Not accepted: without a reason the core refuses, beside the field; with one, done.
    ui.click(&format!("{comment} [data-testid=reject-comment]"))
        .await?;
    ui.click("[data-testid=not-accepted-submit]").await?;
    ui.wait_text("#resolve-reason-error", "Say why comment 1 is not accepted")
        .await?;
    ui.shot("review-06b-reason-needed").await?;
    ui.type_into("resolve-reason", NOT_ACCEPTED).await?;
    ui.click("[data-testid=not-accepted-submit]").await?;
    ui.wait(&format!("{comment}[data-state=not_accepted]"))
        .await?;
    ui.wait_text(comment, NOT_ACCEPTED).await?;
    show(ui, "#comments-heading").await?;
    ui.shot("review-06c-comment-not-accepted").await?;

    // The ICB's comment on 0.5, accepted: taken in at the newest save.
    ui.choose("comment-partner", ICB).await?;
    ui.choose("comment-version", SECOND).await?;
    ui.choose("comment-step", "vision").await?;
    ui.type_into("comment-text", ICB_COMMENT).await?;
    ui.click("[data-testid=add-comment]").await?;
    let second = "[data-testid=comment-list] tr[data-comment='2']";
    ui.wait(&format!("{second}[data-state=open]")).await?;
    ui.click(&format!("{second} [data-testid=accept-comment]"))
        .await?;
    ui.wait(&format!("{second}[data-state=accepted]")).await?;
    ui.wait_text(second, "Taken in at save").await?;
    ui.wait_text("[data-testid=resolve-done]", "Comment 2: accepted")
        .await?;
    show(ui, "#comments-heading").await?;
    ui.shot("review-06c2-comment-accepted").await?;

    // A draft PDF for those who approved 0.4: the changes since, at the end.
    let changes = h.root.path().join("Hollinsmoor changes.pdf");
    h.answer(serde_json::json!({ "save": changes }))?;
    ui.click("[data-testid=nav-pdf]").await?;
    assert_eq!(
        value(ui, "pdf-changes-since").await?,
        "",
        "every partner reviewed 0.5, which the draft is: no appendix proposed"
    );
    ui.choose("pdf-changes-since", FIRST).await?;
    ui.shot("review-06d-changes-since").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    ui.wait("[data-testid=pdf-done]").await?;
    let text = pdf_text(&changes)?;
    assert!(
        text.contains(&format!("Changes since version {FIRST}")),
        "no appendix: {text}"
    );
    assert!(text.contains(NEW_WORDS), "the appendix lacks the edit");

    // Everything settled, but 0.5 is not the final version: a final PDF says so.
    ui.click("label[for=kind-final]").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    ui.wait_text(
        "[data-testid=pdf-problem]",
        &format!("every partner approved version {SECOND}"),
    )
    .await?;
    ui.wait_text(
        "[data-testid=pdf-problem]",
        &format!("Issue it as version {FINAL}"),
    )
    .await?;
    ui.shot("review-06d2-final-pdf-needs-final-version").await?;

    // The final version, 1.0: the approvals of 0.5 carry over.
    ui.click("[data-testid=nav-review]").await?;
    ui.choose("final-date", FINAL_DATE).await?;
    ui.type_into("final-note", "Agreed by every partner's board.")
        .await?;
    ui.click("[data-testid=issue-final]").await?;
    ui.wait_text(
        "[data-testid=final-done]",
        &format!("Version {FINAL}, the final version, issued"),
    )
    .await?;
    let row = ui
        .wait_text(
            &format!("[data-testid=issued-versions] tr[data-version='{FINAL}']"),
            "Agreed by every partner's board.",
        )
        .await?;
    assert!(row.contains(FINAL_DATE_LONG), "dated as chosen: {row}");
    ui.wait(&format!(
        "[data-partner=council] td[data-version='{FINAL}'][data-status=approved]"
    ))
    .await?;
    ui.wait("[data-testid=final-issued]").await?;
    show(ui, "#final-heading").await?;
    ui.shot("review-06e-final-issued").await?;

    // A final PDF, then "Check a PDF" on it from the library.
    let pdf = h.root.path().join("Hollinsmoor final.pdf");
    h.answer(serde_json::json!({ "save": pdf }))?;
    ui.click("[data-testid=nav-pdf]").await?;
    ui.click("label[for=kind-final]").await?;
    ui.click("[data-testid=generate-pdf]").await?;
    let fingerprint = ui
        .wait("[data-testid=pdf-done] [data-testid=pdf-fingerprint] strong")
        .await?
        .text()
        .await?;
    ui.shot("review-07-final-pdf").await?;
    // Its pages, as a partner sees them: one PNG each beside the screenshots.
    let pages = page_pngs(&pdf, &h.shots, "review-07-final-page")?;
    let said = ui.wait("[data-testid=pdf-done]").await?.text().await?;
    assert!(
        said.contains(&format!("{pages} pages")),
        "{pages} pages drawn; the window says {said:?}"
    );
    let text = pdf_text(&pdf)?;
    assert!(
        text.contains(&format!(
            "Version {FINAL} · Fingerprint {fingerprint} · Page 1 of {pages}"
        )),
        "a final footer on page 1: {text}"
    );
    // Dropped on the window while a draft is open: the library is where it is checked.
    let x = Display::open(&h.display)?;
    x.drop_file(&pdf, DROP_AT).await?;
    ui.wait_text(
        "[data-testid=dropped-in-workspace]",
        "“Hollinsmoor final.pdf” was dropped on the window",
    )
    .await?;
    ui.shot("review-07b-dropped-in-workspace").await?;
    ui.click("[data-testid=back-to-library]").await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.wait_text(
        "[data-testid=checked-pdf][data-verdict=exact]",
        "“Hollinsmoor final.pdf”, dropped on the window.",
    )
    .await?;
    ui.wait_focus("checked-pdf-title").await?;
    ui.click("[data-testid=checked-pdf] .link-button").await?;
    ui.wait_gone("[data-testid=checked-pdf]").await?;
    // The library line says where the round stands.
    ui.wait_text(
        "[data-testid=review-state]",
        &format!("{FINAL} with partners: 8 of 8 approved"),
    )
    .await?;
    h.answer(serde_json::json!({ "open": pdf }))?;
    ui.click("[data-testid=check-pdf]").await?;
    let panel = "[data-testid=checked-pdf][data-verdict=exact]";
    ui.wait_text(panel, "This PDF is exactly as MoU Builder made it")
        .await?;
    let said = ui
        .wait_text(panel, &format!("Version {FINAL}, final"))
        .await?;
    for expected in [
        format!("Fingerprint {fingerprint}"),
        "This library made this file".to_string(),
        format!("Version {FINAL} was issued on"),
    ] {
        assert!(
            said.contains(&expected),
            "the panel lacks {expected:?}: {said}"
        );
    }
    assert_eq!(ui.active_id().await?, "checked-pdf-title");
    ui.shot("review-08-check-pdf").await?;

    // A copy someone added to, dropped on the window from a file manager (a real
    // drag and drop): changed after it was made, and what was added said.
    ui.wait_focus("checked-pdf-title").await?;
    ui.click("[data-testid=checked-pdf] .link-button").await?;
    ui.wait_gone("[data-testid=checked-pdf]").await?;
    let copy = h
        .root
        .path()
        .join("Hollinsmoor final (from the council).pdf");
    let mut bytes = std::fs::read(&pdf)?;
    bytes.extend_from_slice(b"\n% a note added by another program\n");
    std::fs::write(&copy, bytes)?;
    Display::open(&h.display)?.drop_file(&copy, DROP_AT).await?;
    let panel = "[data-testid=checked-pdf][data-verdict=changed]";
    let said = ui
        .wait_text(
            panel,
            "“Hollinsmoor final (from the council).pdf”, dropped on the window.",
        )
        .await?;
    for expected in [
        format!("Version {FINAL}, final"),
        "saved additions".to_string(),
        // What was added leaves the agreement inside as it was made.
        "It carries its agreement, which matches its fingerprint".to_string(),
    ] {
        assert!(
            said.contains(&expected),
            "the panel lacks {expected:?}: {said}"
        );
    }
    assert_eq!(ui.active_id().await?, "checked-pdf-title");
    ui.shot("review-09-dropped-pdf").await?;

    // The partner's copy imported from the library: the PDF carries its
    // agreement, which becomes a new draft.
    ui.click("[data-testid=checked-pdf] .link-button").await?;
    ui.wait_gone("[data-testid=checked-pdf]").await?;
    h.answer(serde_json::json!({ "open": copy }))?;
    ui.click("[data-testid=import-draft]").await?;
    ui.wait("[data-testid=library-ready][data-count='2']")
        .await?;
    ui.shot("review-10-imported-from-pdf").await?;
    Ok(())
}

/// Scrolls the element to the top of the window, for a screenshot of what follows it.
async fn show(ui: &Ui, css: &str) -> Res {
    ui.d.execute(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
        vec![serde_json::json!(css)],
    )
    .await?;
    Ok(())
}

async fn value(ui: &Ui, id: &str) -> Res<String> {
    Ok(ui
        .wait(&format!("#{id}"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Draws every page of `pdf` as `<dir>/<name>-N.png` at 60 dpi (to look at beside
/// the screenshots); how many pages there are.
fn page_pngs(pdf: &Path, dir: &Path, name: &str) -> Res<usize> {
    let ours = |e: &std::fs::DirEntry| {
        let f = e.file_name().to_string_lossy().to_string();
        f.starts_with(name) && f.ends_with(".png")
    };
    // An earlier run's pages go first, so only this file's are counted.
    for old in std::fs::read_dir(dir)?.filter_map(Result::ok).filter(ours) {
        std::fs::remove_file(old.path())?;
    }
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(pdf)
        .arg(dir.join(name))
        .status()?;
    if !status.success() {
        return Err(format!("pdftoppm could not draw {}", pdf.display()).into());
    }
    let drawn = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(ours)
        .count();
    Ok(drawn)
}
