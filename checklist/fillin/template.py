"""write_template: the blank fill-in workbook (自评填报表) for villages without the tool.

Sheets: 填写说明 (instructions), 自评填报 (the form, protected: only answer, 不适用 and note cells
are unlocked; no password, so an organiser can unprotect it from the menu), 选项 (hidden: the
dropdown lists, so long option lists work in every spreadsheet program), 模板信息 (very hidden:
rubric id, version and SHA-256, the profile, and which row holds which answer, with a checksum).

openpyxl is imported in here only.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from checklist.cjk import print_width
from checklist.fillin.layout import (
    COL_ANSWER,
    COL_GUIDE,
    COL_ID,
    COL_NA,
    COL_NO,
    COL_NOTE,
    COL_PROMPT,
    COL_SECTION,
    COL_TITLE,
    COL_UNIT,
    FIRST_ROW,
    FORM,
    FORMAT,
    GUIDE,
    HEAD_ROW,
    HEADER_FIELDS,
    HEADERS,
    LISTS,
    META,
    NA,
    NO,
    TICK,
    WIDTHS,
    YES,
    Row,
    choice_labels,
    column_letter,
    plan,
)
from checklist.fillin.relevance import grey_when
from checklist.numbers import fmt
from checklist.rubric.model import Choice, Rubric
from checklist.rubric.params import Params
from checklist.xlsx import datasheet
from checklist.xlsx.atomic import TargetExists, save_workbook
from checklist.xlsx.cells import MAX_ROW_POINTS, Writer, headers, print_setup
from checklist.xlsx.layout import Block, paginate
from checklist.xlsx.safe import clean
from checklist.xlsx.signoff import write_signoff
from checklist.xlsx.styles import LINE_POINTS, Palette

ANSWER_FILL = PatternFill("solid", fgColor="FFFDE7")  # pale yellow: 请在黄色格子中填写
UNLOCKED = Protection(locked=False)


NOTICE = "本表由 checklist 生成，记录填报表对应的评分细则和各行含义，请勿修改。"


class TemplateExists(TargetExists):
    """The target exists and ``force`` was not given."""


def _open_cell(ws: Any, row: int, col: int) -> None:
    cell = ws.cell(row=row, column=col)
    cell.protection = UNLOCKED
    cell.fill = ANSWER_FILL


OWN_COLS = (COL_PROMPT, COL_ANSWER, COL_UNIT)  # a row's own cells (the others are merged over the item)


def _lines(value: object, width_units: float) -> int:
    """Wrapped lines of a cell's text in a column (CJK counted as two units)."""
    if not isinstance(value, str) or not value:
        return 1
    room = max(1.0, width_units - 0.5)
    return sum(max(1, math.ceil(print_width(part) / room)) for part in value.split("\n"))


def _instructions(ws: Any, palette: Palette, rubric: Rubric, p: Params, profile_label: str) -> None:
    w = Writer(ws, palette, [4.0, 70.0])  # A4 portrait at 100%
    w.put(1, 1, f"{rubric.title.removesuffix('细则')}填报表　填写说明", "title", span=2)
    lines = [
        f"评分细则：{rubric.title}（{rubric.version}）；地区档位：{profile_label}。",
        f"请在“{FORM}”工作表中填写：先在上方填写乡镇（街道）、村名、年度和填报人，再逐项填写黄色格子。",
        "“是/否”和选项类指标请用下拉列表选择；数字请填阿拉伯数字（全角数字也可以），不要带单位，不要填公式。",
        "占比类指标分两行填写人数（分子、分母），由程序计算比例；村集体经济收入等须同时填写本年度和上年度数值。",
        "“逐项选择”的指标：每一小项都要选“是”或“否”，不要留空。",
        "本村不适用的指标（评分标准中注明可选“不适用”的），在“不适用”列选择“不适用”，答案留空。",
        f"每项指标下列出所需的佐证材料，已具备的在“填写（答案）”列选“{TICK}”，没有的留空。",
        "根据前面的答案无需填写的指标会变为灰色，留空即可。",
        "打印后在表末签字、盖章，连同电子表格一并报送乡镇（街道）。",
        "评定类指标须在“备注”中写明评定理由，否则不计分。",
        "除黄色格子外，其余内容已锁定，请勿插入、删除行或修改表格结构；不要删除或修改隐藏的工作表。",
        "填好后保存为 .xlsx 格式（Excel、WPS、LibreOffice 均可），交乡镇（街道）用 checklist import 导入或汇总。",
        "导入时会一次列出所有问题（第几行、哪一列、什么问题），改好后重新导入即可；有问题时不会导入任何内容。",
    ]
    desc = p.render(rubric.description).strip()
    if desc:
        lines.append("细则说明：" + desc)
    for n, line in enumerate(lines, start=1):
        w.put(n + 1, 1, n, "center")
        w.put(n + 1, 2, line, "text")
    w.row_heights()
    ws.row_dimensions[1].height = 28
    print_setup(ws, landscape=False)


