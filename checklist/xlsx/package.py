"""Reading an .xlsx package defensively: the zip and the few XML parts we need, nothing else.

Every limit is checked before anything is decompressed (declared sizes and ratios), and again
while decompressing (a member is never read past its limit), so a zip bomb costs at most a few
megabytes. XML is parsed with defusedxml and any DTD is refused, which stops entity bombs.
Messages are Chinese: they reach the township organiser.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.etree.ElementTree import fromstring as _fast_fromstring

from checklist.errors import UserError

MAX_FILE = 50 * 1024 * 1024
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # deflate rarely beats 100:1 on real sheets; bombs are at 1000:1 and more
# Our own parts are judged by absolute size: with notes bounded (assessment.MAX_NOTE) none of
# them nears this, however repetitive the text (a 5 MB note compresses 1000:1 and is harmless).
RATIO_FROM = 8 * 1024 * 1024

_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


class RefusedReport(UserError, ValueError):
    """A file we will not read, with the reason in Chinese."""


@lru_cache(maxsize=8192)
def cell_ref(ref: str) -> tuple[int, int]:
    """(row, column) of an A1-style reference; ValueError if it is not one. Cached: a roll-up
    looks up the same few dozen references in every village's workbook."""
    m = _REF.match(ref)
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class Package:
    """An opened .xlsx: the zip's table of contents is checked on opening."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        from checklist.infile import InputRefused, check_regular

        try:  # a device, a pipe or a folder is never opened: zipfile would read /dev/zero forever
            check_regular(self.path, MAX_FILE, "工作簿")
        except InputRefused as exc:
            raise RefusedReport(str(exc).removeprefix(f"{self.path}：")) from None
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            raise RefusedReport("不是 Excel 工作簿（.xlsx 文件应为 zip 格式），可能已损坏或被改名") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            self.close()
            raise RefusedReport(f"压缩包内文件过多（{len(infos)} 个），疑似恶意文件，拒绝读取")
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > MAX_MEMBER or total > MAX_TOTAL or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
                self.close()
                raise RefusedReport(
                    f"压缩包内的“{info.filename[:80]}”解压后过大（{info.file_size} 字节，压缩比 {ratio:.0f}:1），"
                    "疑似“压缩炸弹”，拒绝读取"
                )
            self.members[info.filename] = info
        self._shared: list[str] | None = None
        self._sheets: dict[str, tuple[str, str]] | None = None

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- members --------------------------------------------------------------------------

    def read(self, name: str, limit: int = MAX_MEMBER) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise RefusedReport(f"工作簿缺少“{name}”部分，文件不完整")
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError):
            raise RefusedReport(f"工作簿的“{name}”部分已损坏，无法解压（文件可能未传完或被改动过）") from None
        if len(data) > limit:
            raise RefusedReport(f"“{name}”解压后超过 {limit} 字节，疑似“压缩炸弹”，拒绝读取")
        return data

    def xml(self, name: str) -> Any:
        return _parse_xml(name, self.read(name))

    def _scan(self, member: str, wanted: set[str]) -> dict[tuple[int, int], Any] | None:
        data = self.read(member)
        if not _plain_utf8(data) or b"<!DOCTYPE" in data:
            self.xml(member)  # refuses it, with the reason
            return None
        raw = _scan_cells(data, wanted)
        if raw is None:
            return None
        out: dict[tuple[int, int], Any] = {}
        for ref, (kind, text) in raw.items():
            where = cell_ref(ref)
            if kind == "s":
                shared = self.shared_strings()
                index = int(text) if text.isdigit() else -1
                out[where] = shared[index] if 0 <= index < len(shared) else ""
            elif kind in ("inlineStr", "str", "e"):
                out[where] = text
            elif kind == "b":
                out[where] = text == "1"
            else:
                try:
                    out[where] = float(text)
                except ValueError:
                    out[where] = text
        return out

    # --- workbook structure ---------------------------------------------------------------

    def sheets(self) -> dict[str, tuple[str, str]]:
        """Sheet name → (zip member, state: visible / hidden / veryHidden)."""
        if self._sheets is None:
            self._sheets = self._read_sheets()
        return self._sheets

    def _read_sheets(self) -> dict[str, tuple[str, str]]:
        # Workbooks written by the same tool have the same two parts byte for byte: parse them
        # once per distinct content (a roll-up opens thousands of such workbooks).
        key = (self.read("xl/_rels/workbook.xml.rels"), self.read("xl/workbook.xml"))
        if len(key[0]) + len(key[1]) > _SHEETS_KEY_MAX:
            return _parse_sheets(*key)
        found = _SHEETS.get(key)
        if found is None:
            found = _parse_sheets(*key)
            if len(_SHEETS) >= _SHEETS_MAX:
                _SHEETS.clear()
            _SHEETS[key] = found
        return dict(found)

    def shared_strings(self) -> list[str]:
        if self._shared is None:
            self._shared = []
            if "xl/sharedStrings.xml" in self.members:
                for si in self.xml("xl/sharedStrings.xml"):
                    self._shared.append("".join(t.text or "" for t in si.iter() if _local(t.tag) == "t"))
        return self._shared

    def cells(self, member: str, wanted: set[str] | None = None) -> dict[tuple[int, int], Any]:
        """(row, column) → str or float for the cells of one sheet (only the ``wanted`` refs if given)."""
        if wanted is not None:
            found = self._scan(member, wanted)
            if found is not None:
                return found
        root = self.xml(member)
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        out: dict[tuple[int, int], Any] = {}
        v_tag = f"{ns}v"
        for c in root.iter(f"{ns}c"):
            ref = c.get("r", "")
            if wanted is not None and ref not in wanted:
                continue
            try:
                where = cell_ref(ref)
            except ValueError:
                continue
            kind = c.get("t", "n")
            if kind == "inlineStr":
                out[where] = "".join(t.text or "" for t in c.iter() if _local(t.tag) == "t")
                continue
            v = c.find(v_tag)
            if v is None or v.text is None:
                continue
            if kind == "s":
                shared = self.shared_strings()
                index = int(v.text)
                out[where] = shared[index] if 0 <= index < len(shared) else ""
            elif kind in ("str", "e"):
                out[where] = v.text
            elif kind == "b":
                out[where] = v.text == "1"
            else:
                try:
                    out[where] = float(v.text)
                except ValueError:
                    out[where] = v.text
        return out


def _parse_sheets(rels_xml: bytes, workbook_xml: bytes) -> dict[str, tuple[str, str]]:
    rels: dict[str, str] = {}
    for rel in _parse_xml("xl/_rels/workbook.xml.rels", rels_xml):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        rels[rel.get("Id", "")] = path
    out: dict[str, tuple[str, str]] = {}
    for el in _parse_xml("xl/workbook.xml", workbook_xml).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = el.get(f"{{{REL_NS}}}id") or el.get(f"{{{STRICT_REL_NS}}}id") or ""
        if rid in rels:
            out[el.get("name", "")] = (rels[rid], el.get("state", "visible"))
    return out


_SHEETS: dict[tuple[bytes, bytes], dict[str, tuple[str, str]]] = {}
_SHEETS_MAX = 64
_SHEETS_KEY_MAX = 64 * 1024  # larger (strange) workbooks are parsed every time, not kept
_PATTERNS: dict[frozenset[str], re.Pattern[bytes] | None] = {}
_PATTERNS_MAX = 256
_PATTERN_REFS_MAX = 500

_ORDERS: dict[frozenset[str], list[tuple[str, bytes]]] = {}
_MISSING_MAX = 8
_CELL_AT = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_TYPE = re.compile(rb'\bt="([a-zA-Z]+)"')
_V = re.compile(rb"<v>([^<]*)</v>")
_T = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")


def _scan_cells(data: bytes, wanted: set[str]) -> dict[str, tuple[str, str]] | None:
    """ref → (type, raw text) for the wanted cells of a sheet written as Excel, LibreOffice and
    openpyxl write them; None if the sheet is not written that way, and the caller parses it
    properly. The cells are looked for in row order, each from where the one before ended (a
    few finds over the bytes; a cell that is not there at all costs one more pass); a sheet
    whose cells are out of order, or with many wanted cells missing, takes a single regex pass
    over the bytes instead."""
    if b'<c r="' not in data:
        return None
    order = _order(frozenset(wanted))
    out: dict[str, tuple[str, str]] = {}
    pos = 0
    missing = 0
    for ref, needle in order:
        at = data.find(needle, pos)
        if at < 0:
            missing += 1
            if missing > _MISSING_MAX or data.find(needle, 0, pos + len(needle)) >= 0:
                return _scan_all(data, wanted)
            continue  # not in the sheet (an empty cell is not written)
        m = _CELL_AT.match(data, at)
        if m is None:
            return _scan_all(data, wanted)
        pos = m.end()
        cell = _cell(m.group(1), m.group(2))
        if cell is not None:
            out[ref] = cell
    return out


def _scan_all(data: bytes, wanted: set[str]) -> dict[str, tuple[str, str]]:
    """``_scan_cells`` by one regex pass over the whole sheet (the last of a repeated cell counts)."""
    pattern = _pattern(frozenset(wanted))
    if pattern is None:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for m in pattern.finditer(data):
        cell = _cell(m.group(2), m.group(3))
        if cell is not None:
            out[m.group(1).decode()] = cell
    return out


def _cell(attrs: bytes, body: bytes | None) -> tuple[str, str] | None:
    """(type, text) of one cell's attributes and content; None for a cell without a value."""
    t = _TYPE.search(attrs)
    kind = t.group(1).decode() if t else "n"
    body = body or b""
    if kind == "inlineStr":
        text = "".join(x.decode() for x in _T.findall(body))
    else:
        v = _V.search(body)
        if v is None:
            return None
        text = v.group(1).decode()
    return kind, html.unescape(text) if b"&" in body else text


