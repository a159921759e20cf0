"""Chinese quotation marks nested as GB/T 15834 wants: “ outside, ‘ inside, “ again further in.

Rubric titles and labels carry their own quotes (获评县级“最强支部”); text that quotes them
again must turn the inner pair into ‘’, or a reader sees 选择“获评县级“最强支部””.
"""

from __future__ import annotations

_OPEN = {"“": 0, "‘": 1}
_CLOSE = {"”": 0, "’": 1}
_PAIRS = (("“", "”"), ("‘", "’"))


def nest(text: str) -> str:
    """Re-mark every quotation pair by its depth: even depths “”, odd depths ‘’.

    A closing mark with no opening one is left as written (an apostrophe, or a typo in a
    rubric); so is any mark after it, to keep a half-quoted text as its author wrote it."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            out.append(_PAIRS[depth % 2][0])
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
            out.append(_PAIRS[depth % 2][1])
        else:
            out.append(ch)
    return "".join(out)


def q(text: str) -> str:
    """``text`` quoted in “”, with the quotes it already carries turned to ‘’."""
    return nest(f"“{text}”")
