"""The edit lock: a second window is read-only and told why; a dead or silent holder's lock is
taken over; several processes write at once without corrupting the file."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import store_support
from store_support import HOLD_AND_WAIT, PYTHON, ROOT, shipped

from checklist.assessment import Answer
from checklist.store import Store, StoreLocked
from checklist.store.codec import iso
from checklist.store.locks import pid_alive, this_host


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "checklist.sqlite3"


@pytest.fixture
def draft(path: Path) -> Iterator[int]:
    with Store.open(path) as s:
        yield s.create(shipped(), profile=None, village="北湾村", township="新丰镇", year=2026, assessor="李秀英")


def set_lock(path: Path, assessment_id: int, **columns: object) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for name, value in columns.items():
            conn.execute(f"UPDATE locks SET {name} = ? WHERE assessment_id = ?", (value, assessment_id))
    conn.close()


def dead_pid() -> int:
    proc = subprocess.Popen([PYTHON, "-c", "pass"])
    proc.wait()
    assert not pid_alive(proc.pid)
    return proc.pid


HOLDER = re.compile(r"^本机的另一个窗口（第一个窗口），自 \d\d:\d\d 起$")  # no process number


def test_second_opener_is_read_only_and_told_why(path: Path, draft: int) -> None:
    with Store.open(path, owner="第一个窗口") as first, Store.open(path, owner="第二个窗口") as second:
        assert first.acquire(draft)
        assert first.acquire(draft)  # again: still ours
        assert first.lock_holder(draft) is None  # it is us
        assert not second.acquire(draft)
        holder = second.lock_holder(draft)
        assert holder is not None and HOLDER.match(holder), holder
        first.set_answer(draft, "strongest_branch", Answer(value="started"))
        with pytest.raises(StoreLocked) as info:
            second.set_answer(draft, "strongest_branch", Answer(value="not_started"))
        assert info.value.holder == holder and "只能查看" in str(info.value)
        with pytest.raises(StoreLocked):
            second.delete(draft)
        assert second.assessment(draft).answers["strongest_branch"].value == "started"  # reading is fine
        first.release(draft)
        assert second.lock_holder(draft) is None
        assert second.acquire(draft)
        assert not first.acquire(draft)
        with pytest.raises(StoreLocked):
            first.set_answer(draft, "strongest_branch", Answer(value="x"))


def test_close_releases_the_lock(path: Path, draft: int) -> None:
    first = Store.open(path)
    assert first.acquire(draft)
    first.close()
    with Store.open(path) as second:
        assert second.acquire(draft)


def test_lock_of_a_dead_process_is_taken_over(path: Path, draft: int) -> None:
    with Store.open(path, owner="第一个窗口") as first, Store.open(path) as second:
        assert first.acquire(draft)
        set_lock(path, draft, pid=dead_pid())
        assert second.lock_holder(draft) is None
        assert second.acquire(draft)
        with pytest.raises(StoreLocked):
            first.set_answer(draft, "strongest_branch", Answer(value="started"))
        assert not first.heartbeat(draft)


def test_lock_silent_for_two_minutes_is_taken_over(path: Path, draft: int) -> None:
    with Store.open(path, owner="第一个窗口") as first, Store.open(path) as second:
        assert first.acquire(draft)
        set_lock(path, draft, heartbeat=iso(datetime.now().astimezone() - timedelta(seconds=90)))
        assert not second.acquire(draft)  # 90 s: still alive
        assert first.heartbeat(draft)
        set_lock(path, draft, heartbeat=iso(datetime.now().astimezone() - timedelta(minutes=3)))
        assert second.acquire(draft)


def test_set_answer_keeps_the_lock_fresh(path: Path, draft: int) -> None:
    with Store.open(path) as first, Store.open(path) as second:
        assert first.acquire(draft)
        set_lock(path, draft, heartbeat=iso(datetime.now().astimezone() - timedelta(seconds=110)))
        first.set_answer(draft, "strongest_branch", Answer(value="started"))
        set_lock(path, draft, since=iso(datetime.now().astimezone() - timedelta(days=1)))
        assert not second.acquire(draft)
        assert "月" in (second.lock_holder(draft) or "")  # held since yesterday: the date is shown


def test_lock_from_another_computer_waits_for_its_heartbeat(path: Path, draft: int) -> None:
    with Store.open(path) as first, Store.open(path) as second:
        assert first.acquire(draft)
        set_lock(path, draft, host=this_host() + "-笔记本", pid=dead_pid())  # pid means nothing there
        assert not second.acquire(draft)
        assert "另一台电脑" in (second.lock_holder(draft) or "")


def test_killed_holder_loses_nothing_and_its_lock_is_taken_over(path: Path, draft: int) -> None:
    proc = subprocess.Popen(
        [PYTHON, "-c", HOLD_AND_WAIT, str(path), str(draft)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with Store.open(path, owner="新窗口") as store:
            assert not store.acquire(draft)
            assert "本机的另一个窗口" in (store.lock_holder(draft) or "")
            proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
            proc.wait(30)
            assert store.acquire(draft)
            answer = store.assessment(draft).answers["strongest_branch"]
            assert answer == Answer(value="started", note="被强行结束前填写")
            store.set_answer(draft, "grid_branch", Answer(value=["by_grid"]))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


# --- several processes at once -------------------------------------------------------------------


def test_processes_writing_at_once_do_not_corrupt(path: Path) -> None:
    with Store.open(path) as s:
        drafts = [
            s.create(shipped(), profile=None, village=f"{n}村", township="镇", year=2026, assessor="甲")
            for n in range(3)
        ]
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    stop = ctx.Event()
    count = 150
    writers = [
        ctx.Process(target=store_support.write_answers, args=(str(path), aid, count, f"w{n}", results))
        for n, aid in enumerate(drafts)
    ]
    reader = ctx.Process(target=store_support.read_while_writing, args=(str(path), stop, results))
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join(180)
    stop.set()
    reader.join(180)
    outcomes = dict(results.get(timeout=10) for _ in range(len(writers) + 1))
    assert outcomes == {"w0": "ok", "w1": "ok", "w2": "ok", "reader": "ok"}

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for n, aid in enumerate(drafts):
        assert conn.execute("SELECT count(*) FROM history WHERE assessment_id = ?", (aid,)).fetchone()[0] == count
        rows = conn.execute("SELECT item_id FROM answers WHERE assessment_id = ?", (aid,)).fetchall()
        assert {r[0] for r in rows} == {f"w{n}_{k}" for k in range(40)}
    conn.close()
    with Store.open(path) as s:
        last = s.assessment(drafts[0]).answers[f"w0_{(count - 1) % 40}"]
        assert last.note == f"w0第{count - 1}次"


def test_only_one_of_several_processes_gets_the_lock(path: Path, draft: int) -> None:
    ctx = multiprocessing.get_context("spawn")
    start, done, results = ctx.Event(), ctx.Event(), ctx.Queue()
    racers = [
        ctx.Process(target=store_support.race_for_lock, args=(str(path), draft, start, done, results)) for _ in range(4)
    ]
    for r in racers:
        r.start()
    start.set()
    got = [results.get(timeout=60) for _ in racers]
    done.set()
    for r in racers:
        r.join(60)
    assert sorted(got) == [False, False, False, True]
