"""Strict, located YAML reading for rubric files.

libyaml composes the node tree (fast, and every node keeps its line and column); we then build
plain data ourselves with YAML 1.2 core-schema scalars, so YAML 1.1 traps (``yes`` → true,
``010`` → 8) never change a file's meaning silently. Nothing is ever constructed from a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from checklist.errors import Located
from checklist.numbers import MAX_DIGITS

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_ALIASES = 100
MAX_DEPTH = 64

Path = tuple[str | int, ...]

_PURE = not hasattr(yaml, "CSafeLoader")
_Base: Any = yaml.SafeLoader if _PURE else yaml.CSafeLoader
_PLAIN = "tag:checklist,2026:plain"  # an untagged, unquoted scalar: we decide what it means


class _Loader(_Base):  # type: ignore[misc]
    """Leaves untagged plain scalars unresolved, so an explicit ``!!str`` can be told apart from
    a plain word that PyYAML's YAML 1.1 rules would call a string (``y``, ``0o17``)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")
_OTHER_BASE = re.compile(r"^[-+]?0[oOxXbB][0-9a-fA-F_]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")

# A plain scalar can only be null, a boolean, a number or a YAML 1.1 trap if it starts with one of
# these (or is empty); anything else (Chinese text, ids, keys) is a string without more tests.
_NUMBER_START = frozenset("-+.0123456789")
_SPECIAL_START = _NUMBER_START | frozenset("~nNtTfFyYoO")

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_PLAIN} | {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

# libyaml's problems (matched against its problem and context text), in words an organiser
# can act on.
_SYNTAX = {
    "mapping values are not allowed": "此处不能出现“键: 值”：请检查缩进，或给含冒号的文字加引号",
    "could not find expected ':'": "缺少冒号“:”，或上一行引号未闭合",
    "did not find expected key": "此处应是一个键（与同级的键对齐）：请检查缩进，或前面是否有未闭合的引号",
    "did not find expected '-' indicator": "缩进不一致：此行与同级没有对齐（请检查空格数；列表项应以“- ”开头）",
    "tab character": "用了制表符（Tab）缩进：请改用空格缩进",
    "found undefined alias": "引用了未定义的锚点（*名称）",
    "found duplicate anchor": "锚点名称重复（&名称）",
    "found unexpected end of stream": "文件意外结束：引号或括号未闭合",
    "found unknown escape character": "双引号中有无效的转义字符（\\）",
    "expected a single document in the stream": "文件中只能有一个 YAML 文档，请删除多余的“---”",
    "did not find expected <document start>": "文档结束标记“...”之后还有内容，请删除“...”",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "did not find expected ',' or '}'": "花括号 { } 未闭合：缺少“,”或“}”",
    "did not find expected ',' or ']'": "方括号 [ ] 未闭合：缺少“,”或“]”",
    "did not find expected alphabetic or numeric character": "锚点或别名（&名称、*名称）缺少名称",
    "found unknown directive name": "不认识的“%”指令：评分细则中不需要“%”开头的行",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致：此处缩进多于同级的键",
    "expected <block end>, but found '-'": "缩进不一致：列表项“- ”与同级的键没有对齐",
    "expected <block end>, but found '<scalar>'": "此处应是一个键（与同级的键对齐）：请检查缩进，或前面是否有未闭合的引号",
    "exceeded maximum nesting depth": f"嵌套层数过多（括号或缩进超过 {MAX_DEPTH} 层），拒绝读取",
}


class _Refused:
    """What a refused scalar or tagged node becomes: it fails validation at its own place
    (already reported there), so no second message appears about the mapping around it."""

    def __repr__(self) -> str:
        return "（已报告的错误值）"


REFUSED: Any = _Refused()


class Problem(Located):
    """One located problem of a rubric file: ``FILE:LINE:COL: [id] message`` (a Located with
    the rubric's names for its parts)."""

    __slots__ = ()

    def __init__(self, file: str, line: int, col: int, ident: str | None, message: str) -> None:
        super().__init__(file, line, col, ident, message)

    @property
    def file(self) -> str:
        return self.where

    @property
    def ident(self) -> str | None:
        return self.item

    def __repr__(self) -> str:
        return f"Problem(file={self.file!r}, line={self.line}, col={self.col}, ident={self.ident!r}, message={self.message!r})"


@dataclass
class Document:
    """Plain data from a YAML file, with where every value and key stands (1-based)."""

    data: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[tuple[int, int, str]] = field(default_factory=list)


class TooBig(Exception):
    """The document expands past the limits: refused as a whole."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def decode(raw: bytes) -> tuple[str | None, tuple[int, int, str] | None]:
    """UTF-8 text (a BOM is fine), or where and why it is not."""
    if len(raw) > MAX_BYTES:
        return None, (1, 1, f"文件过大（{len(raw) // 1024} KB），评分细则文件不得超过 {MAX_BYTES // 1024 // 1024} MB")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, (line, col, "文件不是 UTF-8 编码：请用 UTF-8 另存（WPS/记事本“另存为”时选择 UTF-8）")


def read_yaml(text: str) -> Document:
    doc = Document()
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        doc.problems.append((line, col, "文件含有空字符（U+0000），不是文本文件"))
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.problems.append((line, col, _syntax_message(exc.problem or str(exc), exc.context or "")))
        return doc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        doc.problems.append(_reader_problem(text, exc))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append((1, 1, _syntax_message(str(exc))))
        return doc
    if node is None:
        doc.problems.append((1, 1, "文件为空"))
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(node, ())
    except TooBig as exc:
        doc.data = None
        doc.problems.append((exc.line, exc.col, exc.message))
    return doc


def _syntax_message(problem: str, context: str = "") -> str:
    for english, chinese in _SYNTAX.items():
        if english in problem or english in context:
            return "YAML 格式错误：" + chinese
    if "special characters are not allowed" in problem or "control characters" in problem:
        return "YAML 格式错误：文件含有不允许的控制字符"
    if "found character '\\t'" in problem:  # the pure-Python reader's word for a tab
        return "YAML 格式错误：" + _SYNTAX["tab character"]
    if "found character" in problem:
        return "YAML 格式错误：出现了不能作为开头的字符（如 @、`、%）：含这些字符的文字请加引号"
    return "YAML 格式错误：" + problem


def _reader_problem(text: str, exc: yaml.reader.ReaderError) -> tuple[int, int, str]:
    """libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters."""
    if _PURE:
        before = text[: exc.position]
    else:
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return line, col, f"文件含有不允许的控制字符（U+{code:04X}），请删除"


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def build(self, node: yaml.Node, path: Path) -> Any:
        line, col = _at(node)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig(line, col, f"文件展开后超过 {MAX_NODES} 个节点（可能是别名炸弹），拒绝读取")
        if len(path) > MAX_DEPTH:
            raise TooBig(line, col, f"嵌套层数超过 {MAX_DEPTH} 层，拒绝读取")
        key = id(node)
        if key in self.active:
            raise TooBig(line, col, "别名引用了自身（循环引用），拒绝读取")
        if key in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise TooBig(line, col, f"别名（*引用）使用超过 {MAX_ALIASES} 次，拒绝读取")
        self.seen.add(key)
        self.doc.values[path] = (line, col)
        if node.tag not in _ALLOWED_TAGS:
            self.doc.problems.append(
                (line, col, f"不允许的标签“{node.tag.replace(_TAG, '!!')}”：评分细则中不能使用 YAML 标签")
            )
            return REFUSED
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line, col)
        self.active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, path)
        finally:
            self.active.discard(key)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline, kcol = _at(key_node)
            if key_node.tag == _TAG + "merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
                self.doc.problems.append((kline, kcol, "不支持“<<”合并写法，请把内容直接写出"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append((kline, kcol, "键必须是文字，不能是列表或映射"))
                continue
            key = self._scalar(key_node, kline, kcol, as_key=True)
            if key is REFUSED:
                continue  # already reported by _scalar
            if isinstance(key, bool):
                self.doc.problems.append((kline, kcol, f"键“{key_node.value}”会被读成是/否，请加引号"))
                continue
            if key is None:
                self.doc.problems.append((kline, kcol, "键不能为空"))
                continue
            key = str(key_node.value)
            if key in out:
                self.doc.problems.append((kline, kcol, f"键“{key}”重复出现：后一个会覆盖前一个，请删除其一"))
                continue
            self.doc.keys[(*path, key)] = (kline, kcol)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int, as_key: bool = False) -> Any:
        value: str = node.value
        if node.style:  # quoted or block text: always a string (libyaml gives "" for plain)
            return value
        if value and value[0] not in _SPECIAL_START:
            return value
        explicit_str = node.tag == _TAG + "str"
        if value in _NULL:
            return value if explicit_str else None
        if value in _TRUE or value in _FALSE:
            return value if explicit_str else value in _TRUE
        if _YAML11_BOOL.match(value):
            if explicit_str:
                return value
            if as_key:
                message = f"键“{value}”含义不明（旧版 YAML 会读成是/否）：请检查拼写，确需用作键请加引号"
            else:
                message = f"“{value}”含义不明（旧版 YAML 会读成是/否）：表示是/否请写 true 或 false，表示文字请加引号"
            self.doc.problems.append((line, col, message))
            return REFUSED
        if value[0] not in _NUMBER_START:  # "type", "title", "none": no number pattern can match
            return value
        if _LEADING_ZERO.match(value):
            if explicit_str:
                return value
            self.doc.problems.append(
                (line, col, f"“{value}”以 0 开头（旧版 YAML 会读成八进制数）：表示数字请去掉前导 0，表示编号请加引号")
            )
            return REFUSED
        if _OTHER_BASE.match(value):
            if explicit_str:
                return value
            self.doc.problems.append(
                (line, col, f"“{value}”是十六进制、八进制或二进制写法：数字请按十进制书写，表示编号请加引号")
            )
            return REFUSED
        is_int = _INT.match(value) is not None
        if is_int or _FLOAT.match(value):
            if explicit_str:
                return value
            try:
                number = Decimal(value)
            except InvalidOperation:  # an exponent beyond what Decimal holds (1e40099999999999999999)
                number = Decimal(10) ** MAX_DIGITS
            if len(number.as_tuple().digits) > MAX_DIGITS or abs(number.adjusted()) >= MAX_DIGITS:
                # 1e400 or 30 digits would break exact sums and the text shown to the secretary
                self.doc.problems.append(
                    (line, col, f"“{value}”位数过多或数值过大：请写不超过 {MAX_DIGITS} 位的普通数字")
                )
                return REFUSED
            return int(value) if is_int else number
        if _SPECIAL_FLOAT.match(value):
            self.doc.problems.append((line, col, f"“{value}”不是有效的分值或数量"))
            return REFUSED
        return value
