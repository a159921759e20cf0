"""One test per rule type, with points worked out by hand, and the engine's section, N/A,
relevance, bonus, veto, flag, level and tag logic on small inline rubrics."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklist.assessment import Assessment
from checklist.numbers import fmt
from checklist.rubric import Rubric, UnknownProfile, check_bytes
from checklist.scoring import ItemResult, Result, score

D = Decimal

HEAD = """\
id: t
title: 测试细则
version: "1"
parameters:
  income_threshold: {label: 收入达标线, unit: 万元, default: 20}
  income_base: {label: 收入基本线, unit: 万元, default: 10}
  age_baseline: {label: 平均年龄基准, unit: 岁, default: 48}
profiles:
  accelerated:
    label: 加快发展县
    parameters: {income_threshold: 10, income_base: 5}
"""


def parse(text: str) -> Rubric:
    rubric, problems = check_bytes(textwrap.dedent(text).encode(), "t.yaml")
    assert not problems, [str(p) for p in problems]
    assert rubric is not None
    return rubric


def one_item(rule: str, extra: str = "", title: str = "指标") -> Rubric:
    """A rubric with a single item ``x`` whose rule is ``rule`` (YAML, unindented)."""
    item = f"id: x\ntitle: {title}\n{textwrap.dedent(extra)}rule:\n" + textwrap.indent(textwrap.dedent(rule), "  ")
    lines = item.splitlines()  # the first line gets "- ", the rest line up under it
    body = "sections:\n  - id: s\n    title: 板块\n    items:\n      - " + lines[0] + "\n"
    body += "".join("        " + line + "\n" for line in lines[1:])
    return parse(HEAD + body)


def assessment(answers: dict[str, Any], rubric_id: str = "t", profile: str | None = None) -> Assessment:
    """``answers`` maps an item id to a bare value, or to a full answer mapping (a dict with
    "value", "na" or "note")."""
    out = {}
    for key, value in answers.items():
        if isinstance(value, dict) and value.keys() & {"value", "na", "note"}:
            out[key] = value
        else:
            out[key] = {"value": value}
    return Assessment.model_validate({"rubric": {"id": rubric_id}, "profile": profile, "answers": out})


def run(rubric: Rubric, answers: dict[str, Any], profile: str | None = None) -> Result:
    return score(rubric, assessment(answers), profile)


def item(rubric: Rubric, value: Any, note: str = "", profile: str | None = None) -> ItemResult:
    return run(rubric, {"x": {"value": value, "note": note}}, profile).item("x")


def check(rubric: Rubric, value: Any, points: str, status: str, why: str | None = None, **kw: Any) -> ItemResult:
    got = item(rubric, value, **kw)
    assert (got.points, got.status) == (D(points), status), got.why
    assert fmt(got.points) == points  # shown exactly, never 3.4999…
    if why is not None:
        assert got.why == why
    return got


# --- yes/no ----------------------------------------------------------------------------------


def test_yesno_points_for_yes() -> None:
    r = one_item("type: yesno\npoints: 2")
    check(r, True, "2", "full", "是，得2分")
    check(r, False, "0", "zero", "否，不得分（是可得2分）")
    assert item(r, True).max == 2


def test_yesno_negative_points_for_no() -> None:
    r = one_item("type: yesno\npoints: 1.5\nnegative: true")
    check(r, False, "1.5", "full", "否，得1.5分")
    check(r, True, "0", "zero", "是，不得分（否可得1.5分）")


# --- choice, multiple ------------------------------------------------------------------------

CHOICE = """\
type: choice
options:
  - {id: city, label: 获评市级, points: 3}
  - {id: county, label: 获评县级, points: 1.5}
  - {id: none, label: 未开展, points: 0}
"""


def test_choice_points_per_option() -> None:
    r = one_item(CHOICE)
    check(r, "city", "3", "full", "选择“获评市级”，得3分")
    check(r, "county", "1.5", "partial", "选择“获评县级”，得1.5分；选择“获评市级”可得3分")
    check(r, "none", "0", "zero", "选择“未开展”，得0分；选择“获评市级”可得3分")


MULTIPLE = """\
type: multiple
cap: 4
options:
  - {id: standard, label: 标准, points: 2}
  - {id: feature, label: 特色, points: 1.5}
  - {id: tasks, label: 若干任务, points: 1}
"""


@pytest.mark.parametrize(
    ("value", "points", "status"),
    [
        ([], "0", "zero"),
        (["feature"], "1.5", "partial"),
        (["standard", "feature"], "3.5", "partial"),
        (["tasks", "standard"], "3", "partial"),
        (["standard", "feature", "tasks"], "4", "full"),  # 4.5 capped at 4
    ],
)
def test_multiple_sums_options_up_to_cap(value: list[str], points: str, status: str) -> None:
    check(one_item(MULTIPLE), value, points, status)


def test_multiple_why() -> None:
    r = one_item(MULTIPLE)
    check(r, ["feature", "standard"], "3.5", "partial", "“标准”、“特色”，得3.5分")  # rubric order
    check(r, ["standard", "feature", "tasks"], "4", "full", "“标准”、“特色”、“若干任务”，得4分（超过上限，按4分计）")
    check(r, [], "0", "zero", "未选任何一项，得0分")
    assert item(r, []).max == 4


def test_multiple_without_cap_max_is_the_sum() -> None:
    r = one_item(MULTIPLE.replace("cap: 4\n", ""))
    check(r, ["standard", "feature", "tasks"], "4.5", "full")


# --- required list ---------------------------------------------------------------------------

REQUIRED = """\
type: required_list
points: 2
deduct: 0.5
things:
  - {id: a, label: 网格全覆盖}
  - {id: b, label: 明确负责人}
  - {id: c, label: 党员编入网格}
  - {id: d, label: 定期活动}
  - {id: e, label: 活动记录}
