//! Closing the window without losing the last few keystrokes. Autosave waits for a
//! pause in typing, so a close request is first handed to the page, which saves what
//! is pending and then answers: close now, or stay open (the save failed and the user
//! is asked what to do). A page that never answers cannot keep the window open: a
//! close request after `PATIENCE` with no answer closes it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an unanswered page may hold a close request before the next one wins.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// What to do with a close request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Let the window close.
    Close,
    /// Keep it open: the page has been asked and will answer.
    AskedPage,
}

/// Tells the page a close was requested; false if the page can no longer be told.
pub type Notify = Box<dyn Fn() -> bool + Send>;
/// Asks the window system to close the window (which comes back as a request).
pub type Closer = Box<dyn Fn() + Send>;

#[derive(Default)]
pub struct CloseGuard(Mutex<Guard>);

#[derive(Default)]
struct Guard {
    page: Option<Notify>,
    closer: Option<Closer>,
    asked_at: Option<Instant>,
    approved: bool,
}

impl CloseGuard {
    /// The page wants to be asked before the window closes.
    pub fn watch(&self, notify: Notify) {
        if let Ok(mut g) = self.0.lock() {
            g.page = Some(notify);
            g.asked_at = None;
        }
    }

    /// How to close the window once the page agrees (set when the window is made).
    pub fn set_closer(&self, closer: Closer) {
        if let Ok(mut g) = self.0.lock() {
            g.closer = Some(closer);
        }
    }

    /// The page's answer to a close request: close now, or stay open.
    pub fn answer(&self, close: bool) {
        let closer = match self.0.lock() {
            Ok(mut g) => {
                g.approved = close;
                g.asked_at = None;
                if close { g.closer.take() } else { None }
            }
            Err(_) => None,
        };
        // Outside the lock: the close comes back through `request`.
        if let Some(close_window) = closer {
            close_window();
        }
    }

    /// Called for every close request from the window system.
    pub fn request(&self, now: Instant) -> Decision {
        let Ok(mut g) = self.0.lock() else {
            return Decision::Close; // never trap the user in a window
        };
        if g.approved {
            return Decision::Close;
        }
        if let Some(at) = g.asked_at {
            return if now.duration_since(at) >= PATIENCE {
                Decision::Close
            } else {
                Decision::AskedPage
            };
        }
        match &g.page {
            Some(notify) if notify() => {
                g.asked_at = Some(now);
                Decision::AskedPage
            }
            _ => Decision::Close,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn counting(reachable: bool) -> (Notify, Arc<AtomicUsize>) {
        let asked = Arc::new(AtomicUsize::new(0));
        let a = asked.clone();
        let notify: Notify = Box::new(move || {
            a.fetch_add(1, Ordering::SeqCst);
            reachable
        });
        (notify, asked)
    }

    /// A closer that counts how often the window was told to close.
    fn counting_closer(guard: &CloseGuard) -> Arc<AtomicUsize> {
        let closed = Arc::new(AtomicUsize::new(0));
        let c = closed.clone();
        guard.set_closer(Box::new(move || {
            c.fetch_add(1, Ordering::SeqCst);
        }));
        closed
    }

    #[test]
    fn without_a_page_watching_the_window_closes() {
        assert_eq!(
            CloseGuard::default().request(Instant::now()),
            Decision::Close
        );
    }

    #[test]
    fn the_page_is_asked_once_and_its_answer_decides() {
        let guard = CloseGuard::default();
        let (notify, asked) = counting(true);
        guard.watch(notify);
        let t = Instant::now();
        assert_eq!(guard.request(t), Decision::AskedPage);
        // A second click while the page is saving does not ask again, nor close.
        assert_eq!(
            guard.request(t + Duration::from_secs(1)),
            Decision::AskedPage
        );
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        let closed = counting_closer(&guard);
        guard.answer(true);
        assert_eq!(
            closed.load(Ordering::SeqCst),
            1,
            "the window was told to close"
        );
        assert_eq!(guard.request(t + Duration::from_secs(1)), Decision::Close);
    }

    #[test]
    fn a_page_that_says_stay_open_is_asked_again_next_time() {
        let guard = CloseGuard::default();
        let (notify, asked) = counting(true);
        guard.watch(notify);
        let t = Instant::now();
        assert_eq!(guard.request(t), Decision::AskedPage);
        let closed = counting_closer(&guard);
        guard.answer(false);
        assert_eq!(closed.load(Ordering::SeqCst), 0);
        // Long after: the user decided to try again, not a hung page.
        assert_eq!(guard.request(t + PATIENCE * 3), Decision::AskedPage);
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_page_that_never_answers_cannot_keep_the_window_open() {
        let guard = CloseGuard::default();
        let (notify, _) = counting(true);
        guard.watch(notify);
        let t = Instant::now();
        assert_eq!(guard.request(t), Decision::AskedPage);
        assert_eq!(guard.request(t + PATIENCE), Decision::Close);
    }

    #[test]
    fn a_page_that_cannot_be_told_does_not_hold_the_window() {
        let guard = CloseGuard::default();
        let (notify, _) = counting(false);
        guard.watch(notify);
        assert_eq!(guard.request(Instant::now()), Decision::Close);
    }
}
