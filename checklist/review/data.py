"""What a reviewed workbook's very hidden 审核数据 sheet carries: the review, the checksum of the
village's 数据 sheet it was made for, the reviewed scores as written, and its own checksum.

The village's 数据 sheet is copied into the reviewed workbook unchanged, so the village's own
answers and checksum travel with the review; the roll-up re-scores both, never trusting cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checklist.numbers import as_json
from checklist.review.apply import Reviewed
from checklist.review.model import Review, ReviewError, review_from_data
from checklist.xlsx.datasheet import Broken, Stored

SHEET = "审核数据"
FORMAT = "checklist-review/1"
NOTICE = "本表由 checklist 审核时生成，记录乡镇审核认定，请勿修改；修改后校验和不符。"


def build_payload(reviewed: Reviewed, village_checksum: str, generated: str, rubric: dict[str, str]) -> dict[str, Any]:
    from checklist import __version__

    r = reviewed.result
    return {
        "format": FORMAT,
        "tool": {"name": "checklist", "version": __version__},
        "generated": generated,
        "village_checksum": village_checksum,
        "rubric": rubric,
        "profile": r.profile,
        "review": reviewed.review.to_data(),
        "reviewed": {
            "total": as_json(r.total),
            "level": r.level.id,
            "level_label": r.level.label,
            "items": {i.id: as_json(i.points) for i in r.items},
        },
    }


@dataclass(frozen=True)
class StoredReview:
    """The 审核数据 sheet read back."""

    review: Review
    village_checksum: str
    checksum_ok: bool
    generated: str
    profile: str | None


class BadReviewSheet(ValueError):
    """The 审核数据 sheet is there but cannot be read (Chinese)."""


def parse_stored(stored: Stored) -> StoredReview:
    """The 审核数据 sheet as read by ``checklist.xlsx.datasheet.read``; BadReviewSheet if not ours."""
    try:
        payload = stored.payload()
    except Broken:
        raise BadReviewSheet(f"“{SHEET}”工作表中的审核数据无法解析") from None
    if payload.get("format") != FORMAT or stored.format != FORMAT:
        raise BadReviewSheet(f"“{SHEET}”工作表的格式不是 {FORMAT}")
    try:
        review = review_from_data(payload["review"], SHEET)
        village = str(payload["village_checksum"])
    except (KeyError, TypeError, ValueError, ReviewError):
        raise BadReviewSheet(f"“{SHEET}”工作表中的审核数据不完整") from None
    profile = payload.get("profile")
    return StoredReview(
        review=review,
        village_checksum=village.strip().lower(),
        checksum_ok=stored.checksum_ok,
        generated=str(payload.get("generated", "")),
        profile=profile if isinstance(profile, str) else None,
    )