"""


@pytest.mark.parametrize(
    ("value", "points", "status"),
    [
        (["a", "b", "c", "d", "e"], "2", "full"),
        (["a", "b", "c", "d"], "1.5", "partial"),
        (["a", "b", "c"], "1", "partial"),
        (["a"], "0", "zero"),  # 4 × 0.5 = 2: nothing left
        ([], "0", "zero"),  # 5 × 0.5 = 2.5 > 2: floored at 0, never -0.5
    ],
)
def test_required_list_deducts_per_missing_floor_zero(value: list[str], points: str, status: str) -> None:
    check(one_item(REQUIRED), value, points, status)


def test_required_list_why() -> None:
    r = one_item(REQUIRED)
    check(r, ["a", "b", "c", "d", "e"], "2", "full", "5项齐全，得2分")
    check(r, ["a", "c", "e"], "1", "partial", "缺2项（明确负责人、定期活动），每缺一项扣0.5分，得1分")
    check(
        r,
        [],
        "0",
        "zero",
        "缺5项（网格全覆盖、明确负责人、党员编入网格、定期活动、活动记录），每缺一项扣0.5分，扣完为止，得0分",
    )


def test_required_list_tenth_point_deductions_are_exact() -> None:
    # 1 - 3 × 0.1 is 0.7 exactly (in floats it is 0.7000000000000001)
    things = "\n".join(f"  - {{id: t{i}, label: 事项{i}}}" for i in range(10))
    r = one_item(f"type: required_list\npoints: 1\ndeduct: 0.1\nthings:\n{things}\n")
    got = check(r, [f"t{i}" for i in range(7)], "0.7", "partial")
    assert got.why.endswith("每缺一项扣0.1分，得0.7分")


# --- count -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "points", "status"),
    [
        (0, "5", "full"),
        (1, "4.5", "partial"),
        (3, "3.5", "partial"),
        (9, "0.5", "partial"),
        (10, "0", "zero"),
        (11, "0", "zero"),
        (500, "0", "zero"),
    ],
)
def test_count_deduct_half_points_until_nothing_left(n: int, points: str, status: str) -> None:
    check(one_item("type: count\nmode: deduct\nper: 0.5\npoints: 5"), n, points, status)


def test_count_deduct_why() -> None:
    r = one_item("type: count\nmode: deduct\nper: 0.5\npoints: 5")
    check(r, 0, "5", "full", "未发现，得满分5分")
    check(r, 3, "3.5", "partial", "发现3次，每次扣0.5分，扣1.5分，得3.5分")  # 5 - 3×0.5, never 3.4999
    check(r, 10, "0", "zero", "发现10次，每次扣0.5分，扣5分，得0分")
    check(r, 12, "0", "zero", "发现12次，每次扣0.5分，扣完为止，扣5分，得0分")


def test_count_deduct_with_a_deduction_cap() -> None:
    r = one_item("type: count\nmode: deduct\nper: 2\npoints: 5\ncap: 3")
    check(r, 1, "3", "partial", "发现1次，每次扣2分，扣2分，得3分")
    check(r, 2, "2", "partial", "发现2次，每次扣2分，最多扣3分，扣3分，得2分")  # 4 > cap 3
    check(r, 9, "2", "partial")


def test_count_deduct_cap_above_full_marks_still_floors_at_zero() -> None:
    r = one_item("type: count\nmode: deduct\nper: 2\npoints: 5\ncap: 8")
    check(r, 2, "1", "partial")
    check(r, 3, "0", "zero", "发现3次，每次扣2分，扣完为止，扣5分，得0分")


def test_count_add_is_capped() -> None:
    """Within the base total each one 得 points; only a bonus item 加 them (issue 9)."""
    r = one_item("type: count\nmode: add\nper: 1\ncap: 3\nunit: 名")
    check(r, 0, "0", "zero", "0名，每名得1分，得0分")
    check(r, 2, "2", "partial", "2名，每名得1分，得2分")
    check(r, 3, "3", "full")
    check(r, 7, "3", "full", "7名，每名得1分，超过上限按3分计，得3分")
    assert item(r, 7).max == 3


def test_count_add_on_a_bonus_item_says_jia() -> None:
    r = one_item("type: count\nmode: add\nper: 1\ncap: 3\nunit: 名", "bonus: true\n")
    check(r, 2, "2", "partial", "2名，每名加1分，得2分")


def test_count_accepts_typed_full_width_digits() -> None:
    check(one_item("type: count\nmode: deduct\nper: 0.5\npoints: 5"), "３", "3.5", "partial")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (-1, "答案无效：次数应为不小于 0 的整数，“-1”不行"),
        (1.5, "答案无效：次数应为不小于 0 的整数，“1.5”不行"),
        ("三", "答案无效：次数：“三”不是数字，请用阿拉伯数字填写（如 12 或 12.5）"),
        (True, "答案无效：次数应为数字"),
    ],
)
def test_count_refuses_bad_counts(value: Any, why: str) -> None:
    check(one_item("type: count\nmode: deduct\nper: 0.5\npoints: 5"), value, "0", "invalid", why)


# --- number: bands, parameters, profiles, growth ---------------------------------------------

INCOME = """\
type: number
unit: 万元
min: 0
bands:
  - {min: $income_threshold, points: 5}
  - {min: $income_base, points: 2}
