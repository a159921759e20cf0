"""Text that looks like a formula stays text; any Unicode survives the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from report_helpers import EXAMPLES, load_example

from checklist.assessment import Answer
from checklist.report import read_report, write_report
from checklist.report.sheets import detail, summary
from checklist.xlsx.safe import clean

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no examples/*.json yet")

NASTY = ["=1+1", "+SUM(A1)", "-2", "@x", '=HYPERLINK("http://x","y")', "\t=1+1", "\r=1", "=cmd|' /C calc'!A0"]


def _with(village: str, note: str, tmp: Path, name: str = "r.xlsx") -> tuple[Path, str]:
    loaded, assessment, result = load_example(EXAMPLES[0])
    first = result.items[0].id
    answers = dict(assessment.answers)
    old = answers.get(first) or Answer()
    answers[first] = old.model_copy(update={"note": note})
    changed = assessment.model_copy(update={"village": village, "township": village, "answers": answers})
    from checklist.scoring import score

    path = write_report(loaded.rubric, loaded.sha256, changed, score(loaded.rubric, changed), tmp / name, force=True)
    return path, first


@pytest.mark.parametrize("text", NASTY)
def test_formula_like_text_comes_back_as_text(text: str, tmp_path: Path) -> None:
    path, _ = _with(text, text, tmp_path)
    wb = load_workbook(path)
    ws = wb[summary.NAME]
    shown = clean(text)
    cells = [c for row in ws.iter_rows() for c in row if c.value == shown]
    assert cells, "village name not found as text"
    for c in cells:
        assert c.data_type == "s"
    note = wb[detail.NAME].cell(row=detail.FIRST_ROW, column=detail.NOTE_COL)
    assert note.value == shown and note.data_type == "s"
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    book = CalamineWorkbook.from_path(str(path))
    flat = [v for r in book.get_sheet_by_name(summary.NAME).to_python() for v in r]
    assert shown in flat
    back = read_report(path)
    assert back.assessment.village == text and back.clean


def test_no_formula_element_in_any_sheet(tmp_path: Path) -> None:
    import zipfile

    path, _ = _with("=1+1", '=HYPERLINK("http://x","y")', tmp_path)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(village=ANY_TEXT, note=ANY_TEXT, repeat=st.integers(1, 700))
def test_any_unicode_round_trips(village: str, note: str, repeat: int, tmp_path: Path) -> None:
    long_note = (note or "注") * repeat
    long_note = long_note[:40_000]
    path, first = _with(village, long_note, tmp_path)
    load_workbook(path)  # opens
    CalamineWorkbook.from_path(str(path)).get_sheet_by_name(detail.NAME).to_python()
    back = read_report(path)
    assert back.clean, back.mismatches
    assert back.assessment.village == village
    assert back.assessment.answers[first].note == long_note


def test_forty_thousand_characters_with_controls_and_emoji(tmp_path: Path) -> None:
    note = ("党建引领🚩\x00\x01\x0b\x1f\ufffe\ud800=+-@\t\r\n" * 3000)[:40_000]
    path, first = _with("桃源村\x07🏡", note, tmp_path)
    back = read_report(path)
    assert back.clean and back.assessment.answers[first].note == note
    shown = load_workbook(path)[detail.NAME].cell(row=detail.FIRST_ROW, column=detail.NOTE_COL).value
    assert len(shown) < 2200 and "全文共" in shown and "完整内容保存在工作簿的数据中" in shown