def _lists(ws: Any, rubric: Rubric) -> dict[str, str]:
    """Writes the dropdown lists; returns item id (or "__yesno__", "__na__") → range formula."""
    refs: dict[str, str] = {}
    columns: list[tuple[str, list[str]]] = [("__yesno__", [YES, NO]), ("__na__", [NA])]
    for item in rubric.items():
        if isinstance(item.rule, Choice):
            columns.append((item.id, choice_labels(item.rule)))
    columns.append(("__tick__", [TICK]))
    for n, (key, values) in enumerate(columns, start=1):
        letter = _col(n)
        for r, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=n, value=clean(value, 250))
            cell.data_type = "s"
        # through a defined name: Excel 2007 and some WPS versions refuse a list that points
        # straight into another sheet, and every reader takes a name
        name = f"list_{n}"
        ws.parent.defined_names[name] = DefinedName(name, attr_text=f"'{LISTS}'!${letter}$1:${letter}${len(values)}")
        refs[key] = name
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return refs


def _col(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def _number_dv(row: Row) -> DataValidation:
    whole = row.kind == "whole"
    unit = f"，单位：{row.unit}" if row.unit else ""
    kind = "整数" if whole else "数字"
    if row.low is not None and row.high is not None:
        dv = DataValidation(
            type="whole" if whole else "decimal", operator="between", formula1=fmt(row.low), formula2=fmt(row.high)
        )
        rng = f"，在 {fmt(row.low)} 至 {fmt(row.high)} 之间"
    elif row.low is not None:
        dv = DataValidation(type="whole" if whole else "decimal", operator="greaterThanOrEqual", formula1=fmt(row.low))
        rng = f"，不小于 {fmt(row.low)}"
    else:
        dv = DataValidation(
            type="whole" if whole else "decimal", operator="lessThanOrEqual", formula1=fmt(row.high or 0)
        )
        rng = f"，不大于 {fmt(row.high or 0)}"
    dv.errorStyle = "warning"  # full-width digits typed by an input method are accepted on import
    dv.error = f"请填写{kind}{rng}{unit}（不要带单位）"
    dv.errorTitle = "填写有误"
    dv.prompt = f"填写{kind}{rng}{unit}"
    dv.promptTitle = "填写提示"
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.allow_blank = True
    return dv


def _list_dv(formula: str, what: str) -> DataValidation:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.errorStyle = "stop"
    dv.error = f"请从下拉列表中选择{what}"
    dv.errorTitle = "填写有误"
    dv.showErrorMessage = True
    dv.promptTitle = "填写提示"
    dv.prompt = f"点右侧箭头，从下拉列表中选择{what}"
    dv.showInputMessage = True
    return dv


def _form(
    ws: Any, palette: Palette, rubric: Rubric, p: Params, profile_label: str, refs: dict[str, str]
) -> list[list[Any]]:
    w = Writer(ws, palette, WIDTHS)
    title = f"{rubric.title.removesuffix('细则')}填报表"
    w.put(1, 1, title, "title", span=len(HEADERS))
    w.put(
        2,
        1,
        f"评分细则：{rubric.title}（{rubric.version}）　地区档位：{profile_label}　请在黄色格子中填写",
        "subtitle",
        span=len(HEADERS),
    )
    for _key, label, hrow in HEADER_FIELDS:
        w.put(hrow, COL_TITLE, label, "label")
        w.put(hrow, COL_GUIDE, "", "text")
        _open_cell(ws, hrow, COL_GUIDE)
    year_dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True)
    year_dv.error, year_dv.errorTitle, year_dv.showErrorMessage = "年度请填写四位数字，如 2026", "填写有误", True
    ws.add_data_validation(year_dv)
    year_dv.add(f"{column_letter(COL_GUIDE)}{HEADER_FIELDS[2][2]}")
    for col, head in enumerate(HEADERS, start=1):
        w.put(HEAD_ROW, col, head, "head")

    yesno = _list_dv(refs["__yesno__"], "“是”或“否”")
    na = _list_dv(refs["__na__"], "“不适用”，或留空")
    tick = _list_dv(refs["__tick__"], f"“{TICK}”（此项佐证材料已具备），没有的留空")
    ws.add_data_validation(yesno)
    ws.add_data_validation(na)
    ws.add_data_validation(tick)
    choice_dvs: dict[str, DataValidation] = {}
    sections = {i.id: s.title for s in rubric.sections for i in s.items}
    index = rubric.item_index()
    mapping: list[list[Any]] = []
    number = 0
    for row, r in plan(rubric, p):
        item = index[r.item][1]
        mapping.append([row, r.item, r.key])
        if r.first:
            number += 1
            marks = ("［加分项］" if item.bonus else "") + (f"［{item.veto.kind}］" if item.veto is not None else "")
            guide = p.render(item.guide or item.text)  # its evidence: a row each, to tick
            w.put(row, COL_NO, number, "center")
            w.put(row, COL_SECTION, sections[item.id], "text")
            w.put(row, COL_TITLE, item.title + marks, "text")
            w.put(row, COL_GUIDE, guide, "text")
        else:
            for col in (COL_NO, COL_SECTION, COL_TITLE, COL_GUIDE):
                w.put(row, col, "", "text")
        w.put(row, COL_PROMPT, r.prompt, "text" if r.kind != "none" else "label")
        w.put(row, COL_ANSWER, "", "center")
        w.put(row, COL_UNIT, r.unit, "center")
        w.put(row, COL_NA, "", "center")
        w.put(row, COL_NOTE, "", "text")
        w.put(row, COL_ID, f"{r.item}/{r.key}", "data")
        ref = f"{column_letter(COL_ANSWER)}{row}"
        if r.kind != "none":
            _open_cell(ws, row, COL_ANSWER)
        if r.kind == "yesno":
            yesno.add(ref)
        elif r.kind == "tick":
            tick.add(ref)
        elif r.kind == "choice":
            dv = choice_dvs.get(r.item)
            if dv is None:
                dv = choice_dvs[r.item] = _list_dv(refs[r.item], "一项")
                ws.add_data_validation(dv)
            dv.add(ref)
        elif r.kind in ("whole", "decimal"):
            dv = _number_dv(r)
            ws.add_data_validation(dv)
            dv.add(ref)
        if r.first:
            _open_cell(ws, row, COL_NOTE)
            if r.allow_na:
                _open_cell(ws, row, COL_NA)
                na.add(f"{column_letter(COL_NA)}{row}")
    last = mapping[-1][0] if mapping else FIRST_ROW
    _grey_not_relevant(ws, rubric, p)
    # an item's rows share its number, title, guide and note
    for row, r in plan(rubric, p):
        if r.first and r.span > 1:
            for col in (COL_NO, COL_SECTION, COL_TITLE, COL_GUIDE, COL_NA, COL_NOTE):
                ws.merge_cells(start_row=row, start_column=col, end_row=row + r.span - 1, end_column=col)
    signed = write_signoff(w, last + 2, COL_NOTE)
    w.row_heights()
    # A merged guide was measured on its first row; its other rows hold their own prompts. The
    # first row keeps what its own cells need, plus whatever the merged text needs beyond the
    # other rows (so neither the prompt nor the guide's last line is cut).
    for row, r in plan(rubric, p):
        if r.first and r.span > 1:
            dim = ws.row_dimensions[row]
            merged = float(dim.height or 0)
            rest = sum(float(ws.row_dimensions[n].height or 18.0) for n in range(row + 1, row + r.span))
            own = max(_lines(ws.cell(row=row, column=col).value, WIDTHS[col - 1]) for col in OWN_COLS)
            dim.height = min(MAX_ROW_POINTS, max(18.0, own * LINE_POINTS + 4, merged - rest))
    ws.row_dimensions[1].height = 28
    # no item split across two pages; the sign-off stays with the last item
    blocks = [Block(row, row + r.span - 1) for row, r in plan(rubric, p) if r.first]
    if blocks:
        blocks[-1] = Block(blocks[-1].first, signed)
    paginate(ws, blocks, landscape=True, title_rows=(HEAD_ROW, HEAD_ROW))
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.column_dimensions[column_letter(COL_ID)].hidden = False
    for n in range(FIRST_ROW, last + 1):
        ws.cell(row=n, column=COL_ID).font = Font(name="宋体", size=8, color="808080")
        ws.cell(row=n, column=COL_ANSWER).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # allowed: widen a column, raise a row
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
    print_setup(ws, landscape=True, title_rows=f"{HEAD_ROW}:{HEAD_ROW}", fit=False)  # laid out for 100%
    ws.print_area = f"A1:{column_letter(COL_NOTE)}{signed}"  # the technical 编号 column does not print
    return mapping


