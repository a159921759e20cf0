"""A rubric made ready for scoring, once per (rubric, profile): each item's kind, full marks and
place resolved, and what each distinct answer value gives, so that scoring after every keypress,
or a roll-up of thousands of villages, does only the work its new answers need."""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.base import Kind, Why
from checklist.rubric.kinds.values import BadValue
from checklist.rubric.model import Item, Rubric, Section
from checklist.rubric.params import Params
from checklist.scoring.conditions import describe

if TYPE_CHECKING:
    from checklist.scoring.result import ItemResult

_MEMO_PER_ITEM = 512  # distinct values kept per item (yes/no, options, small counts repeat)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item as scoring reads it."""

    item: Item
    section: str
    kind: Kind[Any]
    full: Decimal
    informational: bool  # no full marks and no bonus: an information question (不计分)
    tags: tuple[str, ...]


@dataclass(slots=True)
class Took:
    """What one answer value gives under one rubric and profile: the checked value, its words and
    raw points (points and why); or why it is refused (``invalid``) and its words. ``result``: the
    item's result for that value where the item applies (made the first time it is asked for)."""

    value: Any
    words: str | Why
    raw: tuple[Decimal, Why] | None
    invalid: str | None
    result: ItemResult | None = None


def _key(value: Any) -> Hashable | None:
    """The answer value as a key that tells apart what checking and wording tell apart (True from
    1, Decimal("1.0") from Decimal("1")); None for what is not memoised."""
    kind = type(value)
    if kind is bool or kind is int or kind is str:
        return (kind, value)
    if kind is Decimal or kind is float:
        return (kind, repr(value))
    if value is None:
        return (None,)
    if kind is list:
        parts = tuple(_key(v) for v in value)
        return None if None in parts else (list, parts)
    if kind is dict:
        pairs = tuple((k, _key(v)) for k, v in value.items())
        return None if any(type(k) is not str or v is None for k, v in pairs) else (dict, pairs)
    return None


@dataclass(frozen=True, eq=False)
class Compiled:
    rubric: Rubric
    p: Params
    sections: tuple[tuple[Section, tuple[Entry, ...]], ...]
    entries: dict[str, Entry]
    full: dict[str, Decimal]
    flag_order: dict[str, int]
    vetoed: tuple[Item, ...]  # items with a veto (一票否决), in rubric order
    # per tag of each tag group: (group label, tag, where its items are in the rubric's item
    # order), bonus items and deduction sections left out: they count in no tag's full marks
    tagged: tuple[tuple[str, str, tuple[int, ...]], ...]
    tags_at: tuple[tuple[str, ...], ...]  # by position: the tags the item counts in
    leaves: dict[str, list[Any]]  # each flag's leaf conditions
    after_level: dict[str, bool]  # flags that read the level reached (星级)
    memo: dict[str, dict[Hashable, Took]] = field(default_factory=dict)
    said: dict[int, str] = field(default_factory=dict)

    def describe(self, condition: Any) -> str:
        """A condition of the rubric in words under this profile (worded once)."""
        said = self.said.get(id(condition))
        if said is None:
            said = self.said[id(condition)] = describe(condition, self.rubric, self.p)
        return said

    def take(self, entry: Entry, value: Any) -> Took:
        """What an answer value gives the item: checked, worded and scored once per distinct value."""
        kind_of_value = type(value)
        key = (kind_of_value, value) if kind_of_value is bool or kind_of_value is str or kind_of_value is int else _key(value)
        memo = self.memo[entry.item.id]
        if key is not None:
            found = memo.get(key)
            if found is not None:
                return found
        rule, kind = entry.item.rule, entry.kind
        try:
            checked = kind.check(rule, value, self.p)
        except BadValue as exc:
            took = Took(None, f"填写有误：{exc}（所填：{shown(value)}）", None, str(exc))
        else:
            raw = kind.points(rule, checked, entry.full, self.p, entry.item.title, entry.item.bonus)
            took = Took(checked, partial(kind.words, rule, checked), raw, None)
        if key is not None and len(memo) < _MEMO_PER_ITEM:
            memo[key] = took
        return took


_ALL: weakref.WeakSet[Compiled] = weakref.WeakSet()


def forget() -> None:
    """Forget every answer value seen (tests and benchmarks: as a fresh process would start)."""
    for done in list(_ALL):
        for memo in done.memo.values():
            memo.clear()


def shown(value: Any) -> str:
    """An answer that does not fit, as given (cut short: it may be anything)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, Decimal | int | float):
        text = str(value)  # “Infinity”, not “Decimal('Infinity')”
    else:
        text = repr(value)
    return text[:200]


def compiled(rubric: Rubric, profile: str | None) -> Compiled:
    """The rubric compiled for ``profile`` (UnknownProfile if it has none such). Kept on the
    rubric, which is frozen, so it lives exactly as long as the rubric does."""
    held = rubric.__dict__.get("_compiled")
    if not isinstance(held, _Held) or held.rubric is not rubric:  # none yet, or a copy's
        held = rubric.__dict__["_compiled"] = _Held(rubric)
    done = held.get(profile)
    if done is None:
        done = held[profile] = _compile(rubric, Params(rubric, profile))
        _ALL.add(done)
    return done


class _Held(dict[str | None, Compiled]):
    """A rubric's compiled forms, by profile. A copy of the rubric (``model_copy``) or one sent to
    a worker process (pickled) starts without them: what they hold is this rubric's, in this
    process (its memo holds functions, which do not pickle)."""

    def __init__(self, rubric: Rubric | None) -> None:
        super().__init__()
        self.rubric = rubric

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Held, (None,))


def _compile(rubric: Rubric, p: Params) -> Compiled:
    sections = []
    for section in rubric.sections:
        entries = []
        for item in section.items:
            kind = kind_of(item.rule)
            full = kind.full(item.rule, p)
            entries.append(Entry(item, section.id, kind, full, full == 0 and not item.bonus, tuple(item.tags)))
        sections.append((section, tuple(entries)))
    entries_by_id = {e.item.id: e for _, entries in sections for e in entries}
    deduction = {s.id for s in rubric.sections if s.deduction}
    leaves = {f.id: _leaves(f.when) for f in rubric.flags}
    return Compiled(
        rubric,
        p,
        tuple(sections),
        entries_by_id,
        {item_id: e.full for item_id, e in entries_by_id.items()},
        {f.id: n for n, f in enumerate(rubric.flags)},
        tuple(e.item for e in entries_by_id.values() if e.item.veto is not None),
        _tagged(rubric, list(entries_by_id.values()), deduction),
        tuple(
            tuple(dict.fromkeys(e.tags)) if not e.item.bonus and e.section not in deduction else ()
            for e in entries_by_id.values()
        ),
        leaves,
        {f.id: any(c.result == "stars" for c in leaves[f.id]) for f in rubric.flags},
        {item_id: {} for item_id in entries_by_id},
    )


def _leaves(c: Any) -> list[Any]:
    subs = c.all_ or c.any_ or ([c.not_] if c.not_ is not None else None)
    if subs is None:
        return [c]
    return [leaf for s in subs for leaf in _leaves(s)]


def _tagged(rubric: Rubric, entries: list[Entry], deduction: set[str]) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    where: dict[str, list[int]] = {}
    for n, e in enumerate(entries):
        if not e.item.bonus and e.section not in deduction:
            for tag in dict.fromkeys(e.tags):
                where.setdefault(tag, []).append(n)
    return tuple((group.label, tag, tuple(where.get(tag, ()))) for group in rubric.tag_groups for tag in group.tags)
