"""Cell text that is safe to write: never a formula, no XML-illegal characters, bounded length."""

from __future__ import annotations

import re

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE and U+FFFF.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
# Text that a spreadsheet would take for a formula (or DDE) if typed into a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
EXCEL_MAX = 32767
VISIBLE_MAX = 2000


def clean(text: str, limit: int = VISIBLE_MAX) -> str:
    """XML-illegal characters replaced with U+FFFD, line ends as LF (XML would turn a bare CR into
    LF anyway), text over ``limit`` cut with a visible marker."""
    text = ILLEGAL.sub(REPLACEMENT, text).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limit:
        marker = f"……（全文共{len(text)}字，此处只显示前{limit}字，完整内容保存在工作簿的数据中）"
        text = text[:limit] + marker
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def json_for_xml(text: str) -> str:
    """JSON text (control characters already escaped by json.dumps) with the remaining
    XML-illegal characters (lone surrogates, U+FFFE, U+FFFF) written as \\u escapes."""
    return ILLEGAL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
