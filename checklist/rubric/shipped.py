"""The rubrics shipped with the tool (in the wheel: checklist/rubrics; in a checkout: rubrics/)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent


def rubrics_dir() -> Path:
    packaged = _HERE / "rubrics"
    return packaged if packaged.is_dir() else _HERE.parent / "rubrics"


def shipped_paths() -> list[Path]:
    return sorted(rubrics_dir().glob("*.yaml"))


def find_shipped(rubric_id: str) -> Path | None:
    """A shipped rubric by id (file stem first, then the id written inside)."""
    for path in shipped_paths():
        if path.stem == rubric_id:
            return path
    from checklist.rubric.load import RubricError, load_rubric

    for path in shipped_paths():
        try:
            if load_rubric(path).rubric.id == rubric_id:
                return path
        except RubricError:
            continue
    return None
