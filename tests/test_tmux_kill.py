"""A real terminal: tmux runs ``checklist --store TMP``, keys answer items and type a Chinese
note, the process is killed with SIGKILL (at set and at random moments), restarted, and every
answer that was saved is still there (checked through ``checklist dump``)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checklist.rubric import Params, load_rubric
from checklist.rubric.shipped import find_shipped
from checklist.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

BIN = Path(sys.executable).with_name("checklist")
SOCKET = f"checklist-test-{os.getpid()}"  # a private tmux server: never the user's own sessions
NOTE = "已整改到位，材料齐全"
WALK = "› 第"  # the walk's crumb (“组织建设 › 第 1 项，共 53 项”): the home list has a 总分 column too


class Term:
    """One detached tmux session running the app."""

    def __init__(self, store: Path, width: int = 120, height: int = 40) -> None:
        self.name = f"checklist-test-{uuid.uuid4().hex[:8]}"
        env = "TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TEXTUAL_ANIMATIONS=none"
        command = f"exec env {env} {BIN} --store {store}"
        start = ["tmux", "-L", SOCKET, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height)]
        for attempt in range(10):
            run = subprocess.run([*start, command], capture_output=True, text=True)
            # Killing the last session ends the private server a moment later; a new session asked
            # for in that moment meets the dying server ("server exited unexpectedly"): ask again.
            if run.returncode == 0 or "server exited unexpectedly" not in run.stderr or attempt == 9:
                break
            time.sleep(0.2)
        assert run.returncode == 0, f"tmux new-session failed: {run.stderr}"
        self.pid = int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        try:
            return self.tmux("capture-pane", "-p", "-t", self.name)
        except subprocess.CalledProcessError:
            return ""

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def text(self, text: str) -> None:
        """UTF-8 text as typed (an input method commits whole words like this)."""
        self.tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.2)

    def wait_for(self, words: str, timeout: float = 15) -> None:
        wait(lambda: words in self.screen(), timeout, f"“{words}” never appeared:\n{self.screen()}")

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        wait(lambda: not alive(self.pid), 5, "the app survived SIGKILL")
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (killed, not yet reaped by tmux) counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def wait(test: Callable[[], bool], timeout: float, message: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if test():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def dump(store: Path, draft: int) -> dict[str, Any]:
    run = subprocess.run([str(BIN), "dump", str(draft), "--store", str(store)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout, parse_float=Decimal)
    return dict(data["answers"])


def saved(store: Path, draft: int) -> dict[str, Any]:
    with Store.open(store) as s:
        return {k: v.model_dump() for k, v in s.assessment(draft).answers.items()}


# --- answering one item by keys ------------------------------------------------------------


def plan(item: Any, p: Params) -> tuple[list[tuple[str, str]], Any]:
    """Keys for an item (("k", key) or ("t", text)) and the value the store should then hold."""
    rule = item.rule
    kind = rule.type
    if kind == "yesno":
        return [("k", "y")], True
    if kind == "choice":
        return [("k", "1")], rule.options[0].id
    if kind in ("multiple", "required_list"):
        first = (rule.options if kind == "multiple" else rule.things)[0].id
        return [("k", "Space")], [first]
    if kind == "share":
        return [("t", "３"), ("k", "Tab"), ("t", "１０"), ("k", "Enter")], {"part": 3, "whole": 10}
    if kind == "count":
        return [("t", "１"), ("k", "Enter")], 1
    low = p.opt(getattr(rule, "min", None))
    value = low if low is not None and low > 0 else Decimal(12)
    typed = str(value).translate(str.maketrans("0123456789.", "０１２３４５６７８９。"))
    return [("t", typed), ("k", "Enter")], value


def answer(term: Term, item: Any, p: Params, *, note: str | None = None) -> Any:
    keys, expected = plan(item, p)
    term.keys("C-f")  # 查找 works from anywhere in the walk, text boxes too
    term.wait_for("查找指标", 5)
    term.text(item.id)
    time.sleep(0.3)
    term.keys("Enter")
    time.sleep(0.4)
    for what, key in keys:
        if what == "k":
            term.keys(key)
        else:
            term.text(key)
    if note is not None:
        term.keys("Tab")  # from the answer to the next box: the note (no N/A box on these items)
        term.text(note)
        term.keys("Enter")
    return expected


def same(value: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(value, dict) and all(Decimal(str(value[k])) == Decimal(str(v)) for k, v in expected.items())
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool):
        return value is not None and not isinstance(value, bool) and Decimal(str(value)) == Decimal(expected)
    return bool(value == expected)


# --- the tests -----------------------------------------------------------------------------


def test_new_assessment_answers_and_chinese_note_survive_sigkill(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    term = Term(store)
    try:
        term.wait_for("新建自评")
        term.keys("n")
        term.wait_for("开始填报")
        term.text("红旗村")
        term.keys("Tab")
        term.text("城关镇")
        term.keys("Tab", "Tab")
        term.text("张书记")
        term.keys("C-s")
        term.wait_for(WALK)
        with Store.open(store) as s:
            [info] = s.drafts()
            rubric = load_rubric(info.rubric_path).rubric
        p = Params(rubric, info.profile)
        yesno = [i for i in rubric.items() if i.rule.type == "yesno" and not i.relevant_when]
        ticks = [i for i in rubric.items() if i.rule.type in ("required_list", "multiple") and not i.relevant_when]
        expected: dict[str, Any] = {}
        for item in yesno[:3] + ticks[:1]:
            expected[item.id] = answer(term, item, p)
        noted = yesno[3]
        expected[noted.id] = answer(term, noted, p, note=NOTE)
        wait(lambda: all(k in saved(store, info.id) for k in expected), 10, f"not all saved:\n{term.screen()}")
        wait(lambda: saved(store, info.id)[noted.id]["note"] == NOTE, 5, "the note was not saved")
        term.kill()

        after = dump(store, info.id)
        for item_id, value in expected.items():
            assert same(after[item_id]["value"], value), (item_id, after[item_id], value)
        assert after[noted.id]["note"] == NOTE

        # restarted: the draft is there, editable (the dead window's lock is stale), answers shown
        term = Term(store)
        term.wait_for("红旗村")
        term.keys("Enter")
        term.wait_for(WALK)
        more = yesno[4]
        answer(term, more, p)
        wait(lambda: more.id in saved(store, info.id), 10, f"not editable after restart:\n{term.screen()}")
        term.kill()
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", term.name], capture_output=True)


def test_kill_at_random_moments_loses_nothing_saved(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    path = find_shipped("village-star")
    assert path is not None
    loaded = load_rubric(path)
    with Store.open(store) as s:
        draft = s.create(loaded, profile=None, village="光明村", township="新桥镇", year=2026, assessor="李书记")
    p = Params(loaded.rubric)
    rng = random.Random(int(os.environ.get("KILL_SEED", "20260301")))
    todo = [i for i in loaded.rubric.items() if not i.relevant_when]
    rng.shuffle(todo)
    confirmed: dict[str, Any] = {}
    rounds = int(os.environ.get("KILL_ROUNDS", "3"))
    term: Term | None = None
    try:
        for n in range(rounds):
            term = Term(store, 80, 24) if n % 2 else Term(store)
            term.wait_for("光明村")
            term.keys("Enter")
            term.wait_for(WALK)
            batch, todo = todo[:4], todo[4:]
            deadline = time.monotonic() + rng.uniform(1.0, 6.0)  # the kill comes at a random moment
            for item in batch:
                if time.monotonic() > deadline:
                    break
                note = NOTE if item.rule.type == "judged" else None
                expected = answer(term, item, p, note=note)
                now_saved = saved(store, draft)
                if item.id in now_saved and same(now_saved[item.id]["value"], expected):
                    confirmed[item.id] = expected
            time.sleep(rng.uniform(0, 0.5))
            term.kill()
            after = dump(store, draft)
            for item_id, value in confirmed.items():
                assert item_id in after and same(after[item_id]["value"], value), (item_id, after.get(item_id), value)
        assert confirmed, "no answer was confirmed before a kill"
        print(f"{len(confirmed)} answers confirmed across {rounds} kills: {sorted(confirmed)}")
    finally:
        if term is not None:
            subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", term.name], capture_output=True)
