"""Banded points (分档), shared by the number and share kinds: scoring, words and checks."""

from __future__ import annotations

from decimal import Decimal, localcontext

from checklist.numbers import fmt
from checklist.rubric.fields import Band
from checklist.rubric.kinds.base import Problem, Resolve, Why


def pct(value: Decimal) -> str:
    with localcontext(prec=64):  # a growth rate over a tiny last-year value can be ~1e31 %
        return fmt(value.quantize(Decimal("0.1"))) + "%"


def best(bands: list[Band], otherwise: Decimal | str, p: Resolve) -> Decimal:
    return max([p(b.points) for b in bands] + [p(otherwise)])


def banded(bands: list[Band], otherwise: Decimal | str, value: Decimal, unit: str, p: Resolve) -> tuple[Decimal, Why]:
    """Bands are checked best first; the sentence says what the next band up would need."""
    upward = bands[0].min is not None
    for i, band in enumerate(bands):
        bound = p(band.min if upward else band.max)  # type: ignore[arg-type]
        if (value >= bound) if upward else (value <= bound):
            return p(band.points), lambda i=i, bound=bound: _band_why(bands, i, bound, upward, unit, p)
    last = bands[-1]
    bound = p(last.min if upward else last.max)  # type: ignore[arg-type]
    got = p(otherwise)
    word = "未达到" if upward else "高于"
    return (
        got,
        lambda: (
            f"{word}{fmt(bound)}{unit}，得{fmt(got)}分；{'达到' if upward else '降到'}{fmt(bound)}{unit}可得{fmt(p(last.points))}分"
        ),
    )


def _band_why(bands: list[Band], i: int, bound: Decimal, upward: bool, unit: str, p: Resolve) -> str:
    why = f"{'≥' if upward else '≤'} {fmt(bound)}{unit}，得{fmt(p(bands[i].points))}分"
    if i > 0:
        better = bands[i - 1]
        target = p(better.min if upward else better.max)  # type: ignore[arg-type]
        why += f"；{'达到' if upward else '降到'}{fmt(target)}{unit}可得{fmt(p(better.points))}分"
    return why


def band_problems(bands: list[Band], p: Resolve, low: Decimal | None, high: Decimal | None) -> list[Problem]:
    out: list[Problem] = []
    if any(b.min is not None for b in bands) and any(b.max is not None for b in bands):
        return [(("bands",), "分档须统一使用 min（不低于）或统一使用 max（不高于）")]
    upward = bands[0].min is not None
    prev: Band | None = None
    for i, band in enumerate(bands):
        bound = p(band.min if upward else band.max)  # type: ignore[arg-type]
        if (high is not None and upward and bound > high) or (low is not None and not upward and bound < low):
            out.append((("bands", i), f"门槛 {fmt(bound)} 超出取值范围，此档永远达不到"))
        if prev is not None:
            before = p(prev.min if upward else prev.max)  # type: ignore[arg-type]
            if bound == before:
                out.append((("bands", i), f"分档门槛 {fmt(bound)} 与上一档重复"))
            elif (bound > before) if upward else (bound < before):
                order = "从高到低" if upward else "从低到高"
                out.append((("bands", i), f"分档顺序错误：门槛应{order}排列（{fmt(before)} 之后是 {fmt(bound)}）"))
            elif p(band.points) > p(prev.points):
                out.append((("bands", i), f"分档得分错误：较宽松的门槛 {fmt(bound)} 得分高于上一档"))
        prev = band
    return out
