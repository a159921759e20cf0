"""A review applied to the village's assessment: every decision checked (all problems at once),
the corrected answers put in place of the village's, and both scored under the same rubric and
profile. Points always come from ``score``: a review never sets points by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checklist.assessment import Answer, Assessment
from checklist.errors import Located
from checklist.review.model import Decision, Review, ReviewError
from checklist.rubric import Item, Rubric
from checklist.rubric.kinds import kind_of
from checklist.rubric.params import Params
from checklist.scoring import Result, score
from checklist.scoring.values import BadValue, check_value


@dataclass(frozen=True)
class ItemChange:
    """One item whose answer the review corrected."""

    item_id: str
    reason: str


@dataclass(frozen=True)
class Reviewed:
    """The village's assessment and result, the review, and the corrected assessment and result."""

    assessment: Assessment
    review: Review
    corrected: Assessment
    self_result: Result
    result: Result
    changes: tuple[ItemChange, ...]

    @property
    def changed(self) -> dict[str, str]:
        """item id → reason, for every corrected answer."""
        return {c.item_id: c.reason for c in self.changes}

    @property
    def difference(self) -> Any:
        """自评 − 审核: how much the village over-scored itself (negative: under-scored)."""
        return self.self_result.total - self.result.total


def _normal(item: Item, answer: Answer | None, p: Params) -> tuple[bool, Any]:
    """(N/A, normalised value) for comparing answers; an invalid value compares as given."""
    if answer is None or not answer.given:
        return False, None
    if answer.na:
        return True, None
    try:
        return False, check_value(item.rule, answer.value, p)
    except BadValue:
        return False, ("invalid", repr(answer.value))


def _corrected(decision: Decision, village: Answer | None) -> Answer:
    base = village or Answer()
    na = bool(decision.na) if decision.na is not None else False
    value = None if na else (decision.value if decision.value is not None else base.value)
    note = base.note
    if decision.reason and not note.strip():
        note = decision.reason  # a judged score needs a justification: the reviewer's reason is it
    return Answer(value=value, na=na, note=note, evidence=list(base.evidence))


def check_review(rubric: Rubric, assessment: Assessment, review: Review, profile: str | None, where: str) -> list[Located]:
    """Every problem of ``review`` against this rubric and this village's answers."""
    p = Params(rubric, profile)
    index = rubric.item_index()
    problems: list[Located] = []
    for item_id, decision in review.items.items():
        if item_id not in index:
            problems.append(Located(where, item=item_id, message=f"评分细则中没有指标“{item_id}”"))
            continue
        item = index[item_id][1]
        village = assessment.answer(item_id)
        known = set(item.evidence) | set(village.evidence if village else [])
        for name in decision.evidence:
            if name not in known:
                problems.append(
                    Located(where, item=item_id, message=f"指标“{item.title}”没有佐证材料“{name}”（可填：{'、'.join(item.evidence) or '无'}）")
                )
        if not decision.corrects:
            continue
        if decision.na and not item.allow_na:
            problems.append(Located(where, item=item_id, message=f"指标“{item.title}”不允许认定为不适用"))
            continue
        answer = _corrected(decision, village)
        if not answer.na:
            try:
                check_value(item.rule, answer.value, p)
            except BadValue as exc:
                what = "审核评定分" if kind_of(item.rule).needs_note else "审核认定的答案"
                problems.append(Located(where, item=item_id, message=f"指标“{item.title}”的{what}有误：{exc}"))
                continue
        if _normal(item, answer, p) != _normal(item, village, p) and not decision.reason.strip():
            problems.append(
                Located(where, item=item_id, message=f"指标“{item.title}”的审核认定与自评不同，须写明审核意见（reason）")
            )
    return problems


def apply_review(
    rubric: Rubric,
    assessment: Assessment,
    review: Review,
    profile: str | None = None,
    where: str = "审核意见",
    *,
    self_result: Result | None = None,
) -> Reviewed:
    """ReviewError with every problem, or the village's and the reviewed results side by side
    (``self_result``: the village's own result under ``profile``, if already computed)."""
    problems = check_review(rubric, assessment, review, profile, where)
    if problems:
        raise ReviewError(problems=problems)
    p = Params(rubric, profile)
    index = rubric.item_index()
    answers = dict(assessment.answers)
    changes = []
    for item_id, decision in review.items.items():
        if not decision.corrects:
            continue
        village = assessment.answer(item_id)
        answer = _corrected(decision, village)
        item = index[item_id][1]
        if _normal(item, answer, p) == _normal(item, village, p):
            continue  # the reviewer confirmed the village's answer
        answers[item_id] = answer
        changes.append(ItemChange(item_id, decision.reason.strip()))
    corrected = assessment.model_copy(update={"answers": answers})
    mine = self_result if self_result is not None else score(rubric, assessment, profile)
    return Reviewed(
        assessment=assessment,
        review=review,
        corrected=corrected,
        self_result=mine,
        result=score(rubric, corrected, profile, like=mine),  # only the corrected answers are taken again
        changes=tuple(changes),
    )
