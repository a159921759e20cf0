"""read_fillin: a filled-in 填报表 back into an assessment, or every problem at once.

Nothing is half-imported: ``read_fillin`` either returns a complete Assessment or raises
FillinError with every problem found, each naming the row and column in Chinese
("第12行F列 村集体经济年经常性收入：“一百万”不是数字…"). Answers are checked with the scoring
rules' own ``check_value``; formulas in answer cells are refused; full-width digits are fine.
The workbook may have been saved again by Excel, WPS or LibreOffice.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checklist.assessment import MAX_NOTE, Answer, Assessment, RubricRef
from checklist.errors import UserError
from checklist.fillin.layout import (
    COL_ANSWER,
    COL_GUIDE,
    COL_ID,
    COL_NA,
    COL_NOTE,
    EVIDENCE,
    FORMAT,
    MAX_ROWS,
    META,
    NA,
    NO,
    TICK,
    YES,
    column_letter,
    evidence_of,
)
from checklist.numbers import NotANumber, parse_number
from checklist.rubric import Loaded, RubricError, UnknownProfile, load_rubric
from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.text import plain
from checklist.rubric.model import Item
from checklist.rubric.params import Params
from checklist.rubric.shipped import find_shipped
from checklist.scoring import BadValue, check_value, score
from checklist.xlsx import datasheet
from checklist.xlsx.package import Package, RefusedReport
from checklist.xlsx.stream import Cell

MAX_CELLS = 200_000
TRUE_WORDS = {YES, "√", "✓", "有", "是的", "Y", "YES", "TRUE", "1"}
FALSE_WORDS = {NO, "×", "✗", "无", "没有", "N", "NO", "FALSE", "0"}


class FillinError(UserError, ValueError):
    """The workbook was not imported; ``problems`` lists every reason (Chinese). ``str()`` is
    the whole list under the file's name, ``summary()`` one line for the roll-up."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        super().__init__(f"{path}：未导入，共 {len(problems)} 处问题：", problems)
        self.problems: list[str] = problems  # type: ignore[assignment]

    def message(self) -> str:
        return "\n".join([self.title, *(f"  · {p}" for p in self.problems)])

    def summary(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        return (
            f"共 {len(self.problems)} 处问题："
            + "；".join(self.problems[:5])
            + ("……" if len(self.problems) > 5 else "")
        )


@dataclass
class Filled:
    path: Path
    assessment: Assessment
    loaded: Loaded
    warnings: list[str] = field(default_factory=list)


def is_fillin(path: str | Path) -> bool:
    """True if the file is an .xlsx with our 模板信息 sheet (cheap: the workbook's table only)."""
    try:
        with Package(path) as pkg:
            return META in pkg.sheets()
    except RefusedReport:
        return False


def _meta(pkg: Package, path: Path) -> dict[str, Any]:
    from checklist.xlsx.stream import shared_strings

    sheets = pkg.sheets()
    if META not in sheets:
        if datasheet.SHEET in sheets:
            raise FillinError(path, ["这是导出的自评表（已计分），不是填报表：请用 checklist read 复核，或直接汇总"])
        raise FillinError(path, [f"缺少“{META}”工作表：不是 checklist 生成的填报表（或隐藏的工作表被删除），无法导入"])
    strings = shared_strings(pkg, "填报表")
    try:
        stored = datasheet.read(pkg, META, FORMAT, strings)
        payload = stored.payload()
    except datasheet.Broken:
        raise FillinError(path, [f"“{META}”工作表已损坏，无法导入"]) from None
    if payload.get("format") != FORMAT or stored.format != FORMAT:
        raise FillinError(path, [f"“{META}”工作表的格式不是 {FORMAT}，可能来自更新版本的 checklist"])
    if not stored.checksum_ok:
        raise FillinError(path, [f"“{META}”工作表的校验和不符：模板信息被改动过，无法确定各行含义，请用原模板重新填写"])
    payload["_strings"] = strings
    return payload


def _rubric(rubric_id: str, given: Loaded | None, path: Path) -> Loaded:
    if given is not None:
        if given.rubric.id != rubric_id:
            raise FillinError(path, [f"这是评分细则“{rubric_id}”的填报表，不是“{given.rubric.id}”的，不能按此细则导入"])
        return given
    found = find_shipped(rubric_id)
    if found is None:
        raise FillinError(path, [f"找不到评分细则“{rubric_id}”（不是内置细则），请用 --rubric 指定细则文件"])
    try:
        return load_rubric(found)
    except RubricError:
        raise FillinError(path, [f"内置评分细则“{rubric_id}”有误，请用 --rubric 指定细则文件"]) from None




def _decimal_of(cell: Cell) -> Decimal | str:
    """A numeric cell's exact value, or the text as typed."""
    if cell.kind == "n":
        try:
            number = Decimal(cell.text.strip())
        except InvalidOperation:
            return str(cell.text)
        # 0.30000000000000004 (a float written by a spreadsheet) → 0.3
        if len(number.as_tuple().digits) > 15:
            number = Decimal(repr(float(number)))
        return number
    return str(cell.text)


def read_fillin(path: str | Path, rubric: Loaded | None = None) -> Filled:
    """The filled-in workbook as an Assessment; FillinError with every problem otherwise."""
    from checklist.xlsx.stream import read_cells

    source = Path(path)
    try:
        with Package(source) as pkg:
            meta = _meta(pkg, source)
            ref = meta.get("rubric") or {}
            loaded = _rubric(str(ref.get("id", "")), rubric, source)
            sheets = pkg.sheets()
            form = str(meta.get("sheet", ""))
            if form not in sheets:
                raise FillinError(source, [f"缺少“{form}”工作表（被删除或改名），无法导入"])
            rows = meta.get("rows") or []
            last = max((int(r[0]) for r in rows), default=0)
            cells = read_cells(
                pkg,
                sheets[form][0],
                max_row=max(MAX_ROWS, last + 200),
                max_cells=MAX_CELLS,
                wanted_cols={COL_GUIDE, COL_ANSWER, COL_NA, COL_NOTE, COL_ID},
                strings=meta["_strings"],
                doc="填报表",
            )
            created, modified = _stamps(pkg)
    except RefusedReport as exc:
        raise FillinError(source, [f"拒绝读取：{exc}"]) from None
    return _build(source, meta, loaded, cells, modified, created)


def _stamps(pkg: Package) -> tuple[datetime | None, datetime | None]:
    """The workbook's own created and modified times (docProps/core.xml), as written."""
    if "docProps/core.xml" not in pkg.members:
        return None, None
    try:
        root = pkg.xml("docProps/core.xml")
    except RefusedReport:
        return None, None
    found: dict[str, datetime | None] = {"created": None, "modified": None}
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if name in found and el.text and found[name] is None:
            with contextlib.suppress(ValueError):
                found[name] = datetime.fromisoformat(el.text.strip().replace("Z", "+00:00"))
    return found["created"], found["modified"]


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, row: int, col: int, title: str, message: str) -> None:
        self.items.append(f"第{row}行{column_letter(col)}列 {title}：{message}")


