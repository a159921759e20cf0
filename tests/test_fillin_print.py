"""The blank fill-in form as printed and handed out: the technical 编号 column stays off paper,
and nothing in it tells a villager how to lift the sheet protection."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from checklist.cli import main
from checklist.fillin.layout import COL_ID, FORM, GUIDE


def _template(tmp_path: Path) -> Path:
    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(main, ["template", "village-star", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_the_id_column_does_not_print_and_headers_name_the_sheet(tmp_path: Path) -> None:
    wb = load_workbook(_template(tmp_path))
    form = wb[FORM]
    area = str(form.print_area)
    last_col = area.split(":")[1].lstrip("$").rstrip("0123456789$")
    assert ord(last_col) - ord("A") + 1 < COL_ID, area
    for ws in (wb[FORM], wb[GUIDE]):
        assert ws.oddHeader.center.text == ws.title


def test_no_word_on_lifting_the_protection(tmp_path: Path) -> None:
    wb = load_workbook(_template(tmp_path))
    text = "".join(str(c.value) for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows() for c in row if c.value)
    for words in ("撤销保护", "取消保护", "撤销工作表保护", "未设密码"):
        assert words not in text


def test_import_keeps_a_note_on_an_unanswered_item_and_the_created_time(tmp_path: Path) -> None:
    from checklist.fillin.importer import read_fillin
    from checklist.fillin.layout import COL_NOTE, FIRST_ROW

    path = _template(tmp_path)
    wb = load_workbook(path)
    created = wb.properties.created
    ws = wb[FORM]
    for key, ref in {"township": "D3", "village": "D4", "year": "D5", "assessor": "D6"}.items():
        ws[ref] = 2026 if key == "year" else "新丰镇"
    tag = str(ws.cell(row=FIRST_ROW, column=COL_ID).value)
    ws.cell(row=FIRST_ROW, column=COL_NOTE, value="材料还在整理，下周补上")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    got = read_fillin(filled).assessment
    item = tag.split("/")[0]
    assert got.answers[item].note == "材料还在整理，下周补上"
    assert got.answers[item].value is None and not got.answers[item].given
    assert got.created is not None and created is not None
    assert got.created.replace(tzinfo=None) == created.replace(microsecond=0, tzinfo=None)


def test_dropdowns_go_through_defined_names_and_say_what_to_do(tmp_path: Path) -> None:
    wb = load_workbook(_template(tmp_path))
    form = wb[FORM]
    lists = [dv for dv in form.data_validations.dataValidation if dv.type == "list"]
    assert lists
    for dv in lists:
        formula = str(dv.formula1)
        assert "!" not in formula, formula  # no direct reference into another sheet
        assert formula in wb.defined_names, formula
        assert dv.showInputMessage and dv.prompt
