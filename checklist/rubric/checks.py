"""Checks beyond the schema: references, orders, reachability. Each finding carries the path
into the file so the loader can say where it stands."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from checklist.numbers import fmt
from checklist.quotes import q
from checklist.rubric.bounds import ZERO, rule_max, value_range
from checklist.rubric.composition import base_max, number_problems, structure_problems
from checklist.rubric.kinds import kind_of
from checklist.rubric.model import Condition, Item, Rubric
from checklist.rubric.params import PLACEHOLDER, Params
from checklist.rubric.yamlread import Path

Finding = tuple[Path, str, bool]  # (where, message, point at the key)

# A message can name a second place in the file ("第18行"): the checks see paths, not lines,
# so they leave this marker around the path and the loader writes the line in.
LINE_MARK = "\x1d"


def line_of(path: Path) -> str:
    return LINE_MARK + "/".join(map(str, path)) + LINE_MARK


def semantic_problems(
    rubric: Rubric, removed: AbstractSet[str] = frozenset(), shrunk: AbstractSet[str] = frozenset()
) -> list[Finding]:
    """Every finding; references to entries already reported broken (``removed``) are skipped,
    and so are judgements their absence would make unsound: sections that lost items (``shrunk``)
    are not called empty, and no level is called out of reach of the points that are left."""
    out: list[Finding] = []
    leaves = list(_walk(rubric, ()))  # walked once, looked at by every check below
    params_ok = _parameters(rubric, out, leaves)
    _empty_sections(rubric, shrunk, out)
    _references(rubric, removed, out)
    structure_problems(rubric, removed, out)
    _tags(rubric, out)
    if params_ok:
        for profile in [None, *rubric.profiles]:
            before = len(out)
            _numbers(rubric, Params(rubric, profile), out, complete=not removed, leaves=leaves)
            if len(out) > before and profile is not None:
                label = rubric.profiles[profile].label
                out[before:] = [(p, f"（地区档位“{label}”下）{m}", k) for p, m, k in out[before:]]
    return out


def _item_paths(rubric: Rubric) -> Iterator[tuple[Path, Item]]:
    for si, section in enumerate(rubric.sections):
        for ii, item in enumerate(section.items):
            yield ("sections", si, "items", ii), item


def duplicate_ids(data: Any) -> list[Finding]:
    """Repeated ids, found in the raw data so that broken entries still count."""
    out: list[Finding] = []

    def entries(holder: Any, key: str) -> list[tuple[Path, Any]]:
        found = holder.get(key) if isinstance(holder, dict) else None
        return [((key, i), e) for i, e in enumerate(found)] if isinstance(found, list) else []

    def check(listing: list[tuple[Path, Any]], what: str) -> None:
        seen: set[str] = set()
        for path, entry in listing:
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                out.append(((*path, "id"), f"{what}编号“{ident}”重复（与前面的{what}相同）", False))
            seen.add(ident)

    sections = entries(data, "sections")
    check(sections, "板块")
    items = [((*sp, *ip), item) for sp, s in sections for ip, item in entries(s, "items")]
    check(items, "指标")
    check(entries(data, "levels"), "星级")
    check(entries(data, "flags"), "认定")
    check(entries(data, "tag_groups"), "标签组")
    check(entries(data, "parts"), "部分")
    for path, item in items:
        rule = item.get("rule") if isinstance(item, dict) else None
        check([((*path, "rule", *p), e) for p, e in entries(rule, "options")], "选项")
        check([((*path, "rule", *p), e) for p, e in entries(rule, "things")], "必备事项")
    return out


def _walk(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Every value in a model, with its path in the file (aliases, as the file spells them)."""
    out: list[tuple[Path, Any]] = []
    _collect(node, path, out)  # plain recursion: nested ``yield from`` was most of the checks' time
    return iter(out)


_FIELDS: dict[type, list[tuple[str, str]]] = {}  # model class -> [(attribute, key in the file)]


