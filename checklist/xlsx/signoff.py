"""The sign-off block of a paper form: who filled it in, the secretary, the branch's stamp and
the date; then the township's review opinion, reviewer, stamp and date."""

from __future__ import annotations

from checklist.xlsx.cells import Writer

BLANK_DATE = "日期：　　年　　月　　日"
VILLAGE = ("填报人（签字）：", "村党组织书记（签字）：", "村党组织（盖章）")
TOWNSHIP_OPINION = "乡镇（街道）党委审核意见："
TOWNSHIP = ("审核人（签字）：", "（盖章）")
SIGN_ROOM = 46.0  # points for a signature or a stamp
OPINION_ROOM = 60.0  # three lines of an opinion written by hand


def _halves(total: int) -> tuple[tuple[int, int], tuple[int, int]]:
    left = (total + 1) // 2
    return (1, left), (left + 1, total - left)


def write_signoff(w: Writer, row: int, columns: int) -> int:
    """Writes the block from ``row`` across ``columns`` columns (two halves a row, so no label
    wraps); returns its last row."""
    (a, left), (b, right) = _halves(columns)
    pairs = [(VILLAGE[0], VILLAGE[1]), (VILLAGE[2], BLANK_DATE)]
    for first, second in pairs:
        w.put(row, a, first, "sign", span=left)
        w.put(row, b, second, "sign", span=right)
        w.tall(row, SIGN_ROOM)
        row += 1
    w.put(row, 1, TOWNSHIP_OPINION, "sign", span=columns)
    w.tall(row, OPINION_ROOM)
    row += 1
    for first, second in ((TOWNSHIP[0], TOWNSHIP[1]), ("", BLANK_DATE)):
        w.put(row, a, first, "sign", span=left)
        w.put(row, b, second, "sign", span=right)
        w.tall(row, SIGN_ROOM)
        row += 1
    return row - 1
