//! One app per library: a second launch hands over to the first window (the
//! single-instance plugin, over the D-Bus session bus) and exits, instead of
//! opening the same library twice.

use std::process::Command;

#[test]
fn a_second_launch_hands_over_and_exits_while_the_first_keeps_running() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = env!("CARGO_BIN_EXE_mou-desktop");
    // Our own X display and session bus, so nothing outside the test is touched.
    let script = r#"
        Xvfb :$DISPLAY_NUMBER -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
        export DISPLAY=:$DISPLAY_NUMBER
        for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$DISPLAY_NUMBER ] && break; sleep 0.1; done
        "$APP" >"$ROOT/first.log" 2>&1 & first=$!
        sleep 4
        timeout 30 "$APP" >"$ROOT/second.log" 2>&1; second=$?
        if kill -0 $first 2>/dev/null; then alive=yes; else alive=no; fi
        kill $first $xvfb 2>/dev/null; wait $first 2>/dev/null
        echo "second=$second first_alive=$alive"
    "#;
    let display = 90 + (std::process::id() % 100);
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", script])
        .env("APP", app)
        .env("ROOT", dir.path())
        .env("DISPLAY_NUMBER", display.to_string())
        .env("MOU_DATA_DIR", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("NO_AT_BRIDGE", "1")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("dbus-run-session (package dbus-daemon) and Xvfb are installed by scripts/test");
    let report = String::from_utf8_lossy(&out.stdout);
    let logs = ["first.log", "second.log"]
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap_or_default())
        .join("\n");
    assert!(
        report.contains("second=0 first_alive=yes"),
        "expected the second launch to exit at once (0) and the first to run on; got {report:?}\n{logs}"
    );
}
