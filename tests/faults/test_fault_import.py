"""Import of a filled-in form reports every problem at once: a multi-check item with a blank
row and an invalid row names both; a share with one half missing and the other not a number
names both; an over-long note is refused with a message, never cut silently."""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/fillin_support.py

from fault_support import ROOT, clean_failure, cli
from fillin_support import ANSWER_COL, ID_COL, NOTE_COL

from checklist.fillin.template import write_template
from checklist.rubric import load_rubric

LOADED = load_rubric(ROOT / "rubrics" / "village-star.yaml")


def _rows(path: Path) -> dict[str, dict[str, int]]:
    ws = load_workbook(path)["自评填报"]
    rows: dict[str, dict[str, int]] = {}
    for row in range(9, ws.max_row + 1):
        tag = ws.cell(row=row, column=ID_COL).value
        if isinstance(tag, str) and "/" in tag:
            item, key = tag.split("/", 1)
            rows.setdefault(item, {})[key] = row
    return rows


def test_every_problem_of_an_item_at_once(tmp_path: Path) -> None:
    template = write_template(LOADED.rubric, LOADED.sha256, tmp_path / "t.xlsx")
    rows = _rows(template)
    ticks = next(i for i in LOADED.rubric.items() if i.rule.type in ("multiple", "required_list") and len(rows[i.id]) >= 3)
    share = next(i for i in LOADED.rubric.items() if i.rule.type == "share")
    noted = next(i for i in LOADED.rubric.items() if i.rule.type == "yesno")
    wb = load_workbook(template)
    ws = wb["自评填报"]
    for k, v in {"township": "D3", "village": "D4", "year": "D5", "assessor": "D6"}.items():
        ws[v] = {"township": "新丰镇", "village": "桃源村", "year": 2026, "assessor": "王书记"}[k]
    opts = sorted((r for k, r in rows[ticks.id].items() if k.startswith("opt:")))
    ws.cell(row=opts[0], column=ANSWER_COL, value="也许")  # invalid, and opts[1] left blank
    ws.cell(row=rows[share.id]["part"], column=ANSWER_COL, value="三个")  # not a number, whole blank
    ws.cell(row=rows[noted.id]["value"], column=ANSWER_COL, value="是")
    ws.cell(row=min(rows[noted.id].values()), column=NOTE_COL, value="好" * 4001)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    err = clean_failure(cli("import", filled, "-o", tmp_path / "a.json"))
    lines = err.splitlines()
    assert any(f"第{opts[0]}行" in line or f":{opts[0]}:" in line or str(opts[0]) in line for line in lines if "“也许”无效" in line), err
    assert any("此项未选" in line and str(opts[1]) in line for line in lines), err
    assert any("“三个”不是数字" in line for line in lines), err
    assert any("请同时填写" in line for line in lines), err
    assert any("备注有 4001 个字，超过 4000 字的上限，请删减" in line for line in lines), err
    assert not (tmp_path / "a.json").exists()
