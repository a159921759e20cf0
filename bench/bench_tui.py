"""TUI benchmarks (issue 3), against floors measured in the same run:

- cold start to first paint: ``checklist --store TMP`` (the shipped village-star rubric, 200
  drafts in the store) from process start until the home screen has painted its list of drafts
  (the child writes time.monotonic() then; not until exit), against a bare Textual app (Header,
  Static, Footer) until the paint following on_ready; both started the same way through ``bench/tui_start.py``
  in a 120×40 pseudo-terminal, alternately, best of N (target ≤ 1.5×). The processes' CPU
  seconds are shown too: on a busy machine they move less than the wall time;
- item move on a generated 1,000-item rubric (``gen.rubric_yaml``), with Pilot in this process
  at 120×40: ↓ in the section tree, timed from the key event until the walk has handled the
  highlight and the screen is painted (no sleeps in the timing), p95 against a 16 ms budget and
  against a bare Tree of the same size with a Static updated on each highlight. The answer
  widget is placed right after that paint; the time until it is painted is shown too;
- RSS of the real app (subprocess, pseudo-terminal) with that rubric open in the walk, against
  a 150 MB budget (and, for scale, a process that has only imported Textual).

``run()`` returns rows ``(name, ours, floor, ratio, target)``; units as named.
Alone: ``python bench/bench_tui.py [--moves N] [--starts N]``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for extra in (ROOT, HERE):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

DRAFTS = 200
ITEMS = 1000
MOVES = 300
STARTS = 7
SIZE = (120, 40)
WRAPPER = HERE / "tui_start.py"


# --- stores -------------------------------------------------------------------------------------


def store_with_drafts(path: Path, drafts: int = DRAFTS) -> None:
    """``drafts`` drafts on the shipped village-star rubric, 20 answers each."""
    from checklist.assessment import Answer
    from checklist.rubric import load_rubric
    from checklist.rubric.shipped import find_shipped
    from checklist.store import Store

    shipped = find_shipped("village-star")
    assert shipped is not None
    loaded = load_rubric(shipped)
    items = [i.id for i in loaded.rubric.items()][:20]
    with Store.open(path) as store:
        for n in range(drafts):
            draft = store.create(loaded, profile=None, village=f"第{n}村", township="新丰镇", year=2026, assessor="李秀英")
            store.acquire(draft)
            for item in items:
                store.set_answer(draft, item, Answer(value=True, note="已备齐"))
            store.release(draft)


def store_with_big_draft(folder: Path, items: int = ITEMS) -> Path:
    """A store holding one draft on a generated ``items``-item rubric, 95% answered."""
    from gen import assessment_data, rubric_yaml

    from checklist.assessment import Answer
    from checklist.rubric import load_rubric
    from checklist.store import Store

    rubric_path = folder / "big.yaml"
    rubric_path.write_text(rubric_yaml(items), encoding="utf-8")
    loaded = load_rubric(rubric_path)
    path = folder / "big.sqlite3"
    with Store.open(path) as store:
        draft = store.create(loaded, profile=None, village="基准村", township="新丰镇", year=2026, assessor="李秀英")
        store.acquire(draft)
        for item_id, answer in assessment_data(loaded.rubric)["answers"].items():
            store.set_answer(draft, item_id, Answer(**answer))
        store.release(draft)
    return path


# --- processes in a pseudo-terminal ---------------------------------------------------------------


def run_in_terminal(args: list[str], env: dict[str, str], timeout: float = 120) -> float:
    """Run ``python WRAPPER *args`` with a 120×40 pseudo-terminal as its terminal; seconds from
    start to exit. Without ``pty`` (Windows) the output goes to a pipe."""
    return run_timed(args, env, timeout)[0]


def run_timed(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) — CPU time is what a busy machine disturbs least.
    The wall time ends at the first paint when the child reports one (``BENCH_PAINTED``), else
    at its exit."""
    with tempfile.TemporaryDirectory() as tmp:
        painted = Path(tmp) / "painted"
        started = time.monotonic()
        wall, cpu = _run_timed(args, {**env, "BENCH_PAINTED": str(painted)}, timeout)
        if painted.exists():
            wall = float(painted.read_text()) - started
    return wall, cpu


