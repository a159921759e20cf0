"""Progress records add field by field (written out for speed: a roll-up adds thousands), so a
field added to the record must be added there too."""

from dataclasses import fields

from checklist.progress import Progress


def test_every_field_is_added() -> None:
    names = [f.name for f in fields(Progress)]
    a = Progress(*range(1, len(names) + 1))
    b = Progress(*(10 * n for n in range(1, len(names) + 1)))
    total = a + b
    assert [getattr(total, n) for n in names] == [11 * n for n in range(1, len(names) + 1)]
