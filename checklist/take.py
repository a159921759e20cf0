"""An answer taken from another rubric's result: the star rubric's 双整 item is the number of
the 双整 rubric's own items that did not earn full marks in that rubric's self-assessment.
The number lands as an ordinary answer (with a note saying where it came from), so the
workbook, the review and the roll-up treat it as any other answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checklist.assessment import Answer, Assessment
from checklist.errors import UserError
from checklist.quotes import q
from checklist.rubric.model import Item, Rubric
from checklist.scoring.result import Result

if TYPE_CHECKING:
    from checklist.store import Store


class TakeError(UserError):
    """The other self-assessment cannot give the answer (wrong rubric, not filled in)."""


def takers(rubric: Rubric, other: Rubric) -> list[Item]:
    """The items of ``rubric`` that take their answer from ``other``'s result."""
    found = [i for i in rubric.items() if i.take is not None and i.take.rubric == other.id]
    if not found:
        wanted = sorted({i.take.rubric for i in rubric.items() if i.take is not None})
        said = f"（本细则取用的是：{'、'.join(wanted)}）" if wanted else "（本细则没有取用其他细则结果的指标）"
        raise TakeError(f"{q(rubric.title)}没有指标取用{q(other.title)}的结果{said}")
    return found


def taken_answer(other: Rubric, result: Result) -> Answer:
    """未得满分的指标项数 of a complete self-assessment, with a note naming them."""
    open_items = [i for i in result.items if i.status == "unanswered"]
    if open_items:
        raise TakeError(f"{q(other.title)}的自评还有{len(open_items)}项未填写（或答案无效），填完后才能取用")
    counted = [i for i in result.items if not i.bonus and i.max > 0 and i.status in ("full", "partial", "zero")]
    short = [i for i in counted if i.status != "full"]
    note = f"取自{q(other.title)}（{other.version}）自评：{len(counted)}项中{len(short)}项未得满分"
    if short:
        note += "（" + "、".join(i.title for i in short) + "）"
    return Answer(value=len(short), note=note)


def take_into(rubric: Rubric, assessment: Assessment, other: Rubric, result: Result) -> tuple[Assessment, list[Item]]:
    """``assessment`` with every item that takes ``other``'s result answered from it."""
    items = takers(rubric, other)
    answer = taken_answer(other, result)
    answers = {**assessment.answers, **{item.id: answer for item in items}}
    return assessment.model_copy(update={"answers": answers}), items


def take_between_drafts(store: Store, assessment_id: int, other_id: int) -> tuple[list[Item], Answer]:
    """The same for two drafts in the store (the secretary's TUI drafts): the answer is saved
    as any answer is (one committed transaction, kept in the history)."""
    from checklist.scoring import score
    from checklist.store.binding import parse_text
    from checklist.store.errors import StoreLocked

    assessment, other_assessment = store.assessment(assessment_id), store.assessment(other_id)
    rubric = parse_text(store.rubric_text(assessment_id), assessment.rubric.id)
    other = parse_text(store.rubric_text(other_id), other_assessment.rubric.id)
    items = takers(rubric, other)
    answer = taken_answer(other, score(other, other_assessment, other_assessment.profile))
    if not store.acquire(assessment_id):
        holder = store.lock_holder(assessment_id) or "另一个窗口"
        raise StoreLocked(f"自评 {assessment_id} 正由{holder}编辑，请关闭后再取用", store.path, holder=holder)
    try:
        for item in items:
            store.set_answer(assessment_id, item.id, answer)
    finally:
        store.release(assessment_id)
    return items, answer
