"""The township's review (审核) of a village's self-assessment: corrected answers with reasons,
the reviewer's own score for judged items, evidence marked 已核 / 缺, bound to the checksum of the
village workbook it reviews. ``apply_review`` scores both sides; the review never sets points."""

from checklist.review.apply import ItemChange, Reviewed, apply_review, check_review
from checklist.review.model import CHECKED, MISSING, Decision, Review, ReviewError, parse_review, read_review

__all__ = [
    "CHECKED",
    "MISSING",
    "Decision",
    "ItemChange",
    "Review",
    "ReviewError",
    "Reviewed",
    "apply_review",
    "check_review",
    "parse_review",
    "read_review",
]
