"""扣分清单: every item that lost points, largest loss first, with what the guide asks for."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.numbers import fmt
from checklist.report.words import missing_evidence
from checklist.rubric.model import Rubric
from checklist.rubric.params import Params
from checklist.scoring.result import STATUS_LABELS, Result
from checklist.xlsx.cells import Writer, print_setup
from checklist.xlsx.styles import Palette

NAME = "扣分清单"
HEADERS = ["序号", "维度／指标", "失分", "现状", "怎么改（评分标准与缺少的佐证材料）"]
WIDTHS = [4.0, 14.0, 5.0, 25.0, 28.0]  # A4 portrait at 100%, also in LibreOffice's wider units


def write_gaps(
    ws: Worksheet, palette: Palette, rubric: Rubric, assessment: Assessment, result: Result, title: str
) -> None:
    w = Writer(ws, palette, WIDTHS)
    p = Params(rubric, result.profile)
    index = rubric.item_index()
    w.put(1, 1, f"{title}　扣分清单", "title", span=len(HEADERS))
    for col, head in enumerate(HEADERS, start=1):
        w.put(2, col, head, "head")
    gaps = result.gaps()
    vetoed = set(result.vetoed)
    row = 2
    for n, g in enumerate(gaps, start=1):
        row += 1
        section, item = index[g.id]
        kind = "veto" if g.id in vetoed else g.status
        fix = p.render(item.guide or item.text)
        missing = missing_evidence(item, assessment.answers.get(g.id))
        if missing:
            fix += "\n缺少佐证：" + "、".join(missing)
        w.put(row, 1, n, f"center:{kind}")
        w.put(row, 2, f"{section.title}\n{item.title}", f"text:{kind}")
        w.put(row, 3, g.lost, f"number:{kind}")
        w.put(row, 4, f"{STATUS_LABELS[g.status]}，得{fmt(g.points)}/{fmt(g.max)}分：{g.why}", f"text:{kind}")
        w.put(row, 5, fix, f"text:{kind}")
    if not gaps:
        w.put(3, 1, "没有失分项。", "text", span=len(HEADERS))
        row = 3
    else:
        row += 1
        lost = sum((g.lost for g in gaps), start=gaps[0].lost * 0)
        w.put(row, 1, f"共{len(gaps)}项失分，合计失{fmt(lost)}分", "label", span=len(HEADERS))
    w.row_heights()
    ws.row_dimensions[1].height = 28
    ws.freeze_panes = "A3"
    print_setup(ws, landscape=False, title_rows="1:2")
