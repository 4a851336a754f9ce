//! The windows as the window system sees them, for what WebDriver cannot reach (the
//! window's size, its close button, the native file dialogs): found by title on the
//! test's X display, resized and closed the way a window manager would (a
//! WM_DELETE_WINDOW message is what clicking the title bar's close button sends), typed
//! into through the XTEST extension as a keyboard would, and photographed. There is
//! no window manager: a top-level window is a child of the root window, so its
//! position is its place on the screen and the root's children are the stacking
//! order.

use super::Res;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, BUTTON_PRESS_EVENT, BUTTON_RELEASE_EVENT, ClientMessageEvent, ConfigureWindowAux,
    ConnectionExt, CreateWindowAux, EventMask, ImageFormat, InputFocus, KEY_PRESS_EVENT,
    KEY_RELEASE_EVENT, MOTION_NOTIFY_EVENT, MapState, PropMode, Window, WindowClass,
};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// How long a window may take to appear, move, be drawn or take the keyboard: far
/// more than it needs on an idle machine, since tests share two cores with builds.
pub const DEADLINE: Duration = Duration::from_secs(30);
/// How often a condition is looked at again while waiting for it.
const POLL: Duration = Duration::from_millis(50);
/// How many looks in a row must find a window's pixels unchanged before it counts
/// as drawn (GTK draws in frames of ~16 ms; a blinking text cursor changes far less
/// often than this).
const STILL_LOOKS: usize = 3;
/// How many pixels must differ for a window to count as changed: more than a
/// blinking text cursor (1–2 × 20 pixels) can account for.
const MIN_CHANGED_PIXELS: usize = 100;
/// The mouse's left button, as X numbers it.
const LEFT_BUTTON: u8 = 1;
/// Where to press in `drag-file.py`'s window (120 × 60 at the top left).
const DRAG_FROM: (i16, i16) = (60, 30);
/// How many small moves past GTK's drag threshold, and the pause between steps.
const DRAG_STEPS: i16 = 5;
const DRAG_PAUSE: Duration = Duration::from_millis(100);
/// Debian's Python, with PyGObject (python3-gi) for the drag source; another
/// python3 first on PATH (pyenv) may lack it.
const SYSTEM_PYTHON: &str = "/usr/bin/python3";
/// WM_STATE's value for a minimised window (ICCCM 4.1.3.1).
const ICONIC_STATE: u32 = 3;

/// A virtual X server (Xvfb) of its own, stopped when dropped.
pub struct VirtualScreen {
    xvfb: Child,
    /// The display's name, e.g. ":3".
    pub name: String,
}

impl VirtualScreen {
    pub fn start(width: u16, height: u16) -> Res<VirtualScreen> {
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0"])
            .arg(format!("{width}x{height}x24"))
            .args(["-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("cannot start Xvfb ({e}); scripts/test installs it (package xvfb)")
            })?;
        // Xvfb prints the display's number once it accepts connections.
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().ok_or("no Xvfb stdout")?).read_line(&mut line)?;
        let name = format!(":{}", line.trim());
        Ok(VirtualScreen { xvfb, name })
    }
}

impl Drop for VirtualScreen {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// A window's place and size on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: i16,
    pub y: i16,
    pub width: u16,
    pub height: u16,
}

pub struct Display {
    conn: RustConnection,
    root: Window,
    width: u16,
    height: u16,
    /// The display's name, e.g. ":3", for programs started on it.
    name: String,
}

/// X keysyms for the keys the tests press besides printable ASCII (whose keysym is
/// the character's code).
pub const RETURN: u32 = 0xff0d;
const SHIFT: u32 = 0xffe1;
pub const CONTROL: u32 = 0xffe3;

impl Display {
    pub fn open(display: &str) -> Res<Display> {
        let (conn, screen) = x11rb::connect(Some(display))?;
        let s = &conn.setup().roots[screen];
        let (root, width, height) = (s.root, s.width_in_pixels, s.height_in_pixels);
        Ok(Display {
            conn,
            root,
            width,
            height,
            name: display.to_string(),
        })
    }