otherwise: 0.5
"""


@pytest.mark.parametrize(
    ("value", "points", "status"),
    [
        (25, "5", "full"),
        (20, "5", "full"),
        ("19.99", "2", "partial"),
        (10, "2", "partial"),
        (9, "0.5", "partial"),
        (0, "0.5", "partial"),
    ],
)
def test_number_bands_with_parameter_thresholds(value: Any, points: str, status: str) -> None:
    check(one_item(INCOME, title="村集体经济收入"), value, points, status)


def test_number_why_says_what_the_next_band_needs() -> None:
    r = one_item(INCOME, title="村集体经济收入")
    check(r, 25, "5", "full", "村集体经济收入 25万元 ≥ 20万元，得5分")
    check(r, 15, "2", "partial", "村集体经济收入 15万元 ≥ 10万元，得2分；达到20万元可得5分")
    check(r, 8, "0.5", "partial", "村集体经济收入 8万元 未达到10万元，得0.5分；达到10万元可得2分")


@pytest.mark.parametrize(
    ("value", "points"),
    [(12, "5"), (10, "5"), (9, "2"), (5, "2"), (4, "0.5")],
)
def test_number_region_profile_overrides_thresholds(value: int, points: str) -> None:
    r = one_item(INCOME, title="村集体经济收入")
    check(r, value, points, "full" if points == "5" else "partial", profile="accelerated")


def test_profile_why_uses_the_profile_values() -> None:
    r = one_item(INCOME, title="村集体经济收入")
    got = check(r, 7, "2", "partial", profile="accelerated")
    assert got.why == "村集体经济收入 7万元 ≥ 5万元，得2分；达到10万元可得5分"
    # the profile recorded in the assessment applies when none is given
    res = score(r, assessment({"x": 7}, profile="accelerated"))
    assert (res.item("x").points, res.profile) == (D(2), "accelerated")
    # and an explicit one wins over it
    assert score(r, assessment({"x": 7}, profile="accelerated"), None).item("x").points == 2


def test_unknown_profile_raises_unknown_profile() -> None:
    r = one_item(INCOME)
    with pytest.raises(UnknownProfile, match="地区档位“nowhere”不存在，可用：accelerated"):
        score(r, assessment({"x": 7}), "nowhere")


def test_number_out_of_range_is_refused() -> None:
    check(one_item(INCOME), -1, "0", "invalid", "答案无效：-1万元 低于允许的最小值 0万元")


def test_number_accepts_what_an_input_method_types() -> None:
    r = one_item(INCOME)
    check(r, "１２。５", "2", "partial")
    check(r, " 1,200 ", "5", "full")


GROWTH = """\
type: number
unit: 万元
bands:
  - {min: $income_threshold, points: 5}
  - {min: $income_base, points: 2}
growth: {rate: 10, points: 4}
"""


@pytest.mark.parametrize(
    ("value", "points"),
    [
        ({"current": 15, "previous": 12}, "4"),  # +25 % ≥ 10 %: the growth route gives 4 > band 2
        ({"current": 11, "previous": 10}, "4"),  # exactly +10 %
        ({"current": 15, "previous": 14}, "2"),  # +7.1 %: band only
        ({"current": 25, "previous": 30}, "5"),  # fell, but the absolute threshold is met
        ({"current": 22, "previous": 10}, "5"),  # both routes: the better one
        ({"current": 15}, "2"),  # no last-year value: bands only
        ({"current": 15, "previous": None}, "2"),
        ({"current": 5, "previous": 0}, "0"),  # growth over nothing is not a rate: bands only
        (15, "2"),  # a plain number is fine too
    ],
)
def test_number_absolute_threshold_or_growth(value: Any, points: str) -> None:
    got = item(one_item(GROWTH, title="集体收入"), value)
    assert got.points == D(points), got.why


def test_number_growth_why() -> None:
    r = one_item(GROWTH, title="集体收入")
    check(r, {"current": 15, "previous": 12}, "4", "partial", "集体收入比上年增长25%（不低于10%），得4分")
    check(
        r,
        {"current": 15, "previous": 14},
        "2",
        "partial",
        "集体收入 15万元 ≥ 10万元，得2分；达到20万元可得5分；比上年增长7.1%，增长达到10%可得4分",
    )
    check(r, {"current": 15, "previous": -1}, "0", "invalid", "答案无效：上年数值不能为负数")


# --- deviation -------------------------------------------------------------------------------

AGE = """\
type: deviation
unit: 岁
points: 6
baseline: $age_baseline
per: 3
cap: 5
"""


@pytest.mark.parametrize(
    ("value", "points"),
    [(40, "6"), (48, "6"), ("48.9", "6"), (49, "3"), ("49.5", "3"), (50, "1"), (60, "1")],  # floor; cap 5 of 6
)
def test_deviation_floor_units_capped(value: Any, points: str) -> None:
    check(one_item(AGE), value, points, "full" if points == "6" else "partial")


def test_deviation_why() -> None:
    r = one_item(AGE)
    check(r, 47, "6", "full", "47岁，未超过48岁，得6分")
    check(r, "49.5", "3", "partial", "49.5岁，超过48岁 1.5岁，每1岁扣3分，扣3分，得3分")
    check(r, 51, "1", "partial", "51岁，超过48岁 3岁，每1岁扣3分，扣5分（最多扣5分），得1分")


@pytest.mark.parametrize(("value", "points"), [("48.1", "4.5"), (49, "4.5"), ("49.2", "3"), (52, "0")])
def test_deviation_ceil_counts_started_units(value: Any, points: str) -> None:
    r = one_item("type: deviation\nunit: 岁\npoints: 6\nbaseline: 48\nper: 1.5\npartial: ceil")
    assert item(r, value).points == D(points)


@pytest.mark.parametrize(("value", "points"), [(49, "5.5"), (51, "4.5"), ("48.5", "5.75"), (60, "0")])
def test_deviation_exact_counts_fractions(value: Any, points: str) -> None:
    r = one_item("type: deviation\nunit: 岁\npoints: 6\nbaseline: 48\nstep: 2\nper: 1\npartial: exact")
    got = check(r, value, points, "zero" if points == "0" else "partial")
    if value == 49:
        assert got.why == "49岁，超过48岁 1岁，每2岁扣1分，扣0.5分，得5.5分"


def test_deviation_below_a_baseline() -> None:
    r = one_item("type: deviation\nunit: 名\npoints: 4\nbaseline: 3\ndirection: below\nper: 2")
    check(r, 3, "4", "full", "3名，未低于3名，得4分")
    check(r, 2, "2", "partial", "2名，低于3名 1名，每1名扣2分，扣2分，得2分")
    check(r, 0, "0", "zero")


# --- share -----------------------------------------------------------------------------------

YOUNG = """\
type: share
part_label: 35岁以下党员
whole_label: 党员总数
bands:
  - {min: 20, points: 3}
  - {min: 10, points: 1}
