"""评分明细, the county's form: one row per item, a 小计 row per section, a 折算 row where the
section is re-scaled or capped, the 加分 rows with the cap, a 合计 row, a legend and a sign-off.

Every number column adds up: the item rows of a section sum to its 小计; the sections' counted
rows (折算 where there is one, else 小计) and the counted 加分 sum to the 合计. Items not
applicable print 不适用 in the columns they do not count in. The two 乡镇审核 columns are left
blank for the township's hand; in a reviewed workbook (审核表) they carry the review: the reviewed
Result's points beside the village's on every row (items, 小计, 折算, 加分, 合计 with the reviewed
level) and each corrected answer's reason. The rows are the village's own, so the 数据 sheet's
layout (which cell shows which score) still holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.numbers import fmt, signed
from checklist.report.layout import Block, column_format, paginate
from checklist.report.signoff import write_signoff
from checklist.report.words import evidence_text, level_words
from checklist.rubric.model import Rubric
from checklist.rubric.params import Params
from checklist.scoring.result import GroupResult, ItemResult, Result
from checklist.xlsx.cells import Writer, print_setup
from checklist.xlsx.styles import Palette

NAME = "评分明细"
HEADERS = ["序号", "维度", "指标", "评分标准", "自评情况", "分值", "自评得分", "乡镇审核得分", "审核意见", "佐证材料", "备注"]
# A4 landscape at 100% (body text prints at 10.5 pt): the widths fit between the margins also
# where LibreOffice counts a width unit a quarter wider than Excel (its fallback for 宋体).
WIDTHS = [4.0, 6.5, 12.0, 24.0, 17.0, 5.0, 5.5, 6.0, 8.0, 15.0, 10.0]
MAX_COL, POINTS_COL, REVIEW_COL, NOTE_COL = 6, 7, 8, 11
FIRST_ROW = 3
ZERO = Decimal(0)

# Status in black and white too: a symbol beside the colour (the legend under the table says which).
SYMBOLS = {
    "full": "✓",
    "partial": "◐",
    "zero": "✗",
    "unanswered": "✗",
    "invalid": "✗",
    "pending": "？",
    "na": "—",
    "not_relevant": "—",
    "info": "○",
}
LEGEND = "图例：✓ 满分　◐ 部分得分　✗ 未得分、未填写或填写有误　？ 待定（前提指标尚未填写）　— 不适用或无需填写　○ 不计分，仅供认定"
NOT_COUNTED = ("na", "not_relevant")


@dataclass(frozen=True)
class ReviewColumns:
    """What fills the 乡镇审核得分 and 审核意见 columns: the reviewed Result, and per item the
    审核意见 (the reason of a corrected answer, the evidence marks)."""

    result: Result
    opinions: dict[str, str] = field(default_factory=dict)
    difference: Decimal = ZERO  # 自评 − 审核, as the review says it


def row_kind(status: str, vetoed: bool) -> str:
    return "veto" if vetoed else status


def _shown(status: str) -> str:
    return "不适用" if status == "na" else "无需填写"


def write_detail(
    ws: Worksheet,
    palette: Palette,
    rubric: Rubric,
    assessment: Assessment,
    result: Result,
    title: str,
    review: ReviewColumns | None = None,
) -> dict[str, str]:
    """Writes the sheet; returns the cell of each item's points (for the read-back check)."""
    w = Writer(ws, palette, WIDTHS)
    p = Params(rubric, result.profile)
    w.put(1, 1, f"{title}　评分明细", "title", span=len(HEADERS))
    for col, head in enumerate(HEADERS, start=1):
        w.put(2, col, head, "head")
    vetoed = set(result.vetoed)
    index = rubric.item_index()
    policies = {s.id: s.na_policy or rubric.na_policy for s in rubric.sections}
    refs: dict[str, str] = {}
    blocks: list[Block] = []
    numbers: dict[int, list[Decimal]] = {MAX_COL: [], POINTS_COL: [], REVIEW_COL: []}
    theirs = review.result if review is not None else None
    their_sections = {g.id: g for g in theirs.sections} if theirs is not None else {}
    row = FIRST_ROW - 1
    serial = 0

    def put_number(r: int, col: int, value: Decimal | str, style: str) -> None:
        if isinstance(value, Decimal):
            numbers[col].append(value)
        w.put(r, col, value, style)

    def item_row(res: ItemResult) -> tuple[Decimal, Decimal, Decimal]:
        """One item; returns what it adds to the 分值, 自评得分 and 乡镇审核得分 sums."""
        nonlocal row, serial
        row += 1
        serial += 1
        item = index[res.id][1]
        answer = assessment.answers.get(res.id)
        kind = row_kind(res.status, res.id in vetoed)
        marks = ("［加分项］" if item.bonus else "") + (f"［{item.veto.kind}］" if item.veto is not None else "")
        said = f"{SYMBOLS.get(res.status, '')} {res.words}".strip()
        if res.status not in ("full", *NOT_COUNTED) and res.why not in ("", "未填写"):
            said += f"\n（{res.why}）"  # why points were lost
        w.put(row, 1, serial, f"center:{kind}")
        w.put(row, 2, index[res.id][0].title, f"text:{kind}")
        w.put(row, 3, item.title + marks, f"text:{kind}")
        w.put(row, 4, p.render(item.guide or item.text), f"text:{kind}")
        w.put(row, 5, said, f"text:{kind}")
        counted_max = res.status not in NOT_COUNTED or policies[res.section] == "zero"
        put_number(row, MAX_COL, res.max if counted_max else _shown(res.status), f"number:{kind}")
        counted = res.status not in NOT_COUNTED
        put_number(row, POINTS_COL, res.points if counted else _shown(res.status), f"number:{kind}")
        reviewed = ZERO
        if theirs is None or review is None:
            w.put(row, REVIEW_COL, "", f"number:{kind}")
            w.put(row, 9, "", f"text:{kind}")
        else:
            got = theirs.item(res.id)
            if got.status in NOT_COUNTED:
                put_number(row, REVIEW_COL, _shown(got.status), f"number:{kind}")
            else:
                reviewed = got.points
                put_number(row, REVIEW_COL, got.points, f"number:{kind}")
            w.put(row, 9, review.opinions.get(res.id, ""), f"text:{kind}")
        w.put(row, 10, evidence_text(item, answer), f"text:{kind}")
        w.put(row, NOTE_COL, answer.note if answer is not None else "", f"text:{kind}")
        if counted:  # the read-back compares these cells with the data (不适用 is no number)
            refs[res.id] = f"{_col(POINTS_COL)}{row}"
        return (res.max if counted_max else ZERO), (res.points if counted else ZERO), reviewed

    def sum_row(
        label: str,
        full: Decimal | str,
        points: Decimal,
        note: str,
        style: str = "subtotal",
        reviewed: Decimal | None = None,
        review_note: str = "",
    ) -> None:
        nonlocal row
        row += 1
        w.put(row, 1, label, style, span=3)
        w.put(row, 4, note, style, span=2)
        put_number(row, MAX_COL, full, f"number:{style}")
        put_number(row, POINTS_COL, points, f"number:{style}")
        put_number(row, REVIEW_COL, "" if reviewed is None else reviewed, f"number:{style}")
        w.put(row, 9, review_note, style, span=3)

    counted_points = ZERO  # what the rows add up to: the 合计 row says so when the total's floor lifts it
    by_section: dict[str, list[ItemResult]] = {}
    for res in result.items:
        by_section.setdefault(res.section, []).append(res)
    for s in result.sections:
        base = [r for r in by_section.get(s.id, []) if not r.bonus]
        if not base:
            continue
        full, raw, their_raw = ZERO, ZERO, ZERO
        for res in base:
            a, b, c = item_row(res)
            full, raw, their_raw = full + a, raw + b, their_raw + c
            blocks.append(Block(row, row))
        raw = raw if s.deduction else s.raw  # the Result's raw points (the rows add up to it)
        g = their_sections.get(s.id)
        rescaled = not s.deduction and bool(s.note)  # the Result re-scaled or capped it
        # The rows are the village's (the 数据 sheet's layout points at them): a review that makes
        # a section re-scaled where the village's is not says its counted points in a note.
        their_note = ""
        if g is not None and not s.deduction and not rescaled and g.note:
            their_note = f"审核：{_rescale_note(g)}"
        sum_row(f"{s.title}　小计", full, raw, "", reviewed=their_raw if g is not None else None, review_note=their_note)
        if s.deduction:  # 积分制: what the section lost comes off the total (the Result's figure)
            most = f"（最多扣{fmt(s.max)}分）" if s.max < full else ""
            sum_row(
                f"{s.title}　计入总分",
                "",
                -s.points,
                f"从总分中扣除{fmt(s.points)}分{most}",
                reviewed=-g.points if g is not None else None,
            )
            counted_points -= s.points
        elif rescaled:
            sum_row(
                f"{s.title}　折算后得分", s.max, s.points, _rescale_note(s), reviewed=g.points if g is not None else None
            )
        blocks[-1] = Block(blocks[-1].first, row)  # the 小计 and 折算 rows stay with the last item
        if not s.deduction:
            counted_points += s.points
    if result.parts:  # weighted parts: each part's points brought to its weight, as the Result says
        counted_points -= sum((x.points for x in result.parts), ZERO)
        for part in result.parts:
            note = f"得分{fmt(part.points)}分÷满分{fmt(part.max)}分×权重{fmt(part.weight)}分"
            sum_row(f"{part.label}　按权重折合", part.weight, part.weighted, note)
            counted_points += part.weighted
        blocks[-1] = Block(blocks[-1].first, row)

    bonus_items = [r for r in result.items if r.bonus]
    if bonus_items:
        bonus_max, their_bonus = ZERO, ZERO
        for res in bonus_items:
            a, _, c = item_row(res)
            bonus_max, their_bonus = bonus_max + a, their_bonus + c
            blocks.append(Block(row, row))
        sum_row("加分项　小计", bonus_max, result.bonus_raw, "", reviewed=their_bonus if theirs is not None else None)
        cap = result.bonus_cap
        note = result.bonus_note or (f"加分项上限{fmt(cap)}分" if cap is not None else "")
        counted_bonus = theirs.bonus if theirs is not None else None
        sum_row("加分项　计入总分", "", result.bonus, note, reviewed=counted_bonus)  # 分值 blank: the 满分 is the base total
        blocks[-1] = Block(blocks[-1].first, row)
        counted_points += result.bonus

    last_item = row
    row += 1
    total_row = row
    w.put(row, 1, "合计", "label", span=3)
    level = level_words(rubric, result.level)
    bonus = f"含加分{fmt(result.bonus)}分；" if result.bonus else ""
    bonus += f"扣分{fmt(result.deductions)}分；" if result.deductions else ""
    if result.total != counted_points:  # only the total's floor does this
        bonus += f"低于最低分，按{fmt(result.total)}分计；"
    w.put(row, 4, f"{bonus}星级：{level}", "label", span=2)
    put_number(row, MAX_COL, result.max, "number:subtotal")
    put_number(row, POINTS_COL, result.total, "number:subtotal")
    if theirs is None or review is None:
        w.put(row, REVIEW_COL, "", "number:subtotal")
        w.put(row, 9, "", "label", span=3)
    else:
        put_number(row, REVIEW_COL, theirs.total, "number:subtotal")
        their_bonus_text = f"含加分{fmt(theirs.bonus)}分；" if theirs.bonus else ""
        said = f"审核：{their_bonus_text}星级：{level_words(rubric, theirs.level)}；自评−审核：{signed(review.difference)}分"
        w.put(row, 9, said, "label", span=3)
    refs["__total__"] = f"{_col(POINTS_COL)}{row}"
    row += 1
    w.put(row, 1, LEGEND, "note", span=len(HEADERS))
    row = write_signoff(w, row + 2, len(HEADERS))
    blocks[-1] = Block(blocks[-1].first, row)  # the 合计, legend and sign-off print with the last item

    for col, values in numbers.items():
        number_format = column_format(values)
        for r in range(FIRST_ROW, total_row + 1):
            ws.cell(row=r, column=col).number_format = number_format
    w.row_heights()
    ws.row_dimensions[1].height = 28
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A2:{_col(len(HEADERS))}{max(last_item, FIRST_ROW)}"
    print_setup(ws, landscape=True, title_rows="1:2", fit=False)
    paginate(ws, blocks, landscape=True, title_rows=(1, 2))
    return refs


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def _rescale_note(s: GroupResult) -> str:
    """The Result's own note on how the section's points were counted (折算, cap)."""
    return s.note or f"计{fmt(s.points)}分（满分{fmt(s.max)}分）"
