//! Drives the built desktop app as a person would: a virtual X display (Xvfb),
//! tauri-driver and WebKitWebDriver, and a WebDriver session per app launch.
//! Screenshots go to target/e2e-screenshots/ to be looked at.

#![allow(dead_code)] // each test file uses its own part of the harness

pub mod window;

#[path = "../../../tests/common/structure_text.rs"]
mod structure_text;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// The virtual screen's size: the window (1280 × 800 by default) fits with room.
const SCREEN_WIDTH: u16 = 1280;
const SCREEN_HEIGHT: u16 = 1024;

/// Xvfb + tauri-driver, with every folder the app writes to inside one temp dir.
pub struct Harness {
    /// Dropped after the driver is stopped (fields drop after `Drop::drop`).
    screen: window::VirtualScreen,
    driver: Child,
    port: u16,
    /// The X display the app is shown on, e.g. ":3".
    pub display: String,
    pub root: tempfile::TempDir,
    pub app: PathBuf,
    pub answers: PathBuf,
    pub shots: PathBuf,
}

impl Harness {
    pub fn start() -> Res<Harness> {
        let root = tempfile::tempdir()?;
        for d in ["data", "config", "cache", "share", "runtime", "home"] {
            std::fs::create_dir_all(root.path().join(d))?;
        }
        // Our own display, so a developer's desktop is never touched.
        let screen = window::VirtualScreen::start(SCREEN_WIDTH, SCREEN_HEIGHT)?;
        let display = screen.name.clone();
        let port = free_port()?;
        let native_port = free_port()?;
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let tauri_driver = workspace.join("target/tools/bin/tauri-driver");
        if !tauri_driver.exists() {
            return Err(
                "tauri-driver is missing: run scripts/test, which installs it into target/tools"
                    .into(),
            );
        }
        let r = root.path();
        // The "system viewer": an xdg-open first on PATH that notes what it was asked to show.
        let bin = r.join("bin");
        std::fs::create_dir_all(&bin)?;
        let viewer = bin.join("xdg-open");
        std::fs::write(
            &viewer,
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/../viewer.log\"\n",
        )?;
        std::fs::set_permissions(&viewer, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
        let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))?;
        let locales = british_locale(&workspace);
        let driver = Command::new(&tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("MOU_DATA_DIR", r.join("data"))
            .env("XDG_CONFIG_HOME", r.join("config"))
            .env("XDG_CACHE_HOME", r.join("cache"))
            .env("XDG_DATA_HOME", r.join("share"))
            .env("XDG_RUNTIME_DIR", r.join("runtime"))
            .env("HOME", r.join("home"))
            .env("PATH", path)
            .env("NO_AT_BRIDGE", "1")
            .env("GDK_BACKEND", "x11")
            .env("LANG", "en_GB.UTF-8")
            .env("LOCPATH", locales)
            .env("TZ", "Europe/London")
            // No session bus: the single-instance plugin never meets a real running app.
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            // GTK settings (the file dialogs' last folder, sizes) kept in memory: with no
            // session bus, dconf tries to start one through dbus-launch at every change
            // and, failing, can hold up the next dialog (seen once: an export dialog that
            // never appeared within 30 s, after a burst of dconf warnings).
            .env("GSETTINGS_BACKEND", "memory")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(std::fs::File::create(r.join("driver.log"))?)
            .stderr(std::fs::File::create(r.join("driver.err"))?)
            .spawn()?;
        let app = std::env::var_os("MOU_E2E_APP")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_mou-desktop")));
        let shots = workspace.join("target/e2e-screenshots");
        std::fs::create_dir_all(&shots)?;
        let answers = r.join("answers.json");
        std::fs::write(&answers, "{}")?;
        let h = Harness {
            screen,
            driver,
            port,
            display,
            root,
            app,
            answers,
            shots,
        };
        // tauri-driver accepts sessions as soon as it listens, but hands them to
        // WebKitWebDriver, which it starts alongside and which may still be starting
        // (a cold machine): wait for both.
        h.wait_for_port(port, "tauri-driver")?;
        h.wait_for_port(native_port, "WebKitWebDriver")?;
        Ok(h)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn wait_for_port(&self, port: u16, what: &str) -> Res {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("{what} did not start listening within 20 s\n{}", self.log()).into())
    }

    /// Launches the app (a new WebDriver session) and returns a driver for it.
    pub async fn launch(&self) -> Res<Ui> {
        self.launch_with(serde_json::json!(["--e2e-answers", self.answers]))
            .await
    }

    /// Launches the app as a user starts it: file dialogs are the real GTK ones.
    pub async fn launch_with_system_dialogs(&self) -> Res<Ui> {
        self.launch_with(serde_json::json!([])).await
    }