"""

LOW_EDU = """\
type: share
part_label: 专科以下村干部
whole_label: 村干部总数
bands:
  - {max: 30, points: 2}
  - {max: 50, points: 1}
otherwise: 0
"""


@pytest.mark.parametrize(
    ("part", "whole", "points"),
    [(12, 50, "3"), (10, 50, "3"), (9, 50, "1"), (5, 50, "1"), (4, 50, "0"), (0, 50, "0"), (1, 3, "3"), (50, 50, "3")],
)
def test_share_min_bands(part: int, whole: int, points: str) -> None:
    assert item(one_item(YOUNG), {"part": part, "whole": whole}).points == D(points)


@pytest.mark.parametrize(
    ("part", "whole", "points"),
    [(0, 7, "2"), (2, 7, "2"), (3, 10, "2"), (3, 7, "1"), (5, 10, "1"), (4, 7, "0"), (7, 7, "0")],
)
def test_share_max_bands(part: int, whole: int, points: str) -> None:
    assert item(one_item(LOW_EDU), {"part": part, "whole": whole}).points == D(points)


def test_share_why() -> None:
    check(one_item(YOUNG), {"part": 12, "whole": 50}, "3", "full", "35岁以下党员12人/党员总数50人 = 24%，≥ 20%，得3分")
    check(
        one_item(YOUNG),
        {"part": 6, "whole": 50},
        "1",
        "partial",
        "35岁以下党员6人/党员总数50人 = 12%，≥ 10%，得1分；达到20%可得3分",
    )
    check(
        one_item(LOW_EDU),
        {"part": 4, "whole": 7},
        "0",
        "zero",
        "专科以下村干部4人/村干部总数7人 = 57.1%，高于50%，得0分；降到50%可得1分",
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({"part": 0, "whole": 0}, "答案无效：党员总数为 0，无法计算占比"),
        ({"part": 51, "whole": 50}, "答案无效：35岁以下党员（51）不能多于党员总数（50）"),
        ({"part": "1.5", "whole": 50}, "答案无效：35岁以下党员应为不小于 0 的整数"),
        ({"part": -1, "whole": 50}, "答案无效：35岁以下党员应为不小于 0 的整数"),
        ({"part": 3}, "答案无效：党员总数应为数字"),
        (12, "答案无效：应填写“35岁以下党员”和“党员总数”两个数"),
    ],
)
def test_share_refuses_impossible_counts(value: Any, why: str) -> None:
    check(one_item(YOUNG), value, "0", "invalid", why)


# --- judged ----------------------------------------------------------------------------------

JUDGED = "type: judged\nmin: 5\nmax: 10"


def test_judged_needs_a_note() -> None:
    r = one_item(JUDGED)
    check(r, "7.5", "7.5", "partial", "评定7.5分（可评5–10分）", note="融合项目3个，成效明显")
    check(r, 10, "10", "full", note="x")
    check(r, 5, "5", "partial", note="x")
    check(r, 8, "0", "invalid", "评定分须写明理由（备注），请补充")
    check(
        r, 8, "0", "invalid", "评定分须写明理由（备注），请补充", note="\u3000"
    )  # an ideographic space is no reason


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (11, "答案无效：11分 超过允许的最大值 10分"),
        (4, "答案无效：4分 低于允许的最小值 5分"),
        ("很好", "答案无效：评定分：“很好”不是数字，请用阿拉伯数字填写（如 12 或 12.5）"),
    ],
)
def test_judged_out_of_range_is_refused(value: Any, why: str) -> None:
    check(one_item(JUDGED), value, "0", "invalid", why, note="有理由")


# --- what the assessment file can hold ---------------------------------------------------------


def test_unanswered_and_na_not_allowed() -> None:
    r = one_item("type: yesno\npoints: 2")
    check(r, None, "0", "unanswered", "未填写")
    got = run(r, {"x": {"na": True}}).item("x")
    assert (got.status, got.why) == ("invalid", "答案无效：本指标不允许选择“不适用”")
    assert run(r, {}).item("x").why == "未填写"


def test_points_in_json_are_exact() -> None:
    r = one_item("type: count\nmode: deduct\nper: 0.5\npoints: 5")
    data = run(r, {"x": 3}).to_data()
    assert data["items"][0]["points"] == 3.5
    assert '"points": 3.5' in json.dumps(data)
    assert data["total"] == 3.5


# --- the engine: sections, N/A, relevance, bonus, vetoes, flags, levels, tags ----------------

RICH = """\
id: rich
title: 测试细则
version: "1"
na_policy: rescale
bonus_cap: 3
tag_groups:
  - id: goals
    label: 五个目标
    tags: [党建强, 产业兴]
sections:
  - id: a
    title: 组织
    items:
      - id: a1
        title: 甲一
        rule: {type: yesno, points: 4}
        tags: [党建强]
      - id: a2
        title: 甲二
        allow_na: true
        rule: {type: yesno, points: 6}
        tags: [党建强, 产业兴]
      - id: a3
        title: 甲三
        relevant_when: {item: a1, equals: true}
        rule: {type: yesno, points: 0.5}
  - id: b
    title: 发展
    na_policy: zero
    items:
      - id: b1
        title: 乙一
        allow_na: true
        rule: {type: yesno, points: 5}
        tags: [产业兴]
      - id: b2
        title: 乙二
        rule: {type: count, mode: deduct, per: 0.5, points: 5}
  - id: c
    title: 保障
    cap: 8
    items:
      - id: c1
        title: 丙一
        rule: {type: yesno, points: 5}
      - id: c2
        title: 丙二
        rule: {type: yesno, points: 5}
  - id: x
    title: 加分与否决
    items:
      - id: x1
        title: 加分一
        bonus: true
        rule: {type: count, mode: add, per: 1, cap: 2}
      - id: x2
        title: 加分二
        bonus: true
        rule: {type: yesno, points: 2}
      - id: v1
        title: 扫黑除恶
        rule: {type: yesno, points: 1, negative: true}
        veto: {when: {item: v1, equals: true}, reason: 发生涉黑涉恶案件}
      - id: v2
        title: 安全事故
        rule: {type: yesno, points: 1, negative: true}
        veto: {when: {item: v2, equals: true}, cap: three}
