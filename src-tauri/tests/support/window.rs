//! The windows as the window system sees them, for what WebDriver cannot reach (the
//! window's size, its close button, the native file dialogs): found by title on the
//! test's X display, resized and closed the way a window manager would (a
//! WM_DELETE_WINDOW message is what clicking the title bar's close button sends), typed
//! into through the XTEST extension as a keyboard would, and photographed.

use super::Res;
use std::path::Path;
use std::time::{Duration, Instant};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConfigureWindowAux, ConnectionExt, EventMask, ImageFormat,
    InputFocus, KEY_PRESS_EVENT, KEY_RELEASE_EVENT, MapState, Window,
};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

pub struct Display {
    conn: RustConnection,
    root: Window,
    width: u16,
    height: u16,
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
        })
    }

    /// Waits for a top-level window titled `title` to appear.
    pub async fn wait_for_window(&self, title: &str) -> Res<Window> {
        let until = Instant::now() + Duration::from_secs(15);
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
        let until = Instant::now() + Duration::from_secs(15);
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
