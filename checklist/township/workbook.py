"""The roll-up workbook (乡镇汇总表): 排名, 星级分布 (with a chart), 指标失分, 维度, 问题文件, and a
very hidden 数据 sheet for next year's comparison. Print-ready like the village report: A4, fitted
to the page width, header rows repeated, 公文 fonts, CJK-aware widths, every text cell safe.

openpyxl is imported in here only (and this module only when writing).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter

from checklist.dates import zh_time
from checklist.numbers import fmt
from checklist.scoring.result import bonus_heading
from checklist.township.aggregate import RollUp, Village, names
from checklist.township.data import FORMAT, NOTICE, build_payload
from checklist.township.notice_sheets import LEDGER_NAME, NOTICE_NAME, write_ledger, write_notice
from checklist.township.profiles import profile_label
from checklist.township.scope import ROUNDING_TEXT, SCOPE_TEXT
from checklist.xlsx import datasheet
from checklist.xlsx.atomic import TargetExists, save_workbook
from checklist.xlsx.cells import Writer, fit_width, headers, print_setup
from checklist.xlsx.layout import one_format_per_column, page_units, signed_format
from checklist.xlsx.safe import clean
from checklist.xlsx.styles import Palette

HUNDRED = Decimal(100)
SCORES_NAME = "各村得分"
TITLE_ROW = 28.0  # a one-line 16-point title with room above the table


class RollUpExists(TargetExists):
    """The target exists and ``force`` was not given."""


def _title(rollup: RollUp) -> str:
    years = sorted({v.year for v in rollup.villages if v.year})
    year = f"{years[0]}年度" if len(years) == 1 else ""
    towns = sorted({v.township for v in rollup.villages if v.township})
    town = towns[0] if len(towns) == 1 else ""
    return f"{year}{town}{rollup.rubric.title.removesuffix('细则').removesuffix('自评')}汇总"


def _subtitle(rollup: RollUp) -> str:
    r = rollup.rubric
    profile = profile_label(r, rollup.profile) + ("等（按档位文件）" if rollup.profiles.by_village else "")
    return (
        f"评分细则：{r.title}（{r.version}）　地区档位：{profile}　参评村 {len(rollup.villages)} 个　"
        f"生成时间：{rollup.generated.strftime('%Y-%m-%d %H:%M')}"
    )


def _kind(v: Village) -> str:
    if v.scores.vetoes or v.scores.flags:
        return "veto"
    return "zero" if v.rectify else ""


def _style(base: str, kind: str) -> str:
    return f"{base}:{kind}" if kind else base


def _profile(rollup: RollUp, v: Village) -> str:
    label = profile_label(rollup.rubric, v.profile)
    if v.own_profile != v.profile:
        label += f"\n（自选{profile_label(rollup.rubric, v.own_profile)}）"
    return label


def _who(rollup: RollUp) -> tuple[list[str], list[float]]:
    """排名, 乡镇, 村: the first columns of every per-village sheet."""
    towns = [v.township for v in rollup.villages] + ["乡镇"]
    villages = [v.village for v in rollup.villages] + ["村"]
    return ["排名", "乡镇", "村"], [4.5, fit_width(towns, 8, 11), fit_width(villages, 8, 11)]


def _villages(w: Writer, rollup: RollUp) -> Iterator[tuple[int, Village, str]]:
    """Each village's row (from 4) with its rank, township and village written: (row, village, style kind)."""
    for row, v in enumerate(rollup.villages, start=4):
        k = _kind(v)
        w.put(row, 1, v.rank, _style("center", k))
        w.put(row, 2, v.township, _style("text", k))
        w.put(row, 3, v.village, _style("text", k))
        yield row, v, k


def _heads(w: Writer, rollup: RollUp, sheet: str, heads: list[str], subtitle: str = "") -> None:
    w.put(1, 1, f"{_title(rollup)}　{sheet}", "title", span=len(heads))
    w.put(2, 1, _subtitle(rollup) + (f"\n{subtitle}" if subtitle else ""), "subtitle", span=len(heads))
    for col, head in enumerate(heads, start=1):
        w.put(3, col, head, "head")


