"""公示名单 (an A4 notice of the proposed star levels) and 整转台账 (the rectification ledger, with
last year's 整转 villages checked for 可销号 when ``--previous`` is given). openpyxl only here."""

from __future__ import annotations

from typing import Any

from checklist.numbers import fmt
from checklist.township.aggregate import RollUp, Village
from checklist.township.notice import Notice, cn_date, largest_losses, next_working_day
from checklist.xlsx.cells import Writer, print_setup
from checklist.xlsx.layout import signed_format
from checklist.xlsx.styles import Palette

NOTICE_NAME = "公示名单"
LEDGER_NAME = "整转台账"


def default_notice(rollup: RollUp) -> Notice:
    return Notice(start=next_working_day(rollup.generated.date()))


def _committee(rollup: RollUp, notice: Notice) -> str:
    if notice.committee:
        return notice.committee
    towns = sorted({v.township for v in rollup.villages if v.township})
    return f"中共{towns[0]}委员会" if len(towns) == 1 else "中共＿＿＿＿委员会"


def write_notice(ws: Any, palette: Palette, rollup: RollUp, notice: Notice | None) -> None:
    notice = notice or default_notice(rollup)
    committee = _committee(rollup, notice)
    year = f"{rollup.year}年度" if rollup.year else ""
    w = Writer(ws, palette, [8.0, 10.0, 16.0, 22.0, 10.0, 10.0])
    n = 6
    w.put(1, 1, f"关于{year}村党组织星级评定结果的公示", "title", span=n)
    intro = (
        f"根据《{rollup.rubric.title}》，经村党组织自评、乡镇（街道）党（工）委审核，拟定以下村党组织星级，现予公示。"
        f"公示时间：{cn_date(notice.start)}至{cn_date(notice.end)}（{notice.days}个工作日）。"
        "公示期间，如对公示对象有异议，可通过来电、来信、来访等方式反映。反映问题应实事求是，并提供具体事实或线索。"
    )
    w.put(3, 1, intro, "text", span=n)
    w.put(4, 1, f"监督电话：{notice.phone or '＿＿＿＿＿＿＿＿'}", "text", span=n)
    row = 6
    for col, head in enumerate(["序号", "拟定星级", "乡镇（街道）", "村党组织", "得分", "审核"], start=1):
        w.put(row, col, head, "head")
    seq = 0
    for lv in rollup.rubric.levels:
        members = [v for v in rollup.villages if v.final.id == lv.id]
        if not members:
            continue
        row += 1
        w.put(row, 1, f"{'★' * lv.stars} {lv.label}（{len(members)} 个）", "label", span=n)
        for v in members:  # already in rank order
            seq += 1
            row += 1
            w.put(row, 1, seq, "center")
            w.put(row, 2, lv.label, "center")
            w.put(row, 3, v.township, "text")
            w.put(row, 4, f"{v.village}党组织", "text")
            w.put(row, 5, v.scores.total, "number")
            w.put(row, 6, v.review, "center")
    if seq == 0:
        row += 1
        w.put(row, 1, "本次汇总没有评定星级的村。", "text", span=n)
    row += 2
    w.put(row, 4, committee, "text", span=3)
    row += 1
    w.put(row, 4, cn_date(notice.dated or notice.start), "text", span=3)
    w.row_heights()
    ws.row_dimensions[1].height = 40
    print_setup(ws, landscape=False, title_rows="6:6", fit=False)


LEDGER_HEADS = [
    "序号",
    "乡镇",
    "村",
    "总分",
    "星级",
    "列入原因",
    "主要失分",
    "整改措施",
    "包联领导",
    "第一书记／驻村单位",
    "完成时限",
    "验收情况",
]


def _losses(rollup: RollUp, v: Village) -> str:
    return "\n".join(f"{title} 失{fmt(lost)}分" for title, lost in largest_losses(rollup.rubric, v.scores.losses))


def write_ledger(ws: Any, palette: Palette, rollup: RollUp) -> None:
    widths = [4.5, 8.0, 8.0, 6.0, 6.0, 14.0, 18.0, 16.0, 7.0, 9.0, 7.0, 8.0]  # A4 landscape at 100%
    w = Writer(ws, palette, widths)
    n = len(LEDGER_HEADS)
    year = f"{rollup.year}年度" if rollup.year else ""
    w.put(1, 1, f"{year}村党组织整顿转化台账（一村一策）", "title", span=n)
    w.put(2, 1, "列入原因、主要失分由汇总自动填写；整改措施、包联领导、第一书记／驻村单位、完成时限、验收情况由乡镇填写。", "subtitle", span=n)
    for col, head in enumerate(LEDGER_HEADS, start=1):
        w.put(3, col, head, "head")
    row = 3
    for seq, v in enumerate(rollup.rectified, start=1):
        row += 1
        w.put(row, 1, seq, "center")
        w.put(row, 2, v.township, "text")
        w.put(row, 3, v.village, "text")
        w.put(row, 4, v.scores.total, "number")
        w.put(row, 5, v.final.label, "center")
        w.put(row, 6, "\n".join(v.rectify), "text")
        w.put(row, 7, _losses(rollup, v), "text")
        for col in range(8, n + 1):
            w.put(row, col, "", "text")
    if not rollup.rectified:
        row += 1
        w.put(row, 1, "本年度没有列入整转的村。", "text", span=n)
    if rollup.previous_path is not None:
        row = _write_last_year(w, rollup, row + 2, n)
    w.row_heights()
    w.at_least(1, 28)
    ws.freeze_panes = "A4"
    print_setup(ws, landscape=True, title_rows="3:3", fit=False)


def _write_last_year(w: Writer, rollup: RollUp, row: int, n: int) -> int:
    heads = ["序号", "乡镇", "村", "上年得分", "本年得分", "上年列入原因", "增减", "本年仍列入", "可销号"]
    was = [v for v in rollup.villages if v.previous is not None and v.previous.rectify]
    changes = [c for v in was if (c := v.change) is not None]
    signed = signed_format(changes)
    year = max(rollup.previous_years) if rollup.previous_years else None
    w.put(row, 1, f"上年度（{year}年度）整转村验收对比" if year else "上年度整转村验收对比", "label", span=n)
    row += 1
    for col, head in enumerate(heads, start=1):
        w.put(row, col, head, "head")
    for seq, v in enumerate(was, start=1):
        row += 1
        assert v.previous is not None
        change = v.change
        still = bool(v.rectify)
        w.put(row, 1, seq, "center")
        w.put(row, 2, v.township, "text")
        w.put(row, 3, v.village, "text")
        w.put(row, 4, v.previous.total, "number")
        w.put(row, 5, v.scores.total, "number")
        w.put(row, 6, "\n".join(v.previous.rectify), "text")
        w.put(row, 7, "" if change is None else change, "number")
        w.ws.cell(row=row, column=7).number_format = signed
        w.put(row, 8, "是" if still else "否", "center")
        w.put(row, 9, "否（仍在整转名单）" if still else "是（已退出整转名单）", "center")
    if not was:
        row += 1
        w.put(row, 1, "上年度整转的村均未参加本次汇总，或上年度没有整转的村。", "text", span=n)
    return row