def _build(
    source: Path,
    meta: dict[str, Any],
    loaded: Loaded,
    cells: dict[tuple[int, int], Any],
    modified: datetime | None,
    created: datetime | None = None,
) -> Filled:
    rubric = loaded.rubric
    ref = meta.get("rubric") or {}
    problems = _Problems()
    warnings: list[str] = []
    profile = meta.get("profile")
    try:
        p = Params(rubric, profile)
    except UnknownProfile as exc:
        raise FillinError(source, [f"填报表的地区档位在此细则中不存在：{exc}"]) from None
    if str(ref.get("version", "")) != rubric.version or str(ref.get("sha256", "")) != loaded.sha256:
        warnings.append(
            f"填报表生成时所用细则（版本 {ref.get('version', '')}）与现在的细则（版本 {rubric.version}）不同，已按指标编号对应"
        )

    def text_at(row: int, col: int) -> str:
        cell = cells.get((row, col))
        return "" if cell is None else cell.text.strip()

    def formula_at(row: int, col: int, title: str) -> bool:
        cell = cells.get((row, col))
        if cell is not None and cell.formula is not None:
            problems.add(row, col, title, f"不能填写公式（={cell.formula[:60]}），请直接填写内容")
            return True
        return False

    # who and where
    header = meta.get("header") or {}
    who: dict[str, Any] = {}
    labels = {"township": "乡镇（街道）", "village": "村名", "year": "年度", "assessor": "填报人"}
    from checklist.xlsx.package import cell_ref

    for key, label in labels.items():
        try:
            row, col = cell_ref(str(header.get(key, "")))
        except ValueError:
            continue
        if formula_at(row, col, label):
            who[key] = "（公式）" if key != "year" else None
            continue
        value = text_at(row, col)
        if key == "year":
            if not value:
                continue
            try:
                year = parse_number(value, label)
                if year != year.to_integral_value() or not 1949 <= year <= 2200:
                    raise NotANumber
                who[key] = int(year)
            except NotANumber:
                problems.add(row, col, label, f"“{value}”不是有效的年度，请填写四位数字，如 2026")
        else:
            who[key] = value[:200]
    if not who.get("village"):
        try:
            row, col = cell_ref(str(header.get("village", "")))
            problems.add(row, col, "村名", "请填写村名")
        except ValueError:
            problems.items.append("请填写村名")

    index = rubric.item_index()
    by_item: dict[str, list[tuple[int, str]]] = {}
    for entry in meta.get("rows") or []:
        try:
            row, item_id, key = int(entry[0]), str(entry[1]), str(entry[2])
        except (TypeError, ValueError, IndexError):
            raise FillinError(source, [f"“{META}”工作表中的行信息有误，无法导入"]) from None
        by_item.setdefault(item_id, []).append((row, key))
        shown = text_at(row, COL_ID)
        if shown and shown != f"{item_id}/{key}":
            problems.items.append(
                f"第{row}行：表格结构被改动（应为 {item_id}/{key}，现为 {shown}），请用原模板重新填写"
            )
    missing = [i.title for i in rubric.items() if i.id not in by_item]
    if missing:
        warnings.append(f"细则中有 {len(missing)} 项指标不在此填报表中（未填写）：{'、'.join(missing[:10])}")

    answers: dict[str, Answer] = {}
    for item_id, rows in by_item.items():
        if item_id not in index:
            warnings.append(f"填报表中的指标“{item_id}”在现在的细则中已没有，已略过")
            continue
        item = index[item_id][1]
        own = [(row, key) for row, key in rows if not key.startswith(EVIDENCE)]
        evidence = _evidence(
            item, [(row, key) for row, key in rows if key.startswith(EVIDENCE)], problems, formula_at, text_at
        )
        answer = _item(item, own, p, cells, problems, formula_at, text_at) if own else None
        if evidence:  # what is at hand is kept, answered or not (as a note is)
            answer = (answer or Answer(value=None)).model_copy(update={"evidence": evidence})
        if answer is not None:
            answers[item_id] = answer
    if problems.items:
        raise FillinError(source, problems.items)
    assessment = Assessment(
        rubric=RubricRef(id=rubric.id, version=str(ref.get("version", "")), sha256=str(ref.get("sha256", ""))),
        profile=profile,
        village=who.get("village", ""),
        township=who.get("township", ""),
        year=who.get("year"),
        assessor=who.get("assessor", ""),
        created=created,
        updated=modified,
        answers=answers,
    )
    result = score(rubric, assessment)
    empty = [i.title for i in result.items if i.status == "unanswered"]
    if empty:
        shown = "、".join(empty[:10]) + ("等" if len(empty) > 10 else "")
        warnings.append(f"有 {len(empty)} 项指标未填写，按未填写计分：{shown}")
    return Filled(source, assessment, loaded, warnings)


