"""A generated township for the roll-up tests and benchmarks: villages with known answers made
from a seeded RNG against rubrics/village-star.yaml, some written as scored workbooks with
write_report, the others as assessment JSON files."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from checklist.assessment import Answer, Assessment, RubricRef, write_assessment
from checklist.report import write_report
from checklist.rubric import Loaded, load_rubric
from checklist.rubric.model import Rubric
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "rubrics" / "village-star.yaml"
TOWNSHIPS = ["新丰镇", "河口乡", "石桥街道"]
# things that should not happen (negative yes/no): rare, so vetoes and flags stay a minority
RARE = {"anti_gang": 0.02, "secretary_vacant": 0.03, "team_disunity": 0.03, "oversize_exists": 0.2}


def rubric() -> Loaded:
    return load_rubric(RUBRIC)


def _value(rng: random.Random, item: Any, good: float) -> Any:
    rule = item.rule
    ok = rng.random() < good
    t = rule.type
    if t == "yesno":
        if rule.negative:
            return rng.random() < RARE.get(item.id, 0.05)
        return ok
    if t == "choice":
        ids = [o.id for o in rule.options]
        return ids[0] if ok else rng.choice(ids)
    if t in ("multiple", "required_list"):
        ids = [o.id for o in rule.options] if t == "multiple" else [x.id for x in rule.things]
        return [i for i in ids if rng.random() < (0.95 if ok else 0.5)]
    if t == "count":
        if rule.mode == "deduct":
            return 0 if ok else rng.randint(0, 4)
        return rng.randint(0, 4) if ok else rng.randint(0, 1)
    if t == "number":
        if item.id == "party_activities":
            return rng.randint(8, 20) if ok else rng.randint(2, 12)
        if item.id == "collective_income":
            current = Decimal(rng.randint(30, 400)) / 10 if ok else Decimal(rng.randint(20, 200)) / 10
            if rng.random() < 0.5:
                return {"current": current, "previous": Decimal(rng.randint(20, 300)) / 10}
            return current
        if item.id == "venue_area":
            return rng.randint(180, 400) if ok else rng.randint(50, 250)
        return rng.randint(1, 4) if ok else rng.randint(0, 2)
    if t == "deviation":
        return Decimal(rng.randint(480, 560) if ok else rng.randint(520, 650)) / 10
    if t == "share":
        whole = rng.randint(10, 80)
        share = rng.uniform(0.7, 1.0) if ok else rng.uniform(0.0, 1.0)
        if item.id in ("cadre_education",):
            share = 1 - share
        if item.id == "young_share":
            share = rng.uniform(0.1, 0.25) if ok else rng.uniform(0.0, 0.15)
        return {"part": min(whole, round(whole * share)), "whole": whole}
    if t == "judged":
        return rng.randint(3, 5) if ok else rng.randint(1, 3)
    raise AssertionError(t)


def make_assessment(rng: random.Random, r: Rubric, n: int, township: str | None = None, year: int = 2026) -> Assessment:
    good = rng.choice([0.98, 0.95, 0.9, 0.85, 0.75, 0.6, 0.45])
    answers: dict[str, Answer] = {}
    for item in r.items():
        roll = rng.random()
        if roll < 0.02:
            continue  # unanswered
        if item.allow_na and roll < 0.1:
            answers[item.id] = Answer(na=True)
            continue
        value = _value(rng, item, good)
        note = "融合紧密，有典型案例。" if item.rule.type == "judged" else ""
        answers[item.id] = Answer(value=value, note=note)
    base = datetime(year, 11, 1, 8, 0)
    return Assessment(
        rubric=RubricRef(id=r.id, version=r.version),
        village=f"第{n:03d}村",
        township=township or TOWNSHIPS[n % len(TOWNSHIPS)],
        year=year,
        assessor="书记",
        created=base,
        updated=base + timedelta(minutes=rng.randint(0, 40000)),
        answers=answers,
    )


def township(seed: int, count: int) -> list[Assessment]:
    rng = random.Random(seed)
    r = rubric().rubric
    return [make_assessment(rng, r, n) for n in range(1, count + 1)]


def write_inputs(
    assessments: list[Assessment], folder: Path, reports: int, loaded: Loaded | None = None
) -> dict[str, Path]:
    """The first ``reports`` as scored workbooks (write_report), the rest as JSON; key = village."""
    loaded = loaded or rubric()
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for n, a in enumerate(assessments):
        if n < reports:
            result = score(loaded.rubric, a)
            target = folder / f"{a.township}-{a.village}.xlsx"
            write_report(loaded.rubric, loaded.sha256, a, result, target, force=True)
        else:
            target = folder / f"{a.township}-{a.village}.json"
            write_assessment(a, target)
        out[a.township + a.village] = target
    return out
