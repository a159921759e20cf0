"""Properties of scoring over generated rubrics, a fixed rich rubric and the shipped ones,
with generated answers (valid, N/A, missing and junk)."""

from __future__ import annotations

import random
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checklist.assessment import Assessment
from checklist.rubric import Params, Rubric, check_bytes, load_rubric
from checklist.rubric.bounds import ZERO, rule_max
from checklist.rubric.model import (
    Choice,
    Count,
    Deviation,
    Judged,
    Multiple,
    Number,
    RequiredList,
    Rule,
    Share,
    YesNo,
)
from checklist.scoring import BadValue, Result, check_value, score

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- rubrics -----------------------------------------------------------------------------------

halves = st.integers(1, 20).map(lambda n: D(n) / 2)  # 0.5 … 10
small_halves = st.integers(1, 6).map(lambda n: D(n) / 2)  # 0.5 … 3


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


@st.composite
def bands(draw: st.DrawFn, low: int, high: int) -> dict[str, Any]:
    """Well-ordered bands: thresholds strictly from best to worst, points not increasing,
    ``otherwise`` no more than the last band (what the rubric checks ask of a file)."""
    upward = draw(st.booleans())
    n = draw(st.integers(1, 3))
    bounds = sorted(draw(st.lists(st.integers(low, high), min_size=n, max_size=n, unique=True)), reverse=upward)
    points = sorted(draw(st.lists(halves, min_size=n, max_size=n)), reverse=True)
    key = "min" if upward else "max"
    otherwise = draw(st.sampled_from([ZERO, points[-1] / 2]))
    return {"bands": [{key: D(b), "points": p} for b, p in zip(bounds, points, strict=True)], "otherwise": otherwise}


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            ["yesno", "choice", "multiple", "required_list", "count", "number", "deviation", "share", "judged"]
        )
    )
    if kind == "yesno":
        return {"type": kind, "points": draw(halves), "negative": draw(st.booleans())}
    if kind in ("choice", "multiple"):
        n = draw(st.integers(2 if kind == "choice" else 1, 4))
        pts = draw(st.lists(st.integers(0, 10).map(lambda k: D(k) / 2), min_size=n, max_size=n))
        if max(pts) == 0:
            pts[0] = D(1)
        rule: dict[str, Any] = {
            "type": kind,
            "options": [{"id": i, "label": f"选项{i}", "points": p} for i, p in zip(_ids("o", n), pts, strict=True)],
        }
        if kind == "multiple" and draw(st.booleans()):
            rule["cap"] = max(max(pts), sum(pts) - draw(st.integers(0, 3)))
        return rule
    if kind == "required_list":
        n = draw(st.integers(1, 6))
        things = [{"id": i, "label": f"事项{i}"} for i in _ids("t", n)]
        return {"type": kind, "points": draw(halves), "deduct": draw(small_halves), "things": things}
    if kind == "count":
        if draw(st.booleans()):
            rule = {"type": kind, "mode": "deduct", "per": draw(small_halves), "points": draw(halves)}
            if draw(st.booleans()):
                rule["cap"] = draw(halves)
            return rule
        return {"type": kind, "mode": "add", "per": draw(small_halves), "cap": draw(halves)}
    if kind == "number":
        rule = {"type": kind, "unit": "万元", "min": ZERO, **draw(bands(0, 50))}
        if "min" in rule["bands"][0] and draw(st.booleans()):  # growth is an "at least" route
            rule["growth"] = {"rate": D(draw(st.integers(1, 30))), "points": draw(halves)}
        return rule
    if kind == "deviation":
        rule = {
            "type": kind,
            "unit": "岁",
            "points": draw(halves),
            "baseline": D(draw(st.integers(30, 60))),
            "direction": draw(st.sampled_from(["above", "below"])),
            "step": draw(st.sampled_from([D(1), D(2), D("0.5")])),
            "per": draw(small_halves),
            "partial": draw(st.sampled_from(["floor", "ceil", "exact"])),
            "min": ZERO,
            "max": D(100),
        }
        if draw(st.booleans()):
            rule["cap"] = draw(halves)
        return rule
    if kind == "share":
        return {"type": kind, "part_label": "部分", "whole_label": "总数", **draw(bands(1, 99))}
    low = draw(st.integers(0, 5))
    return {"type": kind, "min": D(low), "max": D(low + draw(st.integers(1, 10)))}


