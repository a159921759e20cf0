"""汇总: who and where, total, level in stars and words, vetoes and flags, why, what is missing,
sections and tag groups with percentages, a radar and a bar chart of section percentages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.dates import zh_time
from checklist.numbers import fmt
from checklist.quotes import q
from checklist.report.layout import DEFAULT_ROW, Block, paginate
from checklist.report.pages import DRAFT
from checklist.report.signoff import write_signoff
from checklist.report.words import level_words
from checklist.rubric.model import Rubric
from checklist.scoring.result import Result, Trigger, bonus_heading, deduction_heading
from checklist.xlsx.cells import Writer, print_setup
from checklist.xlsx.styles import Palette

NAME = "汇总"
WIDTHS = [14.0, 30.0, 10.0, 10.0, 12.0]  # A4 portrait at 100%, also in LibreOffice's wider units
HUNDRED = Decimal(100)
EXPORTED_FORMAT = "%Y-%m-%d %H:%M"  # as the 数据 sheet keeps it


def report_title(rubric: Rubric, assessment: Assessment) -> str:
    """The workbook's title; a draft's says 草稿（未定稿）."""
    year = f"{assessment.year}年度" if assessment.year else ""
    title = rubric.title.removesuffix("细则")
    title = title if title.endswith("自评") else title + "自评"
    draft = f"　{DRAFT}" if assessment.finalized is None else ""
    return f"{year}{assessment.village}{title}表{draft}"


def _when(assessment: Assessment) -> str:
    stamp = assessment.updated or assessment.created
    return zh_time(stamp) if stamp else ""


def _exported(exported: str) -> str:
    try:
        return zh_time(datetime.strptime(exported, EXPORTED_FORMAT))
    except ValueError:
        return exported


def _trigger_text(t: Trigger, titles: dict[str, str]) -> str:
    items = "、".join(q(titles.get(i, i)) for i in t.items)
    reason = f"（{t.reason}）" if t.reason else ""
    source = f"；触发指标：{items}" if items else ""
    return f"{t.label}{reason}{source}；{t.effect}"


def write_summary(
    ws: Worksheet, palette: Palette, rubric: Rubric, assessment: Assessment, result: Result, exported: str
) -> dict[str, str]:
    """Writes the sheet; returns where the scores are (for the read-back check)."""
    w = Writer(ws, palette, WIDTHS)
    titles = {i.id: i.title for i in rubric.items()}
    w.put(1, 1, report_title(rubric, assessment), "title", span=5)
    profile = rubric.profiles[result.profile].label if result.profile else "标准档"
    w.put(2, 1, f"评分细则：{rubric.title}（{rubric.version}）　地区档位：{profile}", "subtitle", span=5)
    r = 4
    pairs = [
        ("乡镇（街道）", assessment.township, "村名", assessment.village),
        ("年度", assessment.year if assessment.year else "", "填报人", assessment.assessor),
        ("填报时间", _when(assessment), "导出时间", _exported(exported)),
    ]
    if assessment.finalized is not None:
        pairs.append(("定稿时间", zh_time(assessment.finalized), "状态", "已定稿"))
    else:
        pairs.append(("定稿时间", "", "状态", DRAFT))
    for a, b, c, d in pairs:
        w.put(r, 1, a, "label")
        w.put(r, 2, b, "year" if isinstance(b, int) else "text")
        w.put(r, 3, c, "label")
        w.put(r, 4, d, "text", span=2)
        r += 1
    refs = {"total": f"B{r}", "max": f"D{r}"}
    w.put(r, 1, "总分", "label")
    w.put(r, 2, result.total, "number")
    w.put(r, 3, "满分", "label")
    w.put(r, 4, result.max, "number", span=2)
    r += 1
    refs["bonus"] = f"B{r}"
    w.put(r, 1, "其中加分", "label")
    w.put(r, 2, result.bonus, "number")
    w.put(r, 3, "已填", "label")
    w.put(r, 4, result.progress.counts, "center", span=2)
    r += 1
    if result.composition:  # weighted parts, deductions from the total, its floor
        w.put(r, 1, "总分构成", "label")
        w.put(r, 2, "\n".join(f"· {x}" for x in result.composition), "text", span=4)
        r += 1
    if result.max_achievable != result.max:
        w.put(r, 1, "可得最高分", "label")
        w.put(r, 2, f"{fmt(result.max_achievable)}（部分指标不适用）", "text", span=4)
        r += 1
    refs["level"] = f"B{r}"
    w.put(r, 1, "星级", "label")
    w.put(r, 2, level_words(rubric, result.level), "big", span=4)
    r += 1
    for v in result.vetoes:
        w.put(r, 1, v.kind, "alert")
        w.put(r, 2, _trigger_text(v, titles), "alert", span=4)
        r += 1
    for f in result.flags:
        w.put(r, 1, "认定", "alert")
        w.put(r, 2, _trigger_text(f, titles), "alert", span=4)
        r += 1
    if result.level_reasons:
        w.put(r, 1, "定级依据", "label")
        w.put(r, 2, "\n".join(f"· {x}" for x in result.level_reasons), "text", span=4)
        r += 1
    if result.next_level is not None and result.next_missing:
        w.put(r, 1, f"距{result.next_level.label}还差", "label")
        w.put(r, 2, "\n".join(f"· {x}" for x in result.next_missing), "text", span=4)
        r += 1

    # sections: those with a base maximum first (they make the charts), bonus-only ones after
    r += 1
    w.put(r, 1, "板块", "head", span=2)
    w.put(r, 3, "得分", "head")
    w.put(r, 4, "满分", "head")
    w.put(r, 5, "得分率", "head")
    head = r
    scored = [s for s in result.sections if s.max > 0 and not s.deduction]
    for s in scored:
        r += 1
        w.put(r, 1, s.title, "text", span=2)
        w.put(r, 3, s.points, "number")
        w.put(r, 4, s.max, "number")
        w.put(r, 5, s.percent / HUNDRED, "percent")
    last = r
    for s in result.sections:
        if s.deduction:  # 积分制: taken off the total, of the most it can take off
            r += 1
            w.put(r, 1, deduction_heading(s.title), "text", span=2)
            w.put(r, 3, -s.points, "number")
            w.put(r, 4, s.max, "number")
            w.put(r, 5, "", "center")
        elif s.max == 0:
            r += 1
            w.put(r, 1, bonus_heading(s.title), "text", span=2)
            w.put(r, 3, s.bonus, "number")
            w.put(r, 4, result.bonus_cap if result.bonus_cap is not None else "", "number")
            w.put(r, 5, "", "center")
    notes = [f"{s.title}：{s.note}" for s in result.sections if s.note]
    notes += [result.bonus_note] if result.bonus_note else []
    if notes:  # how the Result counted them (折算, 上限), in its own words
        r += 1
        w.put(r, 1, "计分说明", "label")
        w.put(r, 2, "\n".join(notes), "text", span=4)

    if result.tags:
        r += 2
        w.put(r, 1, "分组", "head")
        w.put(r, 2, "标签", "head")
        w.put(r, 3, "得分", "head")
        w.put(r, 4, "满分", "head")
        w.put(r, 5, "得分率", "head")
        for t in result.tags:
            r += 1
            w.put(r, 1, t.group, "center")
            w.put(r, 2, t.title, "text")
            w.put(r, 3, t.points, "number")
            w.put(r, 4, t.max, "number")
            w.put(r, 5, t.percent / HUNDRED if t.max else "", "percent")
    tables_end = r
    chart_rows = range(0)
    if scored:  # the charts print together on the last page, above the sign-off
        end = _charts(ws, head, last, r + 2)
        chart_rows, r = range(r + 1, end + 1), end
    r = write_signoff(w, r + 2, len(WIDTHS))
    w.row_heights()
    for row in chart_rows:  # known heights under the charts, so that they fit on their page
        ws.row_dimensions[row].height = DEFAULT_ROW
    ws.row_dimensions[1].height = 30
    ws.print_area = f"A1:{get_column_letter(len(WIDTHS))}{r}"
    print_setup(ws, landscape=False)
    # a page ends between rows of the tables; the charts and the sign-off stay together
    blocks = [Block(n, n) for n in range(1, tables_end + 1)] + [Block(tables_end + 1, r)]
    paginate(ws, blocks, landscape=False, title_rows=None)
    return refs


CHART_WIDTH_CM, CHART_HEIGHT_CM = 14.0, 7.5
CHART_ROWS = 15  # rows of DEFAULT_ROW points kept free under each chart
EMU_PER_CM = 360000
EMU_PER_POINT = 12700


def _centred(chart: Any, ws: Worksheet, row: int) -> None:
    """Anchor a chart at ``row``, centred across the sheet's columns (they print centred)."""
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D

    # The sheet's width in points: Excel counts a unit as 5.25 pt (+3.75 a column), LibreOffice's
    # fallback for 宋体 as 6.65 pt; centre between the two, off by a few millimetres in each.
    sheet_pt = (sum(w * 5.25 + 3.75 for w in WIDTHS) + sum(w * 6.65 for w in WIDTHS)) / 2
    chart_pt = CHART_WIDTH_CM * EMU_PER_CM / EMU_PER_POINT
    offset = max(0, int((sheet_pt - chart_pt) / 2 * EMU_PER_POINT))
    size = XDRPositiveSize2D(int(CHART_WIDTH_CM * EMU_PER_CM), int(CHART_HEIGHT_CM * EMU_PER_CM))
    chart.anchor = OneCellAnchor(_from=AnchorMarker(col=0, colOff=offset, row=row - 1, rowOff=0), ext=size)
    ws.add_chart(chart)


