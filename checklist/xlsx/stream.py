"""Reading a worksheet of an untrusted workbook in bounded memory and time.

The zip has already passed ``checklist.xlsx.package.Package``'s checks (declared sizes, ratios, member
count). Here a sheet is decompressed and parsed piece by piece with expat: a document type
declaration (and with it any entity) is refused at once, so entity bombs never expand, and
parsing stops as soon as a row beyond ``max_row`` or more than ``max_cells`` cells appear, so a
1,000,000-row sheet costs a few milliseconds. Shared strings are read the same way, capped.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from checklist.xlsx.package import Package, RefusedReport, cell_ref

CHUNK = 64 * 1024
MAX_SHEET_BYTES = 32 * 1024 * 1024
MAX_STRINGS = 200_000
MAX_STRING_CHARS = 16 * 1024 * 1024


@dataclass(frozen=True)
class Cell:
    kind: str  # s (shared, already resolved), n, str, inlineStr, b, e
    text: str
    formula: str | None = None


class _Stop(Exception):
    pass


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parser(member: str) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_: object) -> None:
        raise RefusedReport(f"“{member}”含有文档类型或实体声明（可能是“XML 炸弹”），正常的 Excel 文件不会有，拒绝读取")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.buffer_text = True
    return parser


def _feed(pkg: Package, member: str, parser: expat.XMLParserType, limit: int, doc: str) -> None:
    info = pkg.members.get(member)
    if info is None:
        raise RefusedReport(f"工作簿缺少“{member}”部分，文件不完整")
    seen = 0
    try:
        with pkg.zip.open(info) as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > limit:
                    raise RefusedReport(f"“{member}”解压后超过 {limit // 1024 // 1024} MB，不是正常的{doc}，拒绝读取")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return
    except expat.ExpatError as exc:
        raise RefusedReport(f"“{member}”不是有效的 XML（第{exc.lineno}行第{exc.offset + 1}列格式有误），文件可能已损坏或被改动") from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError):
        raise RefusedReport(f"工作簿的“{member}”部分已损坏，无法解压（文件可能未传完或被改动过）") from None


def shared_strings(pkg: Package, doc: str) -> list[str]:
    """The shared strings, capped; ``doc`` names the kind of file in the refusals."""
    member = "xl/sharedStrings.xml"
    if member not in pkg.members:
        return []
    out: list[str] = []
    parts: list[str] = []
    state = {"si": False, "t": False, "rph": 0, "chars": 0}
    parser = _parser(member)

    def start(name: str, _attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            state["si"] = True
            parts.clear()
        elif tag == "t":
            state["t"] = True
        elif tag == "rPh":  # phonetic runs are not part of the text
            state["rph"] = int(state["rph"]) + 1

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "si":
            out.append("".join(parts))
            state["si"] = False
            if len(out) > MAX_STRINGS:
                raise RefusedReport(f"共享字符串超过 {MAX_STRINGS} 个，不是正常的{doc}，拒绝读取")
        elif tag == "t":
            state["t"] = False
        elif tag == "rPh":
            state["rph"] = int(state["rph"]) - 1

    def text(data: str) -> None:
        if state["si"] and state["t"] and not state["rph"]:
            parts.append(data)
            state["chars"] = int(state["chars"]) + len(data)
            if int(state["chars"]) > MAX_STRING_CHARS:
                raise RefusedReport(f"共享字符串过长，不是正常的{doc}，拒绝读取")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _feed(pkg, member, parser, MAX_SHEET_BYTES, doc)
    return out


def read_cells(
    pkg: Package,
    member: str,
    *,
    max_row: int,
    max_cells: int,
    wanted_cols: set[int] | None = None,
    strings: list[str] | None = None,
    doc: str,
) -> dict[tuple[int, int], Cell]:
    """(row, column) → Cell for the sheet's cells; RefusedReport when the sheet has a row beyond
    ``max_row`` or more than ``max_cells`` cells. Shared strings are resolved from ``strings``;
    ``doc`` names the kind of file in the refusals."""
    out: dict[tuple[int, int], Cell] = {}
    cur: dict[str, object] = {}
    parts: list[str] = []
    formula: list[str] = []
    where = {"in": ""}
    count = [0]
    shared = strings if strings is not None else []
    parser = _parser(member)

    def too_big(what: str) -> RefusedReport:
        return RefusedReport(f"工作表{what}，远超{doc}应有的大小（可能是恶意文件），拒绝读取")

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "row":
            r = attrs.get("r")
            if r is not None and r.isdigit() and int(r) > max_row:
                raise too_big(f"有第 {int(r)} 行")
        elif tag == "c":
            count[0] += 1
            if count[0] > max_cells:
                raise too_big(f"超过 {max_cells} 个单元格")
            ref = attrs.get("r", "")
            try:
                row, col = cell_ref(ref)
            except ValueError:
                cur.clear()
                return
            if row > max_row:
                raise too_big(f"有第 {row} 行")
            cur.clear()
            cur.update(row=row, col=col, t=attrs.get("t", "n"))
            parts.clear()
            formula.clear()
        elif tag in ("v", "t", "f") and cur:
            where["in"] = tag
            if tag == "f":
                formula.append("")  # a formula element, possibly empty (a shared formula's child)

    def end(name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t", "f"):
            where["in"] = ""
        elif tag == "c" and cur:
            row, col = int(str(cur["row"])), int(str(cur["col"]))
            if wanted_cols is None or col in wanted_cols:
                kind = str(cur["t"])
                text = "".join(parts)
                if kind == "s":
                    index = int(text) if text.strip().isdigit() else -1
                    text = shared[index] if 0 <= index < len(shared) else ""
                out[(row, col)] = Cell(kind, text, "".join(formula) if formula else None)
            cur.clear()

    def chars(data: str) -> None:
        if not cur:
            return
        if where["in"] in ("v", "t"):
            parts.append(data)
        elif where["in"] == "f":
            formula.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    _feed(pkg, member, parser, MAX_SHEET_BYTES, doc)
    return out
