"""Read a rubric once. Reading and checking a rubric's YAML is most of the cost of opening a
draft (a 1,000-item rubric: about 0.4 s), so a validated rubric is kept:

- in this process, by the SHA-256 of its file's bytes (``kept`` / ``keep``): the same bytes are
  never parsed and checked twice;
- in the store, as its *form* (``form``): the validated rubric as JSON, with the ``fingerprint``
  of the code that validated it. ``from_form`` rebuilds the rubric from it through pydantic (its
  JSON parser, its field checks) without the YAML and the cross-checks, which the form already
  passed. A form written by other code (a newer or older checklist) is not used: the text is read
  again, as the first time.

Rubric models are frozen, so one object may serve every caller.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

from pydantic import ValidationError

from checklist.rubric.model import Rubric

MAX_KEPT = 16  # rubrics kept in one process (a roll-up uses one; the TUI a few)

_kept: OrderedDict[str, Rubric] = OrderedDict()
_fingerprint: list[str] = []


def kept(sha256: str) -> Rubric | None:
    rubric = _kept.get(sha256)
    if rubric is not None:
        _kept.move_to_end(sha256)
    return rubric


def keep(sha256: str, rubric: Rubric) -> None:
    _kept[sha256] = rubric
    _kept.move_to_end(sha256)
    while len(_kept) > MAX_KEPT:
        _kept.popitem(last=False)


def forget() -> None:
    """Empty this process's cache (tests: as a fresh process would start)."""
    _kept.clear()


def fingerprint() -> str:
    """The SHA-256 of the rubric package's source: any change to the model or the checks makes
    earlier forms unusable."""
    if not _fingerprint:
        digest = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for path in sorted(here.rglob("*.py")):
            digest.update(path.relative_to(here).as_posix().encode())
            digest.update(path.read_bytes())
        _fingerprint.append(digest.hexdigest())
    return _fingerprint[0]


def form(rubric: Rubric) -> str:
    """What the file said, as JSON (unset fields left to the model's defaults, as in the file)."""
    return rubric.model_dump_json(by_alias=True, exclude_unset=True)


def from_form(text: str) -> Rubric | None:
    """The rubric of a form; None when this code no longer accepts it."""
    try:
        return Rubric.model_validate_json(text)
    except (ValidationError, ValueError):
        return None