GREY = DifferentialStyle(fill=PatternFill(bgColor="D9D9D9"), font=Font(color="808080"))


def _grey_not_relevant(ws: Any, rubric: Rubric, p: Params) -> None:
    """An item whose gate says it does not apply turns grey (conditional formatting on the
    gate's answer cells), so the village sees it need not be filled in."""
    cells: dict[str, dict[str, str]] = {}
    spans: dict[str, tuple[int, int]] = {}
    letter = column_letter(COL_ANSWER)
    for row, r in plan(rubric, p):
        if r.kind != "tick":
            cells.setdefault(r.item, {})[r.key] = f"${letter}${row}"
        if r.first:
            spans[r.item] = (row, row + r.span - 1)
    for item in rubric.items():
        if item.relevant_when is None:
            continue
        formula = grey_when(item.relevant_when, rubric, p, cells)
        if formula is None:
            continue
        first, end = spans[item.id]
        rule = Rule(type="expression", dxf=GREY, formula=[formula], stopIfTrue=True)
        ws.conditional_formatting.add(f"A{first}:{column_letter(COL_NOTE)}{end}", rule)


def _meta(ws: Any, rubric: Rubric, sha256: str, profile: str | None, mapping: list[list[Any]], made: str) -> None:
    from checklist import __version__

    payload = {
        "format": FORMAT,
        "tool": {"name": "checklist", "version": __version__},
        "made": made,
        "rubric": {"id": rubric.id, "version": rubric.version, "sha256": sha256, "title": rubric.title},
        "profile": profile,
        "sheet": FORM,
        "header": {key: f"{column_letter(COL_GUIDE)}{row}" for key, _, row in HEADER_FIELDS},
        "rows": mapping,
    }
    datasheet.write(ws, NOTICE, FORMAT, payload)


