"""Hypothesis fuzzing of the three readers of users' files: the assessment JSON reader, the
fill-in importer and ``read`` (real workbooks, then truncated, bytes flipped, members swapped,
renamed or dropped). Whatever the bytes, each says why in a UserError-like Chinese message or
reads the file: never another exception, never a traceback. The peak RSS of hostile cases in
a subprocess is checked in test_fault_cli.py (every ``cli()`` run, ≤ 200 MB)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from fault_support import EXAMPLE, PARTIAL, ROOT
from fault_workbooks import dropped, flipped, members, renamed, swapped, truncated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "tests"))

from fillin_support import fill

from checklist.assessment import AssessmentError, parse_assessment, read_assessment
from checklist.fillin import FillinError, read_fillin
from checklist.fillin.template import write_template
from checklist.report import RefusedReport, read_report, write_report
from checklist.rubric import load_rubric
from checklist.scoring import score

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
RAW = EXAMPLE.read_bytes()
LOADED = load_rubric(ROOT / "rubrics" / "village-star.yaml")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(cut=st.integers(0, len(RAW)), flips=st.lists(st.integers(0, len(RAW) - 1), max_size=6), seed=st.integers())
def test_assessment_reader_never_raises_anything_else(cut: int, flips: list[int], seed: int) -> None:
    raw = bytearray(RAW[:cut] if seed % 2 else RAW)
    rng = random.Random(seed)
    for at in flips:
        if at < len(raw):
            raw[at] ^= 1 << rng.randrange(8)
    try:
        a = parse_assessment(bytes(raw), "a.json")
    except AssessmentError as exc:
        assert str(exc).startswith("a.json：") and "Error" not in str(exc)
        return
    score(LOADED.rubric, a)  # what reads, scores


@FUZZ
@given(
    answers=st.dictionaries(
        st.sampled_from([i.id for i in LOADED.rubric.items()] + ["x"]),
        st.fixed_dictionaries({}, optional={"value": json_values, "na": json_values, "note": json_values, "evidence": json_values}),
        max_size=8,
    ),
    top=st.dictionaries(st.sampled_from(["village", "township", "year", "created", "profile"]), json_values, max_size=4),
)
def test_assessment_fields_of_any_json_type(answers: dict[str, object], top: dict[str, object]) -> None:
    data = {"rubric": {"id": "village-star"}, **top, "answers": answers}
    try:
        a = parse_assessment(json.dumps(data, allow_nan=True), "a.json")
    except AssessmentError as exc:
        assert "Error" not in str(exc) and "['" not in str(exc)
        return
    try:
        score(LOADED.rubric, a)
    except Exception as exc:  # only an unknown profile may stop scoring, and it says so
        assert "地区档位" in str(exc), repr(exc)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    a = read_assessment(EXAMPLE)
    report = write_report(LOADED.rubric, LOADED.sha256, a, score(LOADED.rubric, a), folder / "report.xlsx")
    template = write_template(LOADED.rubric, LOADED.sha256, folder / "template.xlsx")
    filled = fill(template, read_assessment(PARTIAL), LOADED.rubric, folder / "filled.xlsx")
    return {"report": report, "filled": filled}


def _mutated(src: Path, dst: Path, how: int, rng: random.Random) -> Path:
    names = list(members(src))
    a, b = rng.sample(names, 2)
    match how:
        case 0:
            return truncated(src, dst, rng.random())
        case 1:
            return flipped(src, dst, rng, rng.randint(1, 40))
        case 2:
            return swapped(src, dst, a, b)
        case 3:
            return renamed(src, dst, a, a + ".old")
        case _:
            return dropped(src, dst, a)


@FUZZ
@given(how=st.integers(0, 4), seed=st.integers())
def test_read_never_raises_anything_else(how: int, seed: int, workbooks: dict[str, Path], tmp_path: Path) -> None:
    bad = _mutated(workbooks["report"], tmp_path / f"m{how}.xlsx", how, random.Random(seed))
    try:
        read_report(bad, LOADED)
    except RefusedReport as exc:
        assert "Error" not in str(exc) and "Traceback" not in str(exc)


@FUZZ
@given(how=st.integers(0, 4), seed=st.integers())
def test_fillin_import_never_raises_anything_else(how: int, seed: int, workbooks: dict[str, Path], tmp_path: Path) -> None:
    bad = _mutated(workbooks["filled"], tmp_path / f"f{how}.xlsx", how, random.Random(seed))
    try:
        read_fillin(bad, LOADED)
    except FillinError as exc:
        assert exc.problems and "Traceback" not in str(exc)
