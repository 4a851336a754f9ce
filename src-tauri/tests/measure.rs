//! Performance of the desktop app as a user meets it, for README.md. Ignored in
//! the normal run (timings from a debug build mean little); run with a release build:
//!
//!   cargo build --release -p mou-desktop
//!   MOU_E2E_APP=$PWD/target/release/mou-desktop cargo test -p mou-desktop --test measure -- --ignored --nocapture
//!
//! For the memory figure's floor it also starts WebKitGTK alone, showing one line of
//! text with the app's engine settings (examples/webkit_floor.rs; build it first with
//! `cargo build --release -p mou-desktop --example webkit_floor`, or that line is skipped).

mod support;

use std::time::{Duration, Instant};
use support::{Harness, Res, descendants};

const RUNS: usize = 5;

#[tokio::test(flavor = "current_thread")]
#[ignore = "a measurement: run by hand with a release build (see the file's comment)"]
async fn launch_memory_and_pdf_time_with_the_full_example() -> Res {
    let h = Harness::start()?;
    // The full example in the library, as a user who has been drafting for weeks would have.
    let agreement = mou_core::exchange::read_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/integrated-care-mou.json"),
    )?;
    mou_core::store::Store::open(&h.data_dir())?.create(&agreement, None)?;

    let floor = webkit_floor_kib(&h)?;

    let mut launches = Vec::new();
    let mut own = Vec::new();
    let mut clicks = Vec::new();
    let mut in_app = Vec::new();
    let mut in_page: Vec<Duration> = Vec::new();
    let mut pss = Vec::new();
    let mut pss_library = Vec::new();
    let mut to_risks = Vec::new();
    let mut keystrokes = Vec::new();
    for run in 0..RUNS {
        let started = Instant::now();
        let ui = h.launch().await?;
        ui.wait("[data-testid=library-ready][data-count='1']")
            .await?;
        launches.push(started.elapsed());
        // From the app process starting to the library painted, as the app itself saw it.
        let [ready, now]: [f64; 2] =
            ui.d.execute("return [window.__libraryReadyAt, Date.now()];", Vec::new())
                .await?
                .convert()?;
        let age = process_age_ms(h.driver_pid(), "mou-desktop").ok_or("no app process")?;
        own.push(Duration::from_millis((ready - (now - age)).max(0.0) as u64));

        tokio::time::sleep(Duration::from_millis(500)).await;
        pss_library.push(app_pss_kib(h.driver_pid()));
        ui.click("[data-testid=open-draft]").await?;
        ui.wait("[data-step=risks]").await?;
        // The heaviest screen: the register of 35 risks with its heat map, timed in the
        // page from the click to the second frame after it (drawn).
        to_risks.push(
            page_time(
                &ui,
                "document.querySelector('[data-step=risks] a').click();",
            )
            .await?,
        );
        ui.wait("[data-testid=heat-map]").await?;
        ui.click("[data-testid=edit-risk]").await?; // the first risk open for editing
        ui.wait("[data-testid=risk]").await?;
        // A keystroke in that risk's description: the whole agreement is re-checked
        // for autosave on every edit, so this is the typing latency that matters.
        keystrokes.push(
            page_time(
                &ui,
                "const field = document.getElementById('f-risks-0-description');
                 field.value += 'x';
                 field.dispatchEvent(new Event('input', { bubbles: true }));",
            )
            .await?,
        );
        tokio::time::sleep(Duration::from_millis(500)).await; // let the page settle
        pss.push(app_pss_kib(h.driver_pid()));
        if run == 0 {
            ui.shot("30-example-risks").await?;
        }

        let pdf = h.root.path().join(format!("example-{run}.pdf"));
        h.answer(serde_json::json!({ "save": pdf }))?;
        ui.click("[data-testid=nav-pdf]").await?;
        ui.click("label[for=open-after]").await?; // do not count the viewer
        let clicked = Instant::now();
        ui.click("[data-testid=generate-pdf]").await?;
        let done = ui.wait("[data-testid=pdf-done]").await?;
        clicks.push(clicked.elapsed());
        let millis: f64 = done
            .attr("data-millis")
            .await?
            .unwrap_or_default()
            .parse()?;
        in_app.push(Duration::from_secs_f64(millis / 1000.0));
        let page: f64 = done
            .attr("data-click-ms")
            .await?
            .unwrap_or_default()
            .parse()?;
        in_page.push(Duration::from_secs_f64(page / 1000.0));
        assert!(pdf.exists());
        if run == 0 {
            ui.shot("31-example-pdf").await?;
        }
        ui.quit().await?;
    }
    println!(
        "launch to usable library (WebDriver session start included): median {:?}, all {launches:?}",
        median(&launches)
    );
    println!(
        "  from the app process starting to the library painted: median {:?}, all {own:?}",
        median(&own)
    );
    println!(
        "open the risk register (35 risks, heat map) in the page, click to drawn: median {:?}, all {to_risks:?}",
        median(&to_risks)
    );
    println!(
        "  a keystroke in a risk's description, event to drawn: median {:?}, all {keystrokes:?}",
        median(&keystrokes)
    );
    println!(
        "click Generate PDF to file written, seen from WebDriver: median {:?}, all {clicks:?}",
        median(&clicks)
    );
    println!(
        "  in the page, from the click to the result shown: median {:?}, all {in_page:?}",
        median(&in_page)
    );
    println!(
        "  of which in Rust, from the file chosen to the file written: median {:?}",
        median(&in_app)
    );
    match floor {
        Some(kib) => println!(
            "  floor, same run: WebKitGTK alone (examples/webkit_floor.rs) showing one line of text: median {} MiB",
            kib / 1024
        ),
        None => {
            println!("  floor skipped: install python3-gi and gir1.2-webkit2-4.1 to measure it")
        }
    }
    let mut base = pss_library.clone();
    base.sort_unstable();
    println!(
        "  baseline, same launches, the library list only: median {} MiB",
        base[base.len() / 2] / 1024
    );
    let mut sorted = pss.clone();
    sorted.sort_unstable();
    println!(
        "PSS of the app and its WebKit processes with the example open: median {} MiB, all {:?} KiB",
        sorted[sorted.len() / 2] / 1024,
        pss
    );
    Ok(())
}

