// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[global_allocator]
static ALLOCATOR: mou_core::Allocator = mou_core::Allocator;

fn main() {
    // SAFETY: nothing has started a thread yet.
    unsafe { mou_desktop::set_engine_defaults() };
    std::process::exit(mou_desktop::run());
}
