"""``checklist schema`` prints the rubric's JSON Schema, and the shipped copy next to the rubrics
(which their ``# yaml-language-server: $schema=...`` lines point at) is exactly that output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from checklist.cli import main
from checklist.rubric.load import RULE_TYPES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rubrics" / "rubric.schema.json"


def printed() -> str:
    run = CliRunner().invoke(main, ["schema"])
    assert run.exit_code == 0, run.output
    assert run.stderr == ""
    return run.stdout


def schema() -> dict[str, Any]:
    data = json.loads(printed())
    assert isinstance(data, dict)
    return data


def test_schema_is_json_describing_a_rubric() -> None:
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["type"] == "object"
    assert s["additionalProperties"] is False  # a typo'd key is flagged in the editor too
    assert set(s["required"]) == {"id", "title", "version", "sections"}
    assert {"sections", "levels", "parameters", "profiles", "flags", "tag_groups", "bonus_cap"} <= set(s["properties"])
    assert s["properties"]["sections"]["type"] == "array"
    assert s["properties"]["sections"]["minItems"] == 1
    assert s["properties"]["levels"]["items"] == {"$ref": "#/$defs/Level"}
    assert "评分细则" in s["title"]


def test_every_reference_resolves() -> None:
    s = schema()
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(s)
    assert refs
    for ref in refs:
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in s["$defs"], ref


def test_rules_and_conditions_are_described_as_the_file_spells_them() -> None:
    defs = schema()["$defs"]
    rule = defs["Item"]["properties"]["rule"]
    assert rule["discriminator"]["propertyName"] == "type"
    assert set(rule["discriminator"]["mapping"]) == set(RULE_TYPES)
    condition = defs["Condition"]["properties"]
    assert {"item", "section", "equals", "in", "all", "any", "not", "at_least", "at_most"} <= set(condition)
    assert not {"in_", "all_", "any_", "not_"} & set(condition)
    for name in ("Item", "Section", "Level", "Flag", "YesNo", "Band", "Condition"):
        assert defs[name]["additionalProperties"] is False, name


def test_points_take_a_number_or_a_parameter() -> None:
    points = schema()["$defs"]["YesNo"]["properties"]["points"]
    kinds = json.dumps(points)
    assert '"number"' in kinds
    assert "\\\\$" in kinds  # the $name pattern of a parameter reference


def test_shipped_schema_file_equals_the_command_output_exactly() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == printed(), (
        "rubrics/rubric.schema.json is out of date: regenerate it with `checklist schema > rubrics/rubric.schema.json`"
    )


def test_shipped_rubrics_point_at_the_shipped_schema() -> None:
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=rubric.schema.json", path.name
        assert (path.parent / "rubric.schema.json").is_file()
