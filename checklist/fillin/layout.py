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

from dataclasses import replace

from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.base import FormRow
from checklist.rubric.kinds.choice import choice_labels as choice_labels  # the template lists them
from checklist.rubric.model import Item, Rubric
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


# The rows each kind asks for are its own (checklist/rubric/kinds/): here they are placed.
Row = FormRow


def item_rows(item: Item, p: Params) -> list[Row]:
    rows = kind_of(item.rule).rows(item.id, item.rule, p)
    first = rows[0]
    rows[0] = replace(first, first=True, allow_na=item.allow_na, span=len(rows))
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
