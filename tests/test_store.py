"""The store: drafts, one committed transaction per answer, history, exact decimals."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_support import shipped, write_rubric

from checklist.assessment import Answer
from checklist.scoring import score
from checklist.store import SCHEMA_VERSION, Store, StoreError, StoreLocked, default_store_path
from checklist.store.codec import dump_answer, load_answer


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store" / "checklist.sqlite3", owner="测试")
    yield s
    s.close()


def new_draft(store: Store, village: str = "北湾村", **kw: object) -> int:
    args: dict[str, object] = dict(profile=None, village=village, township="新丰镇", year=2026, assessor="李秀英")
    args.update(kw)
    return store.create(shipped(), **args)  # type: ignore[arg-type]


def test_default_path_from_env_or_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHECKLIST_STORE", str(tmp_path / "x.sqlite3"))
    assert default_store_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("CHECKLIST_STORE")
    path = default_store_path()
    assert path.name == "checklist.sqlite3"
    assert "checklist" in path.parent.parts[-1]


def test_open_creates_folders_wal_full_sync_and_version(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "checklist.sqlite3"
    with Store.open(path) as s:
        conn = s._conn
        assert conn is not None
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    raw.close()
    Store.open(path).close()  # reopening a current store changes nothing


def test_create_keeps_rubric_text_and_lists_drafts(store: Store) -> None:
    loaded = shipped()
    first = new_draft(store, "北湾村")
    second = new_draft(store, "桃源村", profile="accelerated", year=2025, assessor="王建国")
    drafts = store.drafts()
    assert [d.id for d in drafts] == [second, first]  # newest updated first
    d = drafts[0]
    assert (d.village, d.township, d.year, d.assessor, d.profile) == ("桃源村", "新丰镇", 2025, "王建国", "accelerated")
    assert (d.rubric_id, d.rubric_version, d.rubric_sha256) == ("village-star", "2026.1", loaded.sha256)
    assert Path(d.rubric_path).is_absolute() and Path(d.rubric_path).name == "village-star.yaml"
    assert d.answered == 0 and d.items == len(loaded.rubric.items())
    assert d.created.tzinfo is not None and d.updated.tzinfo is not None
    assert abs(datetime.now().astimezone() - d.updated) < timedelta(minutes=1)
    assert store.rubric_text(first) == Path(loaded.path).read_text(encoding="utf-8-sig")

    assert store.acquire(first)
    store.set_answer(first, "strongest_branch", Answer(value="started"))
    store.set_answer(first, "new_field_org", Answer(na=True, note="本村没有农业企业"))
    store.set_answer(first, "grid_branch", Answer(note="只写了备注"))  # not answered yet
    store.set_answer(first, "no_such_item", Answer(value=True))  # not in the rubric: not counted
    top = store.drafts()[0]
    assert top.id == first and top.answered == 2


def test_assessment_is_the_design_md_shape(store: Store) -> None:
    aid = new_draft(store)
    store.acquire(aid)
    store.set_answer(aid, "strongest_branch", Answer(value="started", evidence=["创建方案"]))
    a = store.assessment(aid)
    assert a.rubric.id == "village-star" and a.rubric.version == "2026.1" and a.rubric.sha256
    assert (a.village, a.township, a.year, a.assessor, a.profile) == ("北湾村", "新丰镇", 2026, "李秀英", None)
    assert a.answers == {"strongest_branch": Answer(value="started", evidence=["创建方案"])}
    assert score(shipped().rubric, a).answered == 1


def test_each_answer_is_committed_before_set_answer_returns(store: Store) -> None:
    aid = new_draft(store)
    assert store.acquire(aid)
    other = sqlite3.connect(store.path)  # another reader, as after a crash
    items = [i.id for i in shipped().rubric.items()][:8]
    for n, item in enumerate(items, 1):
        store.set_answer(aid, item, Answer(value=True, note=f"第{n}项"))
        rows = other.execute("SELECT item_id, answer FROM answers WHERE assessment_id = ?", (aid,)).fetchall()
        assert len(rows) == n
        assert load_answer(dict(rows)[item]) == Answer(value=True, note=f"第{n}项")
        assert other.execute("SELECT count(*) FROM history").fetchone()[0] == n
    assert not store._conn.in_transaction  # type: ignore[union-attr]
    other.close()


def test_history_records_old_and_new(store: Store) -> None:
    aid = new_draft(store)
    store.acquire(aid)
    store.set_answer(aid, "venue_area", Answer(value=Decimal("150")))
    store.set_answer(aid, "venue_area", Answer(value=Decimal("150")))  # the same again: no change
    store.set_answer(aid, "venue_area", Answer(value=Decimal("210.5"), note="新建了活动室"))
    store.set_answer(aid, "strongest_branch", Answer(value="started"))
    changes = store.history(aid, "venue_area")
    assert [(c.old, c.new) for c in changes] == [
        (None, Answer(value=Decimal("150"))),
        (Answer(value=Decimal("150")), Answer(value=Decimal("210.5"), note="新建了活动室")),
    ]
    assert changes[0].at <= changes[1].at and changes[0].at.tzinfo is not None
    assert [c.item_id for c in store.history(aid)] == ["venue_area", "venue_area", "strongest_branch"]


def test_set_answer_without_the_lock_is_refused_and_saves_nothing(store: Store) -> None:
    aid = new_draft(store)
    with pytest.raises(StoreLocked) as info:
        store.set_answer(aid, "strongest_branch", Answer(value="started"))
    assert "没有保存" in str(info.value)
    assert store.assessment(aid).answers == {}
    store.acquire(aid)
    store.release(aid)
    with pytest.raises(StoreLocked):
        store.set_answer(aid, "strongest_branch", Answer(value="started"))


def test_unknown_assessment_and_closed_store(store: Store) -> None:
    for call in (
        lambda: store.assessment(99),
        lambda: store.rubric_text(99),
        lambda: store.acquire(99),
        lambda: store.history(99),
        lambda: store.set_answer(99, "x", Answer(value=True)),
        lambda: store.delete(99),
    ):
        with pytest.raises(StoreError, match="没有编号为 99 的自评"):
            call()
    store.close()
    with pytest.raises(StoreError, match="已关闭"):
        store.drafts()
    store.close()  # twice is fine


def test_draft_opens_after_the_rubric_file_moved(store: Store, tmp_path: Path) -> None:
    src = shipped()
    copy = tmp_path / "mine.yaml"
    shutil.copy(src.path, copy)
    from checklist.rubric import load_rubric

    aid = store.create(load_rubric(copy), profile=None, village="村", township="镇", year=2026, assessor="甲")
    copy.unlink()
    assert store.rubric_text(aid) == Path(src.path).read_text(encoding="utf-8-sig")


def test_create_refuses_a_rubric_changed_since_it_was_loaded_or_a_bad_profile(store: Store, tmp_path: Path) -> None:
    loaded = write_rubric(tmp_path, "1", ["a", "b"])
    Path(loaded.path).write_text(Path(loaded.path).read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
    with pytest.raises(StoreError, match="被改动"):
        store.create(loaded, profile=None, village="村", township="镇", year=2026, assessor="甲")
    with pytest.raises(StoreError, match="地区档位"):
        new_draft(store, profile="nowhere")
    assert store.drafts() == []


def test_delete_removes_a_draft_with_its_answers(store: Store) -> None:
    keep, gone = new_draft(store, "甲村"), new_draft(store, "乙村")
    for aid in (keep, gone):
        store.acquire(aid)
        store.set_answer(aid, "strongest_branch", Answer(value="started"))
    store.delete(gone)
    assert [d.id for d in store.drafts()] == [keep]
    raw = sqlite3.connect(store.path)
    for table in ("answers", "history", "rubric_items", "locks"):
        assert raw.execute(f"SELECT count(*) FROM {table} WHERE assessment_id = ?", (gone,)).fetchone()[0] == 0
    assert raw.execute("SELECT count(*) FROM rubric_texts").fetchone()[0] == 1  # one copy, still used by keep
    raw.close()
    store.delete(keep)
    assert store.drafts() == []
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT count(*) FROM rubric_texts").fetchone()[0] == 0
    raw.close()


# --- answers as JSON: nothing lost --------------------------------------------------------------

numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d) < Decimal("1e15"))
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    numbers,
    st.text(max_size=20),
    st.lists(st.text(alphabet="abc_12", min_size=1, max_size=8), max_size=5),
    st.fixed_dictionaries({"part": numbers, "whole": numbers}),
)


@settings(max_examples=300, deadline=None)
@given(value=values, na=st.booleans(), note=st.text(max_size=40), evidence=st.lists(st.text(max_size=10), max_size=3))
def test_answers_read_back_equal(value: object, na: bool, note: str, evidence: list[str]) -> None:
    answer = Answer(value=value, na=na, note=note, evidence=evidence)
    back = load_answer(dump_answer(answer))
    assert back == answer
    if isinstance(value, Decimal) and value != value.to_integral_value():
        assert isinstance(back.value, Decimal) and str(back.value) == str(value)  # every digit, e.g. 12.50


def test_decimal_text_is_kept_exactly() -> None:
    text = dump_answer(Answer(value={"part": Decimal("3.10"), "whole": Decimal("12.5")}, note="“引号”\n换行"))
    assert '"part": 3.10' in text and "“引号”" in text
    back = load_answer(text)
    assert str(back.value["part"]) == "3.10"


def test_store_is_portable_core() -> None:
    """No Textual, no POSIX-only modules (the store must run on Windows laptops)."""
    import ast
    import subprocess
    import sys

    package = Path(__file__).resolve().parent.parent / "checklist" / "store"
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"fcntl", "posix", "termios", "textual", "rich"}, (source, name)
    code = "import sys, checklist.store; print(' '.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "openpyxl")}
