"""A village workbook or a reviewed workbook read back: the village's answers (数据), and the
review (审核数据) when there is one, with whether that review still fits the village's data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from checklist.report.read import ReadBack, RefusedReport, read_package
from checklist.review.apply import Reviewed, apply_review
from checklist.review.data import COUNTY_FORMAT, COUNTY_SHEET, FORMAT, SHEET, BadReviewSheet, StoredReview, parse_stored
from checklist.rubric import Loaded
from checklist.xlsx import datasheet
from checklist.xlsx.package import Package

# none: no review in the file; ok: the review fits the village's data; stale: the village's data
# changed after the review was made; tampered: the review's own data was changed.
ReviewState = Literal["none", "ok", "stale", "tampered"]

STATE_TEXT = {
    "none": "未审核",
    "ok": "已审核",
    "stale": "审核已失效（审核后自评数据被改动）",
    "tampered": "审核数据被改动（校验和不符）",
}


@dataclass
class ReviewBack:
    back: ReadBack
    state: ReviewState
    stored: StoredReview | None
    reason: str = ""
    county_state: ReviewState = "none"  # the county's 复核 (复核数据), judged against the 审核数据
    county: StoredReview | None = None
    county_reason: str = ""

    @property
    def reviewed(self) -> bool:
        return self.state == "ok"

    @property
    def rereviewed(self) -> bool:
        """A county 复核 is in force (on a township review in force)."""
        return self.state == "ok" and self.county_state == "ok"


def review_in(pkg: Package, back: ReadBack) -> ReviewBack:
    """The review a package carries (if any), judged against the village data read from it, and
    the county's 复核 (if any), judged against that review."""
    rb = _township(pkg, back)
    if COUNTY_SHEET not in pkg.sheets():
        return rb
    try:
        county = parse_stored(datasheet.read(pkg, COUNTY_SHEET, COUNTY_FORMAT), COUNTY_SHEET, COUNTY_FORMAT)
    except (datasheet.Missing, datasheet.Broken, BadReviewSheet) as exc:
        why = str(exc) if isinstance(exc, BadReviewSheet) else f"“{COUNTY_SHEET}”工作表已损坏，无法读取复核数据"
        rb.county_state, rb.county_reason = "tampered", why
        return rb
    rb.county = county
    if not county.checksum_ok:
        rb.county_state, rb.county_reason = "tampered", f"“{COUNTY_SHEET}”工作表的校验和不符：复核后被改动过"
    elif rb.stored is None or rb.state != "ok" or county.township_checksum != rb.stored.checksum:
        rb.county_state = "stale"
        rb.county_reason = "复核所依据的审核数据与本表的不同：复核后审核或自评被改动，须重新复核"
    elif county.village_checksum != back.checksum:
        rb.county_state, rb.county_reason = "stale", "复核所依据的自评数据与本表的不同：须重新复核"
    else:
        rb.county_state = "ok"
    return rb


def _township(pkg: Package, back: ReadBack) -> ReviewBack:
    try:
        stored = parse_stored(datasheet.read(pkg, SHEET, FORMAT))
    except datasheet.Missing:
        return ReviewBack(back, "none", None)
    except datasheet.Broken:
        return ReviewBack(back, "tampered", None, f"“{SHEET}”工作表已损坏，无法读取审核数据")
    except BadReviewSheet as exc:
        return ReviewBack(back, "tampered", None, str(exc))
    if not stored.checksum_ok:
        return ReviewBack(back, "tampered", stored, f"“{SHEET}”工作表的校验和不符：审核后被改动过")
    if not back.checksum_ok or stored.village_checksum != back.checksum:
        return ReviewBack(back, "stale", stored, "审核所依据的自评数据与本表的自评数据不同：审核后自评被改动，须重新审核")
    return ReviewBack(back, "ok", stored)


def read_reviewed(path: str | Path, loaded: Loaded | None = None) -> ReviewBack:
    """RefusedReport for a file that is not a village workbook at all."""
    with Package(path) as pkg:
        back = read_package(pkg, loaded)
        return review_in(pkg, back)


def applied(rb: ReviewBack, loaded: Loaded, profile: str | None) -> Reviewed | None:
    """The reviewed result under ``profile`` when the review is in force, else None."""
    if rb.stored is None or rb.state != "ok":
        return None
    return apply_review(loaded.rubric, rb.back.assessment, rb.stored.review, profile, SHEET)


__all__ = ["STATE_TEXT", "RefusedReport", "ReviewBack", "ReviewState", "applied", "read_reviewed", "review_in"]
