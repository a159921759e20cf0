"""The result of scoring: what the screen, the workbook and ``score --json`` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from checklist.numbers import as_json

Status = Literal["full", "partial", "zero", "na", "unanswered", "not_relevant", "info"]

STATUS_LABELS: dict[str, str] = {
    "full": "满分",
    "partial": "部分得分",
    "zero": "未得分",
    "na": "不适用",
    "unanswered": "未填写",
    "not_relevant": "无需填写",
    "info": "不计分",  # an information question: 0 points, read by vetoes, flags, levels or relevance
}


@dataclass(frozen=True)
class ItemResult:
    id: str
    title: str
    section: str
    points: Decimal
    max: Decimal
    status: Status
    why: str
    bonus: bool = False
    tags: tuple[str, ...] = ()

    @property
    def lost(self) -> Decimal:
        """Points given up (0 for N/A, not relevant and bonus items)."""
        if self.bonus or self.status in ("na", "not_relevant"):
            return Decimal(0)
        return self.max - self.points


@dataclass(frozen=True)
class GroupResult:
    """A section (板块) or a tag (标签) total."""

    id: str
    title: str
    points: Decimal
    max: Decimal
    percent: Decimal
    max_achievable: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    group: str = ""
    answered: int = 0
    items: int = 0


def bonus_heading(title: str) -> str:
    """A bonus-only section's heading: “（加分）” is added unless the title already says so."""
    return title if "加分" in title else f"{title}（加分）"


@dataclass(frozen=True)
class Trigger:
    """A veto (一票否决) or a flag (认定) that fired, with the items that triggered it."""

    id: str
    label: str
    items: tuple[str, ...]
    reason: str
    effect: str
    kind: str = "认定"  # 一票否决, 星级封顶 (a veto that only caps the level) or 认定


@dataclass(frozen=True)
class LevelInfo:
    id: str | None
    label: str
    stars: int

    @property
    def star_text(self) -> str:
        return "★" * self.stars if self.stars else "—"


@dataclass(frozen=True)
class Result:
    rubric_id: str
    rubric_version: str
    profile: str | None
    total: Decimal
    max: Decimal
    base: Decimal
    bonus: Decimal
    bonus_cap: Decimal | None
    max_achievable: Decimal
    level: LevelInfo
    level_reasons: tuple[str, ...]
    next_level: LevelInfo | None
    next_missing: tuple[str, ...]
    vetoes: tuple[Trigger, ...]
    flags: tuple[Trigger, ...]
    sections: tuple[GroupResult, ...]
    tags: tuple[GroupResult, ...]
    items: tuple[ItemResult, ...]
    answered: int
    applicable: int
    _index: dict[str, ItemResult] = field(default_factory=dict, repr=False, compare=False)
    _taken: object = field(default=None, repr=False, compare=False)  # the engine's, for ``score(like=…)``

    def item(self, item_id: str) -> ItemResult:
        if not self._index:
            self._index.update((i.id, i) for i in self.items)
        return self._index[item_id]

    @property
    def vetoed(self) -> list[str]:
        return sorted({i for v in self.vetoes for i in v.items})

    def gaps(self) -> list[ItemResult]:
        """Items that lost points, largest loss first (ties in rubric order)."""
        order = {it.id: n for n, it in enumerate(self.items)}
        lost = [i for i in self.items if i.lost > 0]
        return sorted(lost, key=lambda i: (-i.lost, order[i.id]))

    def to_data(self) -> dict[str, Any]:
        """The ``checklist score --json`` shape of DESIGN.md, plus a few useful extras."""

        def group(g: GroupResult) -> dict[str, Any]:
            out = {
                "id": g.id,
                "title": g.title,
                "points": as_json(g.points),
                "max": as_json(g.max),
                "percent": as_json(g.percent),
            }
            if g.group:
                out["group"] = g.group
            else:
                out["bonus"] = as_json(g.bonus)
                out["max_achievable"] = as_json(g.max_achievable)
            return out

        def trigger(t: Trigger) -> dict[str, Any]:
            return {
                "id": t.id,
                "label": t.label,
                "items": list(t.items),
                "reason": t.reason,
                "effect": t.effect,
                "kind": t.kind,
            }

        return {
            "rubric": {"id": self.rubric_id, "version": self.rubric_version},
            "profile": self.profile,
            "total": as_json(self.total),
            "max": as_json(self.max),
            "bonus": as_json(self.bonus),
            "max_achievable": as_json(self.max_achievable),
            "level": self.level.id,
            "level_label": self.level.label,
            "stars": self.level.stars,
            "level_reasons": list(self.level_reasons),
            "next_level": None
            if self.next_level is None
            else {"id": self.next_level.id, "label": self.next_level.label, "missing": list(self.next_missing)},
            "vetoed": self.vetoed,
            "vetoes": [trigger(v) for v in self.vetoes],
            "flags": [trigger(f) for f in self.flags],
            "answered": self.answered,
            "applicable": self.applicable,
            "sections": [group(s) for s in self.sections],
            "tags": [group(t) for t in self.tags],
            "items": [
                {
                    "id": i.id,
                    "points": as_json(i.points),
                    "max": as_json(i.max),
                    "status": i.status,
                    "why": i.why,
                    "bonus": i.bonus,
                }
                for i in self.items
            ],
        }
