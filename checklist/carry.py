"""沿用上年: a new assessment that starts from last year's answers, under this year's rubric.

Answers are carried by item id; each carried one is marked 待确认 (``Answer.carried``) until
the secretary confirms or changes it. Items new in this rubric (新增) and items that are gone
are listed; an answer that no longer fits its item's rule (an option removed, a range
narrowed) is not carried and is listed with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checklist.assessment import Answer, Assessment, RubricRef
from checklist.rubric import Params, Rubric
from checklist.scoring import BadValue, check_value

if TYPE_CHECKING:
    from checklist.store import Store


@dataclass(frozen=True)
class Carried:
    assessment: Assessment
    carried: list[str] = field(default_factory=list)  # item ids, 待确认
    new: list[str] = field(default_factory=list)  # 新增: in this rubric, not answered last year
    gone: list[str] = field(default_factory=list)  # answered last year, not in this rubric
    refused: list[tuple[str, str]] = field(default_factory=list)  # (item id, why not carried)

    def summary(self) -> str:
        """One plain Chinese paragraph for the command line and the TUI notice."""
        parts = [f"沿用上年答案 {len(self.carried)} 项（待确认）"]
        if self.new:
            parts.append(f"新增指标 {len(self.new)} 项")
        if self.gone:
            parts.append(f"上年有、今年细则已取消的指标 {len(self.gone)} 项：{'、'.join(self.gone)}")
        for item_id, why in self.refused:
            parts.append(f"“{item_id}”上年的答案不符合今年的细则，未沿用（{why}）")
        return "；".join(parts) + "。"


def carry(previous: Assessment, rubric: Rubric, *, year: int, rubric_sha256: str = "") -> Carried:
    params = Params(rubric, previous.profile if previous.profile in rubric.profiles else None)
    items = {item.id: item for item in rubric.items()}
    answers: dict[str, Answer] = {}
    carried: list[str] = []
    refused: list[tuple[str, str]] = []
    for item_id, old in previous.answers.items():
        item = items.get(item_id)
        if item is None or not old.given:
            continue
        if old.na and not item.allow_na:
            refused.append((item_id, "今年此项不能选“不适用”"))
            continue
        if old.value is not None:
            try:
                check_value(item.rule, old.value, params)
            except BadValue as exc:
                refused.append((item_id, str(exc)))
                continue
        # Evidence is this year's to gather again; the note and the value carry over.
        answers[item_id] = Answer(value=old.value, na=old.na, note=old.note, carried=True)
        carried.append(item_id)
    new = [i for i in items if i not in previous.answers]
    gone = [i for i in previous.answers if i not in items and previous.answers[i].given]
    assessment = Assessment(
        rubric=RubricRef(id=rubric.id, version=rubric.version, sha256=rubric_sha256),
        profile=params.profile,
        village=previous.village,
        township=previous.township,
        year=year,
        assessor=previous.assessor,
        answers=answers,
    )
    return Carried(assessment, carried, new, gone, refused)


def carry_draft(store: Store, source: int, year: int) -> tuple[int, Carried]:
    """沿用上年 from a draft in the store, under the rubric text kept with it: the new draft's
    number and what was carried. Raises ``StoreError`` (Chinese) when that rubric is unusable."""
    import hashlib

    from checklist.rubric import check_bytes
    from checklist.store import StoreError

    previous = store.assessment(source)
    text = store.rubric_text(source)
    rubric, problems = check_bytes(text.encode("utf-8"), previous.rubric.id)
    if rubric is None:
        raise StoreError(
            "上年自评所用的评分细则无法读取，请用 --rubric 指定今年的细则：\n" + "\n".join(map(str, problems[:5]))
        )
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    result = carry(previous, rubric, year=year, rubric_sha256=sha)
    return store.import_assessment(result.assessment, text, "", sha), result
