"""The fill-in workbook's layout (填报表), shared by the template writer and the importer.

One row per item, except:
- a share (占比) item: two rows, the part (分子) and the whole (分母), both whole numbers;
- a number item with a growth alternative: two rows, this year's value and last year's;
- a multiple-choice or required-list item: a heading row (where 不适用 is chosen, if allowed),
  then one row per option / required thing answered 是 or 否.

Columns: A 序号, B 维度, C 指标, D 评分标准及佐证材料, E 填写内容, F 填写（答案）, G 单位,
H 不适用, I 备注, J 编号 (the item id and part, for checking). Only F, H (where allowed) and I,
and the four header cells (乡镇, 村名, 年度, 填报人), are unlocked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from checklist.numbers import fmt
from checklist.rubric.model import (
    Choice,
    Count,
    Deviation,
    Item,
    Judged,
    Multiple,
    Number,
    RequiredList,
    Rubric,
    Share,
    YesNo,
)
from checklist.rubric.params import Params

FORMAT = "checklist-fillin/1"
FORM = "自评填报"
GUIDE = "填写说明"
LISTS = "选项"
META = "模板信息"
YES, NO, NA = "是", "否", "不适用"
TICK = "✓"  # a piece of evidence at hand
EVIDENCE = "ev:"  # the key of an evidence row: ev:1, ev:2 … (the item's evidence list, in order)

COL_NO, COL_SECTION, COL_TITLE, COL_GUIDE, COL_PROMPT, COL_ANSWER, COL_UNIT, COL_NA, COL_NOTE, COL_ID = range(1, 11)
HEADERS = ["序号", "维度", "指标", "评分标准及佐证材料", "填写内容", "填写（答案）", "单位", "不适用", "备注", "编号"]
# A4 landscape at 100% (also in LibreOffice's wider width units); the 编号 column does not print.
WIDTHS = [4.0, 6.0, 10.0, 26.0, 14.0, 10.0, 4.0, 5.0, 11.0, 12.0]
# Who and where: (key, label, row); the value goes in column D.
HEADER_FIELDS = [
    ("township", "乡镇（街道）", 3),
    ("village", "村名", 4),
    ("year", "年度", 5),
    ("assessor", "填报人", 6),
]
HEAD_ROW = 8
FIRST_ROW = 9
MAX_ROWS = 5000  # a template never has this many rows; a sheet with more is refused


@dataclass(frozen=True)
class Row:
    item: str
    key: str  # value | part | whole | current | previous | head | opt:<id>
    prompt: str
    unit: str = ""
    kind: str = "none"  # yesno | choice | whole | decimal | tick (evidence) | none
    low: Decimal | None = None
    high: Decimal | None = None
    first: bool = False
    allow_na: bool = False
    span: int = 1  # rows of this item (on the first row)


def choice_labels(rule: Choice) -> list[str]:
    """Dropdown texts: the labels, numbered when two options share a label."""
    labels = [o.label.strip() for o in rule.options]
    if len(set(labels)) == len(labels):
        return labels
    return [f"{n}．{label}" for n, label in enumerate(labels, start=1)]


def item_rows(item: Item, p: Params) -> list[Row]:
    rule = item.rule
    rows: list[Row]
    match rule:
        case YesNo():
            rows = [Row(item.id, "value", "选择“是”或“否”", kind="yesno")]
        case Choice():
            rows = [Row(item.id, "value", "从下拉列表中选择一项", kind="choice")]
        case Multiple():
            rows = [Row(item.id, "head", "以下各项逐项选择“是”或“否”")]
            rows += [Row(item.id, f"opt:{o.id}", o.label, kind="yesno") for o in rule.options]
        case RequiredList():
            rows = [Row(item.id, "head", "以下各项逐项选择“是”（已具备）或“否”（缺）")]
            rows += [Row(item.id, f"opt:{t.id}", t.label, kind="yesno") for t in rule.things]
        case Count():
            rows = [Row(item.id, "value", f"填写{rule.unit}数（整数）", rule.unit, "whole", Decimal(0))]
        case Number():
            low, high = p.opt(rule.min), p.opt(rule.max)
            if rule.growth is not None:
                rows = [
                    Row(item.id, "current", "本年度数值", rule.unit, "decimal", low, high),
                    Row(item.id, "previous", "上年度数值（用于计算增幅，可不填）", rule.unit, "decimal", Decimal(0)),
                ]
            else:
                rows = [Row(item.id, "value", "填写数值", rule.unit, "decimal", low, high)]
        case Deviation():
            rows = [Row(item.id, "value", "填写数值", rule.unit, "decimal", p.opt(rule.min), p.opt(rule.max))]
        case Share():
            rows = [
                Row(item.id, "part", rule.part_label, rule.unit, "whole", Decimal(0)),
                Row(item.id, "whole", rule.whole_label, rule.unit, "whole", Decimal(1)),
            ]
        case Judged():
            low, high = p(rule.min), p(rule.max)
            rows = [
                Row(item.id, "value", f"在{fmt(low)}至{fmt(high)}分之间评定，备注写明理由", "分", "decimal", low, high)
            ]
        case _:
            raise TypeError(rule)
    first = rows[0]
    rows[0] = Row(
        first.item,
        first.key,
        first.prompt,
        first.unit,
        first.kind,
        first.low,
        first.high,
        True,
        item.allow_na,
        len(rows),
    )
    return rows


def evidence_rows(item: Item, p: Params) -> list[Row]:
    """One row per piece of evidence the item wants, ticked ✓ when it is at hand."""
    return [
        Row(item.id, f"{EVIDENCE}{n}", f"佐证：{p.render(text)}", kind="tick")
        for n, text in enumerate(item.evidence, 1)
    ]


def evidence_of(item: Item, key: str) -> str | None:
    """The evidence an ``ev:N`` row stands for (as the rubric writes it), or None."""
    if not key.startswith(EVIDENCE) or not key[len(EVIDENCE) :].isdigit():
        return None
    n = int(key[len(EVIDENCE) :])
    return item.evidence[n - 1] if 1 <= n <= len(item.evidence) else None


def plan(rubric: Rubric, p: Params) -> list[tuple[int, Row]]:
    """(sheet row, Row) for every row of the form, in rubric order: an item's answer rows, then
    its evidence rows; the first row spans them all."""
    out: list[tuple[int, Row]] = []
    row = FIRST_ROW
    for item in rubric.items():
        rows = item_rows(item, p) + evidence_rows(item, p)
        rows[0] = replace(rows[0], span=len(rows))
        for r in rows:
            out.append((row, r))
            row += 1
    return out


def column_letter(col: int) -> str:
    return "ABCDEFGHIJ"[col - 1]
