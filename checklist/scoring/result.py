"""The result of scoring: what the screen, the workbook and ``score --json`` show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from checklist.numbers import as_json
from checklist.progress import Progress

Status = Literal["full", "partial", "zero", "na", "unanswered", "invalid", "not_relevant", "pending", "info"]

STATUS_LABELS: dict[str, str] = {
    "full": "满分",
    "partial": "部分得分",
    "zero": "未得分",
    "na": "不适用",
    "unanswered": "未填写",
    "invalid": "填写有误",  # filled in, but the answer does not fit the item (``reason`` says why)
    "not_relevant": "无需填写",
    "pending": "待定",  # its gate (relevant_when) is not answered yet: it may still apply
    "info": "不计分",  # an information question: 0 points, read by vetoes, flags, levels or relevance
}


_NONE: Any = object()
T = TypeVar("T")


class Later(Generic[T]):
    """A field that may be given as a function and is worked out on its first read: every answer
    is scored after every keypress, while a screen reads a few items' ``why``, words and value.
    (No value a field holds is callable: texts, numbers, ids and the JSON shapes of answers.)"""

    def __init__(self, default: T = _NONE) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> T:
        if obj is None:  # the dataclass asks for the field's default
            if self.default is _NONE:
                raise AttributeError(self.slot)
            return self.default
        value = obj.__dict__[self.slot]
        if callable(value):
            value = obj.__dict__[self.slot] = value()
        return value  # type: ignore[no-any-return]

    def __set__(self, obj: object, value: T | Callable[[], T]) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True)
class ItemResult:
    id: str
    title: str
    section: str
    points: Decimal
    max: Decimal
    status: Status
    why: Later[str] = Later()  # str (it may be given as a function that says it)
    bonus: bool = False
    tags: tuple[str, ...] = ()
    deduction: bool = False  # in a deduction section (积分制): what it loses comes off the total
    # What the consumers show as it is (none of them checks the answer again): the normalised
    # value (JSON shape, None when there is none), the answer in words as the workbook prints it,
    # the points the rule gives that answer before relevance or N/A count it out, and why an
    # answer is ``invalid``.
    value: Later[Any] = Later(None)
    words: Later[str] = Later("未填写")
    raw: Decimal = Decimal(0)
    reason: str = ""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (worker processes) with what it works out on reading written out: a function does not travel."""
        _ = self.why, self.words, self.value
        return self.__dict__

    @property
    def lost(self) -> Decimal:
        """Points given up (0 for N/A, not relevant, 待定 and bonus items, and for a deduction item
        not yet answered: nothing is taken off the total before it is known)."""
        if self.bonus or self.status in ("na", "not_relevant", "pending"):
            return Decimal(0)
        if self.deduction and self.status == "unanswered":
            return Decimal(0)
        return self.max - self.points


@dataclass(frozen=True)
class GroupResult:
    """A section (板块) or a tag (标签) total.

    ``points`` = ``raw`` × ``scale`` (rounded, and no more than ``max``); ``note`` says in Chinese
    how it was counted when that is not just the items' sum (折算, 上限). ``bonus`` is what the
    section's bonus items count after the rubric's bonus cap, ``bonus_raw`` what they earned."""

    id: str
    title: str
    points: Decimal
    max: Decimal
    percent: Decimal
    max_achievable: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    group: str = ""
    items: int = 0
    # A deduction section (积分制): ``points`` is what it takes off the total, ``max`` the most
    # it can take off; it counts in neither the total's full marks nor any part.
    deduction: bool = False
    raw: Decimal = Decimal(0)
    scale: Decimal = Decimal(1)
    note: str = ""
    bonus_raw: Decimal = Decimal(0)
    progress: Progress = field(default_factory=Progress)

    @property
    def answered(self) -> int:
        """已填 (answered or 不适用): the progress record's count."""
        return self.progress.done


@dataclass(frozen=True)
class PartResult:
    """A weighted part of the total (自评 70% + 群众满意度测评 30%)."""

    id: str
    label: str
    weight: Decimal
    points: Decimal  # its sections' points
    max: Decimal  # its sections' full marks
    percent: Decimal
    weighted: Decimal  # points / max × weight: what the part brings to the total


def bonus_heading(title: str) -> str:
    """A bonus-only section's heading: “（加分）” is added unless the title already says so."""
    return title if "加分" in title else f"{title}（加分）"


def deduction_heading(title: str) -> str:
    """A deduction section's heading: “（扣分）” is added unless the title already says so."""
    return title if "扣分" in title else f"{title}（扣分）"


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
    progress: Progress
    bonus_raw: Decimal = Decimal(0)  # the bonus items' sum before the cap; ``bonus`` is what counts
    bonus_note: str = ""  # says so when the cap was applied
    # How the total is made when it is more than base + bonus (weighted parts, deductions
    # from the total, its floor): the parts, the points taken off, and the sentence that says it.
    parts: tuple[PartResult, ...] = ()
    deductions: Decimal = Decimal(0)
    total_floor: Decimal = Decimal(0)
    composition: tuple[str, ...] = ()
    _index: dict[str, ItemResult] = field(default_factory=dict, repr=False, compare=False)
    _taken: object = field(default=None, repr=False, compare=False)  # the engine's, for ``score(like=…)``

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what the engine keeps for ``score(like=…)``: it is this process's."""
        return {**self.__dict__, "_taken": None}

    def item(self, item_id: str) -> ItemResult:
        if not self._index:
            self._index.update((i.id, i) for i in self.items)
        return self._index[item_id]

    @property
    def answered(self) -> int:
        """已填 (answered or 不适用), as the progress record counts it."""
        return self.progress.done

    @property
    def applicable(self) -> int:
        """应填: items that apply or may still apply (the progress record's ``needed``)."""
        return self.progress.needed

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
            out: dict[str, Any] = {
                "id": g.id,
                "title": g.title,
                "points": as_json(g.points),
                "max": as_json(g.max),
                "percent": as_json(g.percent),
            }
            if g.group:
                out["group"] = g.group
            elif g.deduction:
                out["deduction"] = True
            else:
                out["bonus"] = as_json(g.bonus)
                out["bonus_raw"] = as_json(g.bonus_raw)
                out["max_achievable"] = as_json(g.max_achievable)
                out["raw"] = as_json(g.raw)
                out["scale"] = as_json(g.scale)
                out["note"] = g.note
                out["progress"] = g.progress.to_data()
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
            "bonus_raw": as_json(self.bonus_raw),
            "bonus_note": self.bonus_note,
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
            "parts": [
                {
                    "id": part.id,
                    "label": part.label,
                    "weight": as_json(part.weight),
                    "points": as_json(part.points),
                    "max": as_json(part.max),
                    "percent": as_json(part.percent),
                    "weighted": as_json(part.weighted),
                }
                for part in self.parts
            ],
            "deductions": as_json(self.deductions),
            "total_floor": as_json(self.total_floor),
            "composition": list(self.composition),
            "progress": self.progress.to_data(),
            "progress_text": self.progress.text,
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
                    **({"deduction": True} if i.deduction else {}),
                    "value": i.value,
                    "words": i.words,
                    **({"reason": i.reason} if i.status == "invalid" else {}),
                }
                for i in self.items
            ],
        }
