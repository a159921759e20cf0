"""What the roll-up's very hidden 数据 sheet carries (so next year's ``--previous`` can read it back
without trusting visible cells): the rubric, when it was made, and each village's result. The
sheet itself is written and read by ``checklist.xlsx.datasheet``.
"""

from __future__ import annotations

from typing import Any

from checklist.numbers import as_json

FORMAT = "checklist-rollup/1"
NOTICE = "本表由 checklist 汇总时生成，供下一年度对比读取，请勿修改；修改后校验和不符。"


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