class _Cells:
    """One item's answer cells, read for its kind (``Kind.read``); problems land on their row."""

    def __init__(self, rows: list[tuple[int, str]], filled: dict[str, Any], title: str, problems: _Problems) -> None:
        self.keys = [key for _, key in rows]
        self.row_of = {key: row for row, key in rows}
        self.cells, self.title, self.problems = filled, title, problems

    def filled(self, key: str) -> bool:
        return key in self.cells

    def text(self, key: str) -> str:
        return str(self.cells[key].text)

    def problem(self, key: str, message: str) -> None:
        self.problems.add(self.row_of[key], COL_ANSWER, self.title, message)

    def yes_no(self, key: str) -> bool | None:
        raw = self.cells[key].text.strip()
        word = plain(raw).upper()
        if word in TRUE_WORDS or (self.cells[key].kind == "b" and raw == "1"):
            return True
        if word in FALSE_WORDS:
            return False
        self.problem(key, f"“{raw[:40]}”无效，请选择“是”或“否”")
        return None

    def number(self, key: str, what: str) -> Any:
        value = _decimal_of(self.cells[key])
        if isinstance(value, str):
            try:
                return parse_number(value)
            except NotANumber:
                self.problem(key, f"{what}“{value.strip()[:40]}”不是数字，请用阿拉伯数字填写（如 12 或 12.5）")
                return None
        return value