def _order(wanted: frozenset[str]) -> list[tuple[str, bytes]]:
    """The valid refs in row order, each with the bytes that open its cell; made once per set
    of refs (every village's workbook asks for the same cells)."""
    found = _ORDERS.get(wanted)
    if found is None:
        valid = [r for r in wanted if _REF.match(r)]
        found = [(r, b'<c r="' + r.encode() + b'"') for r in sorted(valid, key=cell_ref)]
        if len(wanted) <= _PATTERN_REFS_MAX:
            if len(_ORDERS) >= _PATTERNS_MAX:
                _ORDERS.clear()
            _ORDERS[wanted] = found
    return found


def _pattern(wanted: frozenset[str]) -> re.Pattern[bytes] | None:
    """The regex that finds the wanted cells (None when no ref is valid), compiled once per set
    of refs: every village's workbook asks for the same cells."""
    if wanted in _PATTERNS:
        return _PATTERNS[wanted]
    refs = b"|".join(re.escape(r.encode()) for r in sorted(wanted, key=len, reverse=True) if _REF.match(r))
    pattern = re.compile(rb'<c r="(' + refs + rb')"([^>]*?)(?:/>|>(.*?)</c>)', re.S) if refs else None
    if len(wanted) > _PATTERN_REFS_MAX:
        return pattern
    if len(_PATTERNS) >= _PATTERNS_MAX:
        _PATTERNS.clear()
    _PATTERNS[wanted] = pattern
    return pattern