def _collect(node: Any, path: Path, out: list[tuple[Path, Any]]) -> None:
    if isinstance(node, BaseModel):
        cls = type(node)
        fields = _FIELDS.get(cls)
        if fields is None:
            fields = _FIELDS[cls] = [(name, info.alias or name) for name, info in cls.model_fields.items()]
        for name, key in fields:
            value = getattr(node, name)
            if value is not None:
                _collect(value, (*path, key), out)
    elif isinstance(node, dict):
        for key, value in node.items():
            _collect(value, (*path, key), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _collect(value, (*path, i), out)
    else:
        out.append((path, node))


_TEXT_FIELDS = {"title", "text", "guide", "label", "description", "reason"}


def _parameters(rubric: Rubric, out: list[Finding], leaves: list[tuple[Path, Any]] | None = None) -> bool:
    known = set(rubric.parameters)
    words = set(rubric.terms)
    ok = True
    for name in sorted(known & words):
        message = f"“{name}”既是参数又是用语（terms），文字中的“{{{name}}}”无法确定指哪一个，请改名其一"
        out.append((("terms", name), message, True))
    for path, value in leaves if leaves is not None else _walk(rubric, ()):
        if not isinstance(value, str):
            continue
        if value.startswith("$") and value[1:] not in known and " " not in value:
            out.append((path, f"引用了未定义的参数“{value}”{_known(known)}", False))
            ok = False
        elif path and (path[-1] in _TEXT_FIELDS or (len(path) > 1 and path[-2] == "evidence")):
            for name in PLACEHOLDER.findall(value):
                if name not in known and name not in words:
                    out.append((path, f"文字中引用了未定义的参数“{{{name}}}”{_known(known | words)}", False))
    for name, profile in rubric.profiles.items():
        for pname in profile.parameters:
            if pname not in known:
                message = f"地区档位“{profile.label}”覆盖了未定义的参数“{pname}”{_known(known)}"
                out.append((("profiles", name, "parameters", pname), message, True))
        for tname in profile.terms:
            if tname not in words:
                listing = f"，已定义：{'、'.join(sorted(words))}" if words else "（本细则未定义任何用语）"
                message = f"地区档位“{profile.label}”覆盖了未定义的用语“{tname}”{listing}"
                out.append((("profiles", name, "terms", tname), message, True))
    return ok


def _known(names: set[str]) -> str:
    return f"，已定义：{'、'.join(sorted(names))}" if names else "（本细则未定义任何参数）"


def _empty_sections(rubric: Rubric, shrunk: AbstractSet[str], out: list[Finding]) -> None:
    for i, section in enumerate(rubric.sections):
        if not section.items and section.id not in shrunk:
            out.append((("sections", i, "items"), f"板块“{section.title}”没有任何指标", False))


def _references(rubric: Rubric, removed: AbstractSet[str], out: list[Finding]) -> None:
    items = rubric.item_index()
    sections = {s.id for s in rubric.sections}
    deducting = {s.id: s.title for s in rubric.sections if s.deduction}
    levels = {lv.id for lv in rubric.levels}

    def level_ref(path: Path, ident: str | None) -> None:
        if ident is not None and ident not in levels and ident not in removed:
            out.append((path, f"引用了不存在的星级“{ident}”{_listing(levels)}", False))

    def cond(path: Path, c: Condition, own: str | None) -> None:
        for sub_path, sub in _leaves(path, c):
            subject = sub.item
            if sub.result is not None:
                continue  # where a result may be read is _result_conditions' concern
            if sub.section is not None:
                if sub.section not in sections and sub.section not in removed:
                    out.append(((*sub_path, "section"), f"引用了不存在的板块“{sub.section}”", False))
                elif sub.section in deducting:
                    message = f"扣分板块{q(deducting[sub.section])}从总分中扣分，没有得分率：请改用其中指标的答案作条件"
                    out.append(((*sub_path, "section"), message, False))
                continue
            if subject is None:
                out.append((sub_path, "条件须写明 item（针对哪个指标）", False))
                continue
            if subject in removed:
                continue
            if subject not in items:
                out.append(((*sub_path, "item"), f"引用了不存在的指标“{subject}”", False))
                continue
            _condition_fits(sub_path, sub, items[subject][1], out)

    for path, item in _item_paths(rubric):
        if item.relevant_when is not None:
            cond((*path, "relevant_when"), item.relevant_when, item.id)
            if any(leaf.item == item.id for _, leaf in _leaves((), item.relevant_when)):
                out.append(((*path, "relevant_when"), "指标的适用条件不能取决于它自己的答案", False))
            for leaf_path, leaf in _leaves((*path, "relevant_when"), item.relevant_when):
                if leaf.section is not None:
                    out.append(
                        (
                            (*leaf_path, "section"),
                            "适用条件不能取决于板块得分率（得分率要在各指标是否适用确定之后才能算出）",
                            False,
                        )
                    )
        if item.veto is not None:
            cond((*path, "veto", "when"), item.veto.when, item.id)
            level_ref((*path, "veto", "cap"), item.veto.cap)
    _relevance_cycles(rubric, out)
    _result_conditions(rubric, out)
    for i, level in enumerate(rubric.levels):
        for j, c in enumerate(level.requires):
            cond(("levels", i, "requires", j), c, None)
    for i, flag in enumerate(rubric.flags):
        cond(("flags", i, "when"), flag.when, None)
        level_ref(("flags", i, "cap"), flag.cap)
    for i, quota in enumerate(rubric.quotas):
        level_ref(("quotas", i, "level"), quota.level)


_RESULT_WORDS = {"total": "总分", "zero_items": "得0分的指标数", "stars": "星级"}


def _result_conditions(rubric: Rubric, out: list[Finding]) -> None:
    """A result is known only after scoring: relevance comes before it, and whatever sets the
    level (vetoes, level requirements, capping or cancelling flags) cannot depend on the level."""

    def refuse(path: Path, c: Condition, what: str, banned: set[str]) -> None:
        for leaf_path, leaf in _leaves(path, c):
            if leaf.result in banned:
                word = _RESULT_WORDS[leaf.result]
                out.append(
                    ((*leaf_path, "result"), f"{what}不能取决于{word}（{word}要在它确定之后才能算出，互为前提）", False)
                )

    for path, item in _item_paths(rubric):
        if item.relevant_when is not None:
            refuse((*path, "relevant_when"), item.relevant_when, "适用条件", set(_RESULT_WORDS))
        if item.veto is not None:
            refuse((*path, "veto", "when"), item.veto.when, "一票否决的条件", {"stars"})
    for i, level in enumerate(rubric.levels):
        for j, c in enumerate(level.requires):
            refuse(("levels", i, "requires", j), c, "星级的附加条件", {"stars"})
    for i, flag in enumerate(rubric.flags):
        if flag.cap is not None or flag.cancels_level:
            refuse(("flags", i, "when"), flag.when, "封顶或取消星级的认定", {"stars"})


def _listing(names: set[str]) -> str:
    return f"，可用：{'、'.join(sorted(names))}" if names else "（本细则未设星级）"


def _leaves(path: Path, c: Condition) -> Iterator[tuple[Path, Condition]]:
    if c.all_ is not None or c.any_ is not None:
        key, subs = ("all", c.all_) if c.all_ is not None else ("any", c.any_)
        for i, sub in enumerate(subs or []):
            yield from _leaves((*path, key, i), sub)
    elif c.not_ is not None:
        yield from _leaves((*path, "not"), c.not_)
    else:
        yield path, c


_WRONG_TEST = {
    "equals": "不是是/否或单选题，不能用 equals",
    "in_": "不是单选题，不能用 in",
    "contains": "不是多选或必备清单题，不能用 contains",
    "at_least": "不是数值题，不能用 at_least",
    "at_most": "不是数值题，不能用 at_most",
}


def _condition_fits(path: Path, c: Condition, item: Item, out: list[Finding]) -> None:
    """A test that cannot apply to the item's kind of answer is a mistake, not a false."""
    kind = kind_of(item.rule)
    name = f"指标“{item.id}”"
    for test, wrong in _WRONG_TEST.items():
        if getattr(c, test) is not None and test not in kind.tests:
            out.append(((*path, test.rstrip("_")), f"{name}{wrong}", False))
    labels = kind.labels(item.rule)
    ids = list(labels)
    if c.equals is not None and "equals" in kind.tests:
        if not labels:  # yes/no: the answer is true or false
            if not isinstance(c.equals, bool):
                out.append(((*path, "equals"), f"{name}是是/否题，equals 应为 true 或 false", False))
        elif c.equals not in ids:
            out.append(((*path, "equals"), f"{name}没有选项“{c.equals}”，可用：{'、'.join(ids)}", False))
    if c.in_ is not None and "in_" in kind.tests:
        for i, o in enumerate(c.in_):
            if o not in ids:
                out.append(((*path, "in", i), f"{name}没有选项“{o}”，可用：{'、'.join(ids)}", False))
    if c.contains is not None and "contains" in kind.tests and c.contains not in ids:
        out.append(((*path, "contains"), f"{name}没有“{c.contains}”这一项，可用：{'、'.join(ids)}", False))


def _relevance_cycles(rubric: Rubric, out: list[Finding]) -> None:
    needs = {
        item.id: {leaf.item for _, leaf in _leaves((), item.relevant_when) if leaf.item}
        for item in rubric.items()
        if item.relevant_when is not None
    }
    paths = {item.id: path for path, item in _item_paths(rubric)}
    for start in needs:
        # breadth first from ``start``, remembering how each item was reached, to name the loop
        came_from: dict[str, str] = {n: start for n in sorted(needs[start]) if n != start}  # self: said already
        todo = list(came_from)
        while todo:
            nxt = todo.pop(0)
            if nxt == start:
                chain = [start]
                while chain[-1] != start or len(chain) == 1:
                    chain.append(came_from[chain[-1]])
                shown = " → ".join(reversed(chain))
                message = f"适用条件循环依赖：{shown}（互相以对方为前提，永远无法判断是否适用）"
                out.append(((*paths[start], "relevant_when"), message, False))
                break
            for after in sorted(needs.get(nxt, ())):
                if after not in came_from:
                    came_from[after] = nxt
                    todo.append(after)


def _tags(rubric: Rubric, out: list[Finding]) -> None:
    if not rubric.tag_groups:
        return
    declared = {t for g in rubric.tag_groups for t in g.tags}
    for path, item in _item_paths(rubric):
        for i, tag in enumerate(item.tags):
            if tag not in declared:
                out.append(((*path, "tags", i), f"标签“{tag}”未在 tag_groups 中声明", False))


def _numbers(
    rubric: Rubric,
    p: Params,
    out: list[Finding],
    complete: bool = True,
    leaves: list[tuple[Path, Any]] | None = None,
) -> None:
    """Orders and reachability, under the parameter values in force. When broken entries were
    taken out (not ``complete``), the points left say nothing about which levels are reachable."""
    for key, value in leaves if leaves is not None else _walk(rubric, ()):
        numeric = isinstance(value, Decimal) or (isinstance(value, str) and value.startswith("$"))
        if numeric and key and key[-1] in ("points", "per", "cap", "deduct", "bonus_cap") and p(value) < 0:
            message = f"{key[-1]} 不能为负数：扣分请用 required_list、count（mode: deduct）或 deviation 规则表达"
            out.append((key, message, False))
    item_max: dict[str, Decimal] = {}
    asked = _asked(rubric)
    for path, item in _item_paths(rubric):
        _rule_numbers((*path, "rule"), item, p, out, item.id in asked)
        item_max[item.id] = rule_max(item.rule, p)
    for si, section in enumerate(rubric.sections):
        if section.cap is None:
            continue
        cap = p(section.cap)
        base = [item_max[i.id] for i in section.items if not i.bonus]
        if cap <= 0:
            out.append((("sections", si, "cap"), "板块上限须大于 0", False))
        elif base and max(base) > cap:
            worst = max((i for i in section.items if not i.bonus), key=lambda i: item_max[i.id])
            out.append(
                (
                    ("sections", si, "cap"),
                    f"板块上限 {fmt(cap)} 分低于指标“{worst.id}”的满分 {fmt(item_max[worst.id])} 分，该指标的分数无法全部计入",
                    False,
                )
            )
    has_bonus = any(i.bonus for i in rubric.items())
    if has_bonus and rubric.bonus_cap is not None and p(rubric.bonus_cap) == 0:
        out.append((("bonus_cap",), "设有加分项，但加分上限为 0：加分永远无法计入", False))
    number_problems(rubric, p, lambda s: _section_max(s, p, item_max), out)
    _levels(rubric, p, item_max, out, complete)


def _asked(rubric: Rubric) -> set[str]:
    """Items some condition reads: a veto, a flag, a level's requirement or another item's relevance."""
    conds = [c for i in rubric.items() for c in (i.relevant_when, i.veto.when if i.veto else None) if c is not None]
    conds += [f.when for f in rubric.flags] + [c for lv in rubric.levels for c in lv.requires]
    return {leaf.item for c in conds for _, leaf in _leaves((), c) if leaf.item}


def _rule_numbers(path: Path, item: Item, p: Params, out: list[Finding], asked: bool = False) -> None:
    rule = item.rule
    kind = kind_of(rule)
    low, high = kind.value_range(rule, p)
    if low is not None and high is not None and low > high:
        out.append((path, f"取值下限 {fmt(low)} 大于上限 {fmt(high)}", False))
    out += [((*path, *where), message, False) for where, message in kind.problems(rule, p)]
    if kind.full(rule, p) == 0 and not kind.zero_full_ok and not asked:
        # 0 points is right for an information question (是否发生“十条红线”问题) that a veto,
        # flag, level or relevance reads; with nothing reading it, it is a slip.
        message = "本指标满分为 0：任何答案都不得分，也没有任何条件用到它（只作判断的信息项须被一票否决、认定、星级条件或适用条件引用）"
        out.append((path, message, False))


def _levels(rubric: Rubric, p: Params, item_max: dict[str, Decimal], out: list[Finding], complete: bool) -> None:
    base = base_max(rubric, p, lambda s: _section_max(s, p, item_max))
    bonus_total = sum((item_max[i.id] for i in rubric.items() if i.bonus), ZERO)
    bonus = min(bonus_total, p(rubric.bonus_cap)) if rubric.bonus_cap is not None else bonus_total
    for i, level in enumerate(rubric.levels):
        floor = p(level.min)
        if complete and floor > base + bonus:
            out.append(
                (
                    ("levels", i, "min"),
                    f"星级“{level.label}”要求 {fmt(floor)} 分，但最高只能得 {fmt(base + bonus)} 分，永远达不到",
                    False,
                )
            )
        _level_order(rubric, p, i, out)
        for j, c in enumerate(level.requires):
            why = _never(c, rubric, p, item_max)
            if why:
                out.append((("levels", i, "requires", j), f"星级“{level.label}”的条件永远无法满足：{why}", False))
    for path, item in _item_paths(rubric):
        why = _never(item.veto.when, rubric, p, item_max) if item.veto is not None else None
        if why:
            out.append(((*path, "veto", "when"), f"一票否决的条件永远不会成立：{why}", False))
    for i, flag in enumerate(rubric.flags):
        why = _never(flag.when, rubric, p, item_max)
        if why:
            out.append((("flags", i, "when"), f"认定“{flag.label}”的条件永远不会成立：{why}", False))


def _level_order(rubric: Rubric, p: Params, i: int, out: list[Finding]) -> None:
    """Levels run strictly downwards, in floor and in stars: a level with the same floor or the
    same stars as one above it could never be told apart from it, so one of them is never reached."""
    level = rubric.levels[i]
    floor = p(level.min)
    for j, above in enumerate(rubric.levels[:i]):
        where = f"（第{line_of(('levels', j))}行）"
        if floor == p(above.min):
            message = (
                f"星级{q(level.label)}与{q(above.label)}{where}的分数线相同（均为 {fmt(floor)} 分），其中一级永远评不上"
            )
            out.append((("levels", i, "min"), message, False))
            return
        if level.stars == above.stars:
            message = f"星级{q(level.label)}与{q(above.label)}{where}的星数相同（均为 {level.stars} 星），无法区分高低"
            out.append((("levels", i, "stars"), message, False))
            return
    if i and (floor > p(rubric.levels[i - 1].min) or level.stars > rubric.levels[i - 1].stars):
        above = rubric.levels[i - 1]
        where = f"（第{line_of(('levels', i - 1))}行）"
        message = f"星级须从高到低排列：{q(level.label)}排在{q(above.label)}{where}之后，分数线或星数却不低于它"
        out.append((("levels", i), message, False))


def _section_max(section: Any, p: Params, item_max: dict[str, Decimal]) -> Decimal:
    total = sum((item_max[i.id] for i in section.items if not i.bonus), ZERO)
    return min(total, p(section.cap)) if section.cap is not None else total


def _never(c: Condition, rubric: Rubric, p: Params, item_max: dict[str, Decimal]) -> str | None:
    """Why no answer can make ``c`` true, or None when some answer might (a conservative check)."""
    if c.all_ is not None:
        for sub in c.all_:
            why = _never(sub, rubric, p, item_max)
            if why:
                return why
        return _bounds_clash(c.all_, p)
    if c.any_ is not None:
        reasons = [_never(s, rubric, p, item_max) for s in c.any_]
        return "；".join(r for r in reasons if r) if all(reasons) else None
    if c.not_ is not None or c.item is None or c.item not in rubric.item_index():
        return None
    rule = rubric.item_index()[c.item][1].rule
    low, high = value_range(rule, p)
    if c.at_least is not None and high is not None and p(c.at_least) > high:
        return f"指标“{c.item}”最大为 {fmt(high)}，条件却要求不低于 {fmt(p(c.at_least))}"
    if c.at_most is not None and low is not None and p(c.at_most) < low:
        return f"指标“{c.item}”最小为 {fmt(low)}，条件却要求不高于 {fmt(p(c.at_most))}"
    if c.full and item_max.get(c.item, ZERO) <= 0:
        return f"指标“{c.item}”满分为 0，谈不上得满分"
    return None


def _bounds_clash(conds: list[Condition], p: Params) -> str | None:
    """``all`` of at_least/at_most on the same item must leave some value."""
    floors: dict[str, Decimal] = {}
    ceilings: dict[str, Decimal] = {}
    for c in conds:
        if c.item and c.at_least is not None:
            floors[c.item] = max(floors.get(c.item, p(c.at_least)), p(c.at_least))
        if c.item and c.at_most is not None:
            ceilings[c.item] = min(ceilings.get(c.item, p(c.at_most)), p(c.at_most))
    for name in sorted(floors.keys() & ceilings.keys()):
        if floors[name] > ceilings[name]:
            return f"指标“{name}”不可能既不低于 {fmt(floors[name])} 又不高于 {fmt(ceilings[name])}"
    return None
