"""What the roll-up's very hidden 数据 sheet carries (so next year's ``--previous`` can read it back
without trusting visible cells): the rubric, when it was made, and each village's result.

Same layout as the village report's 数据 sheet (checklist.xlsx.datasheet): format, checksum, chunk count,
then the canonical JSON text in chunks.
"""

from __future__ import annotations

import json
from typing import Any

from checklist.numbers import as_json
from checklist.xlsx.datasheet import checksum, chunks, payload_text

SHEET = "数据"
FORMAT = "checklist-rollup/1"
NOTICE = "本表由 checklist 汇总时生成，供下一年度对比读取，请勿修改；修改后校验和不符。"
ROW_FORMAT, ROW_CHECKSUM, ROW_CHUNKS, ROW_FIRST_CHUNK = 2, 3, 4, 5


def build_payload(rollup: Any) -> dict[str, Any]:
    from checklist import __version__

    loaded = rollup.loaded
    return {
        "format": FORMAT,
        "tool": {"name": "checklist", "version": __version__},
        "generated": rollup.generated.strftime("%Y-%m-%d %H:%M"),
        "rubric": {"id": loaded.rubric.id, "version": loaded.rubric.version, "sha256": loaded.sha256},
        "profile": rollup.profile,
        "villages": [
            {
                "township": v.township,
                "village": v.village,
                "year": v.year,
                "rank": v.rank,
                "total": as_json(v.scores.total),
                "level": v.final.id,
                "level_label": v.final.label,
                "stars": v.final.stars,
                "scored_level": v.scores.level.id,
                "rectify": list(v.rectify),
            }
            for v in rollup.villages
        ],
    }


def rows(rollup: Any) -> list[tuple[str, str]]:
    """(label, value) for rows 1.. of the sheet."""
    text = payload_text(build_payload(rollup))
    parts = chunks(text)
    out = [("说明", NOTICE), ("格式", FORMAT), ("校验和（SHA-256）", checksum(text)), ("分段数", str(len(parts)))]
    out += [(f"数据{n + 1}", part) for n, part in enumerate(parts)]
    return out


def parse(cells: dict[tuple[int, int], Any]) -> tuple[str, bool, dict[str, Any]]:
    """(format, checksum ok, payload) from the sheet's cells; ValueError if not readable."""
    fmt_ = str(cells.get((ROW_FORMAT, 2), ""))
    try:
        total = int(float(str(cells.get((ROW_CHUNKS, 2), "0"))))
    except ValueError:
        raise ValueError("chunks") from None
    if total < 1 or total > 1000:
        raise ValueError("chunks")
    text = "".join(str(cells.get((ROW_FIRST_CHUNK + n, 2), "")) for n in range(total))
    ok = checksum(text) == str(cells.get((ROW_CHECKSUM, 2), "")).strip().lower()
    payload = json.loads(text)
    if not isinstance(payload, dict):
        raise ValueError("payload")
    return fmt_, ok, payload
