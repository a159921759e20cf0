"""One home per rule kind (issue 8): every registered kind has every part, a TUI widget, a place
in the schema, the glossary and the Chinese schema words; and a rule of no registered kind is
refused loudly everywhere, where it used to fall back silently (a number box in the TUI, an empty
value from the fill-in form, the raw value printed in the workbook)."""

from __future__ import annotations

import typing
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest

from checklist.fillin import importer
from checklist.fillin.layout import COL_ANSWER
from checklist.report.words import value_text
from checklist.rubric import Params, Rubric
from checklist.rubric.kinds import KINDS, UnknownKind, kind_of
from checklist.rubric.kinds.base import Kind
from checklist.rubric.kinds.yesno import YesNoKind
from checklist.rubric.model import Condition, Item, Rule, Strict
from checklist.rubric.schema import rubric_schema
from checklist.rubric.schema_zh import MODELS
from checklist.scoring.conditions import describe
from checklist.xlsx.stream import Cell

ROOT = Path(__file__).resolve().parent.parent


class Fake(Strict):
    type: Literal["fake"]


def _fake_item() -> Item:
    return Item.model_construct(id="fake", title="假指标", rule=Fake(type="fake"))


def test_every_rule_type_of_the_model_is_one_registered_kind() -> None:
    union = typing.get_args(typing.get_args(Rule)[0])
    assert {m for m in union} == {k.model for k in KINDS.values()}
    for name, kind in KINDS.items():
        assert kind.model.model_fields["type"].annotation == Literal[name]  # type: ignore[comparison-overlap]
        assert not getattr(type(kind), "__abstractmethods__", None), name
        assert kind.label and kind.tests <= {"equals", "in_", "contains", "at_least", "at_most"}


def test_a_kind_missing_a_part_cannot_be_built() -> None:
    del_words = {k: v for k, v in vars(YesNoKind).items() if k != "words"}
    Broken = type("Broken", (Kind,), del_words)  # every part but the words
    with pytest.raises(TypeError, match="words"):
        Broken()
    with pytest.raises(TypeError, match="lacks"):
        type("Nameless", (Kind,), {k: v for k, v in vars(YesNoKind).items() if k != "type"})


def test_every_kind_has_an_answer_widget() -> None:
    from checklist.tui.widgets.answers import WIDGETS

    assert set(WIDGETS) == set(KINDS)


def test_every_kind_is_in_the_schema_the_glossary_and_the_chinese_words() -> None:
    text = str(rubric_schema())
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for name, kind in KINDS.items():
        assert f"'{name}'" in text, name
        assert f"| `{name}` | {kind.label} |" in glossary, name
        assert kind.model.__name__ in MODELS, name


def test_an_unregistered_kind_is_refused_by_the_registry() -> None:
    with pytest.raises(UnknownKind, match="fake"):
        kind_of(Fake(type="fake"))


def test_the_workbook_words_never_print_the_raw_value() -> None:
    with pytest.raises(UnknownKind):
        value_text(_fake_item(), "5")


def test_the_fill_in_import_never_leaves_the_value_empty() -> None:
    cells = {(9, COL_ANSWER): Cell("n", "5")}
    problems = importer._Problems()
    with pytest.raises(UnknownKind):
        importer._item(
            _fake_item(),
            [(9, "value")],
            Params(_tiny()),
            cells,
            problems,
            lambda *_: False,
            lambda row, col: "5" if col == COL_ANSWER else "",
        )


def test_the_tui_never_shows_a_number_box_for_an_unknown_kind() -> None:
    from checklist.tui.widgets.answers import answer_widget

    with pytest.raises(UnknownKind):
        answer_widget(_fake_item(), Params(_tiny()), None)


def test_conditions_never_guess_an_unknown_kind_s_labels_or_unit() -> None:
    rubric = _tiny(_fake_item())
    with pytest.raises(UnknownKind):
        describe(Condition(item="fake", at_least=Decimal(3)), rubric, Params(rubric))


def _tiny(*extra: Any) -> Rubric:
    rubric = Rubric.model_validate(
        {
            "id": "t",
            "title": "测试",
            "version": "1",
            "sections": [{"id": "s", "title": "板块", "items": [{"id": "a", "title": "甲", "rule": {"type": "yesno", "points": 1}}]}],
        }
    )
    if not extra:
        return rubric
    section = rubric.sections[0].model_copy(update={"items": [*rubric.sections[0].items, *extra]})
    return rubric.model_copy(update={"sections": [section]})


def test_an_answer_is_checked_once_from_scoring_to_the_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue found each answer checked three or four times between key and cell; now scoring
    checks it once and the Result carries its value and words to the sheets."""
    import sys

    from checklist.assessment import Assessment
    from checklist.report.write import build_workbook
    from checklist.rubric import check_bytes
    from checklist.scoring import score

    sys.path.insert(0, str(ROOT / "bench"))
    from gen import assessment_data, rubric_yaml

    rubric, _ = check_bytes(rubric_yaml(60, sections=4).encode(), "gen.yaml")
    assert rubric is not None
    assessment = Assessment.model_validate(assessment_data(rubric))
    calls: dict[str, int] = {}
    for kind in KINDS.values():
        original = type(kind).check

        def counted(self: Kind[Any], rule: Any, value: Any, p: Any, original: Any = original) -> Any:
            calls[rule.type] = calls.get(rule.type, 0) + 1
            return original(self, rule, value, p)

        monkeypatch.setattr(type(kind), "check", counted)
    result = score(rubric, assessment)
    build_workbook(rubric, "0" * 64, assessment, result, "2026-01-01 08:00")
    given = sum(1 for a in assessment.answers.values() if a.value is not None)
    assert sum(calls.values()) == given
    for item in result.items:  # and the Result says what the sheets print
        answer = assessment.answers.get(item.id)
        if item.status in ("full", "partial", "zero", "info"):
            assert answer is not None and item.value is not None and item.words not in ("", "未填写")


def test_a_non_finite_answer_is_refused_in_words_and_the_workbook_still_builds() -> None:
    from decimal import Decimal

    from checklist.assessment import Answer, Assessment
    from checklist.report.write import build_workbook
    from checklist.rubric import load_rubric
    from checklist.rubric.shipped import find_shipped
    from checklist.scoring import score

    path = find_shipped("village-star")
    assert path is not None
    rubric = load_rubric(path).rubric
    assessment = Assessment.model_validate(
        {"rubric": {"id": rubric.id, "version": rubric.version}, "answers": {}}
    ).model_copy(update={"answers": {"secretary_vacant": Answer(value=Decimal("Infinity"))}})
    result = score(rubric, assessment)
    item = result.item("secretary_vacant")
    assert item.status == "invalid"
    assert item.words.endswith("（所填：Infinity）"), item.words
    wb = build_workbook(rubric, "0" * 64, assessment, result, "2026-11-26 10:00")
    assert "评分明细" in wb.sheetnames
