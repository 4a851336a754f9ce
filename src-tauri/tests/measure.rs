//! Performance of the desktop app as a user meets it, for README.md. Ignored in
//! the normal run (timings from a debug build mean little); run with a release build:
//!
//!   cargo build --release -p mou-desktop
//!   MOU_E2E_APP=$PWD/target/release/mou-desktop cargo test -p mou-desktop --test measure -- --ignored --nocapture

mod support;

use std::time::{Duration, Instant};
use support::{Harness, Res};

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

    let mut launches = Vec::new();
    let mut own = Vec::new();
    let mut clicks = Vec::new();
    let mut in_app = Vec::new();
    let mut in_page: Vec<Duration> = Vec::new();
    let mut pss = Vec::new();
    let mut pss_library = Vec::new();
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
        ui.step("risks").await?;
        ui.wait("[data-testid=heat-map]").await?;
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
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let pss = rollup
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        if std::env::var_os("MOU_MEASURE_VERBOSE").is_some() {
            println!("  PSS {:>7} KiB  {}", pss, comm.trim());
        }
        total += pss;
    }
    total
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

fn descendants(root: u32) -> Vec<u32> {
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
