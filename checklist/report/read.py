"""read_report: the 数据 sheet back into an assessment, re-scored under the organiser's rubric,
with every mismatch said in Chinese. Visible score cells are compared, never trusted."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checklist.assessment import Assessment
from checklist.numbers import as_json, fmt
from checklist.quotes import q
from checklist.report.data import FORMAT, short_code
from checklist.rubric import Loaded, RubricError, UnknownProfile, load_rubric
from checklist.rubric.shipped import find_shipped
from checklist.scoring import Result, score
from checklist.xlsx import datasheet
from checklist.xlsx.datasheet import SHEET, Stored
from checklist.xlsx.package import Package, RefusedReport, cell_ref

__all__ = ["Mismatch", "ReadBack", "RefusedReport", "read_package", "read_report"]

CENT = Decimal("0.005")
_SHIPPED: dict[tuple[str, int, int], Loaded] = {}


@dataclass(frozen=True)
class Mismatch:
    """``kind``: checksum (数据被改动), rubric (细则版本或文件不同), rescore (按此细则重算结果不同),
    edited (表面上的分数被手工改过)."""

    kind: str
    message: str


@dataclass
class ReadBack:
    path: Path
    assessment: Assessment
    result: Result
    rubric_id: str
    rubric_version: str
    rubric_sha256: str
    tool_version: str
    exported: str
    checksum_ok: bool
    stored: dict[str, Any]
    mismatches: list[Mismatch] = field(default_factory=list)
    checksum: str = ""  # the 数据 sheet's checksum as written (binds a review to this workbook)
    data_text: str = ""  # the 数据 sheet's payload text as written (a reviewed workbook copies it)

    @property
    def clean(self) -> bool:
        return not self.mismatches

    @property
    def code(self) -> str:
        """The 校验码 printed on every page of the workbook."""
        return short_code(self.checksum)

    def to_data(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "path": str(self.path),
            "clean": self.clean,
            "village": a.village,
            "township": a.township,
            "year": a.year,
            "assessor": a.assessor,
            "rubric": {"id": self.rubric_id, "version": self.rubric_version, "sha256": self.rubric_sha256},
            "tool_version": self.tool_version,
            "exported": self.exported,
            "checksum_ok": self.checksum_ok,
            "checksum": self.checksum,  # what a REVIEW.json's "checksum" binds to
            "code": self.code,
            "finalized": None if a.finalized is None else a.finalized.isoformat(),
            "mismatches": [{"kind": m.kind, "message": m.message} for m in self.mismatches],
            "exported_result": {k: _plain(v) for k, v in self.stored.items() if k != "items"},
            "result": self.result.to_data(),
            "assessment": a.to_data(),
        }


def _plain(value: Any) -> Any:
    return as_json(value) if isinstance(value, Decimal) else value


def _stored(pkg: Package) -> Stored:
    try:
        return datasheet.read(pkg, SHEET, FORMAT)  # RefusedReport for a hostile sheet
    except datasheet.Missing:
        raise RefusedReport(f"缺少“{SHEET}”工作表：不是 checklist 导出的自评表，或该表已被删除，无法复核") from None
    except datasheet.Broken:
        raise RefusedReport(f"“{SHEET}”工作表已损坏，无法读取自评数据") from None


def _payload(stored: Stored) -> dict[str, Any]:
    try:
        payload = stored.payload()
    except datasheet.Broken:
        why = "校验和也不符，数据被改动过" if not stored.checksum_ok else "数据格式有误"
        raise RefusedReport(f"“{SHEET}”工作表中的自评数据无法解析（{why}）") from None
    if payload.get("format") != FORMAT or stored.format != FORMAT:
        raise RefusedReport(f"“{SHEET}”工作表的格式不是 {FORMAT}，可能来自更新版本的 checklist 或已被改动")
    return payload


def _rubric(rubric_id: str, given: Loaded | None) -> Loaded:
    if given is not None:
        if given.rubric.id != rubric_id:
            raise RefusedReport(
                f"此自评表按评分细则“{rubric_id}”填写，与指定的“{given.rubric.id}”不是同一细则，无法复核"
            )
        return given
    path = find_shipped(rubric_id)
    if path is None:
        raise RefusedReport(f"找不到评分细则“{rubric_id}”（不是内置细则），请用 --rubric 指定细则文件")
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _SHIPPED:
            _SHIPPED[key] = load_rubric(path)  # a roll-up reads hundreds of reports: load once
        return _SHIPPED[key]
    except (RubricError, OSError):
        raise RefusedReport(f"内置评分细则“{rubric_id}”有误，请用 --rubric 指定细则文件") from None


def _num(value: Any) -> Decimal | None:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            return None
    return None


def _differs(a: Decimal | None, b: Decimal) -> bool:
    return a is None or abs(a - b) > CENT


def read_report(path: str | Path, rubric: Loaded | None = None) -> ReadBack:
    """Refuses hostile or foreign files with RefusedReport; otherwise reports every mismatch."""
    with Package(path) as pkg:
        return read_package(pkg, rubric)


def read_package(pkg: Package, rubric: Loaded | None = None) -> ReadBack:
    """``read_report`` of a package already opened (and its table of contents checked), for a
    caller that wants to look at the package first: the zip directory is read once."""
    path = pkg.path
    stored = _stored(pkg)
    payload = _payload(stored)
    try:
        meta = payload["rubric"]
        assessment = Assessment.model_validate(payload["assessment"])
        exported_result: dict[str, Any] = payload["result"]
        layout: dict[str, Any] = payload.get("layout") or {}
        rubric_id, version, sha = str(meta["id"]), str(meta["version"]), str(meta["sha256"])
    except (KeyError, TypeError, ValidationError):
        raise RefusedReport(f"“{SHEET}”工作表中的自评数据不完整") from None
    loaded = _rubric(rubric_id, rubric)
    try:
        result = score(loaded.rubric, assessment, payload.get("profile"))
    except UnknownProfile as exc:
        raise RefusedReport(f"无法按此细则重算：{exc}") from None
    back = ReadBack(
        Path(path),
        assessment,
        result,
        rubric_id,
        version,
        sha,
        str((payload.get("tool") or {}).get("version", "")),
        str(payload.get("exported", "")),
        stored.checksum_ok,
        exported_result,
        checksum=stored.checksum.strip().lower(),
        data_text=stored.text,
    )
    add = back.mismatches.append
    if not stored.checksum_ok:
        add(Mismatch("checksum", f"“{SHEET}”工作表的校验和不符：导出后数据被改动过，内容不可信"))
    if version != loaded.rubric.version:
        add(Mismatch("rubric", f"评分细则版本不同：自评表按 {version} 版填写，复核用的是 {loaded.rubric.version} 版"))
    if sha != loaded.sha256:
        add(
            Mismatch(
                "rubric",
                f"评分细则文件不同：自评表所用细则的 SHA-256 为 {sha[:12]}…，复核用的是 {loaded.sha256[:12]}…",
            )
        )
    _compare_rescore(back, exported_result)
    _compare_visible(pkg, back, exported_result, layout)
    return back


def _compare_rescore(back: ReadBack, exported: dict[str, Any]) -> None:
    result, add = back.result, back.mismatches.append
    total = _num(str(exported.get("total", "")))
    if _differs(total, result.total):
        add(Mismatch("rescore", f"按复核细则重算总分为 {fmt(result.total)} 分，导出时为 {exported.get('total')} 分"))
    if exported.get("level") != result.level.id:
        add(Mismatch("rescore", f"按复核细则重算星级为“{result.level.label}”，导出时为“{exported.get('level_label')}”"))
    items = exported.get("items") or {}
    for item in result.items:
        was = _num(str(items.get(item.id, "")))
        if _differs(was, item.points):
            shown = "无此指标" if was is None else f"{fmt(was)} 分"
            add(Mismatch("rescore", f"指标{q(item.title)}按复核细则重算为 {fmt(item.points)} 分，导出时为{shown}"))


def _compare_visible(pkg: Package, back: ReadBack, exported: dict[str, Any], layout: dict[str, Any]) -> None:
    """Scores shown on 汇总 and 评分明细 against the scores as exported. What a cell is (its
    words) is only made for a cell that differs: a roll-up checks dozens of cells per workbook."""
    add = back.mismatches.append
    sheets = pkg.sheets()
    items = exported.get("items") or {}
    # sheet, ref, what (a label, or an item id), expected
    checks: list[tuple[str, str, str | None, str, Any]] = []
    summary: dict[str, str] = layout.get("summary") or {}
    detail: dict[str, str] = layout.get("detail") or {}
    if "total" in summary:
        checks.append(("汇总", summary["total"], "总分", "", exported.get("total")))
    if "level" in summary:
        checks.append(("汇总", summary["level"], "星级", "", str(exported.get("level_label", ""))))
    for key, ref in detail.items():
        if key == "__total__":
            checks.append(("评分明细", ref, "合计得分", "", exported.get("total")))
        elif key in items:
            checks.append(("评分明细", ref, None, key, items[key]))
    by_sheet: dict[str, list[tuple[str, str | None, str, Any]]] = {}
    for sheet, ref, what, key, expected in checks:
        by_sheet.setdefault(sheet, []).append((ref, what, key, expected))
    titles: dict[str, str] | None = None
    for sheet, wanted in by_sheet.items():
        if sheet not in sheets:
            add(Mismatch("edited", f"“{sheet}”工作表被删除或改名"))
            continue
        refs = {}
        for ref, _, _, _ in wanted:
            try:
                refs[ref] = cell_ref(ref)
            except ValueError:
                continue
        cells = pkg.cells(sheets[sheet][0], set(refs))
        for ref, label, key, expected in wanted:
            shown = cells.get(refs.get(ref, (0, 0)))
            if isinstance(expected, str):
                if isinstance(shown, str) and expected in shown:
                    continue
            else:
                want = _number(expected)
                if want is not None and not _differs(_num(shown), want):
                    continue
            if label is None:
                if titles is None:
                    titles = {i.id: i.title for i in back.result.items}
                label = f"指标{q(titles.get(key, key))}得分"
            if isinstance(expected, str):
                add(
                    Mismatch(
                        "edited",
                        f"“{sheet}”{ref} 的{label}显示为“{shown or ''}”，与数据中的“{expected}”不符（被手工改过）",
                    )
                )
            else:
                add(
                    Mismatch(
                        "edited",
                        f"“{sheet}”{ref} 的{label}显示为 {'空' if shown is None else shown}，"
                        f"数据中为 {expected}（被手工改过，以数据重算为准）",
                    )
                )


def _number(value: Any) -> Decimal | None:
    """``_num(str(value))``: a number of the exported JSON (a Decimal or an int) as it is."""
    if type(value) is Decimal:
        return value if value.is_finite() else _num(str(value))
    if type(value) is int:
        return Decimal(value)
    return _num(str(value))