def _cache(chart: Any, labels: list[str], values: list[float]) -> None:
    """Cached values beside the cell references, for readers that do not recalculate."""
    from openpyxl.chart.data_source import NumData, NumVal, StrData, StrVal

    for series in chart.series:
        series.val.numRef.numCache = NumData(
            formatCode="0%", ptCount=len(values), pt=[NumVal(idx=n, v=v) for n, v in enumerate(values)]
        )
        if series.cat is not None and series.cat.numRef is not None:
            ref = series.cat.numRef.f
            from openpyxl.chart.data_source import StrRef

            series.cat.numRef = None
            series.cat.strRef = StrRef(f=ref)
        if series.cat is not None and series.cat.strRef is not None:
            series.cat.strRef.strCache = StrData(
                ptCount=len(labels), pt=[StrVal(idx=n, v=t) for n, t in enumerate(labels)]
            )


def _labels(chart: Any) -> None:
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.dataLabels.numFmt = "0%"


def _charts(ws: Worksheet, head: int, last: int, row: int) -> int:
    """The bar chart, and the radar too when there are three sections or more (a radar of two
    is a line); returns the last row they cover."""
    cats = Reference(ws, min_col=1, min_row=head + 1, max_row=last)
    data = Reference(ws, min_col=5, min_row=head, max_row=last)
    labels = [str(ws.cell(row=r, column=1).value) for r in range(head + 1, last + 1)]
    values = [float(ws.cell(row=r, column=5).value or 0) for r in range(head + 1, last + 1)]
    charts: list[Any] = []

    def percent_chart(chart: Any, title: str) -> Any:
        chart.title = title
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.y_axis.number_format = "0%"
        chart.legend = None
        _labels(chart)
        charts.append(chart)
        return chart

    if len(labels) >= 3:
        percent_chart(RadarChart(), "各板块得分率（雷达图）").type = "marker"
    bar = percent_chart(BarChart(), "各板块得分率（条形图）")
    bar.type = "bar"
    bar.x_axis.scaling.orientation = "maxMin"  # first section on top, as in the table
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    for chart in charts:
        chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
        _cache(chart, labels, values)
        _centred(chart, ws, row)
        row += CHART_ROWS
    return row - 1