@st.composite
def rubrics(draw: st.DrawFn) -> Rubric:
    sections = []
    n = 0
    for s in range(draw(st.integers(1, 3))):
        items = []
        for _ in range(draw(st.integers(1, 5))):
            items.append(
                {
                    "id": f"i{n}",
                    "title": f"指标{n}",
                    "rule": draw(rules()),
                    "allow_na": draw(st.booleans()),
                    "bonus": draw(st.integers(0, 5)) == 0,
                    "tags": draw(st.lists(st.sampled_from(["党建强", "产业兴"]), unique=True, max_size=2)),
                }
            )
            n += 1
        section: dict[str, Any] = {"id": f"s{s}", "title": f"板块{s}", "items": items}
        policy = draw(st.sampled_from([None, "rescale", "zero"]))
        if policy:
            section["na_policy"] = policy
        if draw(st.integers(0, 3)) == 0:
            section["cap"] = D(draw(st.integers(5, 40)))
        sections.append(section)
    data: dict[str, Any] = {
        "id": "gen",
        "title": "生成的细则",
        "version": "1",
        "na_policy": draw(st.sampled_from(["rescale", "zero"])),
        "tag_groups": [{"id": "goals", "label": "五个目标", "tags": ["党建强", "产业兴"]}],
        "sections": sections,
    }
    if draw(st.booleans()):
        data["bonus_cap"] = D(draw(st.integers(0, 5)))
    return Rubric.model_validate(data)


