"""Star quotas and the bottom share at the scope the organiser names (each township, or the whole
county), with the rounding written out so the sheet can say exactly how each number came about.

A quota of p% over N villages allows round(N × p / 100) at that level; the bottom share marks
round(N × rectify_percent / 100). The rounding is the organiser's (四舍五入 by default): with
floor a township under 10 villages could never have a 五星 at 10%, and a run of one would not
need one marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

from checklist.numbers import fmt

Rounding = Literal["half_up", "floor", "ceil"]
Scope = Literal["county", "township"]

ROUNDING_TEXT: dict[str, str] = {"half_up": "四舍五入", "floor": "向下取整", "ceil": "向上取整"}
SCOPE_TEXT: dict[str, str] = {"county": "全县（本次汇总的全部村）", "township": "各乡镇（街道）分别"}
_MODES = {"half_up": ROUND_HALF_UP, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Counted:
    """One number worked out: N × p% = exact → rounded."""

    villages: int
    percent: Decimal
    exact: Decimal
    count: int
    rounding: Rounding

    def text(self) -> str:
        return f"{self.villages} × {fmt(self.percent)}% = {fmt(self.exact)}，{ROUNDING_TEXT[self.rounding]}为 {self.count} 个"


def counted(villages: int, percent: Decimal, rounding: Rounding) -> Counted:
    exact = Decimal(villages) * percent / HUNDRED
    n = int(exact.to_integral_value(rounding=_MODES[rounding]))
    return Counted(villages, percent, exact.normalize() if exact else Decimal(0), max(0, min(villages, n)), rounding)


def scope_key(scope: Scope, township: str) -> str:
    """The group a village's quotas and bottom share are counted in ('' for the county)."""
    return township if scope == "township" else ""
