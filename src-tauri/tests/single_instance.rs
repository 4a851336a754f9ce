//! One app per library: a second launch hands over to the first window (the
//! single-instance plugin, over the D-Bus session bus), which comes to the front,
//! and exits, instead of opening the same library twice.
//!
//! There is no window manager on the test's display, so "to the front" is what the
//! X server itself records: the first window is raised above the window the user
//! turned to, and has the keyboard.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use support::Res;
use support::window::{DEADLINE, Display, VirtualScreen};
use x11rb::protocol::xproto::Window;

const TITLE: &str = "MoU Builder";
/// How long the second launch may take to hand over and exit: a cold start of the
/// web view on a busy two-core machine takes seconds, not tens of them.
const HANDOVER: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "current_thread")]
async fn a_second_launch_brings_the_first_window_to_the_front_and_exits() -> Res {
    let dir = tempfile::tempdir()?;
    // Our own X display and session bus, so nothing outside the test is touched.
    let screen = VirtualScreen::start(1024, 768)?;
    let bus = SessionBus::start()?;
    let launch = |log: &str| -> Res<Running> {
        let child = Command::new(env!("CARGO_BIN_EXE_mou-desktop"))
            .env("DISPLAY", &screen.name)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("MOU_DATA_DIR", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("NO_AT_BRIDGE", "1")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(std::fs::File::create(dir.path().join(log))?)
            .stderr(std::fs::File::create(
                dir.path().join(log).with_extension("err"),
            )?)
            .spawn()?;
        Ok(Running(child))
    };
    let outcome = hand_over(&screen, &launch).await;
    if outcome.is_err() {
        eprintln!("app output:\n{}", logs(dir.path()));
    }
    outcome
}

async fn hand_over(screen: &VirtualScreen, launch: &dyn Fn(&str) -> Res<Running>) -> Res {
    let x = Display::open(&screen.name)?;
    let mut first = launch("first.log")?;
    // The first app owns its name on the bus before it makes its window (the
    // single-instance plugin's setup runs first), so a window on screen means a
    // second launch will find it.
    let window = x.wait_for_window(TITLE).await?;

    // The user minimises it and turns to another application, which takes the
    // keyboard, then starts MoU Builder again: the window comes back on screen,
    // above the other.
    x.minimise(window)?;
    let other = x.cover_screen()?;
    x.wait_until(
        DEADLINE,
        "the app was not minimised behind the other",
        || Ok(!x.is_viewable(window)? && x.is_above(other, window)? && x.has_focus(other)?),
    )
    .await?;
    launch_again(launch, "second.log", &mut first).await?;
    in_front(&x, window, other, false).await?;

    // Covered but not minimised: another launch raises it and gives it the keyboard.
    // (Only here: after a minimise GTK asks for the keyboard before the window is
    // back on screen, which the X server refuses; a window manager, asked through
    // _NET_ACTIVE_WINDOW, would give it once the window is shown.)
    let other = x.cover_screen()?;
    x.wait_until(DEADLINE, "the other window never covered the app", || {
        Ok(x.is_above(other, window)? && x.has_focus(other)?)
    })
    .await?;
    launch_again(launch, "third.log", &mut first).await?;
    in_front(&x, window, other, true).await
}

/// Starts the app again: that launch hands over to `first` and exits at once.
async fn launch_again(
    launch: &dyn Fn(&str) -> Res<Running>,
    log: &str,
    first: &mut Running,
) -> Res {
    let mut again = launch(log)?;
    let status = again.wait_for_exit(HANDOVER).await?;
    assert!(
        status.is_some_and(|s| s.success()),
        "a second launch should hand over and exit with 0; it {}",
        status.map_or("is still running".to_string(), |s| format!(
            "ended with {s}"
        ))
    );
    assert!(first.0.try_wait()?.is_none(), "the first app keeps running");
    Ok(())
}

/// Waits until `window` is on screen above `other` (and, if `keyboard`, has it).
async fn in_front(x: &Display, window: Window, other: Window, keyboard: bool) -> Res {
    let front = x
        .wait_until(
            DEADLINE,
            "the first window was not brought to the front",
            || {
                Ok(x.is_viewable(window)?
                    && x.is_above(window, other)?
                    && (!keyboard || x.has_focus(window)?))
            },
        )
        .await;
    if front.is_err() {
        eprintln!(
            "first window: on screen {}, above the other {}, has the keyboard {}",
            x.is_viewable(window)?,
            x.is_above(window, other)?,
            x.has_focus(window)?
        );
    }
    front
}

/// A launched app, killed if the test ends while it runs.
struct Running(Child);

impl Running {
    /// Waits up to `deadline` for the app to exit; `None` if it is still running.
    async fn wait_for_exit(&mut self, deadline: Duration) -> Res<Option<ExitStatus>> {
        let until = Instant::now() + deadline;
        loop {
            if let Some(status) = self.0.try_wait()? {
                return Ok(Some(status));
            }
            if Instant::now() > until {
                return Ok(None);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A D-Bus session bus of the test's own, stopped when dropped.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start() -> Res<SessionBus> {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start dbus-daemon ({e}); scripts/test installs it (package dbus-daemon)"
                )
            })?;
        // The daemon prints its address once it listens.
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().ok_or("no dbus-daemon stdout")?)
            .read_line(&mut address)?;
        let address = address.trim().to_string();
        if address.is_empty() {
            return Err("dbus-daemon printed no address".into());
        }
        Ok(SessionBus { daemon, address })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

fn logs(dir: &Path) -> String {
    ["first", "second", "third"]
        .iter()
        .flat_map(|n| [format!("{n}.log"), format!("{n}.err")])
        .map(|f| {
            format!(
                "--- {f}\n{}",
                std::fs::read_to_string(dir.join(&f)).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
