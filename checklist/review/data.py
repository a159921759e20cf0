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
# The county's 复核 (optional second review) of a reviewed workbook: the same review format, bound to
# the village's 数据 checksum and to the township's 审核数据 checksum it reviewed again.
COUNTY_SHEET = "复核数据"
COUNTY_FORMAT = "checklist-county-review/1"
COUNTY_NOTICE = "本表由 checklist 复核时生成，记录县委组织部复核认定，请勿修改；修改后校验和不符。"


def build_payload(
    reviewed: Reviewed, village_checksum: str, generated: str, rubric: dict[str, str], township_checksum: str = ""
) -> dict[str, Any]:
    """The 审核数据 payload; with ``township_checksum`` (the 审核数据 it reviewed again) the 复核数据 one."""
    from checklist import __version__

    r = reviewed.result
    extra = {"township_checksum": township_checksum} if township_checksum else {}
    return {
        **extra,
        "format": COUNTY_FORMAT if township_checksum else FORMAT,
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
    township_checksum: str = ""  # a 复核: the 审核数据 checksum it was made for
    checksum: str = ""  # this sheet's own checksum as written (a 复核 binds to the 审核数据's)
    text: str = ""  # this sheet's payload text as written (a 复核表 copies the 审核数据 unchanged)


class BadReviewSheet(ValueError):
    """The 审核数据 sheet is there but cannot be read (Chinese)."""


def parse_stored(stored: Stored, sheet: str = SHEET, format: str = FORMAT) -> StoredReview:
    """The 审核数据 (or 复核数据) sheet as read by ``checklist.xlsx.datasheet.read``; BadReviewSheet
    if not ours."""
    what = sheet.removesuffix("数据")
    try:
        payload = stored.payload()
    except Broken:
        raise BadReviewSheet(f"“{sheet}”工作表中的{what}数据无法解析") from None
    if payload.get("format") != format or stored.format != format:
        raise BadReviewSheet(f"“{sheet}”工作表的格式不是 {format}")
    try:
        review = review_from_data(payload["review"], sheet)
        village = str(payload["village_checksum"])
        township = str(payload.get("township_checksum", ""))
    except (KeyError, TypeError, ValueError, ReviewError):
        raise BadReviewSheet(f"“{sheet}”工作表中的{what}数据不完整") from None
    profile = payload.get("profile")
    return StoredReview(
        review=review,
        village_checksum=village.strip().lower(),
        checksum_ok=stored.checksum_ok,
        generated=str(payload.get("generated", "")),
        profile=profile if isinstance(profile, str) else None,
        township_checksum=township.strip().lower(),
        checksum=stored.checksum.strip().lower(),
        text=stored.text,
    )
