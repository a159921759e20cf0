"""score(rubric, assessment, profile) -> Result: pure and deterministic."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checklist.assessment import Answer, Assessment
from checklist.numbers import fmt, round_points
from checklist.progress import Progress, State
from checklist.quotes import q
from checklist.rubric.bounds import ZERO, rule_max
from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.values import value_json
from checklist.rubric.model import Item, Rubric
from checklist.rubric.params import Params
from checklist.scoring.aggregate import cap_bonus, section_total
from checklist.scoring.conditions import Facts, describe, holds, truth
from checklist.scoring.result import GroupResult, ItemResult, LevelInfo, Result, Status, Trigger
from checklist.scoring.rules import item_points
from checklist.scoring.total import as_deduction, compose, deduction_group
from checklist.scoring.values import BadValue, check_value

HUNDRED = Decimal(100)


def score(rubric: Rubric, assessment: Assessment, profile: str | None = None, *, like: Result | None = None) -> Result:
    """``profile`` defaults to the assessment's own; an unknown one raises UnknownProfile.
    ``like``: the result of (mostly) the same answers under the same rubric and profile; what it
    took from an answer that is the very same object is not taken again (a review changes a few)."""
    p = Params(rubric, profile if profile is not None else assessment.profile)
    return _Scoring(rubric, assessment, p, like).run()


@dataclass(frozen=True)
class _Taken:
    """What one scoring took from each answer (its checked value, N/A, why it is invalid, its raw
    points): it depends on that answer, the rubric and the profile only, so a scoring of the same
    answers with a few changed (a review's corrections) takes the rest from here."""

    rubric: Rubric
    profile: str | None
    answers: Mapping[str, Answer]  # the very Answer objects read
    values: dict[str, Any]
    na: dict[str, bool]
    invalid: dict[str, str]
    note_missing: set[str]
    full: dict[str, Decimal]
    raw: dict[str, tuple[Decimal, str]]
    words: dict[str, str]
    took: dict[str, _Took]  # the valid answers' entries in the compiled rubric
    groups: list[GroupResult]  # each section's total before the bonus cap


@dataclass(slots=True)
class _Took:
    """What one answer value gives under one rubric and profile: the checked value, its words and
    raw points (points and why); or why it is refused (``invalid``) and its words. ``result``: the
    item's result for that value where the item applies (made the first time it is asked for)."""

    value: Any
    words: str
    raw: tuple[Decimal, str] | None
    invalid: str | None
    needs_note: bool
    result: ItemResult | None = None


_MEMO_PER_ITEM = 512  # distinct values kept per item (yes/no, options, small counts repeat)
_COMPILED_MAX = 8  # (rubric, profile) pairs kept in one process


def _key(value: Any) -> Hashable | None:
    """The answer value as a key that tells apart what checking and wording tell apart (True from
    1, Decimal("1.0") from Decimal("1")); None for what is not memoised."""
    kind = type(value)
    if kind is bool or kind is int or kind is str:
        return (kind, value)
    if kind is Decimal or kind is float:
        return (kind, repr(value))
    if value is None:
        return (None,)
    if kind is list:
        parts = tuple(_key(v) for v in value)
        return None if None in parts else (list, parts)
    if kind is dict:
        pairs = tuple((k, _key(v)) for k, v in value.items())
        return None if any(type(k) is not str or v is None for k, v in pairs) else (dict, pairs)
    return None


class _Compiled:
    """One rubric under one profile, compiled once per process: every item's full marks, and what
    each distinct answer value gives (checking, words and points are pure functions of the rule,
    the value and the parameters), so a roll-up of thousands of villages checks and words each
    distinct value once."""

    def __init__(self, rubric: Rubric, p: Params) -> None:
        self.rubric = rubric  # kept: the cache is keyed by its id
        self.p = p
        self.full: dict[str, Decimal] = {item.id: rule_max(item.rule, p) for item in rubric.items()}
        self.memo: dict[str, dict[Hashable, _Took]] = {item.id: {} for item in rubric.items()}
        # per tag, the positions (in rubric order) of the items that count in it: not bonus, not
        # in a deduction section; whether each is left out (N/A, not relevant) is the village's
        self.tagged: dict[str, list[int]] = {}
        self.tags_at: list[tuple[str, ...]] = []  # by position: the tags the item counts in
        n = 0
        for section in rubric.sections:
            for item in section.items:
                counts = not item.bonus and not section.deduction
                self.tags_at.append(tuple(dict.fromkeys(item.tags)) if counts else ())
                if counts:
                    for tag in dict.fromkeys(item.tags):
                        self.tagged.setdefault(tag, []).append(n)
                n += 1
        self.vetoes = [item for item in rubric.items() if item.veto is not None]
        self.leaves: dict[str, list[Any]] = {f.id: _leaves(f.when) for f in rubric.flags}
        self.after_level = {f.id: any(c.result == "stars" for c in self.leaves[f.id]) for f in rubric.flags}
        self._said: dict[int, str] = {}

    def describe(self, condition: Any) -> str:
        """A condition of the rubric in words under this profile (worded once)."""
        said = self._said.get(id(condition))
        if said is None:
            said = self._said[id(condition)] = describe(condition, self.rubric, self.p)
        return said

    def take(self, item: Item, value: Any) -> _Took:
        key = _key(value)
        memo = self.memo[item.id]
        if key is not None:
            found = memo.get(key)
            if found is not None:
                return found
        took = self._take(item, value)
        if key is not None and len(memo) < _MEMO_PER_ITEM:
            memo[key] = took
        return took

    def _take(self, item: Item, value: Any) -> _Took:
        p, kind = self.p, kind_of(item.rule)
        try:
            checked = check_value(item.rule, value, p)
        except BadValue as exc:
            return _Took(None, f"填写有误：{exc}（所填：{_shown(value)}）", None, str(exc), False)
        raw = item_points(item, checked, p, self.full[item.id])
        return _Took(checked, kind.words(item.rule, checked), raw, None, kind.needs_note)


_COMPILED: dict[tuple[int, str | None], _Compiled] = {}


def forget() -> None:
    """Empty this process's compiled rubrics (tests: as a fresh process would start)."""
    _COMPILED.clear()


def _compiled(rubric: Rubric, p: Params) -> _Compiled:
    key = (id(rubric), p.profile)
    found = _COMPILED.get(key)
    if found is None or found.rubric is not rubric:  # Params are the rubric's and the profile's alone
        found = _Compiled(rubric, p)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = found
    return found


class _Scoring:
    def __init__(self, rubric: Rubric, assessment: Assessment, p: Params, like: Result | None = None) -> None:
        self.rubric, self.p = rubric, p
        self.index = rubric.item_index()
        compiled = self.compiled = _compiled(rubric, p)
        self.took: dict[str, _Took] = {}  # the items whose valid answer went through ``compiled``
        self.answers = assessment.answers
        self.values: dict[str, Any] = {}
        self.na: dict[str, bool] = {}
        self.invalid: dict[str, str] = {}
        self.words: dict[str, str] = {}  # the answer in words, for items with something given
        self.note_missing: set[str] = set()
        taken = like._taken if like is not None else None
        if not isinstance(taken, _Taken) or taken.rubric is not rubric or taken.profile != p.profile:
            taken = None
        self.raw: dict[str, tuple[Decimal, str]] = {}
        # items whose whole ItemResult is like's: the same answer (or none in both) and no condition
        self.like: Result | None = like if taken is not None else None
        self.taken_groups: list[GroupResult] | None = None
        self.same: set[str] = set()
        todo = rubric.items()
        if taken is not None:
            # what like took from every answer, then the answers that are not the very same again
            self._reuse(taken)
            self.taken_groups = taken.groups
            todo = []
            answers, before = assessment.answers, taken.answers
            for item in rubric.items():
                if before.get(item.id) is answers.get(item.id):
                    if item.relevant_when is None:
                        self.same.add(item.id)
                else:
                    self._drop(item.id)
                    todo.append(item)
        for item in todo:
            answer = assessment.answers.get(item.id)
            if answer is None:
                continue
            if answer.na and item.allow_na:
                self.na[item.id] = True
                continue
            if answer.value is None:
                if answer.na:
                    self.invalid[item.id] = "本指标不允许选择“不适用”"
                    self.words[item.id] = _refused(item, answer.value, p)
                continue
            took = compiled.take(item, answer.value)
            if took.invalid is not None:
                self.invalid[item.id] = took.invalid
                self.words[item.id] = took.words
                continue
            self.words[item.id] = took.words
            if took.needs_note and not answer.note.strip():
                self.note_missing.add(item.id)
                continue
            # a list is the answer's own (a caller may change its Result's value)
            self.values[item.id] = list(took.value) if isinstance(took.value, list) else took.value
            assert took.raw is not None
            self.raw[item.id] = took.raw
            self.took[item.id] = took
        self.full: dict[str, Decimal] = taken.full if taken is not None else compiled.full
        self.relevant: dict[str, bool | None] = {}  # None: its gate is not answered yet (待定)
        self.flag_order = {f.id: n for n, f in enumerate(rubric.flags)}
        self.section_percent: dict[str, Decimal] = {}
        self.section_open: dict[str, bool] = {}
        # One Facts for the whole run: the values it shows are filtered by relevance lazily,
        # item by item as conditions ask (building a filtered copy per condition was O(n²)).
        self._facts = Facts(
            _RelevantValues(self), self.na, self.is_full, self.is_open, self.section_percent, self.section_open
        )

    def _reuse(self, taken: _Taken) -> None:
        self.na = dict(taken.na)
        self.values = dict(taken.values)
        self.raw = dict(taken.raw)
        self.invalid = dict(taken.invalid)
        self.note_missing = set(taken.note_missing)
        self.words = dict(taken.words)
        self.took = dict(taken.took)

    def _drop(self, item_id: str) -> None:
        """Forget what like took from an answer that is not this assessment's."""
        for table in (self.na, self.values, self.raw, self.invalid, self.words, self.took):
            table.pop(item_id, None)  # type: ignore[attr-defined]
        self.note_missing.discard(item_id)

    def taken(self, groups: list[GroupResult]) -> _Taken:
        return _Taken(
            self.rubric, self.p.profile, self.answers, self.values, self.na, self.invalid, self.note_missing,
            self.full, self.raw, self.words, self.took, groups,
        )

    def facts(self) -> Facts:
        return self._facts

    def is_full(self, item_id: str) -> bool:
        if item_id not in self.raw or not self.is_relevant(item_id):
            return False
        full = self.full[item_id]
        return full > 0 and self.raw[item_id][0] >= full

    def is_open(self, item_id: str) -> bool:
        """Still to be answered: it applies, and has no valid answer and no N/A yet; or whether
        it applies is not known yet (待定), so what it says is not known either."""
        relevance = self.relevance(item_id)
        if relevance is None:
            return True
        return relevance and item_id not in self.values and not self.na.get(item_id)

    def is_relevant(self, item_id: str) -> bool:
        return self.relevance(item_id) is True

    def relevance(self, item_id: str) -> bool | None:
        """True, False, or None while the gate (relevant_when) waits for an answer."""
        if item_id not in self.relevant:
            item = self.index[item_id][1]
            self.relevant[item_id] = True  # provisional; cycles are refused by the rubric checks
            if item.relevant_when is not None:
                self.relevant[item_id] = truth(item.relevant_when, self.facts(), self.p)
        return self.relevant[item_id]

    def state(self, result: ItemResult) -> State:
        """The item's place in the progress record."""
        if result.status in ("na", "not_relevant", "pending"):
            return result.status  # type: ignore[return-value]
        if result.status in ("unanswered", "invalid"):
            invalid = result.id in self.invalid or result.id in self.note_missing
            return "invalid" if invalid else "to_answer"
        return "answered"

    # --- items --------------------------------------------------------------------------

    def item(self, item: Item, section_id: str) -> ItemResult:
        if self.like is not None and item.id in self.same:
            return self.like.item(item.id)
        took = self.took.get(item.id)
        if took is not None and self.relevance(item.id) is True and not self.na.get(item.id):
            # a valid answer where the item applies: its result is the value's alone
            if took.result is None:
                took.result = self._item(item, section_id)
            return took.result
        return self._item(item, section_id)

    def _item(self, item: Item, section_id: str) -> ItemResult:
        full = self.full[item.id]
        status: Status
        reason = ""
        relevance = self.relevance(item.id)
        if relevance is None:
            assert item.relevant_when is not None
            why = f"待定（仅当{self.compiled.describe(item.relevant_when)}时适用，相关指标尚未填写）"
            points, status = ZERO, "pending"
        elif not relevance:
            assert item.relevant_when is not None
            why = f"无需填写（仅当{self.compiled.describe(item.relevant_when)}时适用）"
            points, status = ZERO, "not_relevant"
        elif self.na.get(item.id):
            points, status, why = ZERO, "na", "不适用"
        elif item.id in self.raw:
            points, why = self.raw[item.id]
            if full == 0 and not item.bonus:
                status = "info"
            else:
                status = "full" if points >= full else ("zero" if points == 0 else "partial")
        else:
            points, status = ZERO, "invalid"
            if item.id in self.invalid:
                reason = self.invalid[item.id]
                why = f"答案无效：{reason}"
            elif item.id in self.note_missing:
                reason = why = "评定分须写明理由（备注），请补充"
            else:
                status, why = "unanswered", "未填写"
        if status == "not_relevant":
            words = "无需填写"
        elif status == "na":
            words = "不适用"
        else:
            words = self.words.get(item.id, "未填写")
        value = value_json(self.values[item.id]) if item.id in self.values else None
        raw = self.raw[item.id][0] if item.id in self.raw else ZERO
        return ItemResult(
            item.id, item.title, section_id, points, full, status, why, item.bonus, tuple(item.tags),
            value=value, words=words, raw=raw, reason=reason,
        )

    # --- the whole ------------------------------------------------------------------------

    def run(self) -> Result:
        rubric, p = self.rubric, self.p
        items: list[ItemResult] = []
        sections: list[GroupResult] = []
        same, groups = self.same, self.taken_groups
        for n, section in enumerate(rubric.sections):
            results = [self.item(item, section.id) for item in section.items]
            if groups is not None and not section.deduction and all(item.id in same for item in section.items):
                # every item's result is like's: so is the section's total
                sections.append(groups[n])
            elif section.deduction:  # 积分制: its items' lost points come off the total
                states = [self.state(r) for r in results]
                results = [as_deduction(r) for r in results]
                sections.append(deduction_group(section, results, p, Progress.of(states)))
            else:
                states = [self.state(r) for r in results]
                policy = section.na_policy or self.rubric.na_policy
                sections.append(section_total(section.id, section.title, results, states, policy, p.opt(section.cap)))
            items += results
            self.section_percent[section.id] = sections[-1].percent
            self.section_open[section.id] = not sections[-1].progress.complete
        groups = list(sections)
        bonus_cap = p.opt(rubric.bonus_cap)
        sections, bonus_raw, bonus, bonus_note = cap_bonus(sections, bonus_cap)
        progress = sum((s.progress for s in sections), Progress())
        made = compose(rubric, p, sections, bonus)
        total = made.total
        facts = self.facts()
        facts.results["total"] = total
        facts.results["zero_items"] = Decimal(sum(1 for i in items if i.status == "zero" and not i.deduction))
        facts.complete = progress.complete
        vetoes = self.vetoes(facts)
        flags = self.flags(facts, after_level=False)
        level, reasons, next_level, missing = self.level(total, vetoes, flags, facts)
        # flags on the level reached come last: validation lets them only list, never cap or cancel
        facts.results["stars"] = Decimal(level.stars)
        flags += self.flags(facts, after_level=True)
        flags.sort(key=lambda t: self.flag_order[t.id])
        return Result(
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            profile=p.profile,
            total=total,
            max=made.max,
            base=made.base,
            bonus=bonus,
            bonus_cap=bonus_cap,
            bonus_raw=bonus_raw,
            bonus_note=bonus_note,
            max_achievable=made.max_achievable,
            level=level,
            level_reasons=tuple(reasons),
            next_level=next_level,
            next_missing=tuple(missing),
            vetoes=tuple(vetoes),
            flags=tuple(flags),
            sections=tuple(sections),
            tags=tuple(self.tags(items)),
            items=tuple(items),
            progress=progress,
            parts=made.parts,
            deductions=made.deductions,
            total_floor=made.floor,
            composition=made.lines,
            _taken=self.taken(groups),
        )

    def tags(self, items: list[ItemResult]) -> list[GroupResult]:
        out: list[GroupResult] = []
        counted = [i.status not in ("na", "not_relevant") for i in items]  # 待定 still counts in full marks
        positions = self.compiled.tagged
        like = self.like.tags if self.like is not None else None
        touched: set[str] = set()  # the tags of the items whose result is not like's
        if self.like is not None:
            for n, (now, was) in enumerate(zip(items, self.like.items, strict=True)):
                if now is not was:
                    touched.update(self.compiled.tags_at[n])
        k = -1
        for group in self.rubric.tag_groups:
            for tag in group.tags:
                k += 1
                if like is not None and tag not in touched:
                    out.append(like[k])  # every item it counts is like's
                    continue
                where = positions.get(tag, ())
                tagged = [items[n] for n in where if counted[n]]
                points = sum((i.points for i in tagged), ZERO)
                top = sum((i.max for i in tagged), ZERO)
                percent = round_points(points * HUNDRED / top) if top else ZERO
                out.append(GroupResult(tag, tag, points, top, percent, group=group.label, items=len(tagged)))
        return out

    def vetoes(self, facts: Facts) -> list[Trigger]:
        out = []
        for item in self.compiled.vetoes:
            assert item.veto is not None
            if not self.is_relevant(item.id) or not holds(item.veto.when, facts, self.p):
                continue
            cap = self.level_label(item.veto.cap)
            effect = f"星级最高为{cap}" if item.veto.cap else "不评定星级"
            reason = item.veto.reason or self.compiled.describe(item.veto.when)
            out.append(Trigger(item.id, item.title, (item.id,), reason, effect, item.veto.kind))
        return out

    def flags(self, facts: Facts, after_level: bool) -> list[Trigger]:
        out = []
        compiled = self.compiled
        for flag in self.rubric.flags:
            if compiled.after_level[flag.id] != after_level:
                continue
            if not holds(flag.when, facts, self.p):
                continue
            fired = tuple(sorted({c.item for c in compiled.leaves[flag.id] if c.item and holds(c, facts, self.p)}))
            if flag.cancels_level:
                effect = "不评定星级"
            elif flag.cap:
                effect = f"星级最高为{self.level_label(flag.cap)}"
            else:
                effect = "列入整转"
            out.append(Trigger(flag.id, flag.label, fired, compiled.describe(flag.when), effect))
        return out

    def level_label(self, level_id: str | None) -> str:
        return next((lv.label for lv in self.rubric.levels if lv.id == level_id), level_id or "")

    def level(
        self, total: Decimal, vetoes: list[Trigger], flags: list[Trigger], facts: Facts
    ) -> tuple[LevelInfo, list[str], LevelInfo | None, list[str]]:
        rubric, p = self.rubric, self.p
        levels = rubric.levels
        order = {lv.id: n for n, lv in enumerate(levels)}
        cancelled: list[str] = []  # what cancels the level outright
        limits: list[tuple[int, str]] = []  # (best level index still allowed, why)
        vetoed = {v.id for v in vetoes}
        for item in self.compiled.vetoes:
            if item.id not in vetoed:
                continue
            assert item.veto is not None
            if item.veto.cap is None:
                cancelled.append(f"{q(item.title)}一票否决，不评定星级")
            else:
                limits.append((order[item.veto.cap], f"因{q(item.title)}，星级最高为{self.level_label(item.veto.cap)}"))
        flagged = {f.id for f in flags}
        for flag in rubric.flags:
            if flag.id not in flagged:
                continue
            if flag.cancels_level:
                cancelled.append(f"认定为{q(flag.label)}，不评定星级")
            elif flag.cap is not None:
                limits.append((order[flag.cap], f"认定为{q(flag.label)}，星级最高为{self.level_label(flag.cap)}"))

        def shortfalls(n: int) -> list[str]:
            lv = levels[n]
            out = []
            if total < p(lv.min):
                out.append(f"总分{fmt(total)}分，还差{fmt(p(lv.min) - total)}分达到{fmt(p(lv.min))}分")
            if lv.no_veto and vetoes:
                kinds = "、".join(dict.fromkeys(v.kind for v in vetoes))
                out.append(f"须无{kinds}事项（现有：" + "、".join(q(v.label) for v in vetoes) + "）")
            if lv.no_flag and flags:
                out.append("须无" + "、".join(q(f.label) for f in flags) + "认定")
            for c in lv.requires:
                if not holds(c, facts, p):
                    out.append(f"须{self.compiled.describe(c)}")
            out += cancelled
            out += [why for index, why in limits if n < index]
            return out

        for n, lv in enumerate(levels):
            missing = shortfalls(n)
            if missing:
                continue
            reasons = [f"总分{fmt(total)}分，不低于{lv.label}的{fmt(p(lv.min))}分"]
            if lv.no_veto:
                reasons.append("无一票否决事项")
            if lv.no_flag:
                reasons.append("无软弱涣散等认定")
            reasons += [f"满足：{self.compiled.describe(c)}" for c in lv.requires]
            reasons += [why for _, why in limits]
            achieved = LevelInfo(lv.id, lv.label, lv.stars)
            if n == 0:
                return achieved, reasons, None, []
            up = levels[n - 1]
            return achieved, reasons, LevelInfo(up.id, up.label, up.stars), shortfalls(n - 1)
        none = LevelInfo(None, rubric.unrated_label, 0)
        if not levels:
            return none, [], None, []
        low = levels[-1]
        reasons = [f"总分{fmt(total)}分，未达到{low.label}的{fmt(p(low.min))}分"] if total < p(low.min) else []
        reasons += cancelled + [why for _, why in limits]
        return none, reasons, LevelInfo(low.id, low.label, low.stars), shortfalls(len(levels) - 1)


def _shown(value: Any) -> str:
    """An answer that does not fit, as given (cut short: it may be anything)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, Decimal | int | float):
        text = str(value)  # “Infinity”, not “Decimal('Infinity')”
    else:
        text = repr(value)
    return text[:200]


def _refused(item: Item, value: Any, p: Params) -> str:
    try:
        kind_of(item.rule).check(item.rule, value, p)
    except BadValue as exc:
        return f"填写有误：{exc}（所填：{_shown(value)}）"
    return "未填写"


def _leaves(c: Any) -> list[Any]:
    subs = c.all_ or c.any_ or ([c.not_] if c.not_ is not None else None)
    if subs is None:
        return [c]
    return [leaf for s in subs for leaf in _leaves(s)]


class _RelevantValues(Mapping[str, Any]):
    """The normalised answers of the items that apply; relevance is settled on lookup."""

    def __init__(self, scoring: _Scoring) -> None:
        self.scoring = scoring

    def __getitem__(self, item_id: str) -> Any:
        values = self.scoring.values
        if item_id in values and self.scoring.is_relevant(item_id):
            return values[item_id]
        raise KeyError(item_id)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.scoring.values and self.scoring.is_relevant(item_id)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self.scoring.values if self.scoring.is_relevant(k))

    def __len__(self) -> int:
        return sum(1 for _ in self)
