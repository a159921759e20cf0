"""A generated county for the review and roll-up tests and benchmarks: 3 townships, villages with
known answers (township_support), some submitted as workbooks, a share of those reviewed by the
township (REVIEW.json-like corrections with reasons, written as reviewed workbooks), some
tampered after export, some choosing a 地区档位 the organiser does not give them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from township_support import make_assessment

from checklist.assessment import Answer, Assessment, write_assessment
from checklist.report import read_report, write_report
from checklist.review import Review, apply_review
from checklist.review.workbook import write_reviewed
from checklist.rubric import Loaded
from checklist.scoring import score
from checklist.xlsx.datasheet import SHEET as VILLAGE_SHEET

TOWNSHIPS = ["新丰镇", "河口乡", "石桥街道"]


def corrections(rng: random.Random, loaded: Loaded, a: Assessment) -> dict[str, dict[str, Any]]:
    """1–3 items the township corrects: a yes taken back, a choice lowered, a judged score cut."""
    out: dict[str, dict[str, Any]] = {}
    candidates = []
    for item in loaded.rubric.items():
        ans = a.answers.get(item.id)
        if ans is None or ans.na or ans.value is None or item.relevant_when is not None:
            continue
        rule = item.rule
        if rule.type == "yesno" and not rule.negative and ans.value is True:
            candidates.append((item.id, False))
        elif rule.type == "choice" and ans.value != rule.options[-1].id:
            candidates.append((item.id, rule.options[-1].id))
        elif rule.type == "judged":
            candidates.append((item.id, 1))
    for item_id, value in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
        out[item_id] = {"value": value, "reason": "佐证材料不足，按实际认定。"}
    return out


def corrected(a: Assessment, items: dict[str, dict[str, Any]]) -> Assessment:
    """The village's answers with the township's corrections, computed here without the review code."""
    answers = dict(a.answers)
    for item_id, d in items.items():
        old = answers[item_id]
        answers[item_id] = Answer(value=d["value"], note=old.note or d["reason"], evidence=old.evidence)
    return a.model_copy(update={"answers": answers})


def tamper(path: Path) -> None:
    wb = load_workbook(path)
    cell = wb[VILLAGE_SHEET].cell(row=5, column=2)
    cell.value = cell.value.replace('"assessor":"书记"', '"assessor":"改动"')
    wb.save(path)


class County:
    """``reviews[key]`` the corrections of the reviewed villages; ``own_profile[key]`` what each chose."""

    def __init__(self, loaded: Loaded, folder: Path, villages: int, seed: int = 12) -> None:
        rng = random.Random(seed)
        self.loaded = loaded
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        r = loaded.rubric
        self.assessments: list[Assessment] = []
        for n in range(1, villages + 1):
            a = make_assessment(rng, r, n, township=TOWNSHIPS[n % 3])
            if n % 7 == 0:
                a = a.model_copy(update={"profile": "accelerated"})  # the village's own pick
            self.assessments.append(a)
        self.reviews: dict[str, dict[str, dict[str, Any]]] = {}
        self.tampered: set[str] = set()
        self.paths: dict[str, Path] = {}
        for n, a in enumerate(self.assessments):
            key = a.township + a.village
            if n % 3 == 0 or n % 10 == 1:  # a third reviewed, some more plain workbooks
                target = folder / f"{key}.xlsx"
                write_report(r, loaded.sha256, a, score(r, a), target, force=True)
                if n % 3 == 0:
                    items = corrections(rng, loaded, a)
                    self.reviews[key] = items
                    back = read_report(target)
                    review = Review.model_validate({"reviewer": "乡镇审核组", "date": "2026-12-05", "items": items})
                    reviewed = apply_review(r, back.assessment, review, back.result.profile)
                    reviewed_path = folder / f"{key}-审核.xlsx"
                    write_reviewed(loaded, back, reviewed, reviewed_path, force=True)
                    target.unlink()  # the township rolls up the reviewed workbook in its place
                    target = reviewed_path
                elif n % 20 == 1:
                    tamper(target)
                    self.tampered.add(key)
            else:
                target = folder / f"{key}.json"
                write_assessment(a, target)
            self.paths[key] = target