RICH_TEXT = """\
id: rich
title: 丰富的测试细则
version: "1"
bonus_cap: 4
parameters:
  income_threshold: {label: 收入达标线, unit: 万元, default: 20}
  income_base: {label: 收入基本线, unit: 万元, default: 10}
profiles:
  accelerated: {label: 加快发展县, parameters: {income_threshold: 10, income_base: 5}}
tag_groups:
  - {id: goals, label: 五个目标, tags: [党建强, 产业兴, 治理好]}
sections:
  - id: org
    title: 组织体系
    na_policy: rescale
    items:
      - {id: strongest, title: 最强支部, tags: [党建强], rule: {type: choice, options: [{id: city, label: 市级, points: 3}, {id: county, label: 县级, points: 2}, {id: none, label: 未开展, points: 0}]}}
      - {id: grid, title: 网格党支部, tags: [党建强], rule: {type: required_list, points: 2, deduct: 0.5, things: [{id: a, label: 甲}, {id: b, label: 乙}, {id: c, label: 丙}, {id: d, label: 丁}, {id: e, label: 戊}]}}
      - {id: new_field, title: 新领域党组织, allow_na: true, rule: {type: yesno, points: 1}}
      - {id: vitality, title: 活力提升, rule: {type: multiple, cap: 3, options: [{id: std, label: 标准, points: 1.5}, {id: feat, label: 特色, points: 1}, {id: tasks, label: 任务, points: 1}]}}
      - {id: oversize, title: 存在超大支部, rule: {type: yesno, points: 1, negative: true}}
      - {id: oversize_fix, title: 超大支部整治, relevant_when: {item: oversize, equals: true}, rule: {type: yesno, points: 2}}
  - id: people
    title: 党员队伍
    cap: 10
    items:
      - {id: young, title: 35岁以下党员占比, tags: [党建强], rule: {type: share, part_label: 35岁以下党员, whole_label: 党员总数, bands: [{min: 20, points: 3}, {min: 10, points: 1}]}}
      - {id: low_edu, title: 专科以下村干部占比, rule: {type: share, part_label: 专科以下村干部, whole_label: 村干部总数, bands: [{max: 30, points: 2}, {max: 50, points: 1}]}}
      - {id: age, title: 党员平均年龄, rule: {type: deviation, unit: 岁, points: 3, baseline: 55, per: 1, cap: 2.5, partial: exact, min: 18, max: 100}}
      - {id: redline, title: 触碰十条红线, rule: {type: count, mode: deduct, per: 0.5, points: 3, unit: 人次}}
      - {id: training, title: 进党校培训, allow_na: true, rule: {type: yesno, points: 2}}
  - id: dev
    title: 发展引领
    na_policy: zero
    items:
      - {id: income, title: 集体经济收入, tags: [产业兴], rule: {type: number, unit: 万元, min: 0, bands: [{min: $income_threshold, points: 5}, {min: $income_base, points: 2}], growth: {rate: 10, points: 4}}}
      - {id: venue, title: 活动场所面积, rule: {type: number, unit: 平方米, min: 0, bands: [{min: 200, points: 3}, {min: 100, points: 1}]}}
      - {id: reserve, title: 后备干部, allow_na: true, rule: {type: deviation, unit: 名, points: 2, baseline: 2, direction: below, per: 1}}
      - {id: fusion, title: 党建与乡村振兴融合, tags: [产业兴], rule: {type: judged, min: 2, max: 6}}
  - id: gov
    title: 治理服务
    items:
      - {id: gang, title: 涉黑涉恶, tags: [治理好], rule: {type: yesno, points: 2, negative: true}, veto: {when: {item: gang, equals: true}}}
      - {id: audit, title: 审计巡查, tags: [治理好], rule: {type: choice, options: [{id: clean, label: 无问题, points: 2}, {id: minor, label: 一般问题, points: 1}, {id: serious, label: 严重问题, points: 0}]}, veto: {when: {item: audit, equals: serious}, cap: three}}
      - {id: vacant, title: 书记出缺超过3个月, rule: {type: yesno, points: 1, negative: true}}
      - {id: volunteer, title: 志愿服务, bonus: true, rule: {type: count, mode: add, per: 0.5, cap: 2, unit: 次}}
      - {id: award, title: 获省级以上表彰, bonus: true, rule: {type: yesno, points: 3}}
levels:
  - {id: five, label: 五星, stars: 5, min: 45, no_veto: true, no_flag: true, requires: [{item: income, full: true}]}
  - {id: four, label: 四星, stars: 4, min: 40, no_veto: true}
  - {id: three, label: 三星, stars: 3, min: 30}
  - {id: two, label: 二星, stars: 2, min: 20}
flags:
  - id: weak
    label: 软弱涣散
    cancels_level: true
    when: {any: [{item: vacant, equals: true}, {item: redline, at_least: 4}]}
  - id: lagging
    label: 后进
    cap: two
    when: {not: {section: org, percent_at_least: 40}}
"""


def _parse(text: str) -> Rubric:
    rubric, problems = check_bytes(textwrap.dedent(text).encode(), "rich.yaml")
    assert not problems, [str(p) for p in problems]
    assert rubric is not None
    return rubric


RICH = _parse(RICH_TEXT)
SHIPPED = {p.stem: load_rubric(p).rubric for p in sorted((ROOT / "rubrics").glob("*.yaml"))}
FIXED = {"rich": RICH, **SHIPPED}


def fixed(*names: str) -> st.SearchStrategy[Rubric]:
    """Drawn by name, so that hypothesis never prints a whole rubric."""
    return st.sampled_from(names or sorted(FIXED)).map(_named)


def _named(name: str) -> Rubric:
    return FIXED[name]


# --- answers -----------------------------------------------------------------------------------


