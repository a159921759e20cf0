"""Store benchmarks: the cost of saving one answer (one committed transaction with its history row
and lock check) against a bare sqlite3 INSERT + COMMIT with the same durability settings (WAL,
synchronous=FULL) in the same folder and the same run; and opening a store with 200 drafts.

``run()`` returns rows ``(name, ours, floor, ratio, target)`` for ``bench/run.py``; times are
milliseconds (medians, or p95 where the name says so). Run alone: ``python bench/bench_store.py``.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ANSWERS = 300
DRAFTS = 200


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _bare_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answers (item_id TEXT PRIMARY KEY, answer TEXT NOT NULL)")
    return conn


def _bare_insert(conn: sqlite3.Connection, item_id: str, payload: str) -> float:
    t = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (item_id, payload))
    conn.execute("COMMIT")
    return time.perf_counter() - t


def run() -> list[tuple[str, float, float, float, str]]:
    from checklist.assessment import Answer
    from checklist.rubric import load_rubric
    from checklist.rubric.shipped import find_shipped
    from checklist.store import Store
    from checklist.store.codec import dump_answer

    shipped = find_shipped("village-star")
    assert shipped is not None
    loaded = load_rubric(shipped)
    items = [i.id for i in loaded.rubric.items()]
    answers = [Answer(value=Decimal(n) / 4, note=f"第{n}次填写，佐证材料已备齐") for n in range(ANSWERS)]

    rows: list[tuple[str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        conn = _bare_connection(base / "bare.sqlite3")
        store = Store.open(base / "store.sqlite3")
        draft = store.create(loaded, profile=None, village="北湾村", township="新丰镇", year=2026, assessor="李秀英")
        store.acquire(draft)
        ours, bare = [], []
        for n, answer in enumerate(answers):  # interleaved, so both see the same disk
            item_id = items[n % len(items)]
            bare.append(_bare_insert(conn, item_id, dump_answer(answer)))
            t = time.perf_counter()
            store.set_answer(draft, item_id, answer)
            ours.append(time.perf_counter() - t)
        conn.close()
        median, floor = _median_ms(ours), _median_ms(bare)
        rows.append(("store: set_answer (1 committed txn), median ms", median, floor, median / floor, "≤ 3"))
        p95, floor95 = statistics.quantiles(ours, n=20)[-1] * 1000, statistics.quantiles(bare, n=20)[-1] * 1000
        rows.append(("store: set_answer p95 ms", p95, floor95, p95 / floor95, "≤ 3"))

        for n in range(DRAFTS - 1):
            extra = store.create(loaded, profile=None, village=f"{n}村", township="镇", year=2026, assessor="甲")
            store.acquire(extra)
            for item in items[:20]:
                store.set_answer(extra, item, Answer(value=True))
            store.release(extra)
        store.close()

        opens, bare_opens = [], []
        for _ in range(7):
            t = time.perf_counter()
            s = Store.open(base / "store.sqlite3")
            s.drafts()
            opens.append(time.perf_counter() - t)
            s.close()
            t = time.perf_counter()
            c = sqlite3.connect(base / "store.sqlite3")
            c.execute("SELECT id, village, year, rubric_id, updated FROM assessments").fetchall()
            bare_opens.append(time.perf_counter() - t)
            c.close()
        ms, floor = _median_ms(opens), _median_ms(bare_opens)
        rows.append((f"store: open + drafts() with {DRAFTS} drafts, ms", ms, floor, ms / floor, ""))
    return rows


if __name__ == "__main__":
    from checklist.cjk import pad

    for name, ours, floor, ratio, target in run():
        print(f"{pad(name, 48)}ours {ours:9.3f}  floor {floor:9.3f}  ratio {ratio:6.2f}×  target {target or '—'}")
