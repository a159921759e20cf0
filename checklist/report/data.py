"""What the village report's very hidden 数据 sheet carries: the assessment, the rubric's id /
version / sha256, the tool version, the scores as exported and where they are shown. The sheet's
layout (chunks, checksum) is ``checklist.xlsx.datasheet``'s.
"""

from __future__ import annotations

from typing import Any

from checklist import __version__
from checklist.assessment import Assessment
from checklist.numbers import as_json
from checklist.rubric.model import Rubric
from checklist.scoring.result import Result

FORMAT = "checklist-report/1"
NOTICE = "本表由 checklist 导出时生成，供乡镇读取复核，请勿修改；修改后校验和不符。"


def build_payload(
    rubric: Rubric,
    sha256: str,
    assessment: Assessment,
    result: Result,
    exported: str,
    layout: dict[str, Any],
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "tool": {"name": "checklist", "version": __version__},
        "exported": exported,
        "rubric": {"id": rubric.id, "version": rubric.version, "sha256": sha256, "title": rubric.title},
        "profile": result.profile,
        "assessment": assessment.to_data(),
        "result": {
            "total": as_json(result.total),
            "max": as_json(result.max),
            "bonus": as_json(result.bonus),
            "level": result.level.id,
            "level_label": result.level.label,
            "items": {i.id: as_json(i.points) for i in result.items},
        },
        "layout": layout,
    }


def short_code(digest: str) -> str:
    """The 校验码 printed on every page: the checksum's first 8 hex digits, ``1A2B-3C4D``, so a
    paper copy can be matched to its file (``checklist read`` prints the same)."""
    head = digest.strip().upper()[:8]
    return f"{head[:4]}-{head[4:]}"
