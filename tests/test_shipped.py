"""Every shipped rubric validates, and its examples score to the hand-computed results."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.assessment import Assessment, read_assessment
from checklist.cli import main
from checklist.rubric import load_rubric
from checklist.rubric.shipped import find_shipped, shipped_paths
from checklist.scoring import Result, score

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Worked out by hand from the rubric texts (see the notes in each example file's rubric).
EXPECTED = {
    "village-star-complete": (Decimal("84.8"), "four", "四星"),
    "village-star-partial": (Decimal("27.5"), None, "未定星"),
    "shuangzheng-complete": (Decimal("100"), "pass", "达标"),
    "shuangzheng-partial": (Decimal("39.5"), None, "不达标"),
}


def test_shipped_rubrics_are_found() -> None:
    names = {p.stem for p in shipped_paths()}
    assert {"village-star", "shuangzheng"} <= names
    assert find_shipped("village-star") == ROOT / "rubrics" / "village-star.yaml"


@pytest.mark.parametrize("path", shipped_paths(), ids=lambda p: p.stem)
def test_shipped_rubric_validates(path: Path) -> None:
    run = CliRunner().invoke(main, ["validate", str(path)])
    assert run.exit_code == 0, run.output
    assert "通过" in run.output
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=rubric.schema.json\n")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_scores_as_computed_by_hand(name: str) -> None:
    assessment = read_assessment(EXAMPLES / f"{name}.json")
    rubric = load_rubric(find_shipped(assessment.rubric.id)).rubric  # type: ignore[arg-type]
    result = score(rubric, assessment)
    total, level, label = EXPECTED[name]
    assert (result.total, result.level.id, result.level.label) == (total, level, label)


def test_every_example_is_covered() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.json")} == set(EXPECTED)


def test_village_star_covers_every_rule_type_and_the_article_measures() -> None:
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    kinds = {item.rule.type for item in rubric.items()}
    assert kinds == {"yesno", "choice", "multiple", "required_list", "count", "number", "deviation", "share", "judged"}
    titles = " ".join(item.title for item in rubric.items())
    for measure in (
        "最强支部",
        "网格",
        "先锋站",
        "活动场所",
        "领雁",
        "十条红线",
        "乡贤",
        "三治融合",
        "平安书记",
        "村规民约",
        "移风易俗",
        "千村示范",
        "走村不漏户",
        "双整",
        "集体经济",
        "涉黑涉恶",
        "后备干部",
    ):
        assert measure in titles, measure
    assert all(item.guide and item.evidence for item in rubric.items())
    assert "accelerated" in rubric.profiles


def test_score_json_matches_design_shape() -> None:
    run = CliRunner().invoke(main, ["score", "village-star", str(EXAMPLES / "village-star-complete.json"), "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert {"total", "max", "level", "vetoed", "flags", "sections", "items"} <= set(data)
    assert data["total"] == 84.8 and data["max"] == 100 and data["level"] == "four"
    assert {"id", "points", "max"} <= set(data["sections"][0])
    assert {"id", "points", "max", "status", "why"} <= set(data["items"][0])


def test_a_blank_draft_is_not_flagged_for_what_is_not_yet_answered() -> None:
    """后进 fires on “组织体系得分率低于60%”: not while that section is still being filled in."""
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    blank = read_assessment(EXAMPLES / "village-star-partial.json").model_copy(update={"answers": {}})
    result = score(rubric, blank)
    assert (result.flags, result.vetoes) == ((), ())
    # The half-finished example states a fact that does trigger it: the branch is not yet rectified.
    partial = score(rubric, read_assessment(EXAMPLES / "village-star-partial.json"))
    assert [f.id for f in partial.flags] == ["lagging"]


def _star(answers: dict[str, object], profile: str | None = None) -> Result:
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    data = {
        "rubric": {"id": "village-star"},
        "profile": profile,
        "answers": {k: {"value": v} for k, v in answers.items()},
    }
    return score(rubric, Assessment.model_validate(data))


def test_income_growth_counts_only_from_the_xiaobo_line_up() -> None:
    """1.0 → 1.1万元 is +10 %, but far under the 消薄线: it earns nothing, and is not 五星's 满分."""
    poor = _star({"collective_income": {"current": "1.1", "previous": "1.0"}}).item("collective_income")
    assert (poor.points, poor.status) == (Decimal(0), "zero")
    assert "增幅不计分" in poor.why
    grown = _star({"collective_income": {"current": "11", "previous": "10"}}).item("collective_income")
    assert grown.points == Decimal(6)
    # under the 加快发展县 profile the line is 5万元: 5.5 from 5.0 earns the growth route
    quick = _star({"collective_income": {"current": "5.5", "previous": "5"}}, "accelerated").item("collective_income")
    assert quick.points == Decimal(6)
