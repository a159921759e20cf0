"""What a file must be before ``load`` or ``import --to-store`` adds it as a draft: the names
and year the TUI's form would accept, and not a silent second copy of a draft already there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checklist.store.errors import StoreError
from checklist.who import check_name, who_problems

if TYPE_CHECKING:
    from checklist.assessment import Assessment
    from checklist.store.store import Store


def admitted(store: Store, a: Assessment, *, again: bool = False) -> Assessment:
    """``a`` with its names tidied as the form tidies them; StoreError listing every reason not."""
    problems = who_problems(a.village, a.township, a.year, a.assessor)
    if problems:
        raise StoreError("未加入存储：" + "；".join(problems))
    tidy = a.model_copy(
        update={k: check_name(getattr(a, k), "")[0] for k in ("village", "township", "assessor")}
    )
    if not again:
        for d in store.drafts():
            if (d.village, d.township, d.year, d.rubric_id) == (tidy.village, tidy.township, tidy.year, tidy.rubric.id):
                raise StoreError(
                    f"未加入存储：与已有自评 #{d.id} 同村同年度（{d.year}年度 {d.township} {d.village}）；"
                    f"要继续填写请打开 #{d.id}，确要再加一份请加 --again"
                )
    return tidy
