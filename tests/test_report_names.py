"""Default report names are safe on every file system."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checklist.assessment import Assessment, RubricRef
from checklist.report.names import default_report_name, default_report_path
from checklist.xlsx.names import safe_file_name


def _a(**kw: object) -> Assessment:
    return Assessment(rubric=RubricRef(id="village-star"), **kw)  # type: ignore[arg-type]


def test_default_name_is_year_township_village() -> None:
    a = _a(year=2026, township="新丰镇", village="桃源村")
    assert default_report_name(a) == "2026-新丰镇-桃源村-自评.xlsx"
    assert default_report_path(a).as_posix() == "reports/2026-新丰镇-桃源村-自评.xlsx"


def test_missing_parts_are_left_out() -> None:
    assert default_report_name(_a(village="桃源村")) == "桃源村-自评.xlsx"
    assert default_report_name(_a()) == "自评.xlsx"


def test_separators_and_traversal_are_removed() -> None:
    name = default_report_name(_a(year=2026, township="../../etc", village='a/b\\c:d*e?"f<g>|h'))
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.endswith("-自评.xlsx")


def test_reserved_windows_names_are_prefixed() -> None:
    for stem in ("CON", "con", "Nul", "COM1", "lpt9", "AUX"):
        assert safe_file_name(stem).upper() != f"{stem.upper()}.XLSX"
        assert safe_file_name(stem).startswith("_")


def test_long_names_are_bounded_in_bytes() -> None:
    name = default_report_name(_a(year=2026, township="镇" * 300, village="村" * 300))
    assert len(name.encode()) <= 180
    assert name.endswith(".xlsx")


@given(st.text())
def test_any_text_gives_one_safe_component(text: str) -> None:
    name = safe_file_name(text)
    stem = name.removesuffix(".xlsx")
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not stem.endswith((" ", ".")) and stem not in (".", "..")
    assert len(name.encode("utf-8")) <= 180
    assert stem.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL")