    /// Waits for a top-level window titled `title` to appear.
    pub async fn wait_for_window(&self, title: &str) -> Res<Window> {
        let until = Instant::now() + DEADLINE;
        loop {
            match self.window_titled(title) {
                Ok(w) => return Ok(w),
                Err(e) if Instant::now() > until => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Waits for the window titled `title` to go away.
    pub async fn wait_for_no_window(&self, title: &str) -> Res {
        let until = Instant::now() + DEADLINE;
        while self.window_titled(title).is_ok() {
            if Instant::now() > until {
                return Err(format!("the window {title:?} did not close").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Gives `w` the keyboard, as clicking into it would.
    pub fn focus(&self, w: Window) -> Res {
        self.conn
            .set_input_focus(InputFocus::PARENT, w, x11rb::CURRENT_TIME)?;
        self.conn.flush()?;
        Ok(())
    }

    /// Gives the dialog `w` the keyboard and waits until it has it and has been drawn
    /// (its pixels stopped changing), so that keys typed next reach what it shows.
    pub async fn focus_drawn(&self, w: Window) -> Res {
        self.focus(w)?;
        self.wait_until(DEADLINE, "the dialog never took the keyboard", || {
            self.has_focus(w)
        })
        .await?;
        self.wait_drawn(w, None).await
    }

    /// Waits until `w` shows something, has stopped changing and, if `before` is
    /// given, differs from it (what a key press was expected to change).
    pub async fn wait_drawn(&self, w: Window, before: Option<&[u8]>) -> Res {
        let until = Instant::now() + DEADLINE;
        let mut last = self.pixels(w)?;
        let mut still = 0;
        loop {
            tokio::time::sleep(POLL).await;
            let now = self.pixels(w)?;
            let changed = before.is_none_or(|b| differing_pixels(b, &now) >= MIN_CHANGED_PIXELS);
            let blank = now.iter().all(|p| Some(p) == now.first());
            still = if now == last && changed && !blank {
                still + 1
            } else {
                0
            };
            if still >= STILL_LOOKS {
                return Ok(());
            }
            if Instant::now() > until {
                let what = if before.is_some() {
                    "did not show the change expected"
                } else {
                    "was not drawn"
                };
                return Err(format!("the window {what} within {DEADLINE:?}").into());
            }
            last = now;
        }
    }

    /// What `w` shows, as raw pixels (to compare, not to look at).
    pub fn pixels(&self, w: Window) -> Res<Vec<u8>> {
        let g = self.conn.get_geometry(w)?.reply()?;
        Ok(self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, w, 0, 0, g.width, g.height, !0)?
            .reply()?
            .data)
    }

    /// Whether `w` (or a window inside it) has the keyboard.
    pub fn has_focus(&self, w: Window) -> Res<bool> {
        let mut focused = self.conn.get_input_focus()?.reply()?.focus;
        // Climb from the focused window to the top level.
        while focused != x11rb::NONE && focused != self.root {
            if focused == w {
                return Ok(true);
            }
            focused = self.conn.query_tree(focused)?.reply()?.parent;
        }
        Ok(false)
    }

    /// Polls `done` until it holds; fails with `why` after `deadline`.
    pub async fn wait_until(
        &self,
        deadline: Duration,
        why: &str,
        mut done: impl FnMut() -> Res<bool>,
    ) -> Res {
        let until = Instant::now() + deadline;
        while !done()? {
            if Instant::now() > until {
                return Err(format!("{why} (waited {deadline:?})").into());
            }
            tokio::time::sleep(POLL).await;
        }
        Ok(())
    }

    /// The top-level windows from the bottom of the stack to the top.
    pub fn stacking_order(&self) -> Res<Vec<Window>> {
        Ok(self.conn.query_tree(self.root)?.reply()?.children)
    }

    /// Whether `w` is above `other` (covers it where they overlap).
    pub fn is_above(&self, w: Window, other: Window) -> Res<bool> {
        let order = self.stacking_order()?;
        let at = |x| order.iter().position(|o| *o == x);
        Ok(matches!((at(w), at(other)), (Some(a), Some(b)) if a > b))
    }

    /// Whether `w` is shown (mapped, with every ancestor mapped).
    pub fn is_viewable(&self, w: Window) -> Res<bool> {
        Ok(self.conn.get_window_attributes(w)?.reply()?.map_state == MapState::VIEWABLE)
    }

    /// Minimises `w` as a window manager does (ICCCM 4.1.4): takes it off the screen
    /// and marks it iconic.
    pub fn minimise(&self, w: Window) -> Res {
        let wm_state = self.atom(b"WM_STATE")?;
        self.conn.change_property32(
            PropMode::REPLACE,
            w,
            wm_state,
            wm_state,
            &[ICONIC_STATE, x11rb::NONE],
        )?;
        self.conn.unmap_window(w)?;
        self.conn.flush()?;
        Ok(())
    }

    /// Opens a plain window over the whole screen, on top of every other, and gives
    /// it the keyboard: another application the user turned to.
    pub fn cover_screen(&self) -> Res<Window> {
        let w = self.conn.generate_id()?;
        self.conn.create_window(
            x11rb::COPY_DEPTH_FROM_PARENT,
            w,
            self.root,
            0,
            0,
            self.width,
            self.height,
            0,
            WindowClass::INPUT_OUTPUT,
            x11rb::COPY_FROM_PARENT,
            &CreateWindowAux::new().background_pixel(0),
        )?;
        self.conn.map_window(w)?;
        self.conn.flush()?;
        self.focus(w)?;
        Ok(w)
    }
    /// Presses and releases `key` while holding `held` (keysyms).
    pub fn press(&self, held: &[u32], key: u32) -> Res {
        let (code, shifted) = self.keycode(key)?;
        let mut down = held.to_vec();
        if shifted {
            down.push(SHIFT);
        }
        let codes = down
            .iter()
            .map(|k| self.keycode(*k).map(|(c, _)| c))
            .collect::<Res<Vec<u8>>>()?;
        for c in &codes {
            self.fake(KEY_PRESS_EVENT, *c)?;
        }
        self.fake(KEY_PRESS_EVENT, code)?;
        self.fake(KEY_RELEASE_EVENT, code)?;
        for c in codes.iter().rev() {
            self.fake(KEY_RELEASE_EVENT, *c)?;
        }
        self.conn.flush()?;
        Ok(())
    }

    /// Moves the pointer to (x, y) on the screen, as a mouse would.
    fn pointer_to(&self, x: i16, y: i16) -> Res {
        self.conn.xtest_fake_input(
            MOTION_NOTIFY_EVENT,
            0,
            x11rb::CURRENT_TIME,
            self.root,
            x,
            y,
            0,
        )?;
        self.conn.flush()?;
        Ok(())
    }

    /// Presses or releases the left mouse button where the pointer is.
    fn left_button(&self, down: bool) -> Res {
        let kind = if down {
            BUTTON_PRESS_EVENT
        } else {
            BUTTON_RELEASE_EVENT
        };
        self.conn
            .xtest_fake_input(kind, LEFT_BUTTON, x11rb::CURRENT_TIME, self.root, 0, 0, 0)?;
        self.conn.flush()?;
        Ok(())
    }

    /// Drags `file` onto the screen point `to` as from a file manager: a real
    /// drag and drop between two programs (XDND), from `scripts/drag-file.py`'s
    /// small window at the top left of the screen, moved by the mouse.
    pub async fn drop_file(&self, file: &Path, to: (i16, i16)) -> Res {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/drag-file.py");
        let mut source = Command::new(SYSTEM_PYTHON)
            .arg(script)
            .arg(file)
            .args(["--x", "0", "--y", "0", "--timeout", "20"])
            .env("DISPLAY", &self.name)
            .env("GDK_BACKEND", "x11")
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut ready = String::new();
        if let Some(out) = source.stdout.take() {
            BufReader::new(out).read_line(&mut ready)?;
        }
        if ready.trim() != "ready" {
            let out = source.wait_with_output()?;
            return Err(format!(
                "the drag source did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        // Press inside the source, move past GTK's drag threshold in small steps,
        // then over the target, and let go after a pause for the target to answer.
        let (x, y) = DRAG_FROM;
        self.pointer_to(x, y)?;
        tokio::time::sleep(DRAG_PAUSE).await;
        self.left_button(true)?;
        for step in 1..=DRAG_STEPS {
            tokio::time::sleep(DRAG_PAUSE / 2).await;
            self.pointer_to(x + step * 4, y + step * 4)?;
        }
        self.pointer_to(to.0, to.1)?;
        tokio::time::sleep(DRAG_PAUSE).await;
        self.pointer_to(to.0 + 10, to.1 + 10)?;
        tokio::time::sleep(DRAG_PAUSE * 5).await;
        self.left_button(false)?;
        let out = source.wait_with_output()?;
        if !out.status.success() {
            return Err(format!(
                "the file was not dropped ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(())
    }

    /// Types ASCII text key by key.
    pub async fn type_text(&self, text: &str) -> Res {
        for ch in text.chars() {
            self.press(&[], u32::from(ch))?;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(())
    }

    /// Saves what is on the whole display as a PNG, to be looked at.
    pub fn screenshot(&self, path: &Path) -> Res {
        let (w, h) = (self.width, self.height);
        let image = self
            .conn
            .get_image(ImageFormat::Z_PIXMAP, self.root, 0, 0, w, h, !0)?
            .reply()?;
        // 24-bit depth comes as 32 bits a pixel, blue first.
        let rgb: Vec<u8> = image
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[2], p[1], p[0]])
            .collect();
        let mut encoder =
            png::Encoder::new(std::fs::File::create(path)?, u32::from(w), u32::from(h));
        encoder.set_color(png::ColorType::Rgb);
        encoder.write_header()?.write_image_data(&rgb)?;
        Ok(())
    }

    fn fake(&self, kind: u8, code: u8) -> Res {
        self.conn
            .xtest_fake_input(kind, code, x11rb::CURRENT_TIME, self.root, 0, 0, 0)?;
        Ok(())
    }

    /// The keycode that types `keysym`, and whether Shift is needed for it.
    fn keycode(&self, keysym: u32) -> Res<(u8, bool)> {
        let setup = self.conn.setup();
        let (first, last) = (setup.min_keycode, setup.max_keycode);
        let map = self
            .conn
            .get_keyboard_mapping(first, last - first + 1)?
            .reply()?;
        let per = usize::from(map.keysyms_per_keycode);
        for (i, syms) in map.keysyms.chunks(per).enumerate() {
            for (level, sym) in syms.iter().take(2).enumerate() {
                if *sym == keysym {
                    return Ok((first + i as u8, level == 1));
                }
            }
        }
        Err(format!("no key types keysym {keysym:#x}").into())
    }

    /// The top-level window on screen whose title is `title` (GTK keeps a closed
    /// dialog's window, unmapped).
    pub fn window_titled(&self, title: &str) -> Res<Window> {
        let net_wm_name = self.atom(b"_NET_WM_NAME")?;
        for w in self.conn.query_tree(self.root)?.reply()?.children {
            if self.conn.get_window_attributes(w)?.reply()?.map_state != MapState::VIEWABLE {
                continue;
            }
            for property in [net_wm_name, AtomEnum::WM_NAME.into()] {
                let value = self
                    .conn
                    .get_property(false, w, property, AtomEnum::ANY, 0, 256)?
                    .reply()?
                    .value;
                if value == title.as_bytes() {
                    return Ok(w);
                }
            }
        }
        Err(format!("no window titled {title:?} on the display").into())
    }

    pub fn resize(&self, w: Window, width: u32, height: u32) -> Res {
        self.conn
            .configure_window(w, &ConfigureWindowAux::new().width(width).height(height))?;
        self.conn.flush()?;
        Ok(())
    }

    pub fn size(&self, w: Window) -> Res<(u16, u16)> {
        let g = self.conn.get_geometry(w)?.reply()?;
        Ok((g.width, g.height))
    }

    /// Moves and resizes `w`, as dragging its title bar and corner would.
    pub fn place(&self, w: Window, to: Rect) -> Res {
        self.conn.configure_window(
            w,
            &ConfigureWindowAux::new()
                .x(i32::from(to.x))
                .y(i32::from(to.y))
                .width(u32::from(to.width))
                .height(u32::from(to.height)),
        )?;
        self.conn.flush()?;
        Ok(())
    }

    /// Where `w` is on the screen (its top-left corner, whatever its parent) and its size.
    pub fn rect(&self, w: Window) -> Res<Rect> {
        let g = self.conn.get_geometry(w)?.reply()?;
        let at = self
            .conn
            .translate_coordinates(w, self.root, 0, 0)?
            .reply()?;
        Ok(Rect {
            x: at.dst_x,
            y: at.dst_y,
            width: g.width,
            height: g.height,
        })
    }

    /// What a window manager sends when the user clicks the close button.
    pub fn ask_to_close(&self, w: Window) -> Res {
        let protocols = self.atom(b"WM_PROTOCOLS")?;
        let delete = self.atom(b"WM_DELETE_WINDOW")?;
        let event = ClientMessageEvent::new(32, w, protocols, [delete, 0, 0, 0, 0]);
        self.conn.send_event(false, w, EventMask::NO_EVENT, event)?;
        self.conn.flush()?;
        Ok(())
    }

    fn atom(&self, name: &[u8]) -> Res<u32> {
        Ok(self.conn.intern_atom(false, name)?.reply()?.atom)
    }
}

/// How many pixels (4 bytes each at depth 24) differ between two images of a window.
fn differing_pixels(a: &[u8], b: &[u8]) -> usize {
    if a.len() != b.len() {
        return usize::MAX; // resized: everything changed
    }
    a.chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| p != q)
        .count()
}
