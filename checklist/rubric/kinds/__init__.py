"""The rule kinds (计分规则类型): one module each, listed once here. Every part of the program
that depends on a rule's kind asks ``kind_of``; a rule of no registered kind is refused loudly."""

from __future__ import annotations

from typing import Any

from checklist.rubric.kinds.base import Kind
from checklist.rubric.kinds.choice import ChoiceKind
from checklist.rubric.kinds.count import CountKind
from checklist.rubric.kinds.deviation import DeviationKind
from checklist.rubric.kinds.judged import JudgedKind
from checklist.rubric.kinds.multiple import MultipleKind
from checklist.rubric.kinds.number import NumberKind
from checklist.rubric.kinds.required_list import RequiredListKind
from checklist.rubric.kinds.share import ShareKind
from checklist.rubric.kinds.yesno import YesNoKind

# In the order of docs/glossary.md; building each one here makes a kind with a part missing
# (an abstract method left out) fail at import.
KINDS: dict[str, Kind[Any]] = {
    k.type: k
    for k in (
        YesNoKind(),
        ChoiceKind(),
        MultipleKind(),
        RequiredListKind(),
        CountKind(),
        NumberKind(),
        DeviationKind(),
        ShareKind(),
        JudgedKind(),
    )
}


_BY_MODEL: dict[type, Kind[Any]] = {k.model: k for k in KINDS.values()}  # one lookup per call: scoring asks often


class UnknownKind(TypeError):
    """A rule of a kind no module handles: a programming error, never a user's."""


def kind_of(rule: Any) -> Kind[Any]:
    kind = _BY_MODEL.get(type(rule))
    if kind is None:
        raise UnknownKind(f"unregistered rule kind: {type(rule).__name__} (type={getattr(rule, 'type', None)!r})")
    return kind


__all__ = ["KINDS", "Kind", "UnknownKind", "kind_of"]