levels:
  - {id: five, label: 五星, stars: 5, min: 25, no_veto: true, no_flag: true, requires: [{item: a1, full: true}]}
  - {id: four, label: 四星, stars: 4, min: 20, no_veto: true}
  - {id: three, label: 三星, stars: 3, min: 10}
flags:
  - id: weak
    label: 软弱涣散
    when: {any: [{item: b2, at_least: 4}, {item: c1, equals: false}]}
    cancels_level: true
  - id: lag
    label: 后进
    when: {item: c2, equals: false}
    cap: three
  - id: watch
    label: 重点关注
    when: {item: b1, equals: false}
"""

# Everything answered for full marks; the bonus items earn 2 + 2, capped at 3.
FULL: dict[str, Any] = dict(
    a1=True, a2=True, a3=True, b1=True, b2=0, c1=True, c2=True, x1=5, x2=True, v1=False, v2=False
)


@pytest.fixture(scope="module")
def rich() -> Rubric:
    return parse(RICH)


def rich_run(rich: Rubric, **changes: Any) -> Result:
    return score(rich, assessment({**FULL, **changes}, "rich"))


def section(res: Result, sid: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    s = next(s for s in res.sections if s.id == sid)
    return s.points, s.max, s.percent, s.max_achievable


def test_full_marks(rich: Rubric) -> None:
    res = rich_run(rich)
    # a 4+6+0.5, b 5+5, c 10 capped at 8, x 1+1 (bonus items sit outside the base)
    assert [section(res, s)[:2] for s in "abcx"] == [(D("10.5"), D("10.5")), (10, 10), (8, 8), (2, 2)]
    assert (res.max, res.base, res.bonus, res.bonus_cap, res.total) == (D("30.5"), D("30.5"), 3, 3, D("33.5"))
    assert res.max_achievable == D("30.5")
    assert res.level.id == "five" and res.next_level is None
    assert res.level_reasons == (
        "总分33.5分，不低于五星的25分",
        "无一票否决事项",
        "无软弱涣散等认定",
        "满足：“甲一”得满分",
    )
    assert (res.answered, res.applicable) == (11, 11)


def test_na_rescales_the_section(rich: Rubric) -> None:
    res = rich_run(rich, a2={"na": True}, a3=False)
    # applicable: a1 4 + a3 0.5 = 4.5, earned 4 → 4 × 10.5 / 4.5 = 9.333… → 9.33
    assert section(res, "a") == (D("9.33"), D("10.5"), D("88.86"), D("10.5"))
    a2 = res.item("a2")
    assert (a2.points, a2.status, a2.why, a2.lost) == (0, "na", "不适用", 0)
    assert res.max_achievable == D("30.5")  # rescaling keeps the whole section reachable
    # 不适用 is the secretary's answer: it counts in 已填 and in 应填 alike (was 10: left out of 应填 only)
    assert (res.answered, res.applicable) == (11, 11)
    assert (res.progress.answered, res.progress.na) == (10, 1)
    a = next(s for s in res.sections if s.id == "a")
    assert (a.raw, a.scale * D("4.5"), a.note) == (4, D("10.5"), "含不适用项，按比例折算：4 ÷ 4.5 × 10.5 = 9.33")


def test_na_counts_as_zero_under_zero_policy(rich: Rubric) -> None:
    res = rich_run(rich, b1={"na": True}, b2=3)
    # b: b1 N/A, b2 5 - 3 × 0.5 = 3.5; the section's max stays 10 but only 5 is reachable
    assert section(res, "b") == (D("3.5"), 10, 35, 5)
    assert res.max == D("30.5")
    assert res.max_achievable == D("25.5")


def test_na_on_every_item_of_a_rescaled_section() -> None:
    r = parse(
        HEAD
        + """\
sections:
  - id: s
    title: 板块
    items:
      - {id: x, title: 甲, allow_na: true, rule: {type: yesno, points: 3}}
      - {id: w, title: 乙, allow_na: true, rule: {type: yesno, points: 2}}
  - id: t
    title: 另一板块
    items:
      - {id: z, title: 丙, rule: {type: yesno, points: 5}}