def _parse_xml(name: str, data: bytes) -> Any:
    if _plain_utf8(data) and b"<!DOCTYPE" not in data:
        # No DTD, so no entity can be declared: the C parser is safe here, and fast.
        try:
            return _fast_fromstring(data)
        except ParseError as exc:
            raise RefusedReport(_bad_xml(name, exc)) from None
    return _defused(name, data)


def _bad_xml(name: str, exc: Exception) -> str:
    """Where the XML breaks, in Chinese (the parser's English never reaches the user)."""
    line, col = getattr(exc, "position", (0, 0)) or (0, 0)
    where = f"第{line}行第{col + 1}列" if line else "某处"
    return f"“{name}”不是有效的 XML（{where}格式有误），文件可能已损坏或被改动"


def _plain_utf8(data: bytes) -> bool:
    """UTF-8 (or ASCII) XML as Excel and LibreOffice write it; anything else takes the slow path."""
    head = data[:200].lstrip(b"\xef\xbb\xbf")
    if not head.startswith(b"<"):
        return False
    if head.startswith(b"<?xml"):
        decl = head.split(b"?>", 1)[0].lower()
        return b"encoding" not in decl or b"utf-8" in decl
    return True


def _defused(name: str, data: bytes) -> Any:
    """defusedxml, refusing any DTD: what reaches here declares one or uses another encoding."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise RefusedReport(
            f"“{name}”含有文档类型或实体声明（可能是“XML 炸弹”），正常的 Excel 文件不会有，拒绝读取"
        ) from None
    except (ParseError, ValueError) as exc:
        raise RefusedReport(_bad_xml(name, exc)) from None
