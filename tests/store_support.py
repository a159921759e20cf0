"""Helpers for the store tests: a tiny rubric (two versions), a store in a temp folder."""

from __future__ import annotations

import sys
from pathlib import Path

from checklist.rubric import Loaded, load_rubric
from checklist.rubric.shipped import find_shipped

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PYTHON = sys.executable


def rubric_yaml(version: str, items: list[str], profiles: bool = False) -> str:
    """A small valid rubric: one section of yes/no items, plus one number item ``area``."""
    lines = [
        "id: tiny",
        "title: 测试细则",
        f'version: "{version}"',
        "parameters:",
        "  area_full:",
        "    label: 活动场所面积标准",
        "    unit: 平方米",
        "    default: 200",
    ]
    if profiles:
        lines += ["profiles:", "  accelerated:", "    label: 加快发展县", "    parameters:", "      area_full: 100"]
    lines += ["sections:", "  - id: main", "    title: 基本情况", "    items:"]
    for item in items:
        lines += [
            f"      - id: {item}",
            f"        title: 指标{item}",
            f"        text: 指标{item}是否达到要求。",
            "        rule:",
            "          type: yesno",
            "          points: 10",
        ]
    lines += [
        "      - id: area",
        "        title: 活动场所",
        "        text: 活动场所面积。",
        "        rule:",
        "          type: number",
        "          unit: 平方米",
        "          min: 0",
        "          bands:",
        "            - min: $area_full",
        "              points: 10",
    ]
    return "\n".join(lines) + "\n"


def write_rubric(
    folder: Path, version: str, items: list[str], name: str = "tiny.yaml", profiles: bool = False
) -> Loaded:
    path = folder / name
    path.write_text(rubric_yaml(version, items, profiles), encoding="utf-8")
    return load_rubric(path)


def shipped(rubric_id: str = "village-star") -> Loaded:
    path = find_shipped(rubric_id)
    assert path is not None
    return load_rubric(path)


# --- workers for the multi-process tests (importable by spawned children) -------------------------


def write_answers(path: str, assessment_id: int, count: int, tag: str, results: object) -> None:
    """Take the lock and give ``count`` answers, each one its own transaction."""
    from decimal import Decimal

    from checklist.assessment import Answer
    from checklist.store import Store

    store = Store.open(Path(path), owner=tag)
    try:
        assert store.acquire(assessment_id)
        for n in range(count):
            store.set_answer(assessment_id, f"{tag}_{n % 40}", Answer(value=Decimal(n) / 4, note=f"{tag}第{n}次"))
        results.put((tag, "ok"))  # type: ignore[attr-defined]
    except Exception as exc:  # reported to the parent, which fails the test
        results.put((tag, repr(exc)))  # type: ignore[attr-defined]
    finally:
        store.close()


def read_while_writing(path: str, stop: object, results: object) -> None:
    """Read drafts and answers over and over; answer counts must never go down."""
    from checklist.store import Store

    store = Store.open(Path(path), owner="reader")
    seen: dict[int, int] = {}
    rounds = 0
    try:
        while not stop.is_set() or rounds < 3:  # type: ignore[attr-defined]
            for d in store.drafts():
                count = len(store.assessment(d.id).answers)
                assert count >= seen.get(d.id, 0), "answers went missing"
                seen[d.id] = count
            rounds += 1
        results.put(("reader", "ok"))  # type: ignore[attr-defined]
    except Exception as exc:
        results.put(("reader", repr(exc)))  # type: ignore[attr-defined]
    finally:
        store.close()


def race_for_lock(path: str, assessment_id: int, start: object, done: object, results: object) -> None:
    from checklist.store import Store

    store = Store.open(Path(path), owner="racer")
    try:
        start.wait(30)  # type: ignore[attr-defined]
        results.put(store.acquire(assessment_id))  # type: ignore[attr-defined]
        done.wait(60)  # type: ignore[attr-defined]  # hold it until every racer has tried
    finally:
        store.close()


HOLD_AND_WAIT = """
import sys, time
from pathlib import Path
from checklist.assessment import Answer
from checklist.store import Store

store = Store.open(Path(sys.argv[1]), owner="另一窗口")
aid = int(sys.argv[2])
assert store.acquire(aid)
store.set_answer(aid, "strongest_branch", Answer(value="started", note="被强行结束前填写"))
print("ready", flush=True)
time.sleep(120)
"""
