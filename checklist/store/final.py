"""定稿 with its check: a draft becomes final only when nothing is left unanswered or invalid."""

from __future__ import annotations

from datetime import datetime

from checklist.errors import Located, UserError
from checklist.scoring import score
from checklist.scoring.ready import open_items
from checklist.store.store import Store


class NotReady(UserError):
    """Items are unanswered or invalid: the draft stays a draft (草稿)."""

    title = "还有指标未填写或填写有误，不能定稿："


def check_ready(store: Store, assessment_id: int) -> list[Located]:
    """What keeps the draft from being final, one problem per item (empty: it can be final)."""
    assessment = store.assessment(assessment_id)
    rubric = store.rubric(assessment_id, assessment.rubric.id)
    result = score(rubric, assessment, assessment.profile)
    titles = {s.id: s.title for s in rubric.sections}
    return [
        Located(item=i.id, message=f"{titles.get(i.section, i.section)}／{i.title}：{i.why}")
        for i in open_items(result)
    ]


def finalize_checked(store: Store, assessment_id: int) -> datetime:
    """Mark the draft 定稿 after the check; NotReady lists every item in the way."""
    problems = check_ready(store, assessment_id)
    if problems:
        raise NotReady(f"还有 {len(problems)} 项指标未填写或填写有误，不能定稿：", problems)
    return store.finalize(assessment_id)
