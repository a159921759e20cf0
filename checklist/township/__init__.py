"""The township's roll-up (乡镇汇总): read many villages' workbooks or assessment files, re-score
them under the organiser's rubric, rank, apply star quotas, mark 整转, compare with last year.

``aggregate`` is pure apart from reading; ``checklist.township.workbook.write_rollup`` (which
imports openpyxl) writes the printable workbook.
"""

from checklist.township.aggregate import (
    DOUBTFUL,
    DUPLICATE,
    MISSING,
    REFUSED,
    ItemStat,
    Problem,
    RollUp,
    SectionStat,
    Village,
    aggregate,
    default_output,
    expand,
    item_stats,
    quota_caps,
    rectify_count,
    section_stats,
)
from checklist.township.previous import Previous, PreviousError, read_previous

__all__ = [
    "DOUBTFUL",
    "DUPLICATE",
    "MISSING",
    "REFUSED",
    "ItemStat",
    "Previous",
    "PreviousError",
    "Problem",
    "RollUp",
    "SectionStat",
    "Village",
    "aggregate",
    "default_output",
    "expand",
    "item_stats",
    "quota_caps",
    "read_previous",
    "rectify_count",
    "section_stats",
]