    async fn launch_with(&self, args: serde_json::Value) -> Res<Ui> {
        let mut caps = thirtyfour::Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": self.app, "args": args }),
        )?;
        let driver = WebDriver::builder(format!("http://127.0.0.1:{}", self.port), caps)
            .request_timeout(Duration::from_secs(60))
            .await?;
        Ok(Ui {
            d: driver,
            shots: self.shots.clone(),
        })
    }

    /// What the next file dialogs answer: `{"save": path}` or `{"open": path}`.
    pub fn answer(&self, answers: serde_json::Value) -> Res {
        std::fs::write(&self.answers, answers.to_string())?;
        Ok(())
    }

    /// Files the app asked the system viewer to show.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.answers.with_extension("opened"))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Files the real opener handed to the system viewer (xdg-open), with system dialogs.
    pub fn shown_in_viewer(&self) -> Vec<String> {
        std::fs::read_to_string(self.root.path().join("viewer.log"))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// What tauri-driver, WebKitWebDriver and the app printed (for a failure report).
    pub fn log(&self) -> String {
        ["driver.log", "driver.err"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(self.root.path().join(f)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }

    /// Whether an app process is running (below tauri-driver).
    pub fn app_running(&self) -> bool {
        descendants(self.driver.id()).into_iter().any(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "mou-desktop")
        })
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver too; SIGKILL would orphan it.
        unsafe {
            libc::kill(self.driver.id() as i32, libc::SIGTERM);
        }
        let _ = self.driver.wait();
    }
}

/// A British locale for the app, as its users have (dates as 01/10/2027): built once
/// into target/tools/locale with glibc's localedef, since a fresh machine has only
/// C.UTF-8. If it cannot be built the app runs in C, which only changes how dates look.
fn british_locale(workspace: &Path) -> PathBuf {
    let dir = workspace.join("target/tools/locale");
    if !dir.join("en_GB.UTF-8/LC_TIME").exists() {
        let _ = std::fs::create_dir_all(&dir);
        let _ = Command::new("localedef")
            .args(["-i", "en_GB", "-f", "UTF-8"])
            .arg(dir.join("en_GB.UTF-8"))
            .status();
    }
    dir
}

fn free_port() -> Res<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One running app window.
pub struct Ui {
    pub d: WebDriver,
    shots: PathBuf,
}

const PATIENCE: Duration = Duration::from_secs(15);

