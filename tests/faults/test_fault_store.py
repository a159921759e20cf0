"""Store fault injection: the OS calls SQLite makes (write, fsync = commit, close) fail with
ENOSPC or EIO part-way through answering, through an LD_PRELOAD shim (fault_inject.c). After
each run the store file passes ``PRAGMA integrity_check`` and every answer whose
``set_answer`` returned (acknowledged) is there with its value; every failure was a Chinese
StoreError, never a traceback."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fault_support import ROOT

from checklist.store import Store

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or sys.platform != "linux", reason="needs gcc on Linux")

WORKER = """
import json, sys
from checklist.assessment import Answer
from checklist.rubric import load_rubric
from checklist.store import Store, StoreError
store_path, rubric_path, draft = sys.argv[1], sys.argv[2], int(sys.argv[3])
items = [i for i in load_rubric(rubric_path).rubric.items() if i.rule.type == "yesno"]
try:
    store = Store.open(store_path)
    store.acquire(draft)
except StoreError as exc:
    print(json.dumps(["open-failed", str(exc)]), flush=True)
    sys.exit(0)
for n, item in enumerate(items * 3):
    value = n % 2 == 0
    try:
        store.set_answer(draft, item.id, Answer(value=value, note=f"第{n}次"))
    except StoreError as exc:
        print(json.dumps(["failed", item.id, str(exc)]), flush=True)
        continue
    print(json.dumps(["ack", item.id, value, f"第{n}次"]), flush=True)
try:
    store.close()
except StoreError as exc:
    print(json.dumps(["close-failed", str(exc)]), flush=True)
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shim") / "fault_inject.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", str(out), str(HERE / "fault_inject.c"), "-ldl"], check=True)
    return out


CASES = [(op, err, after) for op in ("write", "fsync", "close") for err in ("ENOSPC", "EIO") for after in (0, 4, 15)]


@pytest.mark.parametrize(("op", "err", "after"), CASES, ids=lambda v: str(v))
def test_store_survives_failing_os_calls(op: str, err: str, after: int, shim: Path, tmp_path: Path) -> None:
    from checklist.rubric import load_rubric

    rubric = ROOT / "rubrics" / "village-star.yaml"
    store_path = tmp_path / "store.sqlite3"
    with Store.open(store_path) as s:
        draft = s.create(load_rubric(rubric), profile=None, village="桃源村", township="新丰镇", year=2026, assessor="王书记")
    env = {
        "LD_PRELOAD": str(shim),
        "FAULT_OP": op,
        "FAULT_ERRNO": str(getattr(errno, err)),
        "FAULT_AFTER": str(after),
        "FAULT_PATH": str(store_path),
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run(
        [sys.executable, "-c", WORKER, str(store_path), str(rubric), str(draft)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert events, run.stderr
    failures = [e[-1] for e in events if e[0] != "ack"]
    for message in failures:
        assert "存储文件" in message and "Error" not in message and "error" not in message, message
    acked: dict[str, tuple[bool, str]] = {}
    for e in events:
        if e[0] == "ack":
            acked[e[1]] = (e[2], e[3])
    if op != "close":
        assert failures, f"the fault was never hit ({op} after {after})"

    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Store.open(store_path) as s:
        answers = s.assessment(draft).answers
    for item_id, (value, note) in acked.items():
        assert item_id in answers, f"acknowledged answer {item_id} lost"
        assert (answers[item_id].value, answers[item_id].note) == (value, note), item_id