def _run_timed(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[float, float]:
    cmd = [sys.executable, str(WRAPPER), *args]
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]), **env}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    try:
        import fcntl
        import pty
        import struct
        import termios
    except ImportError:
        start = time.perf_counter()
        subprocess.run(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - start
        return elapsed, elapsed
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))

    def drain() -> None:  # a terminal reads what the app writes
        while True:
            try:
                if not os.read(master, 1 << 16):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True)
    watchdog = threading.Timer(timeout, proc.kill)  # (wait(timeout=…) polls every 50 ms: too coarse)
    watchdog.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    finally:
        watchdog.cancel()
        os.close(slave)
        reader.join(timeout=5)
        os.close(master)
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def cold_start(starts: int, folder: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best-of-``starts`` (wall, CPU) seconds: checklist with 200 drafts, and the bare app
    (alternately)."""
    store = folder / "drafts.sqlite3"
    store_with_drafts(store)
    env = {"BENCH_EXIT_ON_READY": "1"}
    ours_args = ["checklist", "--store", str(store)]
    run_timed(ours_args, env)  # warm the file cache and the bytecode once
    run_timed(["bare"], env)
    ours, bare = [], []
    for _ in range(starts):
        ours.append(run_timed(ours_args, env))
        bare.append(run_timed(["bare"], env))
    return (min(r[0] for r in ours), min(r[1] for r in ours)), (min(r[0] for r in bare), min(r[1] for r in bare))


def rss_with_big_rubric(folder: Path) -> float:
    """MB resident after the 1,000-item draft is shown in the walk, in a real app process."""
    report = folder / "rss.txt"
    env = {"BENCH_EXIT_ON_READY": "1", "BENCH_OPEN_DRAFT": "1", "BENCH_REPORT": str(report)}
    run_in_terminal(["checklist", "--store", str(store_with_big_draft(folder))], env)
    current, _peak = (float(x) for x in report.read_text().split())
    return current


def bare_rss() -> float:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import textual.app, textual.widgets; from tui_start import rss_mb; print(rss_mb()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(HERE)], capture_output=True, text=True, check=True)
    return float(out.stdout)


# --- item moves, in this process ------------------------------------------------------------------


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


async def _until(done: Callable[[], bool], limit: float = 5.0) -> None:
    """Yield to the event loop until ``done()``; no sleeps, so nothing is added to the time."""
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the move did not finish")
        await asyncio.sleep(0)


def _moved(tree: Any, line: int) -> bool:
    return bool(tree.cursor_line != line)


async def _through(widget: Any, top: Any) -> None:
    """Until the messages already queued on the way from ``widget`` up to ``top`` (what a
    bubbling message passes) are handled, handlers' awaits included."""
    chain = [widget]
    while chain[-1] is not top:
        chain.append(chain[-1].parent)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def step(n: int) -> None:
        if n == len(chain):
            done.set_result(None)
        else:
            chain[n].call_later(step, n + 1)

    step(0)
    await done


async def _moves_ours(store: Path, moves: int) -> tuple[list[float], list[float]]:
    from textual import events

    from checklist.tui.app import ChecklistApp
    from checklist.tui.screens.walk import WalkScreen
    from checklist.tui.widgets.item_view import ItemView
    from checklist.tui.widgets.section_tree import SectionTree

    shown: list[float] = []
    ready: list[float] = []
    app = ChecklistApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WalkScreen), screen
        tree = screen.query_one(SectionTree)
        view = screen.query_one(ItemView)
        tree.focus()
        tree.move_cursor(tree.root.children[0])
        await pilot.pause()
        assert app._driver is not None
        for _ in range(moves):
            line = tree.cursor_line
            start = time.perf_counter()
            app._driver.send_message(events.Key("down", None))

            await _until(partial(_moved, tree, line))
            await _through(tree, screen)  # NodeHighlighted handled: the item shown
            node = tree.cursor_node
            assert node is not None and node.data is not None
            assert node.data.startswith("§") or view.item_id == node.data
            screen._on_timer_update()  # the paint the update timer would do now
            shown.append(time.perf_counter() - start)
            await _until(lambda: getattr(view, "answer_ready", True))  # (older views have no such step)
            screen._on_timer_update()
            ready.append(time.perf_counter() - start)
            await pilot._wait_for_screen()  # whatever follows (outside the clock)
            if tree.cursor_line == line:
                break
    return shown, ready