def build_template(rubric: Rubric, sha256: str, profile: str | None = None, now: datetime | None = None) -> Any:
    p = Params(rubric, profile)
    profile_label = rubric.profiles[profile].label if profile else "标准档"
    wb = Workbook()
    palette = Palette(wb)
    guide = wb.active
    guide.title = GUIDE
    _instructions(guide, palette, rubric, p, profile_label)
    form = wb.create_sheet(FORM)
    lists = wb.create_sheet(LISTS)
    refs = _lists(lists, rubric)
    mapping = _form(form, palette, rubric, p, profile_label, refs)
    _meta(wb.create_sheet(META), rubric, sha256, profile, mapping, (now or datetime.now()).strftime("%Y-%m-%d %H:%M"))
    for ws in (guide, form):  # the blank form has no village yet: the rubric names it
        headers(ws, f"{rubric.title}（{rubric.version}）", ws.title, "乡镇（街道）　　　　村")
    wb.active = 1
    guide.sheet_view.tabSelected = False
    form.sheet_view.tabSelected = True
    wb.security = WorkbookProtection(lockStructure=True)  # the hidden sheets stay hidden
    wb.properties.title = clean(f"{rubric.title}填报表", 250)
    wb.properties.creator = "checklist"
    return wb


def write_template(
    rubric: Rubric, sha256: str, path: str | Path, profile: str | None = None, *, force: bool = False
) -> Path:
    wb = build_template(rubric, sha256, profile)
    return save_workbook(wb, Path(path), force=force, exists=TemplateExists)
