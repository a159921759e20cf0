"""The exported workbook: every example, read with openpyxl and with python-calamine, shows
exactly what ``checklist score --json`` says; text never becomes a formula; writes are atomic."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from report_helpers import EXAMPLES, export, load_example, rubric_for, score_json

from checklist.cli import main
from checklist.report import ReportExists, read_report, write_report
from checklist.report.sheets import detail, summary
from checklist.xlsx.datasheet import SHEET

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no examples/*.json yet")

SHEETS = ["汇总", "评分明细", "扣分清单", "数据"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    folder = tmp_path_factory.mktemp("reports")
    return {example: export(example, folder) for example in EXAMPLES}


def _num(value: Any) -> Decimal:
    return Decimal(str(value))


def _detail_rows(rows: list[list[Any]]) -> dict[int, list[Any]]:
    """序号 → row, from a sheet read as a list of rows (header on row 2)."""
    out = {}
    for row in rows[detail.FIRST_ROW - 1 :]:
        if row and isinstance(row[0], (int, float)) and not isinstance(row[0], bool):
            out[int(row[0])] = row
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_openpyxl_sees_the_scores_of_score_json(example: Path, exported: dict[Path, Path]) -> None:
    want = score_json(example)
    loaded, assessment, result = load_example(example)
    wb = load_workbook(exported[example])
    assert wb.sheetnames == SHEETS
    assert wb[SHEET].sheet_state == "veryHidden"
    assert all(wb[name].sheet_state == "visible" for name in SHEETS[:3])
    ws = wb[detail.NAME]
    rows = _detail_rows([list(r) for r in ws.iter_rows(values_only=True)])
    assert len(rows) == len(want["items"])
    assert [c.value for c in ws[2]] == detail.HEADERS
    index = loaded.rubric.item_index()
    refs = json.loads(_payload_text(wb))["layout"]["detail"]
    for item in want["items"]:
        res = result.item(item["id"])
        if item["id"] not in refs:  # not counted: no number to compare with the data
            assert res.status in ("na", "not_relevant"), item["id"]
            continue
        row = [c.value for c in ws[int(refs[item["id"]][1:])]]
        if res.status in ("na", "not_relevant"):
            assert row[detail.POINTS_COL - 1] in ("不适用", "无需填写"), item["id"]
        else:
            assert _num(row[detail.POINTS_COL - 1]) == _num(item["points"]), item["id"]
            assert _num(row[detail.MAX_COL - 1]) == _num(item["max"]), item["id"]
        assert row[2].startswith(index[item["id"]][1].title)
        said = res.words
        assert row[4].split(" ", 1)[1].startswith(said), item["id"]
        assert row[4][0] in "✓◐✗—○", item["id"]
        if res.status in ("partial", "zero"):
            assert item["why"] in row[4]
        assert row[detail.REVIEW_COL - 1] is None and row[8] is None  # left for the township
    # totals and level on 汇总
    text = "\n".join(str(v) for r in wb[summary.NAME].iter_rows(values_only=True) for v in r if v is not None)
    assert want["level_label"] in text
    assert assessment.village in text and assessment.township in text
    refs = json.loads(_payload_text(wb))["layout"]["summary"]
    assert _num(wb[summary.NAME][refs["total"]].value) == _num(want["total"])
    assert _num(wb[summary.NAME][refs["max"]].value) == _num(want["max"])
    assert want["level_label"] in wb[summary.NAME][refs["level"]].value


def _payload_text(wb: Any) -> str:
    ws = wb[SHEET]
    count = int(ws["B4"].value)
    return "".join(ws.cell(row=5 + n, column=2).value for n in range(count))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_calamine_sees_the_scores_and_answers(example: Path, exported: dict[Path, Path]) -> None:
    want = score_json(example)
    book = CalamineWorkbook.from_path(str(exported[example]))
    assert book.sheet_names == SHEETS
    sheet = book.get_sheet_by_name(detail.NAME).to_python()
    assert len(_detail_rows(sheet)) == len(want["items"])
    shown = sorted(_num(r[detail.POINTS_COL - 1]) for r in _detail_rows(sheet).values() if not isinstance(r[6], str))
    counted = [i for i in want["items"] if i["status"] not in ("na", "not_relevant")]
    assert shown == sorted(_num(i["points"]) for i in counted)
    total_row = next(r for r in sheet if r[0] == "合计")
    assert _num(total_row[detail.POINTS_COL - 1]) == _num(want["total"])
    data = book.get_sheet_by_name(SHEET).to_python()
    count = int(data[3][1])
    payload = json.loads("".join(data[4 + n][1] for n in range(count)))
    original = json.loads(example.read_text(encoding="utf-8"))
    assert payload["assessment"]["answers"] == original["answers"]  # every answer, as given
    assert payload["result"]["total"] == want["total"]
    assert payload["result"]["level"] == want["level"]
    assert payload["result"]["items"] == {i["id"]: i["points"] for i in want["items"]}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_read_back_equals_score_json(example: Path, exported: dict[Path, Path]) -> None:
    want = score_json(example)
    back = read_report(exported[example])
    assert back.clean, back.mismatches
    got = back.result.to_data()
    for key in ("total", "max", "bonus", "level", "level_label", "vetoed", "items", "sections"):
        assert got[key] == want[key], key
    run = CliRunner().invoke(main, ["read", str(exported[example]), "--json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["result"]["total"] == want["total"]


def test_gaps_sheet_lists_losses_largest_first(exported: dict[Path, Path]) -> None:
    example = EXAMPLES[0]
    _, _, result = load_example(example)
    rows = CalamineWorkbook.from_path(str(exported[example])).get_sheet_by_name("扣分清单").to_python()
    losses = [Decimal(str(r[2])) for r in rows[2:] if isinstance(r[0], float)]
    assert losses == [g.lost for g in result.gaps()]
    assert losses == sorted(losses, reverse=True)


def test_print_setup(exported: dict[Path, Path]) -> None:
    wb = load_workbook(next(iter(exported.values())))
    for name in SHEETS[:3]:
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == "9"  # A4
        if name == detail.NAME:  # laid out for A4 landscape at 100%, breaks between items
            assert not ws.sheet_properties.pageSetUpPr.fitToPage
            assert int(ws.page_setup.scale) == 100
        else:
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert str(ws.page_setup.fitToWidth) == "1"
        assert ws.oddFooter.center.text == "第 &P 页"
    assert wb[detail.NAME].page_setup.orientation == "landscape"
    assert wb[summary.NAME].page_setup.orientation == "portrait"
    ws = wb[detail.NAME]
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref.startswith("A2:K")
    assert ws.print_title_rows == "$1:$2"
    assert ws["A1"].font.name == "黑体" and ws["D3"].font.name in ("宋体", "仿宋")
    for example, path in exported.items():  # a radar only with three sections or more
        sections = [s for s in load_example(example)[2].sections if s.max > 0]
        charts = load_workbook(path)[summary.NAME]._charts
        assert len(charts) == (2 if len(sections) >= 3 else 1), example.stem
    # colours differ between full, partial and zero rows
    partial = load_workbook(next(v for k, v in exported.items() if "partial" in k.stem))[detail.NAME]
    fills = {partial.cell(row=r, column=1).fill.fgColor.rgb for r in range(3, partial.max_row)}
    assert len(fills) >= 3


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    example = EXAMPLES[0]
    loaded, assessment, result = load_example(example)
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(ReportExists):
        write_report(loaded.rubric, loaded.sha256, assessment, result, target)
    assert target.read_bytes() == b"keep me"
    run = CliRunner().invoke(main, ["export", str(rubric_for(example)), str(example), "-o", str(target)])
    assert run.exit_code == 1 and "--force" in run.output
    assert target.read_bytes() == b"keep me"
    write_report(loaded.rubric, loaded.sha256, assessment, result, target, force=True)
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left behind
    assert os.stat(target).st_mode & 0o644 == 0o644


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded, assessment, result = load_example(EXAMPLES[0])

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("disk full")

    import openpyxl.workbook.workbook

    monkeypatch.setattr(openpyxl.workbook.workbook.Workbook, "save", boom)
    with pytest.raises(RuntimeError):
        write_report(loaded.rubric, loaded.sha256, assessment, result, tmp_path / "r.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_default_output_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = EXAMPLES[0]
    _, assessment, _ = load_example(example)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["export", str(rubric_for(example)), str(example)])
    assert run.exit_code == 0, run.output
    written = tmp_path / "reports" / f"{assessment.year}-{assessment.township}-{assessment.village}-自评.xlsx"
    assert written.exists()
