//! The real file dialogs and viewer, as a user meets them: the app started without
//! scripted answers, GTK's own save and open dialogs typed into through the X
//! keyboard (XTEST), one cancelled with its close button, and the PDF handed to
//! xdg-open (a stand-in first on PATH that notes the file). The main journey
//! (e2e.rs) scripts the dialogs' answers; this proves the path it skips.

mod support;

use std::path::PathBuf;
use std::time::Duration;
use support::window::{CONTROL, Display, RETURN};
use support::{Harness, Res, Ui};

const TITLE: &str = "Through the real dialogs";
const OPEN_TITLE: &str = "Import an agreement";
/// A draft added to the library while a dialog is open.
const ADDED_MEANWHILE: &str = "Added while the dialog was open";

#[tokio::test(flavor = "current_thread")]
async fn save_export_and_import_through_the_real_gtk_dialogs() -> Res {
    let h = Harness::start()?;
    let ui = h.launch_with_system_dialogs().await?;
    let outcome = journey(&h, &ui).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
        let _ = Display::open(&h.display)?.screenshot(&h.shots.join("zz-dialog-failure.png"));
    }
    outcome?;
    ui.quit().await
}

async fn journey(h: &Harness, ui: &Ui) -> Res {
    let x = Display::open(&h.display)?;
    ui.wait("[data-testid=library-ready][data-count='0']")
        .await?;
    ui.type_into("new-title", TITLE).await?;
    ui.click("[data-testid=new-draft]").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;

    // A PDF saved through GTK's save dialog, which starts in the home folder: a full
    // path typed over the suggested name.
    let folder = h.root.path().join("chosen-folder");
    std::fs::create_dir(&folder)?;
    let pdf = folder.join("saved-through-the-dialog.pdf");
    ui.click("[data-testid=nav-pdf]").await?;
    ui.click("[data-testid=generate-pdf]").await?; // "open it when it is ready" ticked
    answer(
        &x,
        "Save the PDF",
        &pdf.display().to_string(),
        Some(h.shots.join("41-native-save-dialog.png")),
    )
    .await?;
    let done = ui.wait("[data-testid=pdf-done]").await?;
    assert_eq!(done.attr("data-path").await?.as_deref(), pdf.to_str());
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    assert!(String::from_utf8_lossy(&text.stdout).contains(TITLE));
    // …and handed to the system viewer through the opener plugin (xdg-open).
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while !h.shown_in_viewer().contains(&pdf.display().to_string()) {
        assert!(
            std::time::Instant::now() < until,
            "viewer asked for {:?}",
            h.shown_in_viewer()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Export, cancelled with the dialog's close button: no file, no error, no notice.
    ui.click("[data-testid=back-to-library]").await?;
    let row = ui
        .wait("[data-testid=library-ready][data-count='1'] tbody tr")
        .await?
        .attr("data-draft")
        .await?
        .ok_or("a library row without its draft's id")?;
    let export = format!("tr[data-draft='{row}'] .actions button:nth-of-type(2)");
    ui.click(&export).await?;
    let dialog = x.wait_for_window("Export the agreement").await?;
    // Meanwhile another draft reaches the library (the `mou` command line may add
    // one): the list shows it once the page has handled the dialog's answer, since
    // every library action ends by reloading the list. That is the sign to look for
    // the notice or error the cancel must not have caused.
    let other = mou_core::model::Agreement::new(ADDED_MEANWHILE);
    mou_core::store::Store::open(&h.data_dir())?.create(&other, None)?;
    x.ask_to_close(dialog)?;
    x.wait_for_no_window("Export the agreement").await?;
    ui.wait("[data-testid=library-ready][data-count='2']")
        .await?;
    assert!(
        ui.d.find_all(thirtyfour::By::Css(
            "[data-testid=library-notice], [data-testid=library-problem]"
        ))
        .await?
        .is_empty(),
        "a cancelled export says nothing"
    );

    // Export for real, typing only a name: the dialog starts in the folder last chosen.
    ui.click(&export).await?;
    answer(
        &x,
        "Export the agreement",
        "exported-through-the-dialog.json",
        None,
    )
    .await?;
    let file = folder.join("exported-through-the-dialog.json");
    ui.wait_text("[data-testid=library-notice]", "Exported")
        .await?;
    assert!(std::fs::read_to_string(&file)?.contains(TITLE));
    ui.click("button.nhsuk-button--secondary[type=button]")
        .await?; // "Import a file…"
    answer(
        &x,
        OPEN_TITLE,
        &file.display().to_string(),
        Some(h.shots.join("42-native-open-dialog.png")),
    )
    .await?;
    ui.wait_text("[data-testid=library-notice]", "Imported")
        .await?;
    ui.wait("[data-testid=library-ready][data-count='3']")
        .await?;
    Ok(())
}

/// Answers the dialog titled `title` with `path`, typed as a person would: in a save
/// dialog over the selected suggested name, in an open dialog into the location field
/// that Ctrl+L opens. Then Enter. Each key waits for the dialog to have the keyboard
/// and to show what the key before it changed.
async fn answer(x: &Display, title: &str, path: &str, shot: Option<PathBuf>) -> Res {
    let dialog = x.wait_for_window(title).await?;
    x.focus_drawn(dialog).await?;
    if title == OPEN_TITLE {
        let before = x.pixels(dialog)?;
        x.press(&[CONTROL], u32::from('l'))?;
        x.wait_drawn(dialog, Some(&before)).await?; // the location field is shown
    }
    let before = x.pixels(dialog)?;
    x.press(&[CONTROL], u32::from('a'))?;
    x.type_text(path).await?;
    x.wait_drawn(dialog, Some(&before)).await?; // the path is shown
    if let Some(png) = shot {
        x.screenshot(&png)?;
    }
    x.press(&[], RETURN)?;
    x.wait_for_no_window(title).await
}
