"""Last year's roll-up (``--previous``): read back from its very hidden 数据 sheet, safely (the
same zip and XML limits as a village report), never from the visible 排名 cells."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checklist.errors import UserError
from checklist.township.data import FORMAT
from checklist.township.limits import precheck_zip
from checklist.xlsx import datasheet
from checklist.xlsx.datasheet import SHEET


@dataclass(frozen=True)
class PreviousEntry:
    """One village as last year's roll-up recorded it."""

    township: str
    village: str
    total: Decimal
    level_label: str
    stars: int
    rank: int
    year: int | None = None
    rectify: tuple[str, ...] = ()


class PreviousError(UserError, ValueError):
    """The previous roll-up cannot be used (Chinese message)."""


@dataclass(frozen=True)
class Previous:
    path: Path
    generated: str
    rubric_id: str
    rubric_version: str
    checksum_ok: bool
    entries: list[PreviousEntry]

    @property
    def year(self) -> int | None:
        """The assessment year it rolled up (the latest, if villages of several years were in it)."""
        years = [e.year for e in self.entries if e.year]
        return max(years) if years else None


def check_previous(found: list[Previous], loaded: Any, year: int | None) -> None:
    """PreviousError unless every earlier roll-up is of this rubric and of an earlier, distinct year."""
    seen: dict[int, Path] = {}
    for prev in found:
        where = f"上年汇总表 {prev.path}"
        if prev.rubric_id != loaded.rubric.id:
            raise PreviousError(
                f"{where} 按评分细则“{prev.rubric_id}”汇总，与本次汇总的“{loaded.rubric.id}”不是同一细则，不能对比"
            )
        if prev.year is None:
            raise PreviousError(f"{where} 中没有年度，无法判断是哪一年的汇总，不能对比")
        if year is not None and prev.year >= year:
            raise PreviousError(
                f"{where} 是 {prev.year} 年度的汇总，不早于本次汇总的 {year} 年度：--previous 只能是以前年度的汇总表"
            )
        if prev.year in seen:
            raise PreviousError(f"{where} 与 {seen[prev.year]} 都是 {prev.year} 年度的汇总，每个年度只能给一份")
        seen[prev.year] = prev.path


def read_previous(path: Path) -> Previous:
    from checklist.xlsx.package import Package, RefusedReport

    where = f"上年汇总表 {path}"
    if not path.exists():
        raise PreviousError(f"{where} 不存在")
    why = precheck_zip(path)
    if why is not None:
        raise PreviousError(f"{where}：{why}")
    try:
        with Package(path) as pkg:
            stored = datasheet.read(pkg, SHEET, FORMAT)
        payload = stored.payload()
    except RefusedReport as exc:
        raise PreviousError(f"{where}：{exc}") from None
    except datasheet.Missing:
        raise PreviousError(f"{where} 缺少“{SHEET}”工作表：不是 checklist 生成的乡镇汇总表") from None
    except datasheet.Broken:
        raise PreviousError(f"{where} 的“{SHEET}”工作表已损坏或不是汇总数据（可能是村的自评表）") from None
    fmt_, ok = stored.format, stored.checksum_ok
    if fmt_ != FORMAT or payload.get("format") != FORMAT:
        raise PreviousError(
            f"{where} 不是 checklist 生成的乡镇汇总表（格式为“{fmt_[:40]}”）；村的自评表不能作为上年汇总"
        )
    if not ok:
        raise PreviousError(f"{where} 的“{SHEET}”工作表校验和不符：生成后被改动过，不能用于对比")
    entries = []
    try:
        for row in payload["villages"]:
            entries.append(
                PreviousEntry(
                    township=str(row.get("township", "")),
                    village=str(row["village"]),
                    total=Decimal(str(row["total"])),
                    level_label=str(row.get("level_label", "")),
                    stars=int(row.get("stars", 0)),
                    rank=int(row.get("rank", 0)),
                    year=int(row["year"]) if row.get("year") is not None else None,
                    rectify=tuple(str(x) for x in row.get("rectify") or ()),
                )
            )
        rubric = payload.get("rubric") or {}
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
        raise PreviousError(f"{where} 的汇总数据不完整") from None
    return Previous(
        path, str(payload.get("generated", "")), str(rubric.get("id", "")), str(rubric.get("version", "")), ok, entries
    )