/// WebKitGTK's own cost on this machine: examples/webkit_floor.rs, a GTK window with
/// one web view showing one line of text, set up as the app sets up its view. Median
/// PSS of three launches, or None when that example has not been built.
fn webkit_floor_kib(h: &Harness) -> Res<Option<u64>> {
    let floor = h.app.with_file_name("examples").join("webkit_floor");
    if !floor.exists() {
        return Ok(None);
    }
    let mut runs = Vec::new();
    for _ in 0..3 {
        let mut child = std::process::Command::new(&floor)
            .env("DISPLAY", &h.display)
            .env("XDG_CACHE_HOME", h.root.path().join("cache"))
            .env("XDG_DATA_HOME", h.root.path().join("share"))
            .env("NO_AT_BRIDGE", "1")
            .spawn()?;
        std::thread::sleep(Duration::from_secs(3));
        let mut total = 0;
        for pid in std::iter::once(child.id()).chain(descendants(child.id())) {
            total += pss_kib(pid, "floor");
        }
        runs.push(total);
        child.kill()?;
        child.wait()?;
    }
    runs.sort_unstable();
    Ok(Some(runs[1]))
}

/// How long `action` (JavaScript run in the page) takes to show: from just before it
/// to the second animation frame after it, when its result has been drawn.
async fn page_time(ui: &support::Ui, action: &str) -> Res<Duration> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const t0 = performance.now();
         {action}
         requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));"
    );
    let ms: f64 = ui.d.execute_async(&script, Vec::new()).await?.convert()?;
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort_unstable();
    s[s.len() / 2]
}

/// Sum of the proportional set size of every process below tauri-driver except
/// the WebDriver processes themselves: the app and the WebKit processes it starts.
fn app_pss_kib(driver: u32) -> u64 {
    let mut total = 0;
    for pid in descendants(driver) {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == "WebKitWebDriver" {
            continue;
        }
        total += pss_kib(pid, "app");
    }
    total
}

/// One process's proportional set size; printed with `MOU_MEASURE_VERBOSE=1`.
fn pss_kib(pid: u32, what: &str) -> u64 {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let pss = rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    if std::env::var_os("MOU_MEASURE_VERBOSE").is_some() {
        println!("  PSS {:>7} KiB  {} ({what})", pss, comm.trim());
    }
    pss
}

/// How long ago the process named `name` below `root` started, in milliseconds
/// (system uptime minus the process's start, both from /proc; 10 ms steps).
fn process_age_ms(root: u32, name: &str) -> Option<f64> {
    let pid = descendants(root).into_iter().find(|pid| {
        std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == name)
    })?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let ticks: f64 = stat
        .rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some((uptime - ticks / hz) * 1000.0)
}
