"""Store files that are not usable are reported and never touched; starting fresh; migrating an
older schema."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from store_support import shipped

from checklist.assessment import Answer
from checklist.store import SCHEMA_VERSION, Store, StoreError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def filled_store(path: Path, drafts: int = 3, answers: int = 30) -> None:
    items = [i.id for i in shipped().rubric.items()]
    with Store.open(path) as s:
        for n in range(drafts):
            aid = s.create(shipped(), profile=None, village=f"{n}村", township="镇", year=2026, assessor="甲")
            s.acquire(aid)
            for item in items[:answers]:
                s.set_answer(aid, item, Answer(value=True, note="备注" * 20))


def assert_refused_untouched(path: Path, *, fresh: bool = True) -> StoreError:
    before = digest(path), path.stat().st_size
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert (digest(path), path.stat().st_size) == before
    message = str(info.value)
    assert str(path) in message
    assert info.value.path == path
    assert info.value.can_start_fresh is fresh
    if fresh:
        assert "没有被改动" in message and "重新开始" in message and "--store" in message
    return info.value


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    error = assert_refused_untouched(path)
    assert "不是 SQLite" in str(error)


def test_random_bytes_behind_a_valid_header_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    filled_store(path, drafts=1, answers=2)
    raw = bytearray(path.read_bytes())
    raw[100:] = random.Random(3).randbytes(len(raw) - 100)
    path.write_bytes(bytes(raw))
    assert_refused_untouched(path)


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_store_is_refused_untouched(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "checklist.sqlite3"
    filled_store(path)
    raw = path.read_bytes()
    assert len(raw) > 4096 * 8
    path.write_bytes(raw[: int(len(raw) * keep) // 4096 * 4096 + 1000])
    assert_refused_untouched(path)


def test_tiny_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    path.write_bytes(b"SQLite format 3\x00abc")
    assert_refused_untouched(path)


def test_store_of_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    filled_store(path, drafts=1, answers=1)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    error = assert_refused_untouched(path, fresh=False)
    assert "较新版本" in str(error)


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    error = assert_refused_untouched(path, fresh=False)
    assert "不是 checklist 的存储文件" in str(error)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="permissions: POSIX, not root")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    filled_store(path, drafts=1, answers=1)
    path.chmod(0)
    try:
        with pytest.raises(StoreError, match="无法读取"):
            Store.open(path)
    finally:
        path.chmod(0o600)


def test_a_folder_or_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="文件夹"):
        Store.open(tmp_path)
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    with Store.open(empty) as s:  # an empty file holds nothing: it becomes a store
        assert s.drafts() == []


def test_start_fresh_moves_the_bad_file_aside_and_creates_a_store(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    junk = random.Random(1).randbytes(10_000)
    path.write_bytes(junk)
    (tmp_path / "checklist.sqlite3-wal").write_bytes(b"old wal")
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.can_start_fresh
    with Store.start_fresh(path) as s:
        assert s.drafts() == []
        aid = s.create(shipped(), profile=None, village="村", township="镇", year=2026, assessor="甲")
        assert s.acquire(aid)
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    names = sorted(p.name for p in aside)
    assert len(names) == 2 and names[0].startswith("checklist.sqlite3.broken-") and names[1].endswith("-wal")
    main = next(p for p in aside if not p.name.endswith("-wal"))
    assert main.read_bytes() == junk
    assert len(main.name) == len("checklist.sqlite3.broken-20260101-120000")
    with Store.open(path) as s:
        assert len(s.drafts()) == 1


def test_start_fresh_on_a_missing_file_just_creates_one(tmp_path: Path) -> None:
    with Store.start_fresh(tmp_path / "new.sqlite3") as s:
        assert s.drafts() == []


def test_start_fresh_never_moves_good_data_aside(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    filled_store(path, drafts=2, answers=1)
    with Store.start_fresh(path) as s:  # it opens: nothing to start afresh from
        assert len(s.drafts()) == 2
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="较新版本"):
        Store.start_fresh(path)
    assert digest(path) == before
    assert not [p for p in tmp_path.iterdir() if ".broken-" in p.name]


# --- migration ---------------------------------------------------------------------------------------

V0_LAYOUT = """
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY, rubric_id TEXT, rubric_version TEXT, profile TEXT, village TEXT,
    township TEXT, year INTEGER, assessor TEXT, created TEXT, updated TEXT
);
CREATE TABLE answers (
    assessment_id INTEGER, item_id TEXT, value TEXT, na INTEGER, note TEXT,
    PRIMARY KEY (assessment_id, item_id)
);
"""


def make_v0(path: Path) -> None:
    """The prototype layout, by hand, as an older checklist left it (user_version 0)."""
    conn = sqlite3.connect(path)
    conn.executescript(V0_LAYOUT)
    conn.executemany(
        "INSERT INTO assessments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                1,
                "village-star",
                "2026.1",
                None,
                "北湾村",
                "新丰镇",
                2026,
                "李秀英",
                "2026-11-20T20:10:00+08:00",
                "2026-11-22T21:05:00+08:00",
            ),
            (2, "no-such-rubric", "1", None, "桃源村", "新丰镇", 2025, "王建国", "2025-10-01 09:00:00", None),
        ],
    )
    conn.executemany(
        "INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
        [
            (1, "strongest_branch", '"started"', 0, "创建方案已报镇党委。"),
            (1, "venue_area", "210.50", 0, None),
            (1, "new_field_org", None, 1, "本村没有农业企业和合作社。"),
            (1, "gone_item", "true", 0, "旧细则里的指标"),
            (2, "x", "[1, 2]", 0, ""),
        ],
    )
    conn.commit()
    conn.close()


def test_version_0_store_is_migrated_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "checklist.sqlite3"
    make_v0(path)
    original = path.read_bytes()
    with Store.open(path) as s:
        a = s.assessment(1)
        assert (a.village, a.township, a.year, a.assessor) == ("北湾村", "新丰镇", 2026, "李秀英")
        assert a.created is not None and a.created.isoformat() == "2026-11-20T20:10:00+08:00"
        assert a.answers["strongest_branch"] == Answer(value="started", note="创建方案已报镇党委。")
        assert a.answers["venue_area"].value == Decimal("210.50")
        assert a.answers["new_field_org"] == Answer(na=True, note="本村没有农业企业和合作社。")
        assert a.answers["gone_item"].value is True  # kept though the rubric has no such item
        # drafts from before kept no rubric text: the shipped rubric of that id is bound
        loaded = shipped()
        assert a.rubric.sha256 == loaded.sha256
        assert s.rubric_text(1) == Path(loaded.path).read_text(encoding="utf-8-sig")
        assert s.orphans(1, loaded.rubric) == ["gone_item"]
        drafts = {d.id: d for d in s.drafts()}
        assert drafts[1].answered == 3 and drafts[1].items == len(loaded.rubric.items())
        # an unknown rubric: the draft and its answers survive, without rubric text
        assert s.rubric_text(2) == ""
        assert s.assessment(2).answers["x"].value == [1, 2]
        assert drafts[2].updated == drafts[2].created and drafts[2].created.tzinfo is not None
        # and the migrated store works like any other
        assert s.acquire(1)
        s.set_answer(1, "venue_area", Answer(value=Decimal("220")))
        assert len(s.history(1)) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    backups = list(tmp_path.glob("checklist.sqlite3.v0-backup-*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT count(*) FROM answers").fetchone()[0] == 5
    assert old.execute("PRAGMA user_version").fetchone()[0] == 0
    old.close()
    assert original  # the backup holds the same data the v0 file held


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checklist.store import schema

    path = tmp_path / "checklist.sqlite3"
    make_v0(path)

    def explode(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE answers RENAME TO half_done")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(schema.MIGRATIONS, 0, explode)
    with pytest.raises(StoreError):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert schema.looks_like_v0(conn)
    conn.close()
    monkeypatch.undo()
    with Store.open(path) as s:  # and the real migration still works afterwards
        assert len(s.drafts()) == 2