"""
    )
    res = run(r, {"x": {"na": True}, "w": {"na": True}, "z": True})
    assert section(res, "s") == (0, 5, 0, 0)
    assert (res.total, res.max, res.max_achievable) == (5, 10, 5)


def test_relevant_when(rich: Rubric) -> None:
    res = rich_run(rich, a1=False)
    a3 = res.item("a3")
    assert (a3.points, a3.status, a3.why) == (0, "not_relevant", "无需填写（仅当“甲一”为“是”时适用）")
    # a3 answered "yes" but is skipped; a: a2 6 of applicable 4 + 6 = 10 → 6 × 10.5 / 10 = 6.3
    assert section(res, "a")[:3] == (D("6.3"), D("10.5"), 60)
    assert res.answered == 10  # not counted as answered
    relevant = rich_run(rich, a3=False).item("a3")
    assert (relevant.status, relevant.points) == ("zero", 0)


def test_relevant_when_on_an_unanswered_item(rich: Rubric) -> None:
    answers = {k: v for k, v in FULL.items() if k != "a1"}
    res = score(rich, assessment(answers, "rich"))
    assert res.item("a1").status == "unanswered"
    # issue 9 1g: the gate is not answered, so a3 is 待定 (was not_relevant) and keeps its full marks
    assert res.item("a3").status == "pending"
    assert res.item("a3").why == "待定（仅当“甲一”为“是”时适用，相关指标尚未填写）"
    assert (res.progress.pending, res.progress.to_answer, res.progress.not_relevant) == (1, 1, 0)


def test_bonus_is_capped(rich: Rubric) -> None:
    assert (rich_run(rich).bonus, rich_run(rich).total) == (3, D("33.5"))
    small = rich_run(rich, x1=1, x2=False)
    assert (small.bonus, small.total) == (1, D("31.5"))
    none = rich_run(rich, x1=0, x2=False)
    assert (none.bonus, none.total, none.base) == (0, D("30.5"), D("30.5"))
    x = next(s for s in rich_run(rich).sections if s.id == "x")
    assert (x.bonus_raw, x.bonus) == (4, 3)  # earned, and counted under the rubric-wide cap
    assert rich_run(rich).bonus_raw == 4
    assert rich_run(rich).bonus_note == "加分项合计4分，超过上限3分，按3分计入总分"
    assert rich_run(rich).item("x1").lost == 0  # a bonus item never "loses" points


def test_section_cap(rich: Rubric) -> None:
    assert section(rich_run(rich), "c") == (8, 8, 100, 8)
    assert section(rich_run(rich, c2=False), "c") == (5, 8, D("62.5"), 8)


def test_veto_cancels_the_level(rich: Rubric) -> None:
    res = rich_run(rich, v1=True)
    assert res.total == D("32.5")  # the score still counts
    assert (res.level.id, res.level.label, res.level.stars) == (None, "未定星", 0)
    assert res.vetoed == ["v1"]
    v = res.vetoes[0]
    assert (v.id, v.label, v.items, v.reason, v.effect) == ("v1", "扫黑除恶", ("v1",), "发生涉黑涉恶案件", "不评定星级")
    assert res.level_reasons == ("“扫黑除恶”一票否决，不评定星级",)
    assert res.next_level is not None and res.next_level.id == "three"
    assert res.next_missing == ("“扫黑除恶”一票否决，不评定星级",)
    assert res.to_data()["vetoed"] == ["v1"]


def test_veto_caps_the_level(rich: Rubric) -> None:
    res = rich_run(rich, v2=True)
    assert res.level.id == "three"
    v = res.vetoes[0]
    assert (v.reason, v.effect) == ("“安全事故”为“是”", "星级最高为三星")
    assert res.level_reasons == ("总分32.5分，不低于三星的10分", "因“安全事故”，星级最高为三星")
    assert res.next_level is not None and res.next_level.id == "four"
    assert v.kind == "星级封顶"  # it caps the level; it vetoes nothing (issue 9)
    assert res.next_missing == ("须无星级封顶事项（现有：“安全事故”）", "因“安全事故”，星级最高为三星")


def test_flag_cancels_the_level(rich: Rubric) -> None:
    res = rich_run(rich, b2=4)
    assert res.level.id is None
    f = res.flags[0]
    assert (f.id, f.label, f.items, f.effect) == ("weak", "软弱涣散", ("b2",), "不评定星级")
    assert f.reason == "“乙二”不低于4次或“丙一”为“否”"
    both = rich_run(rich, b2=4, c1=False).flags[0]
    assert both.items == ("b2", "c1")


def test_flag_caps_the_level_and_a_plain_flag_only_marks(rich: Rubric) -> None:
    res = rich_run(rich, c2=False)
    assert (res.level.id, res.flags[0].effect) == ("three", "星级最高为三星")
    watched = rich_run(rich, b1=False)
    assert [(f.id, f.effect) for f in watched.flags] == [("watch", "列入整转")]
    # no cap of its own, but 五星 wants no flag at all (no_flag): 28.5 points earn 四星
    assert (watched.total, watched.level.id) == (D("28.5"), "four")
    assert watched.next_missing == ("须无“重点关注”认定",)


def test_levels_floor_is_inclusive_and_requires(rich: Rubric) -> None:
    res = rich_run(rich, x1=0, x2=False, c2=False, b2=1)  # 10.5 + 9.5 + 5 + 2 = 27, but 后进 caps at three
    assert (res.total, res.level.id) == (27, "three")
    res = rich_run(rich, a2=False, a3=False, x1=1, x2=False)  # a 4 + b 10 + c 8 + x 2 + bonus 1 = 25 exactly
    assert (res.total, res.level.id) == (25, "five")
    res = rich_run(rich, a2=False, a3=False, x1=0, x2=False)  # 24
    assert (res.total, res.level.id) == (24, "four")
    assert res.next_missing == ("总分24分，还差1分达到25分",)
    res = rich_run(rich, a1=False, x1=0, x2=False)  # a 6.3 + 10 + 8 + 2 = 26.3, but a1 not full
    assert (res.total, res.level.id) == (D("26.3"), "four")
    assert res.next_level is not None and res.next_level.label == "五星"
    assert res.next_missing == ("须“甲一”得满分",)
    assert res.to_data()["next_level"] == {"id": "five", "label": "五星", "missing": ["须“甲一”得满分"]}


def test_no_level_and_what_is_missing(rich: Rubric) -> None:
    res = score(rich, assessment({"c1": True, "b2": 0}, "rich"))
    # b 5 (b1 unanswered counts 0), c 5 → 10 → three; with c1 only 5 → none
    assert (res.total, res.level.id) == (10, "three")
    res = score(rich, assessment({}, "rich"))
    assert (res.total, res.level.id, res.level.label) == (0, None, "未定星")
    assert res.level_reasons == ("总分0分，未达到三星的10分",)
    assert res.next_missing == ("总分0分，还差10分达到10分",)


def test_tag_groups(rich: Rubric) -> None:
    res = rich_run(rich, a2=False, b1={"na": True})
    tags = {t.id: (t.points, t.max, t.percent, t.group, t.items) for t in res.tags}
    # 党建强: a1 4/4 + a2 0/6; 产业兴: a2 0/6 (b1 is N/A and left out)
    assert tags == {"党建强": (4, 10, 40, "五个目标", 2), "产业兴": (0, 6, 0, "五个目标", 1)}
    assert [t["id"] for t in res.to_data()["tags"]] == ["党建强", "产业兴"]


def test_section_percent_condition_in_a_level() -> None:
    r = parse(
        HEAD
        + """\
