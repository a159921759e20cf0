"""Chinese line breaking for a fixed number of terminal columns.

Rules (the ones a reader of official Chinese text notices when broken):
- no line starts with a closing mark (，。、；：？！）」』”’ …) and none ends with an opening one
  (（「『“‘ …): the mark goes with its neighbour;
- a number and its unit stay on one line (党员总人数50人, never 党员总人数5 | 0人), and so do Latin
  words and numbers written with digits;
- widths are East Asian widths (a Chinese character takes two columns);
- a space is a place to break and is dropped there; a newline always breaks.
Only a run too long for a whole line is cut inside, and even then not before a closing mark
when another place exists."""

from __future__ import annotations

import re
import unicodedata

CLOSERS = frozenset("，。、；：？！）」』”’》〉】〕…—·％%,.;:?!)]}〗〙")
OPENERS = frozenset("（「『“‘《〈【〔([{〖〘")
# Units written right after a number; the longest is tried first.
UNITS = (
    "平方米",
    "万元",
    "亿元",
    "周岁",
    "个月",
    "小时",
    "㎡",
    "元",
    "人",
    "名",
    "户",
    "次",
    "项",
    "分",
    "岁",
    "个",
    "年",
    "月",
    "日",
    "天",
    "件",
    "亩",
    "米",
    "%",
    "％",
    "票",
    "篇",
    "场",
    "期",
    "处",
)
_NUMBER_UNIT = re.compile(r"[0-9０-９]+(?:[.．。][0-9０-９]+)?(?:" + "|".join(re.escape(u) for u in UNITS) + ")?")
_WORD = re.compile(r"[A-Za-z0-9_.\-/+]+")


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _glued(text: str) -> list[bool]:
    """``glued[i]``: no break is allowed between text[i-1] and text[i]."""
    glued = [True] + [False] * len(text)
    for match in _NUMBER_UNIT.finditer(text):
        for i in range(match.start() + 1, match.end()):
            glued[i] = True
    for match in _WORD.finditer(text):
        for i in range(match.start() + 1, match.end()):
            glued[i] = True
    for i in range(1, len(text)):
        if text[i] in CLOSERS or text[i - 1] in OPENERS:
            glued[i] = True
    for i in range(len(text) - 1, 0, -1):  # spaces before a closing mark hold on to it too
        if text[i] == " " and i + 1 < len(text) and (text[i + 1] in CLOSERS or (text[i + 1] == " " and glued[i + 1])):
            glued[i] = glued[i + 1] = True
    return glued


def _spans(text: str, columns: int, offset: int) -> list[tuple[int, int]]:
    """Lines of one paragraph (no newline in it) as (start, end) offsets into the full text."""
    glued = _glued(text)
    spans: list[tuple[int, int]] = []
    start, used, i, n = 0, 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == " " and used == 0 and spans:  # spaces at a break are dropped
            i += 1
            start = i
            continue
        w = char_width(ch)
        if used + w <= columns or i == start:
            used += w
            i += 1
            continue
        if ch == " " and not glued[i]:  # the line is full at a space: break there
            spans.append((start, i))
            start, used = i, 0
            continue
        # Break at the last allowed place in this line, else anywhere not before a closer.
        cut = next(
            (j for j in range(i, start, -1) if not glued[j] or (text[j - 1] == " " and text[j] not in CLOSERS)), None
        )
        if cut is None:
            cut = next((j for j in range(i, start, -1) if text[j] not in CLOSERS and text[j - 1] not in OPENERS), i)
        end = cut
        while end > start and text[end - 1] == " ":
            end -= 1
        spans.append((start, end))
        start, i, used = cut, cut, 0
    end = n
    while end > start and text[end - 1] == " ":
        end -= 1
    if start < end or not spans:
        spans.append((start, end))
    return [(s + offset, e + offset) for s, e in spans]


def line_spans(text: str, columns: int) -> list[tuple[int, int]]:
    """Where each line of ``text`` wrapped to ``columns`` starts and ends (ends exclude the
    spaces dropped at a break, and the newline)."""
    columns = max(2, columns)
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans.extend(_spans(paragraph, columns, offset))
        offset += len(paragraph) + 1
    return spans


def wrap(text: str, columns: int) -> list[str]:
    return [text[s:e] for s, e in line_spans(text, columns)]
