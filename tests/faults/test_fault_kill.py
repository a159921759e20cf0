"""SIGKILL at 100 random moments while a secretary answers in a real terminal (tmux through a
private server): during start-up, while the store opens, between keys, mid-save. After every
kill the store passes ``PRAGMA integrity_check`` and every answer it had acknowledged (seen in
the store before the kill) is still there. ``KILL_ROUNDS`` and ``KILL_SEED`` change the run."""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/test_tmux_kill.py

import test_tmux_kill as tk

from checklist.rubric import Params, load_rubric
from checklist.rubric.shipped import find_shipped
from checklist.store import Store

pytestmark = tk.pytestmark
ROUNDS = int(os.environ.get("KILL_ROUNDS", "100"))


def test_sigkill_at_100_random_moments_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    path = find_shipped("village-star")
    assert path is not None
    loaded = load_rubric(path)
    with Store.open(store) as s:
        draft = s.create(loaded, profile=None, village="光明村", township="新桥镇", year=2026, assessor="李书记")
    p = Params(loaded.rubric)
    rng = random.Random(int(os.environ.get("KILL_SEED", "20261201")))
    todo = [i for i in loaded.rubric.items() if not i.relevant_when and i.rule.type in ("yesno", "choice", "count")]
    acknowledged: dict[str, Any] = {}
    lost: list[str] = []
    kills_in_walk = 0
    term: tk.Term | None = None
    try:
        for n in range(ROUNDS):
            term = tk.Term(store)
            # One kill in three from the launch (start-up, the store opening, the walk
            # loading); the others at a random moment after the walk is open.
            early = n % 3 == 0
            moment = time.monotonic() + (rng.uniform(0.05, 1.5) if early else 30)
            try:
                if _wait_until(lambda t=term: "光明村" in t.screen(), moment):
                    term.keys("Enter")
                    if _wait_until(lambda t=term: tk.WALK in t.screen(), moment):
                        kills_in_walk += 1
                        if not early:
                            moment = time.monotonic() + rng.uniform(0, 1.5)
                        while time.monotonic() < moment:
                            item = todo[(n * 7 + len(acknowledged)) % len(todo)]
                            # Answered again: its old value is being replaced on purpose, and a kill
                            # mid-typing may leave a part of the new one; only the newest counts.
                            acknowledged.pop(item.id, None)
                            expected = tk.answer(term, item, p)

                            def stored(item_id: str = item.id, value: Any = expected) -> bool:
                                now = tk.saved(store, draft)
                                return item_id in now and tk.same(now[item_id]["value"], value)

                            if _wait_until(stored, time.monotonic() + 1.0):
                                acknowledged[item.id] = expected
            finally:
                term.kill()
            with sqlite3.connect(store) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"kill {n + 1}"
            after = tk.saved(store, draft)
            lost += [k for k, v in acknowledged.items() if k not in after or not tk.same(after[k]["value"], v)]
            assert not lost, f"after kill {n + 1}: lost {lost}"
        assert acknowledged and kills_in_walk, "no kill came while answering"
        print(f"{ROUNDS} kills ({kills_in_walk} while answering), {len(acknowledged)} answers acknowledged, 0 lost")
    finally:
        if term is not None and tk.alive(term.pid):
            term.kill()


def _wait_until(test: Any, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if test():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(autouse=True)
def _quick_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys a little faster than the shared helpers send them: 100 rounds stay short."""
    original = tk.Term.keys

    def keys(self: tk.Term, *names: str) -> None:
        for name in names:
            self.tmux("send-keys", "-t", self.name, name)
            time.sleep(0.08)

    monkeypatch.setattr(tk.Term, "keys", keys)
    assert original is not None