sections:
  - id: s
    title: 组织
    items:
      - {id: x, title: 甲, rule: {type: yesno, points: 6}}
      - {id: w, title: 乙, rule: {type: yesno, points: 4}}
levels:
  - {id: good, label: 达标, stars: 1, min: 0, requires: [{section: s, percent_at_least: 60}]}
"""
    )
    assert run(r, {"x": True}).level.id == "good"  # exactly 60 %
    res = run(r, {"w": True})
    assert res.level.id is None
    assert res.next_missing == ("须“组织”得分率不低于60%",)


def test_relevant_when_on_a_section_percent_is_refused() -> None:
    text = HEAD + textwrap.dedent(
        """\
        sections:
          - id: s
            title: 组织
            items:
              - {id: x, title: 甲, rule: {type: yesno, points: 1}}
              - id: w
                title: 乙
                relevant_when: {section: s, percent_at_least: 50}
                rule: {type: yesno, points: 1}
        """
    )
    _, problems = check_bytes(text.encode(), "t.yaml")
    assert [str(p) for p in problems] == [
        "t.yaml:19:34: [w] 适用条件不能取决于板块得分率（得分率要在各指标是否适用确定之后才能算出）"
    ]


def test_rescaled_points_round_half_up() -> None:
    r = parse(
        HEAD
        + """\
sections:
  - id: s
    title: 板块
    items:
      - {id: x, title: 甲, rule: {type: yesno, points: 1}}
      - {id: w, title: 乙, rule: {type: yesno, points: 7}}
      - {id: z, title: 丙, allow_na: true, rule: {type: yesno, points: 1}}
"""
    )
    res = run(r, {"x": True, "w": False, "z": {"na": True}})
    # 1 of applicable 8, re-scaled to 9: 1.125 → 1.13 (四舍五入, not the banker's 1.12)
    assert section(res, "s")[:3] == (D("1.13"), 9, D("12.56"))  # 1.13 / 9 = 12.555…%
    assert res.total == D("1.13")


def test_veto_on_an_item_that_does_not_apply_is_skipped() -> None:
    r = parse(
        HEAD
        + """\
sections:
  - id: s
    title: 板块
    items:
      - {id: x, title: 有集体企业, rule: {type: yesno, points: 1}}
      - id: z
        title: 集体企业重大安全事故
        relevant_when: {item: x, equals: true}
        rule: {type: yesno, points: 1, negative: true}
        veto: {when: {item: z, equals: true}}
levels:
  - {id: one, label: 一星, stars: 1, min: 0}
"""
    )
    skipped = run(r, {"x": False, "z": True})
    assert (skipped.item("z").status, skipped.vetoes, skipped.level.id) == ("not_relevant", (), "one")
    applies = run(r, {"x": True, "z": True})
    assert (applies.vetoed, applies.level.id) == (["z"], None)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("91.625", "91.63"), ("1.125", "1.13"), ("7.3333", "7.33"), ("0.004", "0"), ("12.50", "12.5"), ("9.999", "10")],
)
def test_round_points(value: str, rounded: str) -> None:
    from checklist.numbers import round_points

    got = round_points(D(value))
    assert got == D(rounded)
    assert str(got) == rounded  # never "1E+1"


# --- growth counts only from its floor up (issue 9: the income loophole) -------------------

GROWTH_FROM = "type: number\nunit: 万元\nmin: 0\nbands:\n  - {min: 20, points: 6}\n  - {min: 10, points: 3}\ngrowth: {rate: 10, points: 6, min: 10}"


GROWTH_RUBRIC = one_item(GROWTH_FROM, title="集体经济收入")


def test_growth_from_almost_nothing_earns_nothing() -> None:
    r = GROWTH_RUBRIC
    check(
        r,
        {"current": "1.1", "previous": "1"},
        "0",
        "zero",
        "集体经济收入 1.1万元 未达到10万元，得0分；达到10万元可得3分；比上年增长10%，但本年未达到10万元，增幅不计分",
    )
    check(r, {"current": "11", "previous": "10"}, "6", "full", "集体经济收入比上年增长10%（不低于10%），得6分")
    check(r, {"current": "10", "previous": "9.5"}, "3", "partial")  # +5.3 %: the band only


@given(
    current=st.decimals(min_value=0, max_value=Decimal("9.99"), places=2),
    previous=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
)
def test_below_the_growth_floor_only_the_bands_count(current: Decimal, previous: Decimal) -> None:
    got = item(GROWTH_RUBRIC, {"current": str(current), "previous": str(previous)})
    assert got.points == 0


# --- information questions: 0 points, read by vetoes, flags, levels and relevance (issue 9, 1a) ---

INFO = (
    HEAD
    + """\
sections:
  - id: s
    title: 板块
    items:
      - id: red_line
        title: 是否发生“十条红线”问题
        rule: {type: yesno, points: 0}
      - id: coop
        title: 村内是否有农民专业合作社
        rule: {type: choice, options: [{id: "yes", label: 有, points: 0}, {id: "no", label: 没有, points: 0}]}
      - id: coop_branch
        title: 合作社党组织
        relevant_when: {item: coop, equals: "yes"}
        rule: {type: yesno, points: 4}
      - id: team
        title: 班子
        rule: {type: yesno, points: 6}
flags:
  - id: red
    label: 后进
    when: {item: red_line, equals: true}