def _evidence(item: Item, rows: list[tuple[int, str]], problems: _Problems, formula_at: Any, text_at: Any) -> list[str]:
    """The evidence ticked ✓ (at hand), as the rubric names it; anything else but a blank is a problem."""
    have: list[str] = []
    for row, key in rows:
        wanted = evidence_of(item, key)
        if wanted is None or formula_at(row, COL_ANSWER, item.title):
            continue
        raw = text_at(row, COL_ANSWER)
        word = plain(raw).upper()
        if word in TRUE_WORDS:
            have.append(wanted)
        elif word and word not in FALSE_WORDS:
            problems.add(
                row,
                COL_ANSWER,
                item.title,
                f"佐证材料“{wanted[:30]}”：“{raw[:20]}”无效，已具备的请选“{TICK}”，没有的留空",
            )
    return have


def _item(
    item: Item,
    rows: list[tuple[int, str]],
    p: Params,
    cells: dict[tuple[int, int], Any],
    problems: _Problems,
    formula_at: Any,
    text_at: Any,
) -> Answer | None:
    """One item's answer from its rows; problems are added, None when nothing is filled in."""
    rule = item.rule
    title = item.title
    first = rows[0][0]
    bad = False
    for row, _ in rows:
        bad |= formula_at(row, COL_ANSWER, title)
    bad |= formula_at(first, COL_NA, title)
    bad |= formula_at(first, COL_NOTE, title)
    if bad:
        return None
    note = text_at(first, COL_NOTE)
    if len(note) > MAX_NOTE:  # never cut silently: the village decides what to keep
        problems.add(first, COL_NOTE, title, f"备注有 {len(note)} 个字，超过 {MAX_NOTE} 字的上限，请删减")
        bad = True
    na_text = plain(text_at(first, COL_NA))
    na = na_text in (NA, YES, "√", "✓")
    if na_text and not na:
        problems.add(first, COL_NA, title, f"“{na_text}”无效，不适用的请选“不适用”，否则留空")
        return None
    if na and not item.allow_na:
        problems.add(first, COL_NA, title, "本指标不允许选择“不适用”")
        return None
    filled = {key: cells[(row, COL_ANSWER)] for row, key in rows if text_at(row, COL_ANSWER)}
    row_of = {key: row for row, key in rows}
    if na:
        if filled:
            key = next(iter(filled))
            problems.add(row_of[key], COL_ANSWER, title, "已选择“不适用”，答案请留空")
            return None
        return None if bad else Answer(value=None, na=True, note=note)
    if not filled:
        if note and kind_of(rule).needs_note:
            problems.add(first, COL_ANSWER, title, "已写评定理由，但未填写评定分")
            return None
        return Answer(value=None, note=note) if note else None  # a note on an open item is kept

    kind = kind_of(rule)
    value = kind.read(rule, _Cells(rows, filled, title, problems))
    if kind.needs_note and not note:
        problems.add(first, COL_NOTE, title, "评定类指标须在备注中写明评定理由")
        bad = True
    if value is None:
        return None
    try:
        check_value(rule, value, p)
    except BadValue as exc:
        where = next(row for row, key in rows if key != "head")  # a list's first tick, not its heading
        problems.add(where, COL_ANSWER, title, str(exc))
        return None
    return None if bad else Answer(value=value, na=False, note=note)