def _finish(w: Writer, *, landscape: bool, filter_to: int = 0) -> None:
    """Row heights, the title's room, header rows repeated; at 100% where the columns fit the
    page (body text prints at 10.5 pt), else shrunk to the page width (a rubric with very many
    sections)."""
    ws = w.ws
    one_format_per_column(ws, 4, ws.max_row)
    w.row_heights()
    w.at_least(1, TITLE_ROW)
    if filter_to:
        ws.auto_filter.ref = f"A3:{get_column_letter(len(w.widths))}{max(4, filter_to)}"
    fits = sum(w.widths) <= page_units(landscape=landscape)
    print_setup(ws, landscape=landscape, title_rows="1:3", fit=not fits)


def write_ranking(ws: Any, palette: Palette, rollup: RollUp) -> None:
    """Who ranks where, at which level, and why: vetoes, 整转, last year. Section scores and the
    self-assessed totals are on 各村得分 (one A4 landscape page wide each)."""
    prev = rollup.previous_path is not None
    by_town = rollup.scope == "township"
    heads, widths = _who(rollup)
    heads += ["总分", "星级"] + (["镇内排名"] if by_town else []) + ["审核", "一票否决／认定", "整转"]
    widths += [6.0, 9.0] + ([5.0] if by_town else []) + [6.0, 13.0, 11.0]
    if prev:
        heads += ["上年星级", "上年得分", "增减", "升降"]
        widths += [7.0, 6.5, 7.0, 6.0]
    heads += ["备注"]
    widths += [max(10.0, min(30.0, page_units(landscape=True) - sum(widths)))]
    w = Writer(ws, palette, widths)
    _heads(w, rollup, "排名", heads)
    changes = [c for v in rollup.villages if (c := v.change) is not None]
    signed_changes = signed_format(changes)  # the column's one format, worked out once
    row = 3
    for row, v, k in _villages(w, rollup):
        w.put(row, 4, v.scores.total, _style("number", k))
        w.put(row, 5, f"{v.final.star_text}\n{v.final.label}" if v.final.stars else v.final.label, _style("center", k))
        col = 6
        if by_town:
            w.put(row, col, v.scope_rank, _style("center", k))
            col += 1
        w.put(row, col, v.review, _style("center", k))
        triggers = list(v.scores.vetoes) + [f"认定：{x}" for x in v.scores.flags]
        w.put(row, col + 1, "\n".join(triggers), _style("text", k))
        w.put(row, col + 2, ("是：" + "；".join(v.rectify)) if v.rectify else "", _style("text", k))
        col += 3
        if prev:
            last = v.previous
            w.put(row, col, "" if last is None else last.level_label, _style("center", k))
            w.put(row, col + 1, "" if last is None else last.total, _style("number", k))
            change = v.change
            w.put(row, col + 2, "" if change is None else change, _style("number", k))
            ws.cell(row=row, column=col + 2).number_format = signed_changes
            w.put(row, col + 3, v.movement, _style("center", k))
            col += 4
        notes = ([v.quota_note] if v.quota_note else []) + ([f"存疑：{'；'.join(v.doubts)}"] if v.doubts else [])
        w.put(row, col, "\n".join(notes), _style("text", k))
    if not rollup.villages:
        row += 1
        w.put(row, 1, "没有可计入的村（见“问题文件”）。", "text", span=len(heads))
    row += 2
    w.put(row, 1, "\n".join(ranking_notes(rollup)), "note", span=len(heads))
    ws.freeze_panes = "D4"
    _finish(w, landscape=True, filter_to=3 + len(rollup.villages))


def write_scores(ws: Any, palette: Palette, rollup: RollUp) -> None:
    """Each village's section scores, its total beside the self-assessed one, and its profile."""
    sections = rollup.rubric.sections
    heads, widths = _who(rollup)
    heads += ["审核", "总分", "自评得分", "自评−审核", "地区档位"] + [s.title for s in sections]
    widths += [6.0, 6.0, 6.0, 6.0, 9.0]
    room = page_units(landscape=True) - sum(widths)
    each = [fit_width([s.title], 6.0, 9.0) for s in sections]
    if sum(each) > room:  # narrower, down to a number's width; beyond that the page shrinks
        each = [max(5.5, room / len(sections))] * len(sections) if sections else []
    w = Writer(ws, palette, widths + each)
    _heads(w, rollup, SCORES_NAME, heads, "总分为审核认定后的得分（未审核的按自评）；“自评−审核”为正数表示自评偏高。")
    diffs = [d for v in rollup.villages if (d := v.difference) is not None]
    signed = signed_format(diffs)  # one format for the column, worked out once
    for row, v, k in _villages(w, rollup):
        w.put(row, 4, v.review, _style("center", k))
        w.put(row, 5, v.scores.total, _style("number", k))
        w.put(row, 6, v.own.total, _style("number", k))
        diff = v.difference
        w.put(row, 7, "" if diff is None else diff, _style("number", k))
        ws.cell(row=row, column=7).number_format = signed
        w.put(row, 8, _profile(rollup, v), _style("center", k))
        for col, g in enumerate(v.scores.sections, start=9):
            # a deduction section (积分制) shows what it took off the total, as a negative number
            shown = -g.points if g.deduction else (g.points if g.max else g.bonus)
            w.put(row, col, shown, _style("number", k))
    ws.freeze_panes = "D4"
    _finish(w, landscape=True, filter_to=3 + len(rollup.villages))


