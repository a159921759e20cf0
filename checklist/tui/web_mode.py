"""The app's side of browser mode (``checklist web``): it runs with Textual's web driver,
its screen and keys piped to the server.

When the server goes (stopped, killed, or its last tab closed) the pipe closes: Textual's input
thread ends but the app would keep running, holding the draft's edit lock. Here the app quits
the usual way instead (saving, releasing the lock), and writes to the closed pipe are dropped
rather than crashing that shutdown. Exports are also handed to the browser as downloads."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attach(app: App[None]) -> None:
    """Call once the app runs; does nothing in a terminal."""
    driver = app._driver
    if driver is None or not app.is_web:
        return
    write = getattr(driver, "_write", None)
    if callable(write):

        def quiet_write(data: bytes) -> int:
            try:
                return int(write(data))
            except OSError:  # the server has gone: nobody reads the screen any more
                return len(data)

        driver._write = quiet_write  # type: ignore[attr-defined]
    reader = getattr(driver, "_key_thread", None)
    if isinstance(reader, threading.Thread):
        threading.Thread(target=_quit_when_input_ends, args=(app, reader), daemon=True, name="web-watch").start()


def _quit_when_input_ends(app: App[None], reader: threading.Thread) -> None:
    while reader.ident is None:  # not started yet
        threading.Event().wait(0.05)
    reader.join()
    with contextlib.suppress(Exception):  # the app may already be closing
        app.call_from_thread(app.call_later, app.action_quit)


def deliver(app: App[None], written: Path | None) -> None:
    """In the browser, also hand the exported workbook over as a download."""
    if app.is_web and written is not None:
        app.deliver_binary(written, mime_type=XLSX, save_filename=written.name)
