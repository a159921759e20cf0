"""score(rubric, assessment, profile) -> Result: pure and deterministic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from checklist.assessment import Answer, Assessment
from checklist.numbers import fmt, round_points
from checklist.progress import Progress, State
from checklist.quotes import q
from checklist.rubric.bounds import ZERO
from checklist.rubric.kinds import kind_of
from checklist.rubric.kinds.base import Resolve, Why
from checklist.rubric.kinds.values import value_json
from checklist.rubric.model import Item, Rubric
from checklist.scoring.aggregate import LEFT_OUT, cap_bonus, section_total
from checklist.scoring.compiled import Compiled, Entry, Took, compiled, shown
from checklist.scoring.conditions import Facts, holds, truth
from checklist.scoring.result import GroupResult, ItemResult, LevelInfo, Result, Status, Trigger
from checklist.scoring.total import as_deduction, compose, deduction_group
from checklist.scoring.values import BadValue

HUNDRED = Decimal(100)
_STATES: dict[str, State] = {"na": "na", "not_relevant": "not_relevant", "pending": "pending"}


def score(rubric: Rubric, assessment: Assessment, profile: str | None = None, *, like: Result | None = None) -> Result:
    """``profile`` defaults to the assessment's own; an unknown one raises UnknownProfile.
    ``like``: the result of (mostly) the same answers under the same rubric and profile; what it
    took from an answer that is the very same object is not taken again (a review changes a few)."""
    return _Scoring(compiled(rubric, profile if profile is not None else assessment.profile), assessment, like).run()


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
    raw: dict[str, tuple[Decimal, Why]]
    words: dict[str, str | Why]
    took: dict[str, Took]  # the valid answers' entries in the compiled rubric
    groups: list[GroupResult]  # each section's total before the bonus cap


class _Scoring:
    def __init__(self, ready: Compiled, assessment: Assessment, like: Result | None = None) -> None:
        rubric, p = ready.rubric, ready.p
        self.ready, self.rubric, self.p = ready, rubric, p
        self.answers = answers = assessment.answers
        self.values: dict[str, Any] = {}
        self.na: dict[str, bool] = {}
        self.invalid: dict[str, str] = {}
        self.words: dict[str, str | Why] = {}  # the answer in words, for items with something given
        self.note_missing: set[str] = set()
        self.raw: dict[str, tuple[Decimal, Why]] = {}
        self.took: dict[str, Took] = {}  # the items whose valid answer went through ``ready``
        taken = like._taken if like is not None else None
        if not isinstance(taken, _Taken) or taken.rubric is not rubric or taken.profile != p.profile:
            taken = None
        # items whose whole ItemResult is like's: the same answer (or none in both) and no condition
        self.like: Result | None = like if taken is not None else None
        self.taken_groups: list[GroupResult] | None = None
        self.same: set[str] = set()
        todo: list[Entry] = list(ready.entries.values())
        if taken is not None:
            # what like took from every answer, then the answers that are not the very same again
            self._reuse(taken)
            self.taken_groups = taken.groups
            before, todo = taken.answers, []
            for item_id, entry in ready.entries.items():
                if before.get(item_id) is answers.get(item_id):
                    if entry.item.relevant_when is None:
                        self.same.add(item_id)
                else:
                    self._drop(item_id)
                    todo.append(entry)
        values, raw, words, took_by_id = self.values, self.raw, self.words, self.took
        for entry in todo:
            item = entry.item
            item_id = item.id
            answer = answers.get(item_id)
            if answer is None:
                continue
            if answer.na and item.allow_na:
                self.na[item_id] = True
                continue
            given = answer.value
            if given is None:
                if answer.na:
                    self.invalid[item_id] = "本指标不允许选择“不适用”"
                    words[item_id] = _refused(item, given, p)
                continue
            took = ready.take(entry, given)
            words[item_id] = took.words
            if took.raw is None:
                assert took.invalid is not None
                self.invalid[item_id] = took.invalid
                continue
            if entry.kind.needs_note and not answer.note.strip():
                self.note_missing.add(item_id)
                continue
            values[item_id] = took.value
            raw[item_id] = took.raw
            took_by_id[item_id] = took
        self.full = ready.full
        self.relevant: dict[str, bool | None] = {}  # None: its gate is not answered yet (待定)
        self.flag_order = ready.flag_order
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
            self.raw, self.words, self.took, groups,
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
            item = self.ready.entries[item_id].item
            self.relevant[item_id] = True  # provisional; cycles are refused by the rubric checks
            if item.relevant_when is not None:
                self.relevant[item_id] = truth(item.relevant_when, self.facts(), self.p)
        return self.relevant[item_id]

    def state(self, result: ItemResult) -> State:
        """The item's place in the progress record."""
        status = result.status
        if status in _STATES:
            return _STATES[status]
        if status in ("unanswered", "invalid"):
            invalid = result.id in self.invalid or result.id in self.note_missing
            return "invalid" if invalid else "to_answer"
        return "answered"

    # --- items --------------------------------------------------------------------------

    def item(self, entry: Entry) -> ItemResult:
        item = entry.item
        item_id = item.id
        if self.same and item_id in self.same:
            return self.like.item(item_id)  # type: ignore[union-attr]
        took = self.took.get(item_id)
        if took is not None and (item.relevant_when is None or self.relevance(item_id) is True):
            # a valid answer where the item applies: its result is the value's alone
            if took.result is None:
                took.result = self._item(entry)
            return took.result
        return self._item(entry)

    def _item(self, entry: Entry) -> ItemResult:
        item = entry.item
        item_id = item.id
        full = entry.full
        got = self.raw.get(item_id)
        gated = item.relevant_when is not None
        why: str | Why
        words: str | Why
        status: Status
        reason = ""
        relevance = self.relevance(item_id) if gated else True
        if relevance is None:
            why = partial(self._gate_why, item, "待定（仅当{}时适用，相关指标尚未填写）")
            points, status, words = ZERO, "pending", self.words.get(item_id, "未填写")
        elif not relevance:
            why = partial(self._gate_why, item, "无需填写（仅当{}时适用）")
            points, status, words = ZERO, "not_relevant", "无需填写"
        elif got is not None:  # the common case (an item with N/A marked has no points)
            points, why = got
            if entry.informational:
                status = "info"
            else:
                status = "full" if points >= full else ("zero" if points == 0 else "partial")
            words = self.words[item_id]
        elif self.na.get(item_id):
            points, status, why, words = ZERO, "na", "不适用", "不适用"
        else:
            points, status, words = ZERO, "invalid", self.words.get(item_id, "未填写")
            if item_id in self.invalid:
                reason = self.invalid[item_id]
                why = f"答案无效：{reason}"
            elif item_id in self.note_missing:
                reason = why = "评定分须写明理由（备注），请补充"
            else:
                status, why = "unanswered", "未填写"
        value: Any = None
        raw = ZERO
        if got is not None:  # shown as given even where relevance or N/A counts it out
            value = partial(value_json, self.values[item_id])
            raw = got[0]
        return ItemResult(
            item_id,
            item.title,
            entry.section,
            points,
            full,
            status,
            why,
            item.bonus,
            entry.tags,
            value=value,
            words=words,
            raw=raw,
            reason=reason,
        )

    def _gate_why(self, item: Item, said: str) -> str:
        assert item.relevant_when is not None
        return said.format(self.ready.describe(item.relevant_when))

    # --- the whole ------------------------------------------------------------------------

    def run(self) -> Result:
        rubric, p = self.rubric, self.p
        items: list[ItemResult] = []
        sections: list[GroupResult] = []
        same, groups = self.same, self.taken_groups
        for n, (section, entries) in enumerate(self.ready.sections):
            results = [self.item(entry) for entry in entries]
            if groups is not None and not section.deduction and all(e.item.id in same for e in entries):
                sections.append(groups[n])  # every item's result is like's: so is the section's total
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
        before_cap = list(sections)
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
            _taken=self.taken(before_cap),
        )

    def tags(self, items: list[ItemResult]) -> list[GroupResult]:
        out: list[GroupResult] = []
        like = self.like.tags if self.like is not None else None
        touched: set[str] = set()  # the tags of the items whose result is not like's
        if self.like is not None:
            for n, (now, was) in enumerate(zip(items, self.like.items, strict=True)):
                if now is not was:
                    touched.update(self.ready.tags_at[n])
        for k, (label, tag, where) in enumerate(self.ready.tagged):
            if like is not None and tag not in touched:
                out.append(like[k])  # every item it counts is like's
                continue
            points = top = ZERO
            n = 0
            for i in where:
                r = items[i]
                if r.status not in LEFT_OUT:  # 待定 still counts in full marks
                    points += r.points
                    top += r.max
                    n += 1
            percent = round_points(points * HUNDRED / top) if top else ZERO
            out.append(GroupResult(tag, tag, points, top, percent, group=label, items=n))
        return out

    def vetoes(self, facts: Facts) -> list[Trigger]:
        out = []
        for item in self.ready.vetoed:
            assert item.veto is not None
            if not self.is_relevant(item.id) or not holds(item.veto.when, facts, self.p):
                continue
            cap = self.level_label(item.veto.cap)
            effect = f"星级最高为{cap}" if item.veto.cap else "不评定星级"
            reason = item.veto.reason or self.ready.describe(item.veto.when)
            out.append(Trigger(item.id, item.title, (item.id,), reason, effect, item.veto.kind))
        return out

    def flags(self, facts: Facts, after_level: bool) -> list[Trigger]:
        out = []
        for flag in self.rubric.flags:
            if self.ready.after_level[flag.id] != after_level:
                continue
            if not holds(flag.when, facts, self.p):
                continue
            fired = tuple(sorted({c.item for c in self.ready.leaves[flag.id] if c.item and holds(c, facts, self.p)}))
            if flag.cancels_level:
                effect = "不评定星级"
            elif flag.cap:
                effect = f"星级最高为{self.level_label(flag.cap)}"
            else:
                effect = "列入整转"
            out.append(Trigger(flag.id, flag.label, fired, self.ready.describe(flag.when), effect))
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
        fired = {v.id for v in vetoes}
        for item in self.ready.vetoed:
            if item.veto is None or item.id not in fired:
                continue
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
                    out.append(f"须{self.ready.describe(c)}")
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
            reasons += [f"满足：{self.ready.describe(c)}" for c in lv.requires]
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


def _refused(item: Item, value: Any, p: Resolve) -> str:
    try:
        kind_of(item.rule).check(item.rule, value, p)
    except BadValue as exc:
        return f"填写有误：{exc}（所填：{shown(value)}）"
    return "未填写"


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
