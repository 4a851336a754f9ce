//! Closing the window the way a person does, with the title bar's close button (the
//! window manager's WM_DELETE_WINDOW message): what was typed a moment before is
//! saved, the window opens again where it was left and at the size it was left at,
//! and a save that fails at closing keeps the window open instead of losing the edit.
//!
//! The failing save needs a disk that refuses writes: the library's write-ahead log
//! is made immutable with `chattr +i`, which stops even root (the CI machine runs as
//! root on ext4, where permission bits stop nothing). Without the privilege that part
//! fails, saying why, unless `MOU_E2E_ALLOW_SKIP_CHATTR=1` skips it knowingly.

mod support;

use std::io::Write;
use std::time::{Duration, Instant};
use support::window::{DEADLINE, Display, Rect};
use support::{Harness, Res};

/// Where the user leaves the window, and its size: away from the top-left corner
/// and from the size the app opens at (1280 × 860), so neither is remembered by luck.
const LEFT_AT: Rect = Rect {
    x: 137,
    y: 83,
    width: 1000,
    height: 700,
};
/// Set to 1 to skip the failing-save part where `chattr +i` is not allowed.
const ALLOW_SKIP_CHATTR: &str = "MOU_E2E_ALLOW_SKIP_CHATTR";

#[tokio::test(flavor = "current_thread")]
async fn closing_the_window_keeps_the_last_keystrokes_its_place_and_size() -> Res {
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

    // The user moves the window and makes it smaller…
    let x = Display::open(&h.display)?;
    let window = x.window_titled("MoU Builder")?;
    x.place(window, LEFT_AT)?;
    let until = Instant::now() + Duration::from_secs(10);
    while ui
        .d
        .execute("return window.innerWidth;", Vec::new())
        .await?
        .convert::<u16>()?
        != LEFT_AT.width
    {
        assert!(Instant::now() < until, "the page never saw the new size");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(x.rect(window)?, LEFT_AT, "the window went where it was put");
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

    // Opened again: in the same place at the same size, and the last keystrokes are
    // there. With no window manager the window is placed exactly where it is asked to be.
    let ui = h.launch().await?;
    ui.wait("[data-testid=library-ready][data-count='1']")
        .await?;
    let window = x.window_titled("MoU Builder")?;
    let placed = x
        .wait_until(DEADLINE, "the window did not return to its place", || {
            Ok(x.rect(window)? == LEFT_AT)
        })
        .await;
    assert!(
        placed.is_ok(),
        "window place and size remembered: left at {LEFT_AT:?}, opened at {:?}",
        x.rect(window)?
    );
    ui.click("[data-testid=open-draft]").await?;
    let reference = ui.wait("#f-details-reference").await?.prop("value").await?;
    assert_eq!(reference.as_deref(), Some("TYPED-JUST-BEFORE-CLOSING"));
    ui.shot("40-reopened-after-close").await?;

    // A save that fails at closing keeps the window open and says so; once the disk
    // takes writes again, "Save and close" saves and closes.
    let wal = h
        .data_dir()
        .join(format!("{}-wal", mou_core::paths::LIBRARY_FILE));
    let frozen = match Frozen::freeze(&wal) {
        Ok(frozen) => frozen,
        Err(why) if std::env::var(ALLOW_SKIP_CHATTR).is_ok_and(|v| v == "1") => {
            // Straight to stderr, past the test harness's capture: a skip is never silent.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED the failing-save-at-closing part ({ALLOW_SKIP_CHATTR}=1): {why}"
            );
            return ui.quit().await;
        }
        Err(why) => {
            return Err(format!(
                "cannot make the disk refuse the save: {why}. This part needs `chattr +i` \
                 (root, on ext4 or a file system like it); set {ALLOW_SKIP_CHATTR}=1 to skip it"
            )
            .into());
        }
    };
    ui.type_into("f-details-reference", "TYPED-WHILE-THE-DISK-REFUSED")
        .await?;
    ui.wait("[data-testid=saved-indicator][data-state=failed]")
        .await?;
    x.ask_to_close(window)?;
    // The window stays open and says why; then "Keep working", and the close button
    // is held again the same way (a window that had closed, or was closing, could
    // neither show the message nor be asked twice).
    let held = async {
        ui.wait("[data-testid=close-held]").await?;
        assert!(
            ui.active_selector_matches("[data-testid=close-held]")
                .await?,
            "the message is focused, so it is seen and read out"
        );
        ui.click("[data-testid=close-held] .link-button").await?;
        ui.wait_gone("[data-testid=close-held]").await?;
        x.ask_to_close(window)?;
        ui.wait("[data-testid=close-held]").await?;
        Res::Ok(())
    };
    if let Err(e) = held.await {
        return Err(format!("the window did not stay open after the failed save: {e}").into());
    }
    assert!(h.app_running(), "the window stayed open");
    assert!(x.is_viewable(window)?, "the window is still on screen");
    ui.shot("43-close-held-save-failed").await?;
    drop(frozen);
    // An automatic retry may save first and put the message away (as it should);
    // then the close button closes at once.
    if ui.click("[data-testid=save-and-close]").await.is_err() {
        x.ask_to_close(window)?;
    }
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
    /// Freezes `path`, or says why it could not be frozen.
    fn freeze(path: &std::path::Path) -> Result<Frozen, String> {
        let out = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .map_err(|e| format!("chattr could not be run ({e})"))?;
        if !out.status.success() {
            return Err(format!(
                "chattr +i {} failed: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let frozen = Frozen(path.to_path_buf());
        // Proof that it took: the file no longer opens for writing.
        match std::fs::OpenOptions::new().append(true).open(path) {
            Ok(_) => Err(format!(
                "{} still takes writes after chattr +i",
                path.display()
            )),
            Err(_) => Ok(frozen),
        }
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