def decimals(low: int, high: int, places: int = 1) -> st.SearchStrategy[Decimal]:
    scale = 10**places
    return st.integers(low * scale, high * scale).map(lambda n: D(n) / scale)


def valid_value(rule: Rule, p: Params) -> st.SearchStrategy[Any]:
    match rule:
        case YesNo():
            return st.booleans()
        case Choice():
            return st.sampled_from([o.id for o in rule.options])
        case Multiple():
            return st.lists(st.sampled_from([o.id for o in rule.options]), unique=True)
        case RequiredList():
            return st.lists(st.sampled_from([t.id for t in rule.things]), unique=True)
        case Count():
            return st.integers(0, 30)
        case Number():
            low = int(p.opt(rule.min) or 0)
            high = int(p.opt(rule.max) or 400)
            plain = decimals(low, high)
            if rule.growth is None:
                return plain
            grown = st.fixed_dictionaries({"current": plain}, optional={"previous": decimals(0, high)})
            return st.one_of(plain, grown)
        case Deviation():
            low, high = int(p.opt(rule.min) or 0), int(p.opt(rule.max) or 100)
            return decimals(low, high)
        case Share():
            return st.integers(1, 120).flatmap(
                lambda whole: st.fixed_dictionaries({"part": st.integers(0, whole), "whole": st.just(whole)})
            )
        case Judged():
            return decimals(int(p(rule.min)), int(p(rule.max)), 0).filter(lambda v: p(rule.min) <= v <= p(rule.max))
    raise TypeError(rule)


FULL_WIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
JUNK_TEXT = st.text(st.one_of(FULL_WIDTH, CJK, st.sampled_from(list("　。，、-—.%e ")), st.characters()), max_size=12)


def junk() -> st.SearchStrategy[Any]:
    """Anything a hand-edited or foreign file could hold (never None: that is 'unanswered')."""
    leaf = st.one_of(
        JUNK_TEXT,
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from(["o0", "t1", "zz", "", "１２", "12。5", "NaN", "1e400", "-0", "３０％"]),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.sampled_from(["part", "whole", "current", "previous", "x"]), inner, max_size=3),
        ),
        max_leaves=6,
    )


def invalid_value(rule: Rule, p: Params) -> st.SearchStrategy[Any]:
    """Values that are certainly wrong for this rule."""
    match rule:
        case YesNo():
            return junk().filter(lambda v: not isinstance(v, bool))
        case Choice():
            ids = {o.id for o in rule.options}
            return junk().filter(lambda v: not (isinstance(v, str) and v in ids))
        case Multiple() | RequiredList():
            ids = {o.id for o in rule.options} if isinstance(rule, Multiple) else {t.id for t in rule.things}
            return st.one_of(
                st.lists(st.sampled_from(["zz", "未知", "ｏ０"]), min_size=1).map(lambda v: [*sorted(ids)[:1], *v]),
                junk().filter(lambda v: not isinstance(v, list)),
                st.lists(st.integers(), min_size=1),
            )
        case Count():
            return st.one_of(
                st.integers(-1000, -1),
                decimals(0, 30, 2).filter(lambda d: d != d.to_integral_value()),
                JUNK_TEXT.filter(_not_a_number),
                st.sampled_from([float("nan"), float("inf"), D("NaN"), 10**30, True, [], {}]),
            )
        case Share():
            return st.one_of(
                st.builds(lambda w: {"part": w + 1, "whole": w}, st.integers(0, 50)),
                st.just({"part": 0, "whole": 0}),
                st.builds(lambda w: {"part": -1, "whole": w}, st.integers(1, 50)),
                junk().filter(lambda v: not isinstance(v, dict)),
            )
        case Number() | Deviation() | Judged():
            low, high = (p(rule.min), p(rule.max)) if isinstance(rule, Judged) else (p.opt(rule.min), p.opt(rule.max))
            options = [
                JUNK_TEXT.filter(_not_a_number),
                st.sampled_from([float("nan"), float("-inf"), D("Infinity"), 10**30, D("1E+400"), True, [], {}]),
            ]
            if low is not None:
                options.append(st.integers(1, 1000).map(lambda n: low - n))
            if high is not None:
                options.append(decimals(0, 1000, 2).map(lambda d: high + d + D("0.01")))
            return st.one_of(options)
    raise TypeError(rule)


