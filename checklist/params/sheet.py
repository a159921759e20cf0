"""The parameter workbook: written with openpyxl (imported only here), read back with the
project's defensive package reader, every problem at once as ``参数!D5: …``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from checklist.errors import Located, UserError
from checklist.numbers import NotANumber, parse_number
from checklist.params.layout import (
    COL_DEFAULT,
    COL_FIRST_PROFILE,
    COL_ID,
    COL_LABEL,
    COL_UNIT,
    FORMAT,
    HEADS,
    HINT,
    INFO,
    MAX_ROWS,
    ROW_FIRST,
    ROW_HEAD,
    ROW_HINT,
    ROW_TITLE,
    SHEET,
    profile_head,
    profile_of,
)
from checklist.rubric.model import Rubric

DOC = "参数表"


class ParamsError(UserError):
    title = "参数表有误，没有生成新细则："


@dataclass
class Values:
    """What the workbook says: each parameter's default, and each profile's values (None: the
    same as the default, no override)."""

    rubric_id: str
    defaults: dict[str, Decimal] = field(default_factory=dict)
    profiles: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)


class ParamsExists(UserError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"文件已存在：{path}。没有覆盖；请换一个文件名，或加 --force 覆盖")


class _Bytes:
    """Text handed to the workbook saver: the same write-beside-then-rename, same refusal."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def save(self, handle: BinaryIO) -> None:
        handle.write(self.data)


def save_text(text: str, target: Path, *, force: bool = False) -> Path:
    from checklist.xlsx.atomic import save_workbook

    return save_workbook(_Bytes(text.encode("utf-8")), target, force=force, exists=ParamsExists)


def write_params(rubric: Rubric, target: Path, *, force: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from checklist.cjk import width
    from checklist.xlsx.atomic import save_workbook
    from checklist.xlsx.cells import number

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    profiles = list(rubric.profiles.items())
    heads = [*HEADS, *(profile_head(p.label, pid) for pid, p in profiles)]
    last_col = len(heads)
    ws.cell(ROW_TITLE, 1, f"《{rubric.title}》（{rubric.version}）参数表").font = Font(bold=True, size=14)
    ws.cell(ROW_HINT, 1, HINT).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=ROW_HINT, start_column=1, end_row=ROW_HINT, end_column=max(last_col, 4))
    ws.row_dimensions[ROW_HINT].height = 36
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    edit_fill = PatternFill("solid", fgColor="FFF2CC")
    for col, text in enumerate(heads, start=1):
        cell = ws.cell(ROW_HEAD, col, text)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    rows = list(rubric.parameters.items())
    for n, (name, p) in enumerate(rows):
        row = ROW_FIRST + n
        ws.cell(row, COL_ID, name)
        ws.cell(row, COL_LABEL, p.label).alignment = Alignment(wrap_text=True)
        ws.cell(row, COL_UNIT, p.unit)
        ws.cell(row, COL_DEFAULT, number(p.default))
        for k, (_pid, profile) in enumerate(profiles):
            value = profile.parameters.get(name)
            ws.cell(row, COL_FIRST_PROFILE + k, None if value is None else number(value))
        for col in range(COL_DEFAULT, last_col + 1):
            cell = ws.cell(row, col)
            cell.protection = Protection(locked=False)
            cell.fill = edit_fill
    if rows:
        end = ROW_FIRST + len(rows) - 1
        check = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000",
            formula2="1000000000",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请填写数字",
            error="这里只能填写数字（如 20 或 12.5）；地区档位列可留空，表示与默认值相同。",
        )
        ws.add_data_validation(check)
        check.add(f"{get_column_letter(COL_DEFAULT)}{ROW_FIRST}:{get_column_letter(last_col)}{end}")
    widths = [max(width(str(c.value or "")) for c in column[ROW_HEAD - 1 :]) for column in ws.iter_cols()]
    for col, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 10), 48)
    ws.freeze_panes = ws.cell(ROW_FIRST, COL_DEFAULT)
    ws.protection.sheet = True  # the names and units are the rubric's; only the numbers change here
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    info = wb.create_sheet(INFO)
    for r, (label, what) in enumerate(
        [("格式", FORMAT), ("细则编号", rubric.id), ("细则版本", rubric.version), ("说明", "请勿修改本表")], start=1
    ):
        info.cell(r, 1, label)
        info.cell(r, 2, what)
    info.sheet_state = "veryHidden"
    return save_workbook(wb, target, force=force, exists=ParamsExists)


