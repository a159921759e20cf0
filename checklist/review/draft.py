"""A draft in the store, reviewed where it is (the township's own laptop, or a store the village
handed over): it is read back as if the village had exported it from its current answers, so
the review, the reviewed workbook and the roll-up treat it like a village workbook.

The stand-in 数据 sheet is the one ``export`` would write, dated by the draft's last change: the
same answers give the same checksum (the same review is found again), any later answer gives
another one (the earlier review is shown as stale).
"""

from __future__ import annotations

import hashlib

from checklist.errors import UserError
from checklist.report.read import ReadBack
from checklist.rubric import Loaded
from checklist.store import Store

SOURCE = "数据文件“{path}”中的自评（编号 {id}）"


class DraftRefused(UserError):
    """The draft cannot be reviewed (its rubric does not read)."""


def draft_source(store: Store, draft_id: int) -> str:
    """Where the review says it came from (and by which it is found again when stale)."""
    return SOURCE.format(path=store.path.resolve(), id=draft_id)


def draft_back(store: Store, draft_id: int) -> tuple[Loaded, ReadBack]:
    """The draft's bound rubric and the draft read back as its exported workbook would be."""
    from pathlib import Path

    from checklist.report.data import FORMAT
    from checklist.report.write import build_workbook
    from checklist.scoring import score
    from checklist.store.binding import parse_text
    from checklist.store.errors import StoreError
    from checklist.xlsx import datasheet

    assessment = store.assessment(draft_id)  # StoreError (Chinese) when there is no such draft
    text = store.rubric_text(draft_id)
    try:
        rubric = parse_text(text, assessment.rubric.id)
    except StoreError as exc:
        raise DraftRefused(f"编号 {draft_id} 的自评所用的评分细则无法读取，不能审核：{exc}") from None
    sha = assessment.rubric.sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    loaded = Loaded(rubric, sha, assessment.rubric.id)
    result = score(rubric, assessment, assessment.profile)
    moment = assessment.updated or assessment.created
    exported = moment.strftime("%Y-%m-%d %H:%M") if moment is not None else ""
    wb = build_workbook(rubric, sha, assessment, result, exported)
    ws = wb[datasheet.SHEET]
    cells = {(c.row, c.column): str(c.value) for row in ws.iter_rows(max_col=2) for c in row if c.value is not None}
    stored = datasheet.from_cells(cells)
    payload = stored.payload()
    assert stored.format == FORMAT and stored.checksum_ok
    back = ReadBack(
        Path(draft_source(store, draft_id)),
        assessment,
        result,
        rubric.id,
        rubric.version,
        sha,
        str(payload["tool"]["version"]),
        exported,
        True,
        payload["result"],
        checksum=stored.checksum,
        data_text=stored.text,
    )
    return loaded, back