def _not_a_number(text: str) -> bool:
    from checklist.numbers import NotANumber, parse_number

    try:
        parse_number(text)
    except NotANumber:
        return True
    return False


@st.composite
def answers(draw: st.DrawFn, rubric: Rubric, junk_rate: int = 8) -> dict[str, Any]:
    """Per item: a valid value (mostly), N/A, nothing, or junk."""
    p = Params(rubric)
    out: dict[str, Any] = {}
    for item in rubric.items():
        roll = draw(st.integers(0, junk_rate + 3))
        note = draw(st.sampled_from(["", "已核实", "材料见附件"])) if item.rule.type == "judged" else ""
        if roll == 0:
            continue
        if roll == 1:
            out[item.id] = {"na": True, "note": note}
        elif roll == 2:
            out[item.id] = {"value": draw(junk()), "note": note}
        else:
            out[item.id] = {"value": draw(valid_value(item.rule, p)), "note": note}
    return out


def assess(rubric: Rubric, data: dict[str, Any]) -> Assessment:
    return Assessment.model_validate({"rubric": {"id": rubric.id}, "answers": data})


def run(rubric: Rubric, data: dict[str, Any], profile: str | None = None) -> Result:
    return score(rubric, assess(rubric, data), profile)


def rubric_and_answers(
    rubric: st.SearchStrategy[Rubric] | None = None,
) -> st.SearchStrategy[tuple[Rubric, dict[str, Any]]]:
    return (rubric if rubric is not None else rubrics()).flatmap(lambda r: st.tuples(st.just(r), answers(r)))


ANY_RUBRIC = st.one_of(rubrics(), fixed())

# --- invariants --------------------------------------------------------------------------------


def check_bounds(rubric: Rubric, res: Result, profile: str | None = None) -> None:
    p = Params(rubric, profile)
    bonus_top = sum((rule_max(i.rule, p) for i in rubric.items() if i.bonus), ZERO)
    cap = p.opt(rubric.bonus_cap)
    bonus_cap = min(bonus_top, cap) if cap is not None else bonus_top
    assert ZERO <= res.total <= res.max + bonus_cap
    assert ZERO <= res.bonus <= bonus_cap
    assert ZERO <= res.max_achievable <= res.max
    for i in res.items:
        assert ZERO <= i.points <= i.max, (i.id, i.points, i.max, i.why)
        if i.status in ("na", "not_relevant", "unanswered", "invalid"):
            assert i.points == 0
        if i.status == "full":
            assert i.points == i.max
        if i.status == "unanswered":
            assert i.why == "未填写"
        if i.status == "invalid":  # issue 8: a status of its own, with its reason
            assert i.why.startswith(("答案无效：", "评定分须写明理由")) and i.reason
    for s in (*res.sections, *res.tags):
        assert ZERO <= s.points <= s.max, (s.id, s.points, s.max)
        assert ZERO <= s.percent <= 100, (s.id, s.percent)
    for s in res.sections:
        assert s.max_achievable <= s.max
    assert res.total == sum((s.points for s in res.sections), ZERO) + res.bonus


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), answers(r))))
def test_total_within_zero_and_max_plus_bonus_cap(case: tuple[Rubric, dict[str, Any]]) -> None:
    rubric, data = case
    check_bounds(rubric, run(rubric, data))