def ranking_notes(rollup: RollUp) -> list[str]:
    """How every number on the sheet came about: scoring, ties, quotas and the bottom share with
    their rounding, the profile, reviews."""
    notes = [
        "说明：各村得分均按上述评分细则由自评数据重新计算，不采用表内手填的分数；有乡镇审核的按审核认定的答案计分（“审核”列为“已审核”），"
        "其余按自评计分并标为“未审核”；“自评−审核”为正数表示自评偏高。",
        "同分同名次；名额和倒排比例须在同分村之间取舍时，依次比较总分、基础分（不含加分）、乡镇和村名。",
        f"地区档位由汇总统一确定（{_profile_rule(rollup)}），不按各村自选；自选不同的村在“地区档位”列注明。",
    ]
    where = SCOPE_TEXT[rollup.scope]
    rounding = ROUNDING_TEXT[rollup.rounding]
    for key, counts in rollup.quota_counts.items():
        if not counts:
            continue
        scope = key or "全县"
        caps = "；".join(f"{_label(rollup, lv)}不超过 {c.text()}" for lv, c in counts.items())
        notes.append(f"星级名额（{scope}，按参评村数计算，{rounding}）：{caps}。")
    if rollup.quota_counts and any(rollup.quota_counts.values()):
        notes.append(f"名额按{where}计算；超出名额的村按分数顺延到下一星级。")
    if rollup.rectify_percent is not None:
        parts = "；".join(f"{key or '全县'} {c.text()}" for key, c in rollup.rectify_counts.items())
        notes.append(
            f"整转：按{where}倒排后{fmt(rollup.rectify_percent)}%（{parts or '0 个'}），"
            "另加一票否决或被认定为软弱涣散、后进的村，不重复计。"
        )
    return notes


def _profile_rule(rollup: RollUp) -> str:
    default = profile_label(rollup.rubric, rollup.profiles.default)
    if rollup.profiles.by_village:
        return f"按 {rollup.profiles.source} 所列，未列出的村按“{default}”"
    return f"一律按“{default}”"


def township_subtotals(rollup: RollUp) -> list[dict[str, Any]]:
    """Per township: villages, reviewed, average score, average 自评−审核, levels, 整转 (pure)."""
    towns: dict[str, list[Village]] = {}
    for v in rollup.villages:
        towns.setdefault(v.township, []).append(v)
    out = []
    for town, group in sorted(towns.items()):
        diffs = [d for v in group if (d := v.difference) is not None]
        levels = {lv.id: sum(1 for v in group if v.final.id == lv.id) for lv in rollup.rubric.levels}
        out.append(
            {
                "township": town,
                "villages": len(group),
                "reviewed": len(diffs),
                "average": sum((v.scores.total for v in group), Decimal(0)) / len(group),
                "difference": sum(diffs, Decimal(0)) / len(diffs) if diffs else None,
                "levels": levels,
                "rectify": sum(1 for v in group if v.rectify),
                "best": min(v.rank for v in group),
            }
        )
    return out