def read_params(path: Path, rubric: Rubric) -> Values:
    """The values in a filled parameter workbook for this rubric; ParamsError with every
    problem (sheet!cell and what is wrong) otherwise."""
    from checklist.xlsx.package import Package, RefusedReport
    from checklist.xlsx.stream import read_cells, shared_strings

    problems: list[Located] = []

    def bad(ref: str, message: str, sheet: str = SHEET) -> None:
        problems.append(Located(where=f"{sheet}!{ref}", message=message))

    try:
        with Package(path) as pkg:
            sheets = pkg.sheets()
            missing = [s for s in (SHEET, INFO) if s not in sheets]
            if missing:
                raise ParamsError(
                    problems=[
                        Located(str(path), message=f"缺少“{s}”工作表：不是 checklist 生成的参数表（或被改名）")
                        for s in missing
                    ]
                )
            strings = shared_strings(pkg, DOC)
            info = read_cells(pkg, sheets[INFO][0], max_row=20, max_cells=100, strings=strings, doc=DOC)
            cells = read_cells(
                pkg, sheets[SHEET][0], max_row=MAX_ROWS, max_cells=MAX_ROWS * 40, strings=strings, doc=DOC
            )
    except RefusedReport as exc:
        raise ParamsError(problems=[Located(str(path), message=f"拒绝读取：{exc}")]) from None
    if info.get((1, 2)) is None or info[(1, 2)].text != FORMAT:
        raise ParamsError(problems=[Located(f"{INFO}!B1", message=f"格式不是 {FORMAT}，不是本工具生成的参数表")])
    rubric_id = info[(2, 2)].text if (2, 2) in info else ""
    if rubric_id != rubric.id:
        raise ParamsError(
            problems=[Located(str(path), message=f"这是评分细则“{rubric_id}”的参数表，不是“{rubric.id}”的")]
        )

    from openpyxl.utils import get_column_letter as letter

    values = Values(rubric_id)
    text = {k: c.text.strip() for k, c in cells.items()}
    formulas = {k for k, c in cells.items() if c.formula is not None}

    columns: dict[int, str] = {}
    last_col = max((c for (r, c) in cells if r == ROW_HEAD), default=0)
    for col in range(COL_FIRST_PROFILE, last_col + 1):
        head = text.get((ROW_HEAD, col), "")
        if not head:
            continue
        pid = profile_of(head)
        if pid is None or pid not in rubric.profiles:
            known = "、".join(profile_head(p.label, k) for k, p in rubric.profiles.items()) or "（本细则没有地区档位）"
            bad(
                f"{letter(col)}{ROW_HEAD}", f"“{head}”不是本细则的地区档位（可用：{known}）；新增档位请直接修改细则文件"
            )
            continue
        if pid in columns.values():
            bad(f"{letter(col)}{ROW_HEAD}", f"地区档位“{head}”重复出现")
            continue
        columns[col] = pid
    for pid, p in rubric.profiles.items():
        if pid not in columns.values():
            bad(
                f"{letter(max(last_col, COL_DEFAULT) + 1)}{ROW_HEAD}",
                f"缺少地区档位“{profile_head(p.label, pid)}”一列（被删除或改了标题）",
            )
        values.profiles[pid] = {}

    def number_at(row: int, col: int, what: str, blank_ok: bool) -> Decimal | None:
        """The number in a cell; None when blank (and allowed) or wrong (and reported)."""
        ref = f"{letter(col)}{row}"
        if (row, col) in formulas:
            bad(ref, f"{what}：请直接填写数字，不要用公式")
            return None
        cell = cells.get((row, col))
        raw = text.get((row, col), "")
        if not raw:
            if not blank_ok:
                bad(ref, f"{what}：不能为空，请填写数字")
            return None
        if cell is not None and cell.kind == "n":
            try:
                value = Decimal(raw)
            except InvalidOperation:
                value = None
            if value is not None and len(value.as_tuple().digits) > 15:
                value = Decimal(repr(float(value)))  # a spreadsheet's float noise: 0.30000000000000004
            if value is not None and value.is_finite():
                return value
        try:
            return parse_number(raw, what)
        except NotANumber as exc:
            bad(ref, str(exc))
            return None

    seen: dict[str, int] = {}
    last_row = max((r for (r, c) in cells if c == COL_ID), default=0)
    for row in range(ROW_FIRST, last_row + 1):
        name = text.get((row, COL_ID), "")
        if not name:
            continue
        if name not in rubric.parameters:
            bad(f"{letter(COL_ID)}{row}", f"“{name}”不是本细则的参数；新增参数请直接修改细则文件")
            continue
        if name in seen:
            bad(f"{letter(COL_ID)}{row}", f"参数“{name}”重复出现（第 {seen[name]} 行已有）")
            continue
        seen[name] = row
        label = rubric.parameters[name].label
        default = number_at(row, COL_DEFAULT, f"“{label}”的默认值", blank_ok=False)
        if default is not None:
            values.defaults[name] = default
        for col, pid in columns.items():
            before = len(problems)
            value = number_at(row, col, f"“{label}”在{rubric.profiles[pid].label}的值", blank_ok=True)
            if len(problems) == before:
                values.profiles[pid][name] = value
    for name, param in rubric.parameters.items():
        if name not in seen:
            bad(f"{letter(COL_ID)}{ROW_FIRST}", f"缺少参数“{name}”（{param.label}）一行（被删除或改了编号）")
    if problems:
        raise ParamsError(problems=problems)
    return values