impl Ui {
    /// The first element matching `css` that is on screen, waiting for it.
    pub async fn wait(&self, css: &str) -> Res<WebElement> {
        let until = Instant::now() + PATIENCE;
        loop {
            for e in self.d.find_all(By::Css(css)).await? {
                if e.is_displayed().await.unwrap_or(false) {
                    return Ok(e);
                }
            }
            if Instant::now() > until {
                return Err(format!("nothing matched {css} within {PATIENCE:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Res {
        let until = Instant::now() + PATIENCE;
        while !self.d.find_all(By::Css(css)).await?.is_empty() {
            if Instant::now() > until {
                return Err(format!("{css} was still there after {PATIENCE:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
        Ok(())
    }

    /// Waits until the element matching `css` contains `text`; returns its text.
    pub async fn wait_text(&self, css: &str, text: &str) -> Res<String> {
        let until = Instant::now() + PATIENCE;
        let mut last = String::new();
        loop {
            if let Ok(e) = self.d.find(By::Css(css)).await {
                last = e.text().await.unwrap_or_default();
                if last.contains(text) {
                    return Ok(last);
                }
            }
            if Instant::now() > until {
                return Err(format!("{css} never contained {text:?}; last text: {last:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    pub async fn click(&self, css: &str) -> Res {
        let e = self.wait(css).await?;
        e.scroll_into_view().await?;
        e.click().await?;
        Ok(())
    }

    /// Types into the control with this id, replacing what was there.
    pub async fn type_into(&self, id: &str, text: &str) -> Res {
        let e = self.wait(&format!("#{id}")).await?;
        e.scroll_into_view().await?;
        // Select all and delete, as a person would: WebDriver's clear() fires no input event here.
        e.send_keys(Key::Control + "a").await?;
        e.send_keys(Key::Backspace).await?;
        // A line break is the Enter key (WebDriver types "\n" as nothing here).
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                e.send_keys(Key::Enter).await?;
            }
            if !line.is_empty() {
                e.send_keys(line).await?;
            }
        }
        Ok(())
    }

    /// Sets a date or select control as its picker would, firing its events.
    pub async fn choose(&self, id: &str, value: &str) -> Res {
        self.wait(&format!("#{id}")).await?;
        let got = self
            .d
            .execute(
                r#"const el = document.getElementById(arguments[0]);
                   el.value = arguments[1];
                   el.dispatchEvent(new Event("input", { bubbles: true }));
                   el.dispatchEvent(new Event("change", { bubbles: true }));
                   return el.value;"#,
                vec![serde_json::json!(id), serde_json::json!(value)],
            )
            .await?;
        let got: String = got.convert()?;
        if got != value {
            return Err(format!("#{id} would not take {value:?} (it has {got:?})").into());
        }
        Ok(())
    }

    /// The values of a select's options.
    pub async fn options_of(&self, select: &str) -> Res<Vec<String>> {
        self.wait(&format!("#{select}")).await?;
        let r = self
            .d
            .execute(
                "return Array.from(document.getElementById(arguments[0]).options).map(o => o.value);",
                vec![serde_json::json!(select)],
            )
            .await?;
        Ok(r.convert()?)
    }

    /// In the Review round: records `partner`'s decision on `version` (with the
    /// partner's comments, for a decision that is not an approval) and waits for
    /// the grid to show it.
    pub async fn decide(&self, partner: &str, version: &str, status: &str, said: &str) -> Res {
        self.choose("decision-partner", partner).await?;
        self.choose("decision-version", version).await?;
        self.click(&format!("label[for=decision-status-{status}]"))
            .await?;
        if status != "approved" {
            self.type_into("decision-reason", said).await?;
        }
        self.click("[data-testid=record-decision]").await?;
        self.wait(&format!(
            "[data-partner='{partner}'] td[data-version='{version}'][data-status={status}]"
        ))
        .await?;
        Ok(())
    }

    /// Opens a step from the task list.
    pub async fn step(&self, step: &str) -> Res {
        self.click(&format!("[data-step={step}] a")).await?;
        self.wait(&format!(
            "[data-step={step}].nhsuk-task-list__item--current"
        ))
        .await?;
        Ok(())
    }

    /// Waits for the "Saved at" indicator after the last edit.
    pub async fn saved(&self) -> Res {
        self.wait("[data-testid=saved-indicator][data-state=saved]")
            .await?;
        Ok(())
    }

    pub async fn status_of(&self, step: &str) -> Res<String> {
        let e = self.wait(&format!("[data-step={step}]")).await?;
        Ok(e.attr("data-status").await?.unwrap_or_default())
    }

    /// The id of the focused element.
    pub async fn active_id(&self) -> Res<String> {
        let r = self
            .d
            .execute(
                "return document.activeElement ? document.activeElement.id : '';",
                Vec::new(),
            )
            .await?;
        Ok(r.convert()?)
    }

    /// Waits until the element with this id has the focus (the page moves focus to
    /// an answer once it is drawn: clicking before then races the page's scrolling).
    pub async fn wait_focus(&self, id: &str) -> Res {
        let until = Instant::now() + PATIENCE;
        loop {
            let now = self.active_id().await?;
            if now == id {
                return Ok(());
            }
            if Instant::now() > until {
                return Err(format!("{id} never had the focus; {now:?} had it").into());
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    /// Whether the focused element matches `css`.
    pub async fn active_selector_matches(&self, css: &str) -> Res<bool> {
        let r = self
            .d
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![serde_json::json!(css)],
            )
            .await?;
        Ok(r.convert()?)
    }

    /// Ctrl with `key`, as the keyboard sends it (the app's zoom keys: = - 0).
    pub async fn ctrl_key(&self, key: &str) -> Res {
        self.d
            .action_chain()
            .key_down(Key::Control)
            .send_keys(key)
            .key_up(Key::Control)
            .perform()
            .await?;
        Ok(())
    }

    pub async fn shot(&self, name: &str) -> Res {
        self.d
            .screenshot(&self.shots.join(format!("{name}.png")))
            .await?;
        Ok(())
    }

    /// Content-security-policy violations the page recorded (there should be none).
    pub async fn csp_violations(&self) -> Res<Vec<String>> {
        let r = self
            .d
            .execute("return window.__cspViolations || [];", Vec::new())
            .await?;
        Ok(r.convert()?)
    }

    /// Uncaught errors and unhandled rejections the page recorded (there should be none).
    /// Fails if the page keeps no record, so an empty list always means "none happened".
    pub async fn errors(&self) -> Res<Vec<String>> {
        let r = self
            .d
            .execute(
                "return Array.isArray(window.__errors) ? window.__errors : null;",
                Vec::new(),
            )
            .await?;
        let errors: Option<Vec<String>> = r.convert()?;
        Ok(errors.ok_or("the page records no uncaught errors (window.__errors is missing)")?)
    }

    pub async fn quit(self) -> Res {
        self.d.quit().await?;
        Ok(())
    }
}

/// Every process below `root`, children before grandchildren.
pub fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let after = stat.rsplit_once(')')?.1;
            let ppid = after.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// The PDF's text with every run of white space as one space (lines wrap where the layout says).
/// The PDF's text as its tagged structure holds it (what a screen reader
/// reads), in reading order: each element's marked sequences joined, an
/// inline link inside its paragraph, white space collapsed. A table cell's
/// text stays whole however it wraps, where pdftotext reads across the row.
pub fn pdf_structure_text(pdf: &Path) -> Res<String> {
    let out = std::process::Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()?;
    if !out.status.success() {
        return Err(format!("pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let text = structure_text::joined(&String::from_utf8(out.stdout)?);
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

pub fn pdf_text(pdf: &Path) -> Res<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()?;
    if !out.status.success() {
        return Err(format!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8(out.stdout)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "))
}