def write_townships(ws: Any, palette: Palette, rollup: RollUp) -> None:
    levels = rollup.rubric.levels
    heads = ["乡镇", "参评村数", "已审核", "平均得分", "平均自评−审核"] + [lv.label for lv in levels]
    heads += ["列入整转", "全县最好名次"]
    w = Writer(ws, palette, [14.0, 8.0, 7.0, 8.0, 10.0] + [6.5] * len(levels) + [8.0, 9.0])
    w.put(1, 1, _title(rollup) + "　乡镇小计", "title", span=len(heads))
    w.put(2, 1, _subtitle(rollup), "subtitle", span=len(heads))
    for col, head in enumerate(heads, start=1):
        w.put(3, col, head, "head")
    row = 3
    subtotals = township_subtotals(rollup)
    diffs = [t["difference"] for t in subtotals if t["difference"] is not None]
    signed = signed_format([_round(d) for d in diffs])
    for t in subtotals:
        row += 1
        w.put(row, 1, t["township"] or "（未填乡镇）", "text")
        w.put(row, 2, t["villages"], "number")
        w.put(row, 3, t["reviewed"], "number")
        w.put(row, 4, _round(t["average"]), "number")
        w.put(row, 5, "" if t["difference"] is None else _round(t["difference"]), "number")
        ws.cell(row=row, column=5).number_format = signed
        for n, lv in enumerate(levels):
            w.put(row, 6 + n, t["levels"][lv.id], "number")
        w.put(row, 6 + len(levels), t["rectify"], "number")
        w.put(row, 7 + len(levels), t["best"], "number")
    _finish(w, landscape=True)


def _label(rollup: RollUp, level_id: str) -> str:
    return next((lv.label for lv in rollup.rubric.levels if lv.id == level_id), level_id)


def write_levels(ws: Any, palette: Palette, rollup: RollUp) -> None:
    heads = ["星级", "村数", "占比", "名额上限", "按分数可评（名额前）", "村名"]
    w = Writer(ws, palette, [10.0, 6.0, 7.0, 8.0, 11.0, 35.0])  # A4 portrait at 100%
    w.put(1, 1, _title(rollup) + "　星级分布", "title", span=len(heads))
    w.put(2, 1, _subtitle(rollup), "subtitle", span=len(heads))
    for col, head in enumerate(heads, start=1):
        w.put(3, col, head, "head")
    n = len(rollup.villages)
    before = dict((lv.id, c) for lv, c in rollup.level_counts(before_quota=True))
    row = 3
    for lv, count in rollup.level_counts():
        row += 1
        w.put(row, 1, f"{lv.star_text} {lv.label}" if lv.stars else lv.label, "text")
        w.put(row, 2, count, "number")
        w.put(row, 3, Decimal(count) / n if n else Decimal(0), "percent")
        cap = rollup.quota_caps.get(lv.id or "")
        w.put(row, 4, cap if cap is not None else "不限", "center")
        w.put(row, 5, before.get(lv.id, 0), "number")
        members = [v for v in rollup.villages if v.final.id == lv.id]
        w.put(row, 6, names(members, 30), "text")
    last = row
    row += 1
    w.put(row, 1, "合计", "label")
    w.put(row, 2, n, "number")
    w.put(row, 3, Decimal(1) if n else Decimal(0), "percent")
    w.put(row, 4, "", "center")
    w.put(row, 5, n, "number")
    w.put(row, 6, f"列入整转 {len(rollup.rectified)} 个村", "text")
    w.row_heights()
    w.at_least(1, TITLE_ROW)
    chart = BarChart()
    chart.type = "col"
    chart.title = "各星级村数"
    chart.add_data(Reference(ws, min_col=2, min_row=3, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=last))
    chart.y_axis.title = "村数"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.legend = None
    chart.width, chart.height = 16.0, 8.5
    ws.add_chart(chart, f"A{row + 2}")
    print_setup(ws, landscape=False, fit=False)


