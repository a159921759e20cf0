"""One review in progress (the 审核 screen's model): a village workbook read back, its review in
the store (every decision saved as given), the corrected answers scored by ``apply_review``.

A review is found again by the workbook's 数据 checksum; one made for the same file path but
another checksum is stale (the village's file changed after it was reviewed), and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklist.report.read import ReadBack
from checklist.review.apply import Reviewed, apply_review, check_review
from checklist.review.model import Decision, Review, ReviewError
from checklist.review.text import value_from_text, value_to_text
from checklist.rubric import Loaded
from checklist.rubric.params import Params
from checklist.scoring.values import BadValue
from checklist.store import Store


@dataclass
class ReviewSession:
    store: Store
    review_id: int
    loaded: Loaded
    back: ReadBack
    profile: str | None
    stale: list[int]  # earlier reviews of this file made for other contents

    @classmethod
    def open(cls, store: Store, path: Path, loaded: Loaded, back: ReadBack, profile: str | None) -> ReviewSession:
        """The review of the village workbook at ``path``."""
        return cls.start(store, str(Path(path).resolve()), loaded, back, profile)

    @classmethod
    def open_draft(cls, store: Store, draft_id: int, profile: str | None) -> ReviewSession:
        """The review of a draft in ``store`` as it stands now (DraftRefused, StoreError)."""
        from checklist.review.draft import draft_back, draft_source

        loaded, back = draft_back(store, draft_id)
        return cls.start(store, draft_source(store, draft_id), loaded, back, profile)

    @classmethod
    def start(cls, store: Store, where: str, loaded: Loaded, back: ReadBack, profile: str | None) -> ReviewSession:
        a = back.assessment
        stale = [r.id for r in store.reviews() if r.source_path == where and r.source_checksum != back.checksum]
        review_id = store.start_review(
            source_path=where,
            source_checksum=back.checksum,
            village_data=back.data_text,
            rubric_id=back.rubric_id,
            village=a.village,
            township=a.township,
            year=a.year,
        )
        return cls(store, review_id, loaded, back, profile if profile is not None else back.result.profile, stale)

    @property
    def params(self) -> Params:
        return Params(self.loaded.rubric, self.profile)

    def review(self) -> Review:
        info = self.store.review_info(self.review_id)
        items = {k: Decision.model_validate(v) for k, v in self.store.decisions(self.review_id).items()}
        return Review(reviewer=info.reviewer, date=info.date, opinion=info.opinion, checksum=self.back.checksum, items=items)

    def reviewed(self) -> Reviewed:
        assessment = self.back.assessment.model_copy(update={"profile": self.profile})
        return apply_review(self.loaded.rubric, assessment, self.review(), self.profile)

    def village_text(self, item_id: str) -> str:
        """The village's answer in words, as its workbook shows it."""
        return self.back.result.item(item_id).words

    def field_text(self, item_id: str) -> str:
        """The village's answer as the 审核认定 field takes it (to start the field from)."""
        item = self.loaded.rubric.item_index()[item_id][1]
        answer = self.back.assessment.answer(item_id)
        if answer is None or not answer.given:
            return ""
        return "不适用" if answer.na else value_to_text(item, answer.value, self.params)

    def decide(self, item_id: str, text: str, reason: str, evidence: dict[str, str]) -> str | None:
        """Save one decision (the answer typed as text; blank or the village's own: accepted).
        Returns why it was refused (nothing saved), or None."""
        item = self.loaded.rubric.item_index()[item_id][1]
        data: dict[str, Any] = {}
        typed = text.strip()
        if typed and typed != self.field_text(item_id):
            if typed == "不适用":
                data["na"] = True
            else:
                try:
                    data["value"] = value_from_text(item, typed, self.params)
                except BadValue as exc:
                    return str(exc)
        if reason.strip():
            data["reason"] = reason.strip()
        if evidence:
            data["evidence"] = evidence
        decision = Decision.model_validate(data)
        trial = self.review().model_copy(update={"items": {item_id: decision}})
        problems = check_review(self.loaded.rubric, self.back.assessment, trial, self.profile, "审核")
        if problems:
            return "；".join(p.message for p in problems)
        self.store.set_decision(self.review_id, item_id, decision.to_data() or None)
        return None

    def set_field(self, name: str, value: str) -> None:
        self.store.set_review_field(self.review_id, name, value.strip())

    def write(self, path: Path, *, force: bool = False) -> Path:
        from checklist.review.workbook import write_reviewed

        reviewed = self.reviewed()
        if not reviewed.review.date:
            raise ReviewError(problems=["请先填写审核日期"])
        return write_reviewed(self.loaded, self.back, reviewed, path, force=force)