@SETTINGS
@given(rubric_and_answers(fixed("rich")), st.sampled_from([None, "accelerated"]))
def test_bounds_hold_under_every_profile(case: tuple[Rubric, dict[str, Any]], profile: str | None) -> None:
    rubric, data = case
    check_bounds(rubric, run(rubric, data, profile), profile)


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), answers(r, junk_rate=2))))
def test_na_rescaling_keeps_percentages_in_range(case: tuple[Rubric, dict[str, Any]]) -> None:
    rubric, data = case
    # N/A on every item that allows it, on top of whatever else was answered
    data = {**data, **{i.id: {"na": True} for i in rubric.items() if i.allow_na}}
    res = run(rubric, data)
    check_bounds(rubric, res)
    for section in rubric.sections:
        got = next(s for s in res.sections if s.id == section.id)
        policy = section.na_policy or rubric.na_policy
        if policy == "rescale" and got.max_achievable:
            assert got.max_achievable == got.max  # re-scaling keeps the whole section reachable


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), answers(r))))
def test_deductions_never_go_below_the_floor(case: tuple[Rubric, dict[str, Any]]) -> None:
    rubric, data = case
    res = run(rubric, data)
    p = Params(rubric)
    for item in rubric.items():
        got = res.item(item.id)
        if got.status not in ("full", "partial", "zero"):
            continue
        rule = item.rule
        value = check_value(rule, data[item.id]["value"], p)
        if isinstance(rule, RequiredList):
            missing = len(rule.things) - len(value)
            assert got.points == max(ZERO, p(rule.points) - p(rule.deduct) * missing)
        elif isinstance(rule, Count) and rule.mode == "deduct":
            limit = min(p(rule.cap), p(rule.points)) if rule.cap is not None else p(rule.points)
            assert got.points == p(rule.points) - min(p(rule.per) * value, limit)
        elif isinstance(rule, Deviation):
            limit = min(p(rule.cap), p(rule.points)) if rule.cap is not None else p(rule.points)
            assert p(rule.points) - limit <= got.points <= p(rule.points)


# --- a better answer never lowers the score ------------------------------------------------------


def controllers(rubric: Rubric) -> set[str]:
    """Items whose answer decides whether another item applies: a 'better' answer there can
    bring in (or drop) another item, which is not an improvement of the same answers."""
    out: set[str] = set()

    def leaves(c: Any) -> None:
        for sub in (c.all_ or []) + (c.any_ or []) + ([c.not_] if c.not_ is not None else []):
            leaves(sub)
        if c.item:
            out.add(c.item)

    for item in rubric.items():
        if item.relevant_when is not None:
            leaves(item.relevant_when)
    return out


def better(rule: Rule, value: Any, p: Params) -> st.SearchStrategy[Any]:
    """A value at least as good as ``value`` (already normalised as check_value returns it)."""
    match rule:
        case YesNo():
            return st.just(not rule.negative)
        case Choice():
            here = next(p(o.points) for o in rule.options if o.id == value)
            return st.sampled_from([o.id for o in rule.options if p(o.points) >= here])
        case Multiple() | RequiredList():
            ids = [o.id for o in rule.options] if isinstance(rule, Multiple) else [t.id for t in rule.things]
            return st.lists(st.sampled_from(ids), unique=True).map(lambda more: sorted({*value, *more}))
        case Count():
            n = int(value)
            return st.integers(n, n + 20) if rule.mode == "add" else st.integers(0, n)
        case Number():
            current = value.current if hasattr(value, "current") else value
            high = p.opt(rule.max) or D(500)
            low = p.opt(rule.min) or D(0)
            upward = rule.bands[0].min is not None
            if upward:
                moved = decimals(0, 100).map(lambda d: min(current + d, high))
            else:
                moved = decimals(0, 100).map(lambda d: max(current - d, low))
            if hasattr(value, "current"):
                previous = value.previous
                return moved.map(lambda c: {"current": c, "previous": previous})
            return moved
        case Deviation():
            high, low = p.opt(rule.max) or D(100), p.opt(rule.min) or D(0)
            if rule.direction == "above":
                return decimals(0, 50).map(lambda d: max(value - d, low))
            return decimals(0, 50).map(lambda d: min(value + d, high))
        case Share():
            whole, part = value.whole, value.part
            upward = rule.bands[0].min is not None
            return st.integers(int(part), int(whole)) if upward else st.integers(0, int(part))
        case Judged():
            return decimals(int(value), int(p(rule.max)), 0).map(lambda d: min(max(d, value), p(rule.max)))
    raise TypeError(rule)


