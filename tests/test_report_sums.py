"""评分明细 adds up: over generated answers (valid, N/A, missing, junk) on the shipped rubrics and
a rich one, every item block sums to its 小计, and the counted rows (折算 where a section is
re-scaled, else 小计; the 加分 row after its cap) sum to the 合计, in exact decimals."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_scoring_properties import SETTINGS, answers, assess, fixed

from checklist.report.sheets import detail
from checklist.report.write import build_workbook
from checklist.rubric import Rubric
from checklist.scoring import score

MAX, POINTS = detail.MAX_COL - 1, detail.POINTS_COL - 1


def _num(v: Any) -> Decimal:
    return Decimal(0) if v in (None, "") or isinstance(v, str) else Decimal(str(v))


def check_sums(rubric: Rubric, data: dict[str, Any]) -> None:
    assessment = assess(rubric, data)
    try:  # junk such as Infinity or NaN cannot be written to the data sheet (not this test's subject)
        assessment.to_data()
    except (OverflowError, ValueError, ArithmeticError):
        assume(False)
    result = score(rubric, assessment)
    wb = build_workbook(rubric, "0" * 64, assessment, result, "2026-11-26 10:00")
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue()))[detail.NAME]
    rows = [list(r) for r in ws.iter_rows(min_row=detail.FIRST_ROW, values_only=True)]
    block = [Decimal(0), Decimal(0)]
    counted = [Decimal(0), Decimal(0)]
    pending: list[Decimal] | None = None  # the 小计 not yet counted (a 折算 row may replace it)
    seen_total = False
    items = 0
    for row in rows:
        label = row[0]
        pair = [_num(row[MAX]), _num(row[POINTS])]
        if isinstance(label, int):
            items += 1
            block = [block[0] + pair[0], block[1] + pair[1]]
            for cell in (row[MAX], row[POINTS]):
                assert not isinstance(cell, str) or cell in ("不适用", "无需填写"), row
            continue
        if not isinstance(label, str):
            continue
        if label.endswith("小计"):
            assert pair == block, (label, pair, block)
            if pending is not None:
                counted = [counted[0] + pending[0], counted[1] + pending[1]]
            pending, block = pair, [Decimal(0), Decimal(0)]
        elif label.endswith("折算后得分") or label.endswith("计入总分"):
            assert pending is not None, f"{label} without a 小计 before it"
            pending = None  # counted instead of the 小计
            counted = [counted[0] + pair[0], counted[1] + pair[1]]
        elif label == "合计":
            if pending is not None:
                counted = [counted[0] + pending[0], counted[1] + pending[1]]
            assert block == [Decimal(0), Decimal(0)], "items after the last 小计"
            assert pair == counted, (pair, counted)
            assert pair == [result.max, result.total]
            seen_total = True
            break
    assert seen_total
    assert items == len(result.items)
    by_id = {i.id: i for i in result.items}
    na = [i for i in by_id.values() if i.status == "na"]
    shown = [r for r in rows if isinstance(r[0], int) and r[POINTS] == "不适用"]
    assert len(shown) == len(na)


@SETTINGS
@given(fixed().flatmap(lambda r: st.tuples(st.just(r), answers(r, junk_rate=3))))
def test_every_column_sums_to_its_total(case: tuple[Rubric, dict[str, Any]]) -> None:
    check_sums(*case)


def test_a_rescaled_section_prints_a_rescale_row() -> None:
    from test_scoring_properties import FIXED

    rubric = FIXED["village-star"]
    first = next(s for s in rubric.sections if any(i.allow_na for i in s.items))
    can_na = [i for i in first.items if i.allow_na]
    data = {i.id: {"value": True} for i in first.items if i.rule.type == "yesno"}
    data[can_na[0].id] = {"na": True}
    check_sums(rubric, data)
    assessment = assess(rubric, data)
    wb = build_workbook(rubric, "0" * 64, assessment, score(rubric, assessment), "2026-11-26 10:00")
    labels = [str(c.value) for c in wb[detail.NAME]["A"] if c.value is not None]
    assert any(label.endswith("折算后得分") for label in labels), labels
