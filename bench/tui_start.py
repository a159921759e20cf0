"""Start an app the way a user does, for bench_tui's cold-start and memory numbers.

    python bench/tui_start.py bare                         # Header, Static, Footer
    python bench/tui_start.py checklist --store PATH       # exactly ``checklist --store PATH``

With ``BENCH_EXIT_ON_READY=1`` the app exits by itself as soon as its first screen is shown
(the bare app: after the paint that follows on_ready; checklist: after the paint in which the
home screen's list of drafts first appears). ``BENCH_PAINTED=FILE``
receives the time.monotonic() of that first paint. With
``BENCH_OPEN_DRAFT=1`` as well, checklist first opens the newest draft in the walk, and
``BENCH_REPORT=FILE`` receives the process's RSS then, in MB. Nothing here is read by the
product: this wrapper patches Textual's DataTable before ``checklist.cli.main`` runs the app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXIT_ON_READY = os.environ.get("BENCH_EXIT_ON_READY") == "1"
OPEN_DRAFT = os.environ.get("BENCH_OPEN_DRAFT") == "1"
REPORT = os.environ.get("BENCH_REPORT", "")
PAINTED = os.environ.get("BENCH_PAINTED", "")


def painted_now() -> None:
    """The first paint is done: its time (time.monotonic, one clock for every process on the
    machine) goes to ``BENCH_PAINTED`` for the parent to subtract its start time from."""
    if PAINTED and not Path(PAINTED).exists():
        import time

        Path(PAINTED).write_text(repr(time.monotonic()))


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB (Linux /proc; elsewhere peak from resource)."""
    current = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:
        import resource

        peak = current = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("村党组织星级评定 · 自评填报")
            yield Footer()

        def on_ready(self) -> None:
            if EXIT_ON_READY:
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            painted_now()
            self.exit()

    Bare().run()


def checklist(args: list[str]) -> None:
    from textual.widgets import DataTable


    state = {"listed": False}
    render_lines = DataTable.render_lines

    def painted(self: Any, crop: Any) -> Any:
        """The home screen is interactive once its list of drafts has been painted."""
        lines = render_lines(self, crop)
        if self.id == "drafts" and self.row_count and not state["listed"]:
            state["listed"] = True
            self.app.call_after_refresh(listed, self.app)
        return lines

    def listed(app: Any) -> None:
        painted_now()
        if OPEN_DRAFT:
            screen = app.screen
            screen.open_draft(screen.drafts[0].id)
            app.set_timer(0.001, lambda: walk_shown(app))
        else:
            app.exit()

    def walk_shown(app: Any) -> None:
        from checklist.tui.screens.walk import WalkScreen
        from checklist.tui.widgets.item_view import ItemView

        screen = app.screen
        view = screen.query(ItemView).first() if isinstance(screen, WalkScreen) and screen.is_mounted else None
        if view is None or view.item_id is None or not getattr(view, "answer_ready", True):
            app.set_timer(0.001, lambda: walk_shown(app))
            return

        def measure() -> None:
            if REPORT:
                current, peak = rss_mb()
                Path(REPORT).write_text(f"{current:.1f} {peak:.1f}\n")
            app.exit()

        app.call_after_refresh(measure)

    if EXIT_ON_READY:
        DataTable.render_lines = painted  # type: ignore[method-assign]

    from checklist.cli import main

    main(args, prog_name="checklist")


if __name__ == "__main__":
    if sys.argv[1:2] == ["bare"]:
        bare()
    elif sys.argv[1:2] == ["checklist"]:
        checklist(sys.argv[2:])
    else:
        sys.exit(__doc__)
