//! Closing the window the way a person does, with the title bar's close button (the
//! window manager's WM_DELETE_WINDOW message): what was typed a moment before is
//! saved, the window opens again at the size it was left at, and a save that fails
//! at closing keeps the window open instead of losing the edit.

mod support;

use std::time::{Duration, Instant};
use support::window::Display;
use support::{Harness, Res};

#[tokio::test(flavor = "current_thread")]
async fn closing_the_window_keeps_the_last_keystrokes_and_its_size() -> Res {
    let h = Harness::start()?;
    let outcome = close_and_reopen(&h).await;
    if let Err(e) = &outcome {
        eprintln!("failed: {e}\napp and driver output:\n{}", h.log());
    }
    outcome
}

async fn close_and_reopen(h: &Harness) -> Res {
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='0']")
        .await?;
    ui.type_into("new-title", "Closing the window").await?;
    ui.click("[data-testid=new-draft]").await?;
    ui.wait_text("[data-testid=step-heading]", "Agreement details")
        .await?;

    // The user makes the window smaller…
    let x = Display::open(&h.display)?;
    let window = x.window_titled("MoU Builder")?;
    x.resize(window, 1000, 700)?;
    let until = Instant::now() + Duration::from_secs(10);
    while ui
        .d
        .execute("return window.innerWidth;", Vec::new())
        .await?
        .convert::<u32>()?
        != 1000
    {
        assert!(Instant::now() < until, "the page never saw the new size");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // …types, and closes the window straight away, well inside autosave's pause.
    ui.type_into("f-details-reference", "TYPED-JUST-BEFORE-CLOSING")
        .await?;
    let state = ui
        .wait("[data-testid=saved-indicator]")
        .await?
        .attr("data-state")
        .await?;
    assert_eq!(
        state.as_deref(),
        Some("pending"),
        "the edit must not be saved yet"
    );
    x.ask_to_close(window)?;
    let until = Instant::now() + Duration::from_secs(15);
    while h.app_running() {
        assert!(Instant::now() < until, "the app did not close");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = ui.quit().await; // the session ended with the window

    // Opened again: same size, and the last keystrokes are there.
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    let window = x.window_titled("MoU Builder")?;
    assert_eq!(x.size(window)?, (1000, 700), "window size remembered");
    ui.click("[data-testid=open-draft]").await?;
    let reference = ui.wait("#f-details-reference").await?.prop("value").await?;
    assert_eq!(reference.as_deref(), Some("TYPED-JUST-BEFORE-CLOSING"));
    ui.shot("40-reopened-after-close").await?;

    // A save that fails at closing keeps the window open and says so; once the disk
    // takes writes again, "Save and close" saves and closes.
    let wal = h
        .data_dir()
        .join(format!("{}-wal", mou_core::paths::LIBRARY_FILE));
    let Some(frozen) = Frozen::freeze(&wal) else {
        println!("skipped the failing-save part: chattr +i needs root on ext4-like file systems");
        return ui.quit().await;
    };
    ui.type_into("f-details-reference", "TYPED-WHILE-THE-DISK-REFUSED")
        .await?;
    ui.wait("[data-testid=saved-indicator][data-state=failed]")
        .await?;
    x.ask_to_close(window)?;
    ui.wait("[data-testid=close-held]").await?;
    assert!(
        ui.active_selector_matches("[data-testid=close-held]")
            .await?,
        "the message is focused, so it is seen and read out"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(h.app_running(), "the window stayed open");
    ui.shot("43-close-held-save-failed").await?;
    drop(frozen);
    ui.click("[data-testid=save-and-close]").await?;
    let until = Instant::now() + Duration::from_secs(15);
    while h.app_running() {
        assert!(Instant::now() < until, "the app did not close after saving");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = ui.quit().await;
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    ui.click("[data-testid=open-draft]").await?;
    let reference = ui.wait("#f-details-reference").await?.prop("value").await?;
    assert_eq!(reference.as_deref(), Some("TYPED-WHILE-THE-DISK-REFUSED"));
    ui.quit().await?;
    Ok(())
}

/// A file made immutable (`chattr +i`: even root cannot write it) until dropped.
struct Frozen(std::path::PathBuf);

impl Frozen {
    fn freeze(path: &std::path::Path) -> Option<Frozen> {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Frozen(path.to_path_buf()))
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}