def write_items(ws: Any, palette: Palette, rollup: RollUp) -> None:
    heads = [
        "序号",
        "维度",
        "指标",
        "满分",
        "失分村数",
        "失分村占比",
        "平均失分（全部村）",
        "失分村平均失分",
        "合计失分",
    ]
    w = Writer(ws, palette, [4.5, 9.0, 20.0, 5.0, 6.0, 7.0, 8.5, 8.5, 7.0])  # A4 portrait at 100%
    _heads(w, rollup, "指标失分", heads, "失分最多的指标在前：乡镇重点帮扶之处。")
    row = 3
    for n, s in enumerate(rollup.item_stats(), start=1):
        row += 1
        k = "zero" if s.rate >= Decimal("0.5") else ("partial" if s.lost_count else "")
        w.put(row, 1, n, _style("center", k))
        w.put(row, 2, s.section, _style("text", k))
        w.put(row, 3, s.title, _style("text", k))
        w.put(row, 4, s.max, _style("number", k))
        w.put(row, 5, s.lost_count, _style("number", k))
        w.put(row, 6, s.rate, "percent")
        w.put(row, 7, _round(s.average), _style("number", k))
        w.put(row, 8, _round(s.average_of_losers), _style("number", k))
        w.put(row, 9, s.lost_total, _style("number", k))
    ws.freeze_panes = "A4"
    _finish(w, landscape=False, filter_to=row)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def write_sections(ws: Any, palette: Palette, rollup: RollUp) -> None:
    heads = ["维度", "满分", "平均得分", "平均得分率", "得分最高的村", "最高分", "得分最低的村", "最低分"]
    w = Writer(ws, palette, [14.0, 6.5, 8.0, 9.0, 26.0, 7.0, 26.0, 7.0])
    w.put(1, 1, _title(rollup) + "　维度", "title", span=len(heads))
    w.put(2, 1, _subtitle(rollup), "subtitle", span=len(heads))
    for col, head in enumerate(heads, start=1):
        w.put(3, col, head, "head")
    row = 3
    for s in rollup.section_stats():
        row += 1
        w.put(row, 1, bonus_heading(s.title) if s.bonus_only else s.title, "text")
        w.put(row, 2, s.max if not s.bonus_only else "", "number")
        w.put(row, 3, _round(s.average), "number")
        w.put(row, 4, s.average_percent / HUNDRED if not s.bonus_only else "", "percent")
        w.put(row, 5, names(s.best), "text")
        w.put(row, 6, s.best_points, "number")
        w.put(row, 7, names(s.worst), "text")
        w.put(row, 8, s.worst_points, "number")
    _finish(w, landscape=True)


def write_problems(ws: Any, palette: Palette, rollup: RollUp) -> None:
    heads = ["序号", "文件", "问题", "原因"]
    files = [p.path for p in rollup.problems] + ["文件"]
    w = Writer(ws, palette, [5.5, fit_width(files, 20, 40), 14.0, 50.0])
    w.put(1, 1, _title(rollup) + "　问题文件", "title", span=len(heads))
    w.put(2, 1, "拒绝读取的文件未计入汇总；存疑的已计入，请审核；重复提交的以较新的为准。", "subtitle", span=len(heads))
    for col, head in enumerate(heads, start=1):
        w.put(3, col, head, "head")
    row = 3
    for n, p in enumerate(rollup.problems, start=1):
        row += 1
        k = "veto" if p.kind == "拒绝读取" else "partial"
        w.put(row, 1, n, _style("center", k))
        w.put(row, 2, p.path, _style("text", k))
        w.put(row, 3, p.kind, _style("center", k))
        w.put(row, 4, p.reason, _style("text", k))
    if not rollup.problems:
        w.put(4, 1, "所有文件均已读取，未发现问题。", "text", span=len(heads))
    ws.freeze_panes = "A4"
    _finish(w, landscape=True)


def build_rollup_workbook(rollup: RollUp) -> Any:
    wb = Workbook()
    palette = Palette(wb)
    ws = wb.active
    ws.title = "排名"
    write_ranking(ws, palette, rollup)
    write_scores(wb.create_sheet(SCORES_NAME), palette, rollup)
    if len({v.township for v in rollup.villages}) > 1:
        write_townships(wb.create_sheet("乡镇小计"), palette, rollup)
    write_levels(wb.create_sheet("星级分布"), palette, rollup)
    write_notice(wb.create_sheet(NOTICE_NAME), palette, rollup, rollup.notice)
    write_ledger(wb.create_sheet(LEDGER_NAME), palette, rollup)
    write_items(wb.create_sheet("指标失分"), palette, rollup)
    write_sections(wb.create_sheet("维度"), palette, rollup)
    write_problems(wb.create_sheet("问题文件"), palette, rollup)
    datasheet.write(wb.create_sheet(datasheet.SHEET), NOTICE, FORMAT, build_payload(rollup))
    for ws in wb.worksheets[:-1]:  # the data sheet is very hidden
        headers(ws, _title(rollup), ws.title, f"生成时间：{zh_time(rollup.generated)}")
    wb.active = 0
    wb.properties.title = clean(_title(rollup), 250)
    wb.properties.creator = "checklist"
    # created when the roll-up was made, not when this workbook object was: the same roll-up
    # gives the same workbook (openpyxl stores the time as UTC)
    wb.properties.created = rollup.generated.astimezone(UTC).replace(tzinfo=None)
    return wb


def write_rollup(rollup: RollUp, path: str | Path, *, force: bool = False) -> Path:
    """Written beside the target and renamed into place: never half a file."""
    wb = build_rollup_workbook(rollup)
    return save_workbook(wb, Path(path), force=force, exists=RollUpExists)