def best_value(rule: Rule, p: Params) -> Any:
    """An answer with full marks."""
    match rule:
        case YesNo():
            return not rule.negative
        case Choice():
            return max(rule.options, key=lambda o: p(o.points)).id
        case Multiple():
            return [o.id for o in rule.options]
        case RequiredList():
            return [t.id for t in rule.things]
        case Count():
            return 0 if rule.mode == "deduct" else 100
        case Number():
            if rule.bands[0].min is not None:
                return p.opt(rule.max) or D(100000)
            return p.opt(rule.min) or D(0)
        case Deviation():
            return p(rule.baseline)
        case Share():
            return {"part": 10 if rule.bands[0].min is not None else 0, "whole": 10}
        case Judged():
            return p(rule.max)
    raise TypeError(rule)


def share_value(rule: Rule, value: Any, new: Any) -> Any:
    return {"part": new, "whole": value.whole} if isinstance(rule, Share) else new


def level_rank(rubric: Rubric, res: Result) -> int:
    """0 = no level; higher is better."""
    ids = [lv.id for lv in rubric.levels]
    return 0 if res.level.id is None else len(ids) - ids.index(res.level.id)


@st.composite
def improvements(
    draw: st.DrawFn, rubric_strategy: st.SearchStrategy[Rubric], from_blank: str = "any"
) -> tuple[Rubric, dict[str, Any], dict[str, Any]]:
    """(rubric, answers, the same answers with one made better). From a blank or invalid answer,
    ``from_blank="any"`` answers anything (points can only rise), ``"best"`` gives full marks
    (answering "yes, there was a 涉黑涉恶 case" earns no points and rightly costs the level)."""
    rubric = draw(rubric_strategy)
    data = draw(answers(rubric, junk_rate=20))
    p = Params(rubric)
    skip = controllers(rubric)
    candidates = [i for i in rubric.items() if i.id not in skip]
    assume(candidates)
    item = draw(st.sampled_from(candidates))
    answer = data.get(item.id)
    note = "已核实"
    if answer is None or answer.get("na") or "value" not in answer:
        # from unanswered: any valid answer is at least as good (N/A is not an answer here)
        if answer is not None and answer.get("na"):
            assume(False)
        new = draw(valid_value(item.rule, p)) if from_blank == "any" else best_value(item.rule, p)
    else:
        try:
            value = check_value(item.rule, answer["value"], p)
        except BadValue:  # an invalid answer counted 0
            new = draw(valid_value(item.rule, p)) if from_blank == "any" else best_value(item.rule, p)
        else:
            new = share_value(item.rule, value, draw(better(item.rule, value, p)))
            note = answer.get("note") or note
    return rubric, data, {**data, item.id: {"value": new, "note": note}}


@SETTINGS
@given(improvements(st.one_of(rubrics(), fixed(*SHIPPED))))
def test_a_better_answer_never_lowers_the_score(case: tuple[Rubric, dict[str, Any], dict[str, Any]]) -> None:
    rubric, before, after = case
    a, b = run(rubric, before), run(rubric, after)
    assert b.total >= a.total
    for sa, sb in zip(a.sections, b.sections, strict=True):
        assert sb.points >= sa.points, sa.id


