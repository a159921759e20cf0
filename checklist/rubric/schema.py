"""The JSON Schema of a rubric file, so an editor can check a file while it is typed."""

from __future__ import annotations

import json
from typing import Any

from checklist.rubric.model import Rubric


def rubric_schema() -> dict[str, Any]:
    from checklist.rubric.schema_zh import in_chinese

    schema = in_chinese(Rubric.model_json_schema(by_alias=True))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "评分细则（checklist 评分细则文件）",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(rubric_schema(), ensure_ascii=False, indent=2) + "\n"
