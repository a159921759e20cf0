"""The sign-off block of a paper form: who filled it in, the secretary, the branch's stamp and
the date; then the township's review opinion, reviewer, stamp and date."""

from __future__ import annotations

from checklist.xlsx.cells import Writer

BLANK_DATE = "日期：　　　　年　　月　　日"
VILLAGE = ("填报人（签字）：", "村党组织书记（签字）：", "村党组织（盖章）")
TOWNSHIP_OPINION = "乡镇（街道）党委审核意见："
TOWNSHIP = ("审核人（签字）：", "（盖章）")
OPINION_LINES = 3


def _spans(total: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` runs of columns covering 1..total as evenly as they go: (first column, span)."""
    out, col = [], 1
    for n in range(parts):
        span = (total - col + 1) // (parts - n)
        out.append((col, span))
        col += span
    return out


def write_signoff(w: Writer, row: int, columns: int) -> int:
    """Writes the block from ``row`` across ``columns`` columns; returns its last row."""
    for (col, span), text in zip(_spans(columns, 4), (*VILLAGE, BLANK_DATE), strict=True):
        w.put(row, col, text, "sign", span=span)
    w.tall(row, 3)  # room for a signature and a stamp
    row += 1
    w.put(row, 1, TOWNSHIP_OPINION, "sign", span=columns)
    w.tall(row, OPINION_LINES + 1)
    row += 1
    for (col, span), text in zip(_spans(columns, 4), (*TOWNSHIP, "", BLANK_DATE), strict=True):
        w.put(row, col, text, "sign", span=span)
    w.tall(row, 3)
    return row