@SETTINGS
@given(improvements(fixed("rich"), from_blank="best"))
def test_a_better_answer_never_lowers_the_level(case: tuple[Rubric, dict[str, Any], dict[str, Any]]) -> None:
    rubric, before, after = case
    a, b = run(rubric, before), run(rubric, after)
    assert b.total >= a.total
    assert level_rank(rubric, b) >= level_rank(rubric, a), (a.level_reasons, b.level_reasons)


@pytest.mark.parametrize(
    ("item", "worse", "better_value"),
    [
        ("gang", True, False),  # flipping a negative yes/no to its scoring side
        ("vacant", True, False),
        ("grid", ["a"], ["a", "c", "e"]),  # adding present things
        ("redline", 5, 1),  # lowering a deduct count
        ("income", 3, 30),  # raising a number
        ("venue", 90, 150),
        ("age", 60, 56),  # moving toward the baseline
        ("young", {"part": 1, "whole": 50}, {"part": 11, "whole": 50}),
        ("low_edu", {"part": 5, "whole": 7}, {"part": 1, "whole": 7}),
        ("volunteer", 1, 9),
    ],
)
def test_named_improvements(item: str, worse: Any, better_value: Any) -> None:
    a = run(RICH, {item: {"value": worse}})
    b = run(RICH, {item: {"value": better_value}})
    assert b.item(item).points > a.item(item).points
    assert b.total > a.total


# --- determinism -------------------------------------------------------------------------------


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), answers(r))), st.randoms(use_true_random=False))
def test_scoring_is_deterministic(case: tuple[Rubric, dict[str, Any]], rnd: random.Random) -> None:
    rubric, data = case
    first = run(rubric, data).to_data()
    assert run(rubric, data).to_data() == first
    shuffled = list(data.items())
    rnd.shuffle(shuffled)
    assert run(rubric, dict(shuffled)).to_data() == first  # answer order in the file does not matter
    # and scoring does not change the rubric or the answers
    assert run(rubric, data).to_data() == first


# --- invalid values ----------------------------------------------------------------------------


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), st.sampled_from(r.items()))), st.data())
def test_invalid_values_never_raise(case: tuple[Rubric, Any], data: st.DataObject) -> None:
    rubric, item = case
    p = Params(rubric)
    value = data.draw(invalid_value(item.rule, p), label="value")
    with pytest.raises(BadValue):
        check_value(item.rule, value, p)
    got = run(rubric, {item.id: {"value": value, "note": "有理由"}}).item(item.id)
    if got.status in ("not_relevant", "pending"):  # its gate is not answered here
        return
    assert got.status == "invalid"
    assert got.points == 0
    assert got.why.startswith("答案无效")


@SETTINGS
@given(ANY_RUBRIC.flatmap(lambda r: st.tuples(st.just(r), st.sampled_from(r.items()))), junk())
def test_junk_never_raises(case: tuple[Rubric, Any], value: Any) -> None:
    rubric, item = case
    p = Params(rubric)
    res = run(rubric, {item.id: {"value": value, "note": "有理由"}})
    got = res.item(item.id)
    try:
        check_value(item.rule, value, p)
    except BadValue:
        assert got.status in ("invalid", "not_relevant", "pending")  # pending: its gate is not answered here
        if got.status == "invalid":
            assert got.why.startswith("答案无效")
    else:
        assert got.status not in ("unanswered", "invalid")
    check_bounds(rubric, res)


@pytest.mark.parametrize("name", sorted(FIXED))
def test_best_answers_earn_full_marks_and_the_top_level(name: str) -> None:
    rubric = FIXED[name]
    p = Params(rubric)
    res = run(rubric, {i.id: {"value": best_value(i.rule, p), "note": "已核实"} for i in rubric.items()})
    assert {i.status for i in res.items} <= {"full", "not_relevant", "info"}  # info: 0-point questions
    check_bounds(rubric, res)
    assert res.total - res.bonus == res.max
    assert (res.vetoes, res.flags) == ((), ())
    assert res.level.id == rubric.levels[0].id
