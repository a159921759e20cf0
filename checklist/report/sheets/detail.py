"""评分明细: one row per item, frozen header, autofilter, a colour for full / partial / zero / veto."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.numbers import fmt
from checklist.report.words import answer_text, evidence_text
from checklist.rubric.model import Rubric
from checklist.rubric.params import Params
from checklist.scoring.result import Result
from checklist.xlsx.cells import Writer, print_setup
from checklist.xlsx.styles import Palette

NAME = "评分明细"
HEADERS = ["序号", "维度", "指标", "评分标准", "自评情况", "得分", "满分", "佐证材料", "备注", "说明"]
WIDTHS = [5.0, 10.0, 16.0, 34.0, 20.0, 6.5, 6.5, 24.0, 22.0, 30.0]
POINTS_COL = 6
FIRST_ROW = 3


def row_kind(status: str, vetoed: bool) -> str:
    return "veto" if vetoed else status


def write_detail(
    ws: Worksheet, palette: Palette, rubric: Rubric, assessment: Assessment, result: Result, title: str
) -> dict[str, str]:
    """Writes the sheet; returns the cell of each item's points (for the read-back check)."""
    w = Writer(ws, palette, WIDTHS)
    p = Params(rubric, result.profile)
    w.put(1, 1, f"{title}　评分明细", "title", span=len(HEADERS))
    for col, head in enumerate(HEADERS, start=1):
        w.put(2, col, head, "head")
    vetoed = set(result.vetoed)
    sections = {s.id: s.title for s in rubric.sections}
    index = rubric.item_index()
    refs: dict[str, str] = {}
    row = FIRST_ROW - 1
    for n, res in enumerate(result.items, start=1):
        row += 1
        item = index[res.id][1]
        answer = assessment.answers.get(res.id)
        kind = row_kind(res.status, res.id in vetoed)
        marks = ("［加分项］" if item.bonus else "") + (f"［{item.veto.kind}］" if item.veto is not None else "")
        guide = p.render(item.guide or item.text)
        w.put(row, 1, n, f"center:{kind}")
        w.put(row, 2, sections[res.section], f"text:{kind}")
        w.put(row, 3, item.title + marks, f"text:{kind}")
        w.put(row, 4, guide, f"text:{kind}")
        w.put(row, 5, answer_text(item, answer, res.status, p), f"text:{kind}")
        w.put(row, POINTS_COL, res.points, f"number:{kind}")
        w.put(row, 7, res.max, f"number:{kind}")
        w.put(row, 8, evidence_text(item, answer), f"text:{kind}")
        w.put(row, 9, answer.note if answer is not None else "", f"text:{kind}")
        w.put(row, 10, res.why, f"text:{kind}")
        refs[res.id] = f"F{row}"
    last = row
    row += 1
    w.put(row, 1, "合计", "label", span=5)
    w.put(row, POINTS_COL, result.total, "number")
    w.put(row, 7, result.max, "number")
    bonus = f"含加分{fmt(result.bonus)}分；" if result.bonus else ""
    w.put(row, 8, f"{bonus}星级：{result.level.star_text} {result.level.label}", "text", span=3)
    refs["__total__"] = f"F{row}"
    w.row_heights()
    ws.row_dimensions[1].height = 28
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A2:J{max(last, FIRST_ROW)}"
    print_setup(ws, landscape=True, title_rows="1:2")
    return refs