"""
)


def test_an_information_question_scores_nothing_and_decides_the_rest() -> None:
    rubric = parse(INFO)  # refused before: “本指标满分为 0”
    res = run(rubric, {"red_line": True, "coop": "no", "team": True})
    red = res.item("red_line")
    assert (red.points, red.max, red.status, red.why) == (D(0), D(0), "info", "是（信息项，不计分）")
    assert res.item("coop").why == "选择“没有”（信息项，不计分）"
    assert res.item("coop_branch").status == "not_relevant"
    assert [f.id for f in res.flags] == ["red"]
    # the violation earns nothing; coop_branch does not apply, so 6 of the 6 applicable points
    # re-scale to the section's 10 (6 ÷ 6 × 10): the 0-point questions neither add nor dilute
    assert (res.total, res.max, res.sections[0].max) == (D(10), D(10), D(10))
    assert all(g.id not in ("red_line", "coop") for g in res.gaps())


def test_a_zero_point_item_nothing_reads_is_still_refused() -> None:
    rubric, problems = check_bytes(
        INFO.replace("flags:\n  - id: red\n    label: 后进\n    when: {item: red_line, equals: true}\n", "").encode(),
        "t.yaml",
    )
    assert rubric is None
    assert {p.ident for p in problems} == {"red_line"}  # once per profile
    assert "没有任何条件用到它" in problems[0].message


# --- conditions on results: the total, zero items, the level reached (issue 9, 1c) -----------

ON_RESULTS = (
    HEAD
    + """\
sections:
  - id: s
    title: 板块
    items:
      - {id: a, title: 甲, rule: {type: yesno, points: 40}}
      - {id: b, title: 乙, rule: {type: yesno, points: 30}}
      - {id: c, title: 丙, rule: {type: yesno, points: 30}}
levels:
  - {id: five, label: 五星, stars: 5, min: 90}
  - {id: four, label: 四星, stars: 4, min: 80}
  - {id: three, label: 三星, stars: 3, min: 60}
flags:
  - id: low
    label: 整顿对象
    when:
      any:
        - {result: total, at_most: 59}
        - {result: stars, at_most: 3}
  - id: zeros
    label: 多项零分
    cap: three
    when: {result: zero_items, at_least: 2}
"""
)


def test_flags_on_the_total_and_the_level_reached() -> None:
    """总分低于60分或评为三星以下的列为整顿对象: 70 points → 三星 → flagged; 100 → 五星, not."""
    rubric = parse(ON_RESULTS)
    res = run(rubric, {"a": True, "b": True, "c": False})  # 40 + 30 = 70
    assert (res.total, res.level.id, [f.id for f in res.flags]) == (D(70), "three", ["low"])
    assert res.flags[0].reason == "总分不高于59分或星级不高于3星"
    assert run(rubric, {"a": True, "b": True, "c": True}).flags == ()


def test_zero_items_cap_the_level_and_are_known_early() -> None:
    rubric = parse(ON_RESULTS)
    res = run(rubric, {"a": False, "b": False})  # two zeros already; c still open
    assert [f.id for f in res.flags] == ["zeros"]
    # with c open, the total (0) might still rise: “不高于59分” is not yet known, so no 整顿对象
    assert "low" not in [f.id for f in res.flags]
    done = run(rubric, {"a": False, "b": False, "c": True})
    assert [f.id for f in done.flags] == ["low", "zeros"]


def test_what_sets_the_level_cannot_read_the_level() -> None:
    bad = ON_RESULTS.replace("    label: 整顿对象\n", "    label: 整顿对象\n    cap: three\n")
    rubric, problems = check_bytes(bad.encode(), "t.yaml")
    assert rubric is None
    assert {p.message for p in problems} == {
        "封顶或取消星级的认定不能取决于星级（星级要在它确定之后才能算出，互为前提）"
    }
    relevant = ON_RESULTS.replace(
        "      - {id: c, title: 丙, rule: {type: yesno, points: 30}}",
        "      - {id: c, title: 丙, relevant_when: {result: total, at_least: 50}, rule: {type: yesno, points: 30}}",
    )
    rubric, problems = check_bytes(relevant.encode(), "t.yaml")
    assert rubric is None and "适用条件不能取决于总分" in problems[0].message


# --- per-point deduction on a computed share (issue 9, 1b) ---------------------------------

EDU = """\
type: share
part_label: 高中以上学历党员人数
whole_label: 党员总人数
deviation: {points: 5, baseline: 55, per: 1}
"""


def test_share_per_point_deduction_whole_points_only() -> None:
    """高中以上文化程度占比低于55%的，每降低一个百分点扣1分，扣完为止 (5 points)."""
    r = one_item(EDU)
    check(
        r, {"part": 30, "whole": 50}, "5", "full", "高中以上学历党员人数30人/党员总人数50人 = 60%，未低于55%，得5分"
    )
    check(
        r,
        {"part": 26, "whole": 50},
        "2",
        "partial",
        "高中以上学历党员人数26人/党员总人数50人 = 52%，低于55% 3个百分点，每1个百分点扣1分，扣3分，得2分",
    )
    check(r, {"part": 107, "whole": 200}, "4", "partial")  # 53.5 %: 1.5 points under, whole points only → 1
    check(r, {"part": 10, "whole": 50}, "0", "zero")  # 35 points under: 扣完为止
    assert item(r, {"part": 10, "whole": 50}).max == 5


EDU_RUBRIC = one_item(EDU)


@given(part=st.integers(min_value=0, max_value=500), extra=st.integers(min_value=0, max_value=500))
def test_share_deviation_never_below_zero_nor_above_full(part: int, extra: int) -> None:
    whole = part + extra
    if whole == 0:
        return
    got = item(EDU_RUBRIC, {"part": part, "whole": whole})
    assert D(0) <= got.points <= D(5)
    under = max(D(0), D(55) - D(part) * 100 / D(whole))
    assert got.points == max(D(0), D(5) - D(int(under)))


def test_share_needs_bands_or_deviation_not_both() -> None:
    rubric, problems = check_bytes(
        (
            HEAD + "sections:\n  - id: s\n    title: 板块\n    items:\n      - id: x\n        title: 指标\n"
            "        rule: {type: share, part_label: 甲, whole_label: 乙}\n"
        ).encode(),
        "t.yaml",
    )
    assert rubric is None
    assert "bands（分档）或 deviation" in problems[0].message
