"""Every shipped rubric validates, and its examples score to the hand-computed results."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checklist.assessment import Assessment, read_assessment
from checklist.cli import main
from checklist.rubric import check_bytes, load_rubric
from checklist.rubric.params import Params
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


def _leaf_items(c: Any) -> list[Any]:
    subs = c.all_ or c.any_ or ([c.not_] if c.not_ is not None else None)
    return [c] if subs is None else [leaf for s in subs for leaf in _leaf_items(s)]


def test_every_flag_trigger_is_in_the_guide_text_the_secretary_reads() -> None:
    """Each 认定 is said where the secretary answers: in the guide of the item it rests on, or for a
    section's percent in the guide of one of that section's items; and all of them in the description."""
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    index = rubric.item_index()
    for flag in rubric.flags:
        word = "软弱涣散" if flag.label.startswith("软弱涣散") else flag.label
        assert word in rubric.description, flag.id
        for leaf in _leaf_items(flag.when):
            if leaf.section is not None:
                section = next(s for s in rubric.sections if s.id == leaf.section)
                assert any("得分率" in i.guide and word in i.guide for i in section.items), flag.id
            else:
                assert word in index[leaf.item][1].guide, (flag.id, leaf.item)


def test_the_zhongzubu_weak_situations_are_each_a_flag_on_an_item() -> None:
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    labels = {f.label: f for f in rubric.flags}
    for situation in (
        "书记长期缺职或不胜任",
        "班子不团结、内耗严重",
        "组织制度形同虚设",
        "连续多年未发展党员",
        "宗族宗教、黑恶势力干扰渗透",
        "村务财务公开和民主管理混乱",
        "社会治安或信访问题突出",
        "服务意识差、群众意见大",
    ):
        flag = labels[f"软弱涣散（{situation}）"]
        assert flag.cancels_level
        assert all(leaf.item for leaf in _leaf_items(flag.when)), situation


def test_low_satisfaction_is_weak_and_costs_its_points() -> None:
    """143/250 = 57.2 % < 60 %: 0 of 3 points and 软弱涣散（服务意识差、群众意见大）; 150/250 = 60 % is 1 point, no flag."""
    low = _star({"satisfaction": {"part": 143, "whole": 250}})
    assert (low.item("satisfaction").points, [f.id for f in low.flags]) == (Decimal(0), ["weak_service"])
    assert low.flags[0].effect == "不评定星级"
    edge = _star({"satisfaction": {"part": 150, "whole": 250}})
    assert (edge.item("satisfaction").points, edge.flags) == (Decimal(1), ())
    assert _star({"satisfaction": {"part": 225, "whole": 250}}).item("satisfaction").points == Decimal(3)  # 90 %


def test_few_activities_and_many_incidents_are_weak() -> None:
    got = _star({"party_activities": 3, "public_security": 3})
    assert [f.id for f in got.flags] == ["weak_system", "weak_security"]
    assert _star({"party_activities": 4, "public_security": 2}).flags == ()


def test_the_shuangzheng_item_counts_the_shuangzheng_rubric() -> None:
    star = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    sz = load_rubric(ROOT / "rubrics" / "shuangzheng.yaml").rubric
    assert star is not None and sz is not None
    assert star.parameters["shuangzheng_count"].default == len(sz.items()) == 14
    assert "14项" in star.parameters["shuangzheng_count"].label + sz.description


def test_what_each_county_sets_is_a_parameter() -> None:
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    assert all(isinstance(lv.min, str) for lv in rubric.levels)  # star floors
    assert all(isinstance(q.at_most_percent, str) for q in rubric.quotas)  # star quotas
    index = rubric.item_index()
    for item_id in ("party_activities", "party_school", "cadre_education", "satisfaction"):
        bands = index[item_id][1].rule.bands  # type: ignore[union-attr]
        assert all(isinstance(b.min if b.min is not None else b.max, str) for b in bands), item_id
    for name in ("branch_size_max", "branch_members_min", "activity_weak", "satisfaction_weak"):
        assert name in rubric.parameters


def test_the_decision_procedure_is_the_organisers_word() -> None:
    text = (ROOT / "rubrics" / "village-star.yaml").read_text(encoding="utf-8")
    zhejiang = "profiles:\n  zhejiang:\n    label: 浙江部分地区\n    terms: {decision_procedure: 五议两公开}\n"
    rubric, problems = check_bytes(text.replace("profiles:\n", zhejiang, 1).encode(), "x.yaml")
    assert problems == [] and rubric is not None
    item = rubric.item_index()["open_affairs"][1]
    assert "“四议两公开”程序" in Params(rubric).render(item.text)
    assert "“五议两公开”程序" in Params(rubric, "zhejiang").render(item.text)
    assert "四议两公开" not in item.text


def test_new_field_is_an_information_question_deciding_relevance() -> None:
    none = _star({"new_field_exists": False})
    assert none.item("new_field_exists").status == "info"
    assert none.item("new_field_org").status == "not_relevant"
    assert none.sections[0].max == Decimal(17)  # the 0-point question adds nothing to the section
    some = _star({"new_field_exists": True, "new_field_org": True})
    assert some.item("new_field_org").points == Decimal(1)