async def _moves_bare(items: int, sections: int, moves: int) -> list[float]:
    from textual import events, on
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Footer, Header, Static, Tree

    class BareTree(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with Horizontal():
                tree: Tree[str] = Tree("评分细则")
                tree.show_root = False
                per = items // sections
                for s in range(sections):
                    node = tree.root.add(f"第{s}板块 0/{per} · 0/100分", data=f"§{s}", expand=True)
                    for i in range(per):
                        node.add_leaf(f"· 第{s}板块第{i}项指标的标题", data=f"{s}-{i}")
                yield tree
                yield Static(id="item")
            yield Footer()

        shown: str | None = None

        @on(Tree.NodeHighlighted)
        def _show(self, event: Tree.NodeHighlighted[str]) -> None:
            self.query_one("#item", Static).update(f"指标 {event.node.data}：内容、评分标准与佐证材料")
            self.shown = event.node.data

    samples: list[float] = []
    app = BareTree()
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(Tree)
        tree.focus()
        await pilot.pause()
        assert app._driver is not None
        for _ in range(moves):
            line = tree.cursor_line
            start = time.perf_counter()
            app._driver.send_message(events.Key("down", None))
            await _until(partial(_moved, tree, line))
            await _through(tree, app)
            assert tree.cursor_node is not None and app.shown == tree.cursor_node.data
            app.screen._on_timer_update()
            samples.append(time.perf_counter() - start)
            await pilot._wait_for_screen()
    return samples


def item_moves(moves: int, folder: Path) -> tuple[list[float], list[float], list[float]]:
    store = store_with_big_draft(folder)
    shown, ready = asyncio.run(_moves_ours(store, moves))
    bare = asyncio.run(_moves_bare(ITEMS, 20, moves))
    return shown, ready, bare


# --- the rows -----------------------------------------------------------------------------------


def run(moves: int = MOVES, starts: int = STARTS) -> list[tuple[str, float, float, float, str]]:
    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (ours, ours_cpu), (bare, bare_cpu) = cold_start(starts, _fresh(folder / "start"))
        rows.append((f"tui: cold start to first paint of home, {DRAFTS} drafts, s (vs bare app)", ours, bare, ours / bare, "≤ 1.5"))
        rows.append(("tui: cold start, CPU s of the process (vs bare)", ours_cpu, bare_cpu, ours_cpu / bare_cpu, ""))

        shown, ready, floor = item_moves(moves, _fresh(folder / "moves"))
        ms = [x * 1000 for x in shown]
        rows.append((f"tui: item move p95 ms, {ITEMS} items (vs 16 ms)", p95(ms), 16.0, p95(ms) / 16, "≤ 1"))
        bare_ms = p95([x * 1000 for x in floor])
        rows.append(("tui: item move p95 ms (vs bare Tree+Static)", p95(ms), bare_ms, p95(ms) / bare_ms, ""))
        ready_ms = p95([x * 1000 for x in ready])
        rows.append(("tui: item move + answer widget p95 ms (vs 16)", ready_ms, 16.0, ready_ms / 16, ""))

        rss = rss_with_big_rubric(_fresh(folder / "rss"))
        rows.append((f"tui: RSS MB, {ITEMS}-item rubric open (vs 150)", rss, 150.0, rss / 150, "≤ 1"))
        base = bare_rss()
        rows.append(("tui: RSS MB, same (vs bare Textual import)", rss, base, rss / base, ""))
    return rows


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


if __name__ == "__main__":
    import argparse

    from checklist.cjk import pad

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=MOVES)
    parser.add_argument("--starts", type=int, default=STARTS)
    args = parser.parse_args()
    for name, ours_, floor_, ratio, target in run(args.moves, args.starts):
        print(f"{pad(name, 52)}ours {ours_:9.3f}  floor {floor_:9.3f}  ratio {ratio:6.2f}×  target {target or '—'}")
