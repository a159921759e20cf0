"""Display width of Chinese text: a CJK character takes two terminal (or Excel) columns."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    if text.isascii():  # the usual case in help and tables: one column each
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_width(text: str) -> int:
    """Width in a CJK font, as Excel, WPS and LibreOffice print a cell: the ambiguous characters
    (“”‘’…—·①★○√×) take two columns there too, not one as in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap
