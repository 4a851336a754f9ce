#!/usr/bin/python3
"""Drag source for tests: offers ONE file for an operating-system drag-and-drop.

Shows a small undecorated window at a fixed screen position. A test then drives
the mouse (e.g. with xdotool) from this window onto the application window; GTK
performs a real XDND drag offering the file as `text/uri-list`.

The program exits when the drag ends: exit code 0 if it was dropped, 3 if the
drag was cancelled or refused; or after --timeout seconds with exit code 2, so
it can never hang a test.

Uses the system PyGObject (Debian: python3-gi, gir1.2-gtk-3.0), hence
/usr/bin/python3 rather than whatever python3 comes first on PATH.

Usage: drag-file.py FILE [--x 0] [--y 0] [--timeout 20]
"""

import argparse
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

WIDTH, HEIGHT = 120, 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="file to offer in the drag")
    parser.add_argument("--x", type=int, default=0, help="window x position")
    parser.add_argument("--y", type=int, default=0, help="window y position")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="give up and exit after this many seconds")
    args = parser.parse_args()

    path = os.path.abspath(args.file)
    if not os.path.exists(path):
        parser.error(f"no such file: {path}")
    # GLib percent-encodes the path correctly (spaces, non-ASCII, '#', '%', ...).
    uri = GLib.filename_to_uri(path, None)

    status = {"code": 2}  # stays 2 unless the drag ends before the timeout

    # A POPUP window is not managed by a window manager, so it is placed exactly
    # where we ask and has no decorations, with or without a WM.
    window = Gtk.Window(type=Gtk.WindowType.POPUP)
    window.set_default_size(WIDTH, HEIGHT)
    window.move(args.x, args.y)
    window.connect("destroy", Gtk.main_quit)

    # The window's child is the drag source. An EventBox receives the button
    # press and motion events that GTK needs to start a drag.
    box = Gtk.EventBox()
    box.add(Gtk.Label(label="drag me"))
    window.add(box)
    box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    box.drag_source_add_uri_targets()  # offers text/uri-list

    def on_drag_data_get(_widget, _context, data, _info, _time):
        # Called when the drop target asks for the data.
        data.set_uris([uri])

    def on_drag_failed(_widget, _context, result):
        # Called before drag-end when nobody accepted the drop.
        print(f"drag-file.py: drag failed: {result.value_nick}", file=sys.stderr)
        status["code"] = 3
        return False

    def on_drag_end(_widget, _context):
        # Called once the drag is over (dropped or cancelled).
        if status["code"] == 2:
            status["code"] = 0
        Gtk.main_quit()

    def on_timeout():
        print(f"drag-file.py: no drag within {args.timeout} s, giving up",
              file=sys.stderr)
        Gtk.main_quit()
        return GLib.SOURCE_REMOVE

    box.connect("drag-data-get", on_drag_data_get)
    box.connect("drag-failed", on_drag_failed)
    box.connect("drag-end", on_drag_end)
    GLib.timeout_add(int(args.timeout * 1000), on_timeout)

    def on_map_event(_widget, _event):
        # Tell the test the window is on screen and ready to be dragged from.
        print("ready", flush=True)
        return False

    window.connect("map-event", on_map_event)
    window.show_all()
    Gtk.main()
    return status["code"]


if __name__ == "__main__":
    sys.exit(main())
