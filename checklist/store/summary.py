"""The drafts list with scores (``checklist drafts``): each draft scored under the rubric text
saved with it, every distinct rubric parsed once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checklist.cjk import pad, width
from checklist.numbers import as_json, fmt
from checklist.rubric import Rubric, UnknownProfile
from checklist.scoring import Result, score
from checklist.store.codec import parse_time
from checklist.store.errors import StoreError
from checklist.store.store import DraftInfo, Store


def draft_rows(store: Store) -> list[dict[str, Any]]:
    """One JSON-ready row per draft, most recently updated first."""
    return [_row(d, result, title) for d, result, title in scored_drafts(store, store.drafts())]


def scored_drafts(store: Store, drafts: list[DraftInfo]) -> list[tuple[DraftInfo, Result | str, str]]:
    """Each draft with its Result (under the rubric text saved with it), or why it has none, and
    its rubric's title ("" when the rubric cannot be read)."""
    rubrics: dict[str, Rubric | str] = {}  # by hash: the rubric, or why it cannot be used
    out: list[tuple[DraftInfo, Result | str, str]] = []
    for d in drafts:
        key = d.rubric_sha256 or f"#{d.id}"
        if key not in rubrics:
            try:
                rubrics[key] = store.rubric(d.id, d.rubric_path or d.rubric_id)
            except StoreError as exc:
                rubrics[key] = str(exc)
        rubric = rubrics[key]
        if isinstance(rubric, str):
            out.append((d, rubric if rubric else "评分细则缺失", ""))
            continue
        try:
            out.append((d, score(rubric, store.assessment(d.id), d.profile), rubric.title))
        except UnknownProfile as exc:
            out.append((d, str(exc), rubric.title))
    return out


def _row(d: DraftInfo, result: Result | str, title: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": d.id,
        "village": d.village,
        "township": d.township,
        "year": d.year,
        "assessor": d.assessor,
        "profile": d.profile,
        "rubric": {"id": d.rubric_id, "version": d.rubric_version, "sha256": d.rubric_sha256, "path": d.rubric_path, "title": title or None},
        "answered": d.answered,
        "items": d.items,
        "progress": None,
        "progress_text": None,
        "total": None,
        "max": None,
        "level": None,
        "level_label": None,
        "stars": None,
        "problem": None,
        "created": d.created.isoformat(),
        "updated": d.updated.isoformat(),
    }
    if isinstance(result, str):
        row["problem"] = result
        return row
    row.update(  # answered/items: 已填/应填 of the progress record, as every other place says it
        answered=result.progress.done,
        items=result.progress.needed,
        progress=result.progress.to_data(),
        progress_text=result.progress.text,
        total=as_json(result.total),
        max=as_json(result.max),
        level=result.level.id,
        level_label=result.level.label,
        stars=result.level.stars,
    )
    return row


HEADERS = ("编号", "村", "年度", "细则", "已填/应填", "总分", "星级", "更新时间")
RIGHT = {0, 4, 5}


def drafts_table(rows: list[dict[str, Any]]) -> str:
    """An aligned Chinese table (CJK characters take two columns)."""
    cells = []
    for r in rows:
        total = "—" if r["total"] is None else f"{fmt_json(r['total'])}/{fmt_json(r['max'])}"
        cells.append(
            (
                str(r["id"]),
                r["village"] or "—",
                str(r["year"]) if r["year"] is not None else "—",
                f"{r['rubric']['id']} {r['rubric']['version']}".strip(),
                f"{r['answered']}/{r['items']}",
                total,
                r["level_label"] or ("细则有误" if r["problem"] else "—"),
                f"{parse_time(r['updated']).astimezone():%Y-%m-%d %H:%M}",
            )
        )
    widths = [max([width(h)] + [width(c[n]) for c in cells]) for n, h in enumerate(HEADERS)]

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(pad(v, widths[n], n in RIGHT) for n, v in enumerate(values)).rstrip()

    out = [line(HEADERS), line(tuple("-" * w for w in widths))]
    out += [line(c) for c in cells]
    problems = [f"自评 {r['id']}：{r['problem']}" for r in rows if r["problem"]]
    return "\n".join(out + (["", *problems] if problems else []))


def fmt_json(value: int | float) -> str:
    return fmt(Decimal(str(value)))
