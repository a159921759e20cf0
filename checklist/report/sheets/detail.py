"""评分明细, the county's form: one row per item, a 小计 row per section, a 折算 row where the
section is re-scaled or capped, the 加分 rows with the cap, a 合计 row, a legend and a sign-off.

Every number column adds up: the item rows of a section sum to its 小计; the sections' counted
rows (折算 where there is one, else 小计) and the counted 加分 sum to the 合计. Items not
applicable print 不适用 in the columns they do not count in. The two 乡镇审核 columns are left
blank for the township's hand or its review.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from checklist.assessment import Assessment
from checklist.numbers import fmt
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
    "pending": "✗",
    "na": "—",
    "not_relevant": "—",
    "info": "○",
}
LEGEND = "图例：✓ 满分　◐ 部分得分　✗ 未得分、未填写或填写有误　— 不适用或无需填写　○ 不计分，仅供认定"
NOT_COUNTED = ("na", "not_relevant")


def row_kind(status: str, vetoed: bool) -> str:
    return "veto" if vetoed else status


def _shown(status: str) -> str:
    return "不适用" if status == "na" else "无需填写"


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
    index = rubric.item_index()
    policies = {s.id: s.na_policy or rubric.na_policy for s in rubric.sections}
    refs: dict[str, str] = {}
    blocks: list[Block] = []
    numbers: dict[int, list[Decimal]] = {MAX_COL: [], POINTS_COL: []}
    row = FIRST_ROW - 1
    serial = 0

    def put_number(r: int, col: int, value: Decimal | str, style: str) -> None:
        if isinstance(value, Decimal):
            numbers[col].append(value)
        w.put(r, col, value, style)

    def item_row(res: ItemResult) -> tuple[Decimal, Decimal]:
        """One item; returns what it adds to the 分值 and 自评得分 sums."""
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
        w.put(row, REVIEW_COL, "", f"number:{kind}")
        w.put(row, 9, "", f"text:{kind}")
        w.put(row, 10, evidence_text(item, answer), f"text:{kind}")
        w.put(row, NOTE_COL, answer.note if answer is not None else "", f"text:{kind}")
        if counted:  # the read-back compares these cells with the data (不适用 is no number)
            refs[res.id] = f"{_col(POINTS_COL)}{row}"
        return (res.max if counted_max else ZERO), (res.points if counted else ZERO)

    def sum_row(label: str, full: Decimal | str, points: Decimal, note: str, style: str = "subtotal") -> None:
        nonlocal row
        row += 1
        w.put(row, 1, label, style, span=3)
        w.put(row, 4, note, style, span=2)
        put_number(row, MAX_COL, full, f"number:{style}")
        put_number(row, POINTS_COL, points, f"number:{style}")
        w.put(row, REVIEW_COL, "", f"number:{style}")
        w.put(row, 9, "", style, span=3)

    counted_max, counted_points = ZERO, ZERO  # what the 合计 row adds up (the tests check it equals the Result)
    by_section: dict[str, list[ItemResult]] = {}
    for res in result.items:
        by_section.setdefault(res.section, []).append(res)
    for s in result.sections:
        base = [r for r in by_section.get(s.id, []) if not r.bonus]
        if not base:
            continue
        full, raw = ZERO, ZERO
        for res in base:
            a, b = item_row(res)
            full, raw = full + a, raw + b
            blocks.append(Block(row, row))
        sum_row(f"{s.title}　小计", full, raw, "")
        if (s.max, s.points) != (full, raw):
            sum_row(f"{s.title}　折算后得分", s.max, s.points, _rescale_note(s))
        blocks[-1] = Block(blocks[-1].first, row)  # the 小计 and 折算 rows stay with the last item
        counted_max, counted_points = counted_max + s.max, counted_points + s.points

    bonus_items = [r for r in result.items if r.bonus]
    if bonus_items:
        bonus_max, bonus_raw = ZERO, ZERO
        for res in bonus_items:
            a, b = item_row(res)
            bonus_max, bonus_raw = bonus_max + a, bonus_raw + b
            blocks.append(Block(row, row))
        sum_row("加分项　小计", bonus_max, bonus_raw, "")
        cap = result.bonus_cap
        if cap is not None and bonus_raw != result.bonus:
            note = f"加分项合计{fmt(bonus_raw)}分，超过上限{fmt(cap)}分，按{fmt(cap)}分计入"
        else:
            note = f"加分项上限{fmt(cap)}分" if cap is not None else ""
        sum_row("加分项　计入总分", "", result.bonus, note)  # 分值 blank: the 满分 is the base total
        blocks[-1] = Block(blocks[-1].first, row)
        counted_points += result.bonus

    last_item = row
    row += 1
    total_row = row
    w.put(row, 1, "合计", "label", span=3)
    level = level_words(rubric, result.level)
    bonus = f"含加分{fmt(result.bonus)}分；" if result.bonus else ""
    w.put(row, 4, f"{bonus}星级：{level}", "label", span=2)
    put_number(row, MAX_COL, result.max, "number:subtotal")
    put_number(row, POINTS_COL, result.total, "number:subtotal")
    w.put(row, REVIEW_COL, "", "number:subtotal")
    w.put(row, 9, "", "label", span=3)
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
    note = getattr(s, "note", "")  # GroupResult.note (kinds); until it lands, say it plainly
    return str(note) if note else f"含不适用项或设有上限，计{fmt(s.points)}分（满分{fmt(s.max)}分）"
