"""A rubric made ready for scoring, once per (rubric, profile): each item's kind, full marks and
place resolved, so that scoring after every keypress does only the work its answers need."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.base import Kind
from checklist.rubric.model import Item, Rubric, Section
from checklist.rubric.params import Params


@dataclass(frozen=True, slots=True)
class Entry:
    """One item as scoring reads it."""

    item: Item
    section: str
    kind: Kind[Any]
    full: Decimal
    informational: bool  # no full marks and no bonus: an information question (不计分)
    tags: tuple[str, ...]


@dataclass(frozen=True)
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


def compiled(rubric: Rubric, profile: str | None) -> Compiled:
    """The rubric compiled for ``profile`` (UnknownProfile if it has none such). Kept on the
    rubric, which is frozen, so it lives exactly as long as the rubric does."""
    by_profile: dict[str | None, Compiled] = rubric.__dict__.setdefault("_compiled", {})
    done = by_profile.get(profile)
    if done is None:
        done = by_profile[profile] = _compile(rubric, Params(rubric, profile))
    return done


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
    return Compiled(
        rubric,
        p,
        tuple(sections),
        entries_by_id,
        {item_id: e.full for item_id, e in entries_by_id.items()},
        {f.id: n for n, f in enumerate(rubric.flags)},
        tuple(e.item for e in entries_by_id.values() if e.item.veto is not None),
        _tagged(
            rubric, [e for _, entries in sections for e in entries], {s.id for s in rubric.sections if s.deduction}
        ),
    )


def _tagged(rubric: Rubric, entries: list[Entry], deduction: set[str]) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    where: dict[str, list[int]] = {}
    for n, e in enumerate(entries):
        if not e.item.bonus and e.section not in deduction:
            for tag in dict.fromkeys(e.tags):
                where.setdefault(tag, []).append(n)
    return tuple((group.label, tag, tuple(where.get(tag, ()))) for group in rubric.tag_groups for tag in group.tags)
