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
    r = CliRunner().invoke(main, ["template", "village-star", "-o", str(out), "--force"])
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


def test_sign_off_block_after_the_last_item_and_on_paper(tmp_path: Path) -> None:
    from checklist.xlsx.signoff import BLANK_DATE, TOWNSHIP, TOWNSHIP_OPINION, VILLAGE

    ws = load_workbook(_template(tmp_path))[FORM]
    last_item = max(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=COL_ID).value)
    below = [str(c.value) for row in ws.iter_rows(min_row=last_item + 1) for c in row if c.value]
    for label in (*VILLAGE, TOWNSHIP_OPINION, *TOWNSHIP, BLANK_DATE):
        assert label in below, label
    printed_to = int(str(ws.print_area).rsplit("$", 1)[-1])
    signed = max(r for r in range(last_item + 1, ws.max_row + 1) if any(c.value for c in ws[r]))
    assert printed_to >= signed, "the sign-off is outside the print area"


def _filled(tmp_path: Path, ticks: dict[str, object]) -> Path:
    from checklist.fillin.layout import COL_ANSWER

    wb = load_workbook(_template(tmp_path))
    ws = wb[FORM]
    ws["D4"] = "桃源村"
    rows = {str(ws.cell(row=r, column=COL_ID).value): r for r in range(1, ws.max_row + 1)}
    for tag, value in ticks.items():
        ws.cell(row=rows[tag], column=COL_ANSWER, value=value)
    out = tmp_path / "filled.xlsx"
    wb.save(out)
    return out


def test_each_piece_of_evidence_has_a_tick_that_comes_back_through_import(tmp_path: Path) -> None:
    from checklist.rubric import load_rubric
    from checklist.rubric.shipped import find_shipped

    rubric = load_rubric(find_shipped("village-star")).rubric  # type: ignore[arg-type]
    item = next(i for i in rubric.items() if len(i.evidence) >= 2)
    ws = load_workbook(_template(tmp_path))[FORM]
    tags = [str(ws.cell(row=r, column=COL_ID).value) for r in range(1, ws.max_row + 1)]
    assert [t for t in tags if t.startswith(f"{item.id}/ev:")] == [f"{item.id}/ev:{n}" for n in range(1, len(item.evidence) + 1)]
    ticks = [dv for dv in ws.data_validations.dataValidation if dv.prompt and "✓" in dv.prompt]
    assert ticks and ticks[0].type == "list"
    path = _filled(tmp_path, {f"{item.id}/ev:1": "✓", f"{item.id}/ev:2": "√"})
    out = tmp_path / "imported.json"
    run = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert run.exit_code == 0, run.output
    import json

    got = json.loads(out.read_text(encoding="utf-8"))["answers"][item.id]
    assert got["evidence"] == item.evidence[:2]


def test_a_wrong_tick_is_named_by_row_and_column(tmp_path: Path) -> None:
    from checklist.fillin import FillinError
    from checklist.fillin.importer import read_fillin

    ws = load_workbook(_template(tmp_path))[FORM]
    tag = next(t for r in range(1, ws.max_row + 1) if "/ev:" in (t := str(ws.cell(row=r, column=COL_ID).value)))
    path = _filled(tmp_path, {tag: "有一半"})
    try:
        read_fillin(path)
    except FillinError as exc:
        assert any("佐证材料" in p and "有一半" in p and "F列" in p for p in exc.problems), exc.problems
    else:
        raise AssertionError("a tick that is neither ✓ nor blank was accepted")


def test_items_not_relevant_are_greyed_by_their_gates_answer(tmp_path: Path) -> None:
    ws = load_workbook(_template(tmp_path))[FORM]
    rows = {str(ws.cell(row=r, column=COL_ID).value): r for r in range(1, ws.max_row + 1)}
    gate = f"$F${rows['new_field_exists/value']}"  # 新领域党组织组建 only where a 新领域 exists
    first = min(r for tag, r in rows.items() if tag.startswith("new_field_org/"))
    last = max(r for tag, r in rows.items() if tag.startswith("new_field_org/"))
    rules = [(str(rng.sqref), r) for rng in ws.conditional_formatting for r in rng.rules]
    gated = [(where, r) for where, r in rules if gate in r.formula[0]]
    assert gated, rules
    where, rule = gated[0]
    # grey once the gate is answered and says no (an unanswered gate leaves the item open)
    assert rule.formula[0] == f'AND({gate}<>"",NOT({gate}="是"))'
    assert rule.dxf.fill is not None
    assert where == f"A{first}:I{last}"
