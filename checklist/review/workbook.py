"""The reviewed workbook (审核表): the village's own sheets as it submitted them, an 审核结果 sheet
with 自评得分 and 审核得分 side by side (every change with its reason, both totals and levels,
the review block and signature lines), the village's 数据 sheet copied unchanged, and a very
hidden 审核数据 sheet. openpyxl is imported in here only (and this module only when writing).

The county's 复核 (optional second review) makes a 复核表 from a 审核表: the same sheets, the
审核数据 copied unchanged, a 复核结果 sheet (审核得分 beside 复核得分, the same layout) and a very
hidden 复核数据 sheet bound to both checksums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from checklist.numbers import fmt, signed
from checklist.report.read import ReadBack
from checklist.review.apply import Reviewed
from checklist.review.data import StoredReview
from checklist.rubric import Loaded
from checklist.xlsx.atomic import TargetExists

NAME = "审核结果"
COUNTY_NAME = "复核结果"
WIDTHS = [5.5, 10.0, 22.0, 6.0, 22.0, 7.0, 22.0, 7.0, 24.0, 14.0]


@dataclass(frozen=True)
class Stage:
    """The words of one review stage: ``was`` the answers it looked at, ``now`` its own."""

    sheet: str
    was: str  # 自评 / 审核
    now: str  # 审核 / 复核
    body: str  # who stamps it

    @property
    def heads(self) -> list[str]:
        w, n = self.was, self.now
        return ["序号", "维度", "指标", "满分", f"{w}情况", f"{w}得分", f"{n}认定", f"{n}得分", f"{n}意见", "佐证材料核验"]

    @property
    def signature(self) -> str:
        return f"{self.now}人（签字）：＿＿＿＿＿＿　　{self.body}（盖章）：＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"


TOWNSHIP = Stage(NAME, "自评", "审核", "乡镇（街道）党（工）委")
COUNTY = Stage(COUNTY_NAME, "审核", "复核", "县委组织部")


class ReviewedExists(TargetExists):
    """The target exists and ``force`` was not given."""


def level_text(result: Any) -> str:
    lv = result.level
    return f"{lv.star_text} {lv.label}" if lv.stars else lv.label


def reviewed_title(loaded: Loaded, reviewed: Reviewed, stage: Stage = TOWNSHIP) -> str:
    """The sheet's title; the review of a draft says so (草稿（未定稿）), as the draft's own sheets do."""
    from checklist.report.pages import DRAFT

    a = reviewed.assessment
    year = f"{a.year}年度" if a.year else ""
    draft = f"（所审为{DRAFT}）" if a.finalized is None else ""
    return f"{year}{a.township}{a.village}{loaded.rubric.title.removesuffix('细则').removesuffix('自评')}{stage.now}表{draft}"


def _evidence(decision: Any) -> str:
    if decision is None or not decision.evidence:
        return ""
    return "\n".join(f"{name}：{mark}" for name, mark in decision.evidence.items())


def write_review_sheet(ws: Any, palette: Any, loaded: Loaded, reviewed: Reviewed, stage: Stage = TOWNSHIP) -> None:
    from checklist.xlsx.cells import Writer, print_setup

    rubric = loaded.rubric
    a, review = reviewed.assessment, reviewed.review
    mine, theirs = reviewed.self_result, reviewed.result
    heads, was, now = stage.heads, stage.was, stage.now
    n = len(heads)
    w = Writer(ws, palette, WIDTHS)
    w.put(1, 1, reviewed_title(loaded, reviewed, stage), "title", span=n)
    profile = rubric.profiles[theirs.profile].label if theirs.profile else "标准档"
    w.put(2, 1, f"评分细则：{rubric.title}（{rubric.version}）　地区档位：{profile}", "subtitle", span=n)
    info = [
        ("乡镇（街道）", a.township, "村名", a.village, "年度", f"{a.year}" if a.year else ""),
        (f"{was}总分", mine.total, f"{now}总分", theirs.total, f"{was}−{now}", signed(reviewed.difference)),
        (f"{was}星级", level_text(mine), f"{now}星级", level_text(theirs), f"{now}改动", f"{len(reviewed.changes)} 项"),
    ]
    r = 3
    for row in info:
        r += 1
        w.put(r, 1, row[0], "label", span=2)
        w.put(r, 3, row[1], "number" if isinstance(row[1], Decimal) else "text")
        w.put(r, 4, row[2], "label", span=2)
        w.put(r, 6, row[3], "number" if isinstance(row[3], Decimal) else "text", span=2)
        w.put(r, 8, row[4], "label", span=2)
        w.put(r, 10, row[5], "center")
    r += 2
    for col, head in enumerate(heads, start=1):
        w.put(r, col, head, "head")
    head_row = r
    changed = reviewed.changed
    mine_items = {i.id: i for i in mine.items}
    seq = 0
    for section, g_self, g_rev in zip(rubric.sections, mine.sections, theirs.sections, strict=True):
        r += 1
        if g_rev.deduction:  # 积分制: what the section takes off the total
            pts = f"从总分中扣分：{was}扣 {fmt(g_self.points)} 分，{now}扣 {fmt(g_rev.points)} 分"
        elif g_rev.max:
            pts = f"{was} {fmt(g_self.points)} 分，{now} {fmt(g_rev.points)} 分（满分 {fmt(g_rev.max)}）"
        else:
            pts = f"加分：{was} {fmt(g_self.bonus)} 分，{now} {fmt(g_rev.bonus)} 分"
        w.put(r, 1, f"{section.title}　{pts}", "label", span=n)
        for item in section.items:
            seq += 1
            r += 1
            got = theirs.item(item.id)
            before = mine_items[item.id]
            kind = ":partial" if item.id in changed else ""

            def style(base: str, kind: str = kind) -> str:
                return base + kind

            w.put(r, 1, seq, style("center"))
            w.put(r, 2, section.title, style("text"))
            w.put(r, 3, item.title, style("text"))
            w.put(r, 4, got.max, style("number"))
            w.put(r, 5, before.words, style("text"))
            w.put(r, 6, before.points, style("number"))
            if item.id in changed:
                w.put(r, 7, got.words, style("text"))
            else:
                w.put(r, 7, f"同{was}", style("center"))
            w.put(r, 8, got.points, style("number"))
            w.put(r, 9, changed.get(item.id, ""), style("text"))
            w.put(r, 10, _evidence(review.decision(item.id)), style("text"))
    r += 1
    w.put(r, 1, "合计", "label", span=5)
    w.put(r, 6, mine.total, "number")
    w.put(r, 7, f"星级：{was}{mine.level.label}，{now}{theirs.level.label}", "text")
    w.put(r, 8, theirs.total, "number")
    w.put(r, 9, f"{was}−{now}：{signed(reviewed.difference)} 分", "text", span=2)
    r += 2
    w.put(r, 1, f"{now}人", "label", span=2)
    w.put(r, 3, review.reviewer, "text", span=2)
    w.put(r, 5, f"{now}日期", "label")
    w.put(r, 6, review.date, "text", span=2)
    r += 1
    w.put(r, 1, "总体意见", "label", span=2)
    w.put(r, 3, review.opinion or "（无）", "text", span=n - 2)
    r += 2
    w.put(r, 1, stage.signature, "text", span=n)
    r += 1
    said = f"说明：{now}得分由{now}认定的答案按评分细则计算，不手工填写分数；“同{was}”表示{now}认可{was}的答案。"
    w.put(r, 1, said.replace("认可自评的答案", "认可村的自评答案"), "note", span=n)
    w.row_heights()
    ws.row_dimensions[1].height = 28
    ws.freeze_panes = f"A{head_row + 1}"
    print_setup(ws, landscape=True, title_rows=f"{head_row}:{head_row}")


def build_reviewed_workbook(
    loaded: Loaded, back: ReadBack, reviewed: Reviewed, generated: str, county: County | None = None
) -> Any:
    """The 审核表; with ``county`` (the 复核 and the 审核数据 it was made on) the 复核表."""
    from checklist.report.data import FORMAT as VILLAGE_FORMAT
    from checklist.report.data import NOTICE as VILLAGE_NOTICE
    from checklist.report.pages import page_header, status_line
    from checklist.report.sheets.detail import ReviewColumns
    from checklist.report.write import build_workbook
    from checklist.review import data
    from checklist.xlsx import datasheet
    from checklist.xlsx.datasheet import SHEET as VILLAGE_SHEET
    from checklist.xlsx.styles import Palette

    rubric = loaded.rubric
    opinions = {}
    for item in rubric.items():
        said = [reviewed.changed.get(item.id, ""), _evidence(reviewed.review.decision(item.id))]
        opinions[item.id] = "\n".join(x for x in said if x)
    columns = ReviewColumns(reviewed.result, opinions, reviewed.difference)
    wb = build_workbook(rubric, loaded.sha256, back.assessment, reviewed.self_result, back.exported, columns)
    # The village's 数据 sheet exactly as it came: its answers and checksum travel unchanged.
    at = wb.sheetnames.index(VILLAGE_SHEET)
    del wb[VILLAGE_SHEET]
    datasheet.write_text(wb.create_sheet(VILLAGE_SHEET, at), VILLAGE_NOTICE, VILLAGE_FORMAT, back.data_text)
    status = status_line(back.assessment, back.code)
    palette = Palette(wb)
    ws = wb.create_sheet(NAME, 1)
    write_review_sheet(ws, palette, loaded, reviewed)
    page_header(ws, back.assessment, NAME, status)
    meta = {"id": rubric.id, "version": rubric.version, "sha256": loaded.sha256}
    if county is None:
        payload = data.build_payload(reviewed, back.checksum, generated, meta)
        datasheet.write(wb.create_sheet(data.SHEET), data.NOTICE, data.FORMAT, payload)
        wb.active = 1
        return wb
    # 复核表: the township's 审核数据 exactly as it came, then the county's own sheets.
    datasheet.write_text(wb.create_sheet(data.SHEET), data.NOTICE, data.FORMAT, county.township.text)
    ws = wb.create_sheet(COUNTY_NAME, 2)
    write_review_sheet(ws, palette, loaded, county.reviewed, COUNTY)
    page_header(ws, back.assessment, COUNTY_NAME, status)
    payload = data.build_payload(county.reviewed, back.checksum, generated, meta, county.township.checksum)
    datasheet.write(wb.create_sheet(data.COUNTY_SHEET), data.COUNTY_NOTICE, data.COUNTY_FORMAT, payload)
    wb.active = 2
    return wb


@dataclass(frozen=True)
class County:
    """A county 复核: its result on top of the township's, and the 审核数据 it was made on."""

    reviewed: Reviewed
    township: StoredReview


def write_reviewed(
    loaded: Loaded,
    back: ReadBack,
    reviewed: Reviewed,
    path: str | Path,
    *,
    force: bool = False,
    now: datetime | None = None,
    county: County | None = None,
) -> Path:
    from checklist.xlsx.atomic import save_workbook

    generated = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    wb = build_reviewed_workbook(loaded, back, reviewed, generated, county)
    return save_workbook(wb, Path(path), force=force, exists=ReviewedExists)
