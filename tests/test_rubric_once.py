"""Read a rubric once (issue 8 §4): validated rubrics are kept by SHA-256 in the process and as a
form in the store; opening a draft reuses them, and a form gives the very rubric its text does."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from checklist.rubric import cache, check_bytes, load
from checklist.rubric.shipped import shipped_paths
from checklist.scoring import score
from checklist.store import Store
from checklist.store.summary import draft_rows
from checklist.tui.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from bench_tui import store_with_big_draft
from gen import assessment_data, rubric_yaml

from checklist.assessment import Assessment


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names full validations (YAML parse, model, cross-checks) ran for, in a fresh cache."""
    cache.forget()
    calls: list[str] = []
    real: Callable[..., Any] = load._check

    def counted(raw: bytes, name: str) -> Any:
        calls.append(name)
        return real(raw, name)

    monkeypatch.setattr(load, "_check", counted)
    yield calls
    cache.forget()


def _draft(tmp_path: Path, items: int = 60) -> tuple[Path, int]:
    """A store holding one draft (id 1) on a generated rubric."""
    return store_with_big_draft(tmp_path, items), 1


def _open_twice(path: Path, draft: int) -> None:
    with Store.open(path) as store:
        for _ in range(2):
            session = Session.open(store, draft)
            store.release(draft)
            assert len(session.rubric.items()) == 60


def test_opening_a_draft_twice_validates_its_rubric_once(tmp_path: Path, checks: list[str]) -> None:
    path, draft = _draft(tmp_path)
    checks.clear()
    cache.forget()
    with sqlite3.connect(path) as conn:  # a store written before forms were kept
        conn.execute("DELETE FROM rubric_forms")
    _open_twice(path, draft)
    assert len(checks) == 1
    cache.forget()  # a new process: the form the first open kept serves
    _open_twice(path, draft)
    assert len(checks) == 1


def test_a_new_draft_opens_without_reading_its_yaml_again(tmp_path: Path, checks: list[str]) -> None:
    path, draft = _draft(tmp_path)
    assert len(checks) == 1  # load_rubric
    cache.forget()
    _open_twice(path, draft)
    with Store.open(path) as store:
        draft_rows(store)
    assert len(checks) == 1


def test_a_form_from_other_code_is_not_used(tmp_path: Path, checks: list[str]) -> None:
    path, draft = _draft(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE rubric_forms SET fingerprint = 'older checklist', form = '{\"id\": 1}'")
    cache.forget()
    checks.clear()
    _open_twice(path, draft)
    assert len(checks) == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT fingerprint FROM rubric_forms").fetchone()[0] == cache.fingerprint()


def test_the_same_bytes_are_checked_once(checks: list[str]) -> None:
    raw = rubric_yaml(60).encode("utf-8")
    first, _ = check_bytes(raw, "a.yaml")
    again, problems = check_bytes(raw, "b.yaml")
    assert again is first and not problems
    assert checks == ["a.yaml"]


def test_a_broken_rubric_is_checked_every_time(checks: list[str]) -> None:
    raw = rubric_yaml(5).replace("type: yesno", "type: yesn", 1).encode("utf-8")
    for _ in range(2):
        rubric, problems = check_bytes(raw, "bad.yaml")
        assert rubric is None and problems
    assert len(checks) == 2


@pytest.mark.parametrize("path", [*shipped_paths(), "generated"], ids=str)
def test_a_form_reads_as_the_rubric_its_text_does(path: Path | str) -> None:
    raw = rubric_yaml(200).encode("utf-8") if path == "generated" else Path(path).read_bytes()
    cache.forget()
    rubric, problems = check_bytes(raw, str(path))
    assert rubric is not None and not problems
    back = cache.from_form(cache.form(rubric))
    assert back is not None
    assert back == rubric
    assert back.model_dump() == rubric.model_dump()
    assessment = Assessment.model_validate(assessment_data(rubric))
    assert score(back, assessment).to_data() == score(rubric, assessment).to_data()
    cache.forget()
