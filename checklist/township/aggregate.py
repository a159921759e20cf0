"""The township's roll-up (汇总): many villages re-scored under the organiser's rubric, ranked,
star quotas applied, the bottom share and every veto or flag marked for 整转.

Pure apart from reading the input files: ``aggregate`` returns a ``RollUp`` and writes nothing;
``checklist.township.workbook.write_rollup`` turns it into the printable workbook. Scores shown
in a village's visible cells are never used: every village is scored here from its answers.

Decisions (documented in docs and in the workbook's notes):
- ties in score are ranked equal (1, 2, 2, 4); where a quota or the bottom share has to cut
  between equal scores, the order is: higher total, then higher base score (without bonus),
  then 乡镇 and 村 name;
- quotas and the bottom share are counted at the scope the organiser names (the whole run, or
  each township): a quota of p% allows round(N × p / 100) villages at that level, the bottom
  share is round(N × rectify_percent / 100), rounded as the organiser says (四舍五入 by default;
  see ``scope``); a village over a quota drops to the next lower level whose quota has room;
  villages with a veto or a flag are marked too, each village once;
- every village is scored under the organiser's 地区档位 (one for all, or a file naming each
  village's), never under the one the village picked; where those differ it is listed;
- a reviewed workbook (审核表) counts with its reviewed score and a village workbook without a
  review is marked 未审核; a workbook whose 数据 checksum fails is listed and left out unless
  the organiser asks for doubtful ones to be counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from checklist.assessment import Assessment, AssessmentError, read_assessment
from checklist.numbers import fmt
from checklist.rubric import Loaded, Params, UnknownProfile
from checklist.scoring import LevelInfo, Result, score
from checklist.township.keys import norm_name, village_key
from checklist.township.limits import too_large
from checklist.township.notice import Notice
from checklist.township.previous import PreviousEntry, read_previous
from checklist.township.profiles import Profiles, profile_label
from checklist.township.scope import Counted, Rounding, Scope, counted, scope_key
from checklist.township.workers import map_chunks

ZERO = Decimal(0)
HUNDRED = Decimal(100)
SUFFIXES = {".xlsx", ".json"}
MAX_FILES = 100_000

Progress = Callable[[int, int, str], None]

# Kinds of problem (问题文件)
REFUSED = "拒绝读取"
DOUBTFUL = "存疑（已计入）"
DUPLICATE = "重复（未计入）"
MISSING = "上年参评、本年未提交"
EXCLUDED = "校验和不符（未计入）"
PROFILE = "地区档位与所选不同"
UNREVIEWED = "未审核"
REVIEWED = "已审核"
REREVIEWED = "已复核"  # the county's 复核 on top of the township's review: ranked on the 复核 score


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str
    reason: str


_INTERN: dict[Any, Any] = {}


def _i(value: Any) -> Any:
    """One shared object per distinct value (points repeat: 0.5, 1, 2 …): 20,000 villages fit."""
    return _INTERN.setdefault((type(value), value), value)


@dataclass(frozen=True, slots=True)
class SectionScore:
    points: Decimal
    max: Decimal
    bonus: Decimal
    percent: Decimal
    deduction: bool = False  # 积分制: ``points`` is what it took off the total


def _section(g: Any) -> SectionScore:
    shared: SectionScore = _i(SectionScore(_i(g.points), _i(g.max), _i(g.bonus), _i(g.percent), g.deduction))
    return shared


@dataclass(frozen=True, slots=True)
class Scores:
    """The few numbers of a Result the roll-up needs (a whole Result is ~80 KB; this is ~2 KB)."""

    total: Decimal
    base: Decimal
    bonus: Decimal
    max: Decimal
    level: LevelInfo
    vetoes: tuple[str, ...]
    flags: tuple[str, ...]
    sections: tuple[SectionScore, ...]
    losses: dict[int, Decimal]  # item position in rubric order → points lost (only those > 0)

    @classmethod
    def of(cls, result: Result) -> Scores:
        """The scores of a Result, each value the one shared object (see ``shared``)."""
        return cls(
            total=_i(result.total),
            base=_i(result.base),
            bonus=_i(result.bonus),
            max=_i(result.max),
            level=_i(result.level),
            vetoes=tuple(_i(f"{t.kind}：{t.label}") for t in result.vetoes),  # 一票否决 or 星级封顶, as it acts
            flags=tuple(_i(t.label) for t in result.flags),
            sections=tuple(_section(g) for g in result.sections),
            losses={n: _i(lost) for n, i in enumerate(result.items) if (lost := i.lost) > 0},
        )

    def shared(self) -> Scores:
        """The same scores with each value the one shared object (points repeat; and values that
        came back from a worker process are copies of their own)."""
        return Scores(
            total=_i(self.total),
            base=_i(self.base),
            bonus=_i(self.bonus),
            max=_i(self.max),
            level=_i(self.level),
            vetoes=tuple(map(_i, self.vetoes)),
            flags=tuple(map(_i, self.flags)),
            sections=tuple(_i(SectionScore(_i(g.points), _i(g.max), _i(g.bonus), _i(g.percent), g.deduction)) for g in self.sections),
            losses={n: _i(x) for n, x in self.losses.items()},
        )


@dataclass(slots=True)
class Village:
    township: str
    village: str
    year: int | None
    source: Path
    scores: Scores
    stamp: datetime
    profile: str | None = None  # the organiser's, that it was scored under
    doubts: list[str] = field(default_factory=list)
    rank: int = 0
    level: LevelInfo | None = None  # after quotas
    quota_note: str = ""
    rectify: list[str] = field(default_factory=list)
    previous: PreviousEntry | None = None
    own_profile: str | None = None  # the one the village chose
    self_scores: Scores | None = None  # the village's own scores, when a review is in force
    review: str = UNREVIEWED  # 已审核, 未审核, or why a review found in the file does not count
    review_changes: int = 0
    checksum_failed: bool = False
    scope_rank: int = 0  # rank within its scope (its township under --scope township)
    history: list[PreviousEntry] = field(default_factory=list)  # earlier years, oldest first
    lines: tuple[ItemLine, ...] = ()  # per item, only when the flat export is asked for
    # the whole Results while the file is read (dropped then: a Result is ~80 KB)
    results: tuple[Result, Result | None, dict[str, str]] | None = None

    def shared(self) -> Village:
        """This village with its scores' values shared (see ``Scores.shared``)."""
        self.scores = self.scores.shared()
        if self.self_scores is not None:
            self.self_scores = self.self_scores.shared()
        return self

    @property
    def reviewed(self) -> bool:
        return self.self_scores is not None

    @property
    def own(self) -> Scores:
        """The village's self-assessed scores (the same as ``scores`` when not reviewed)."""
        return self.self_scores if self.self_scores is not None else self.scores

    @property
    def difference(self) -> Decimal | None:
        """自评 − 审核 (positive: the village over-scored itself); None when not reviewed."""
        return None if self.self_scores is None else self.self_scores.total - self.scores.total

    @property
    def key(self) -> tuple[str, str]:
        return village_key(self.township, self.village)

    @property
    def final(self) -> LevelInfo:
        return self.level if self.level is not None else self.scores.level

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.scores.total - self.previous.total

    @property
    def movement(self) -> str:
        """晋位 / 降级 / 持平 against last year's final level; 新参评 when not in last year's roll-up."""
        if self.previous is None:
            return "新参评"
        if self.final.stars > self.previous.stars:
            return "晋位"
        if self.final.stars < self.previous.stars:
            return "降级"
        return "持平"


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One item of one village for the flat export: the self-assessed and the reviewed points."""

    position: int
    why: str
    self_points: Decimal
    points: Decimal
    reason: str


def item_lines(own: Result, reviewed: Result | None, reasons: dict[str, str]) -> tuple[ItemLine, ...]:
    final = reviewed if reviewed is not None else own
    return tuple(
        ItemLine(n, mine.why, _i(mine.points), _i(now.points), reasons.get(mine.id, ""))
        for n, (mine, now) in enumerate(zip(own.items, final.items, strict=True))
    )


@dataclass(frozen=True)
class ItemStat:
    id: str
    title: str
    section: str
    max: Decimal
    lost_count: int
    villages: int
    lost_total: Decimal

    @property
    def rate(self) -> Decimal:
        return Decimal(self.lost_count) / self.villages if self.villages else ZERO

    @property
    def average(self) -> Decimal:
        """Average loss over all villages counted."""
        return self.lost_total / self.villages if self.villages else ZERO

    @property
    def average_of_losers(self) -> Decimal:
        return self.lost_total / self.lost_count if self.lost_count else ZERO


@dataclass(frozen=True)
class SectionStat:
    id: str
    title: str
    max: Decimal
    average: Decimal
    average_percent: Decimal
    best: list[Village]
    best_points: Decimal
    worst: list[Village]
    worst_points: Decimal
    bonus_only: bool = False


@dataclass
class RollUp:
    loaded: Loaded
    profile: str | None
    villages: list[Village]
    problems: list[Problem]
    files: int
    generated: datetime
    quota_caps: dict[str, int]
    rectify_count: int
    rectify_percent: Decimal | None
    previous_path: Path | None = None
    previous_generated: str = ""
    scope: Scope = "county"
    rounding: Rounding = "half_up"
    profiles: Profiles = field(default_factory=Profiles)
    include_doubtful: bool = False
    # scope ('' for the county, else a township) → level → how its quota was worked out
    quota_counts: dict[str, dict[str, Counted]] = field(default_factory=dict)
    rectify_counts: dict[str, Counted] = field(default_factory=dict)
    previous_paths: list[Path] = field(default_factory=list)
    previous_years: list[int] = field(default_factory=list)
    notice: Notice | None = None  # the 公示's dates, phone and signer (defaults on the sheet)

    @property
    def year(self) -> int | None:
        years = [v.year for v in self.villages if v.year]
        return max(years) if years else None

    @property
    def reviewed(self) -> list[Village]:
        return [v for v in self.villages if v.reviewed]

    @property
    def profile_differs(self) -> list[Village]:
        return [v for v in self.villages if v.own_profile != v.profile]

    @property
    def rubric(self) -> Any:
        return self.loaded.rubric

    def level_counts(self, before_quota: bool = False) -> list[tuple[LevelInfo, int]]:
        levels = [LevelInfo(lv.id, lv.label, lv.stars) for lv in self.rubric.levels]
        levels.append(LevelInfo(None, self.rubric.unrated_label, 0))
        counts = {lv.id: 0 for lv in levels}
        for v in self.villages:
            counts[(v.scores.level if before_quota else v.final).id] += 1
        return [(lv, counts[lv.id]) for lv in levels]

    def item_stats(self) -> list[ItemStat]:
        return item_stats(self.rubric, self.villages, self.profile)

    def section_stats(self) -> list[SectionStat]:
        return section_stats(self.rubric, self.villages)

    @property
    def rectified(self) -> list[Village]:
        return [v for v in self.villages if v.rectify]

    def summary(self) -> str:
        """The Chinese summary the CLI prints at the end."""
        kinds: dict[str, int] = {}
        for p in self.problems:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        doubtful = sum(1 for v in self.villages if v.doubts)
        parts = [f"共读取 {self.files} 个文件，计入 {len(self.villages)} 个村"]
        if kinds.get(REFUSED):
            parts.append(f"拒绝读取 {kinds[REFUSED]} 个")
        if kinds.get(DUPLICATE):
            parts.append(f"重复未计入 {kinds[DUPLICATE]} 个")
        if kinds.get(EXCLUDED):
            parts.append(f"校验和不符未计入 {kinds[EXCLUDED]} 个")
        if doubtful:
            parts.append(f"存疑 {doubtful} 个（已计入，请审核）")
        parts.append(f"已审核 {len(self.reviewed)} 个、未审核 {len(self.villages) - len(self.reviewed)} 个")
        levels = "，".join(f"{lv.label} {n} 个" for lv, n in self.level_counts() if n)
        lines = ["；".join(parts) + "。"]
        if levels:
            lines.append(f"星级（已按名额）：{levels}。")
        lines.append(
            f"列入整转 {len(self.rectified)} 个村（倒排 {self.rectify_count} 个，另含一票否决或认定的村，不重复计）。"
        )
        if self.profile_differs:
            lines.append(
                f"{len(self.profile_differs)} 个村自选的地区档位与汇总所定不同，已按汇总所定档位计分（见“问题文件”）。"
            )
        if self.previous_path is not None:
            moves: dict[str, int] = {}
            for v in self.villages:
                moves[v.movement] = moves.get(v.movement, 0) + 1
            lines.append("与上年相比：" + "，".join(f"{k} {n} 个" for k, n in moves.items()) + "。")
        if self.problems:
            lines.append("有问题的文件见汇总表的“问题文件”工作表。")
        return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------


def _naive(stamp: datetime) -> datetime:
    return stamp.astimezone().replace(tzinfo=None) if stamp.tzinfo is not None else stamp


def _mtime(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return datetime.min


def _stamp(assessment: Assessment, exported: str, path: Path) -> datetime:
    if assessment.updated is not None:
        return _naive(assessment.updated)
    if assessment.created is not None:
        return _naive(assessment.created)
    if exported:
        try:
            return datetime.strptime(exported, "%Y-%m-%d %H:%M")
        except ValueError:
            pass
    return _mtime(path)


def expand(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files named, and .xlsx / .json files under folders named (sorted, hidden and ~$ lock files
    skipped). Inputs that do not exist are problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                name = found.name
                if name.startswith(("~$", ".")) or found.suffix.lower() not in SUFFIXES or not found.is_file():
                    continue
                add(found)
                if len(files) > MAX_FILES:
                    problems.append(Problem(str(path), REFUSED, f"文件过多（超过 {MAX_FILES} 个），其余未读取"))
                    return files[:MAX_FILES], problems
        elif path.is_file():
            add(path)
        elif path.exists():
            problems.append(Problem(str(path), REFUSED, "不是普通文件（可能是设备、管道或套接字），未读取"))
        else:
            problems.append(Problem(str(path), REFUSED, "文件或文件夹不存在"))
    return files, problems


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return suffix
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return ""
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return ".json"
    return ""


# --- reading one input -------------------------------------------------------------------------


class _Refused(Exception):
    pass


def _score(loaded: Loaded, assessment: Assessment, profile: str | None) -> Result:
    """Under ``profile`` exactly (None: the rubric's own parameters), whatever the village chose."""
    try:
        return score(loaded.rubric, assessment.model_copy(update={"profile": profile}), profile)
    except UnknownProfile as exc:
        raise _Refused(f"无法按此细则计分：{exc}") from None


def _profile_label(loaded: Loaded, profile: str | None) -> str:
    return profile_label(loaded.rubric, profile)


def _from_report(path: Path, loaded: Loaded, profiles: Profiles) -> Village:
    from checklist.report.read import RefusedReport, read_package
    from checklist.review.read import review_in
    from checklist.xlsx.package import Package

    # One opening of the zip: its table of contents is checked (the reader's limits, then the
    # roll-up's tighter ones) before anything is decompressed.
    try:
        pkg = Package(path)
    except RefusedReport as exc:
        raise _Refused(str(exc)) from None
    try:
        with pkg:
            why = too_large(pkg.members.values())
            if why is not None:
                raise _Refused(why)
            back = read_package(pkg, loaded)
            found = review_in(pkg, back)
    except RefusedReport as exc:
        from checklist.fillin import FillinError, is_fillin, read_fillin

        if not is_fillin(path):
            raise _Refused(str(exc)) from None
        try:
            filled = read_fillin(path, loaded)
        except FillinError as fexc:
            raise _Refused("填报表无法导入：" + fexc.summary().removeprefix("拒绝读取：")) from None
        village = _village(path, loaded, filled.assessment, profiles, "")
        village.doubts += [f"填报表：{w}" for w in filled.warnings]
        return village
    a = back.assessment
    profile = profiles.of(village_key(a.township, a.village))
    result = back.result if back.result.profile == profile and a.profile == profile else _score(loaded, a, profile)
    v = _make(path, a, result, back.exported)
    v.doubts += [m.message for m in back.mismatches]
    v.checksum_failed = not back.checksum_ok
    if found.state in ("stale", "tampered"):
        v.review = "审核无效"
        v.doubts.append(f"审核表：{found.reason}；按自评计分，视为未审核")
    elif found.stored is not None:
        if found.county_state in ("stale", "tampered"):
            v.doubts.append(f"复核表：{found.county_reason}；按乡镇审核计分，视为未复核")
        county = found.county.review if found.rereviewed and found.county is not None else None
        # the organiser's profile, not the village's pick (None would mean "the assessment's own")
        _apply(v, loaded, a.model_copy(update={"profile": profile}), found.stored.review, result, profile, county)
    return v


def _apply(
    v: Village, loaded: Loaded, a: Assessment, review: Any, result: Result, profile: str | None, county: Any = None
) -> None:
    """The township's review in force (and the county's 复核 on top of it, when there is one)."""
    from checklist.review import ReviewError, apply_review
    from checklist.review.data import COUNTY_SHEET, SHEET

    try:
        reviewed = apply_review(loaded.rubric, a, review, profile, SHEET, self_result=result)
    except ReviewError as exc:
        v.review = "审核无效"
        v.doubts.append(f"审核意见无法按汇总细则应用（{'；'.join(str(p) for p in exc.problems)[:300]}）；视为未审核")
        return
    final, changed, label = reviewed.result, reviewed.changed, REVIEWED
    if county is not None:
        try:
            again = apply_review(loaded.rubric, reviewed.corrected, county, profile, COUNTY_SHEET, self_result=final)
        except ReviewError as exc:
            v.doubts.append(f"复核意见无法按汇总细则应用（{'；'.join(str(p) for p in exc.problems)[:300]}）；按乡镇审核计分")
        else:
            final, changed, label = again.result, {**changed, **again.changed}, REREVIEWED
    v.self_scores = v.scores
    v.scores = Scores.of(final)
    v.review = label
    v.review_changes = len(changed)
    v.results = (result, final, changed)


def _from_json(path: Path, loaded: Loaded, profiles: Profiles) -> Village:
    try:
        assessment = read_assessment(path)
    except AssessmentError as exc:
        raise _Refused(str(exc).removeprefix(f"{path}：")) from None
    return _village(path, loaded, assessment, profiles, "")


def _village(path: Path, loaded: Loaded, assessment: Assessment, profiles: Profiles, exported: str) -> Village:
    rubric = loaded.rubric
    ref = assessment.rubric
    if ref.id != rubric.id:
        raise _Refused(f"按评分细则“{ref.id}”填写，与汇总所用的“{rubric.id}”不是同一细则")
    doubts = []
    if ref.version and ref.version != rubric.version:
        doubts.append(f"评分细则版本不同：按 {ref.version} 版填写，汇总用的是 {rubric.version} 版")
    if ref.sha256 and ref.sha256 != loaded.sha256:
        doubts.append(f"评分细则文件不同：所用细则的 SHA-256 为 {ref.sha256[:12]}…，汇总用的是 {loaded.sha256[:12]}…")
    profile = profiles.of(village_key(assessment.township, assessment.village))
    v = _make(path, assessment, _score(loaded, assessment, profile), exported)
    v.doubts += doubts
    return v


def _make(path: Path, assessment: Assessment, result: Result, exported: str) -> Village:
    village = assessment.village.strip()
    doubts = []
    if not village:
        village = path.stem
        doubts.append("未填写村名，以文件名代替")
    return Village(
        township=assessment.township.strip(),
        village=village,
        year=assessment.year,
        source=path,
        scores=Scores.of(result),
        stamp=_stamp(assessment, exported, path),
        profile=result.profile,
        doubts=doubts,
        own_profile=assessment.profile,
        results=(result, None, {}),
    )


def read_one(path: Path, loaded: Loaded, profiles: Profiles | str | None = None, detail: bool = False) -> Village:
    """One input file as a village (with its item lines if ``detail``); _Refused otherwise."""
    chosen = profiles if isinstance(profiles, Profiles) else Profiles(profiles)
    kind = _kind(path)
    if kind == ".xlsx":
        v = _from_report(path, loaded, chosen)
    elif kind == ".json":
        v = _from_json(path, loaded, chosen)
    else:
        raise _Refused("不是自评表（.xlsx）或自评文件（.json）")
    if detail and v.results is not None:
        v.lines = item_lines(*v.results)
    v.results = None
    return v


def read_files(paths: Sequence[Path], loaded: Loaded, profiles: Profiles, detail: bool) -> list[Village | Problem]:
    """Each file as a village, or as the problem that kept it out (one bad file never stops the
    run). Top-level, so that worker processes can run it on a chunk of the files."""
    out: list[Village | Problem] = []
    for path in paths:
        try:
            out.append(read_one(path, loaded, profiles, detail))
        except _Refused as exc:
            out.append(Problem(str(path), REFUSED, str(exc)))
        except (OSError, ValueError, KeyError, TypeError, ArithmeticError, RecursionError):
            # Whatever a strange file triggers, it is that file's problem, not the run's.
            out.append(Problem(str(path), REFUSED, "文件内容异常，无法读取（可能已损坏或被改动过）"))
    return out


# --- the roll-up -------------------------------------------------------------------------------


def aggregate(
    inputs: Iterable[str | Path],
    loaded: Loaded,
    profile: str | None = None,
    previous: str | Path | Sequence[str | Path] | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    *,
    profiles: Profiles | None = None,
    include_doubtful: bool = False,
    scope: Scope = "county",
    rounding: Rounding = "half_up",
    detail: bool = False,
    jobs: int = 1,
) -> RollUp:
    """Reads every input (one bad file never stops the run), then ranks and marks.

    ``jobs`` > 1 reads the files in that many worker processes (``checklist.township.workers``);
    the roll-up is the same, village for village and byte for byte in its workbook.

    ``profile`` is the organiser's 地区档位 for every village (None: the rubric's own), or
    ``profiles`` names it village by village. Raises UnknownProfile for an unknown ``profile``
    and PreviousError for an unusable ``previous`` roll-up: both are the organiser's own
    arguments, not a village's file."""
    chosen = profiles if profiles is not None else Profiles(profile)
    profile = chosen.default
    if profile is not None:
        Params(loaded.rubric, profile)  # raises UnknownProfile early
    given = [previous] if isinstance(previous, (str, Path)) else list(previous or [])
    prevs = [read_previous(Path(p)) for p in given]
    files, problems = expand(inputs)
    villages: list[Village] = []
    got = map_chunks(read_files, files, jobs, (loaded, chosen, detail))
    for n, (path, one) in enumerate(zip(files, got, strict=True), start=1):
        if isinstance(one, Problem):
            problems.append(one)
        else:
            villages.append(one.shared() if jobs > 1 else one)
        if progress is not None:
            progress(n, len(files), str(path))
    if not include_doubtful:
        # Tampered data is not a score: listed, and left out of the ranking and the quotas.
        for v in villages:
            if v.checksum_failed:
                problems.append(
                    Problem(str(v.source), EXCLUDED, f"{v.township}{v.village}：“数据”工作表的校验和不符，导出后被改动过，未计入排名（如要计入，请加 --include-doubtful）")
                )
        villages = [v for v in villages if not v.checksum_failed]
    villages, dupes = _dedupe(villages)
    problems += dupes
    rollup = RollUp(
        loaded=loaded,
        profile=profile,
        villages=villages,
        problems=problems,
        files=len(files),
        generated=now or datetime.now(),
        quota_caps={},
        rectify_count=0,
        rectify_percent=None,
        scope=scope,
        rounding=rounding,
        profiles=chosen,
        include_doubtful=include_doubtful,
    )
    if prevs:
        from checklist.township.previous import check_previous

        check_previous(prevs, loaded, rollup.year)
    rank(rollup)
    apply_quotas(rollup)
    mark_rectify(rollup)
    if prevs:
        compare_previous(rollup, prevs)
    for v in rollup.villages:
        if v.own_profile != v.profile:
            rollup.problems.append(
                Problem(
                    str(v.source),
                    PROFILE,
                    f"{v.township}{v.village}自选“{_profile_label(loaded, v.own_profile)}”，"
                    f"已按汇总所定的“{_profile_label(loaded, v.profile)}”计分",
                )
            )
        if v.doubts:
            rollup.problems.append(Problem(str(v.source), DOUBTFUL, "；".join(v.doubts)))
    return rollup


def _dedupe(villages: list[Village]) -> tuple[list[Village], list[Problem]]:
    """The same village twice: the newest counts (then the later file), the other is listed."""
    best: dict[tuple[str, str], Village] = {}
    problems: list[Problem] = []
    for v in villages:
        have = best.get(v.key)
        if have is None:
            best[v.key] = v
            continue
        # the newer submission; for the same one, its reviewed workbook (审核表) over the plain one
        newer, older = (v, have) if _recency(v) > _recency(have) else (have, v)
        best[v.key] = newer
        when = older.stamp.strftime("%Y-%m-%d %H:%M") if older.stamp != datetime.min else "未知"
        problems.append(
            Problem(
                str(older.source),
                DUPLICATE,
                f"“{older.township}{older.village}”重复提交（本文件填报于 {when}）；以较新的 {newer.source} 为准",
            )
        )
    kept = [v for v in villages if best[v.key] is v]
    return kept, problems


def _recency(v: Village) -> tuple[datetime, bool, bool, str]:
    return (v.stamp, v.reviewed, v.review == REREVIEWED, str(v.source))


def order_key(v: Village) -> tuple[Decimal, Decimal, str, str]:
    """Score order: total, then base score (without bonus), then names."""
    return (-v.scores.total, -v.scores.base, norm_name(v.township), norm_name(v.village))


def _ranks(villages: list[Village]) -> list[int]:
    """Competition ranking of villages already in score order: equal totals share a rank (1, 2, 2, 4)."""
    out: list[int] = []
    previous_total: Decimal | None = None
    current = 0
    for n, v in enumerate(villages, start=1):
        if v.scores.total != previous_total:
            current = n
            previous_total = v.scores.total
        out.append(current)
    return out


def scopes(rollup: RollUp) -> dict[str, list[Village]]:
    """The villages of each scope, in score order ('' is the whole county)."""
    groups: dict[str, list[Village]] = {}
    for v in rollup.villages:
        groups.setdefault(scope_key(rollup.scope, v.township), []).append(v)
    return dict(sorted(groups.items(), key=lambda kv: norm_name(kv[0])))


def rank(rollup: RollUp) -> None:
    """The county rank over the whole run, and the rank within each scope."""
    rollup.villages.sort(key=order_key)
    for v, r in zip(rollup.villages, _ranks(rollup.villages), strict=True):
        v.rank = r
    for group in scopes(rollup).values():
        for v, r in zip(group, _ranks(group), strict=True):
            v.scope_rank = r


def quota_counts(rubric: Any, profile: str | None, count: int, rounding: Rounding = "half_up") -> dict[str, Counted]:
    p = Params(rubric, profile)
    return {q.level: counted(count, p(q.at_most_percent), rounding) for q in rubric.quotas}


def quota_caps(rubric: Any, profile: str | None, count: int, rounding: Rounding = "half_up") -> dict[str, int]:
    """At most round(N × p / 100) villages at each level that has a quota."""
    return {k: c.count for k, c in quota_counts(rubric, profile, count, rounding).items()}


def apply_quotas(rollup: RollUp) -> None:
    """Within each scope, in score order, each village keeps its level while that level's quota
    has room, else drops to the next lower level whose quota has room (or is unlimited)."""
    rubric = rollup.rubric
    levels = rubric.levels
    order = {lv.id: n for n, lv in enumerate(levels)}
    unrated = LevelInfo(None, rubric.unrated_label, 0)
    rollup.quota_counts = {}
    totals: dict[str, int] = {}
    groups = scopes(rollup) or {"": []}
    for key, group in groups.items():
        counts = quota_counts(rubric, rollup.profile, len(group), rollup.rounding)
        rollup.quota_counts[key] = counts
        caps = {k: c.count for k, c in counts.items()}
        for k, n in caps.items():
            totals[k] = totals.get(k, 0) + n
        taken = dict.fromkeys(caps, 0)
        for v in group:  # already in score order
            got = v.scores.level
            if got.id is None or not caps:
                v.level = got
                continue
            final = unrated
            for lv in levels[order[got.id] :]:
                if lv.id in caps and taken[lv.id] >= caps[lv.id]:
                    continue
                final = LevelInfo(lv.id, lv.label, lv.stars)
                break
            if final.id in taken:
                taken[final.id] += 1
            v.level = final
            if final.id != got.id:
                v.quota_note = f"按名额由{got.label}调为{final.label}"
    rollup.quota_caps = totals


def rectify_count(percent: Decimal | None, count: int, rounding: Rounding = "half_up") -> int:
    """round(N × p / 100) as the organiser rounds (四舍五入 by default): a run of one at 5% marks none."""
    if percent is None or percent <= 0 or count == 0:
        return 0
    return counted(count, percent, rounding).count


def mark_rectify(rollup: RollUp) -> None:
    rubric = rollup.rubric
    p = Params(rubric, rollup.profile)
    percent = p.opt(rubric.rectify_percent)
    rollup.rectify_percent = percent
    rollup.rectify_counts = {}
    rollup.rectify_count = 0
    for key, group in scopes(rollup).items():
        if percent is None or percent <= 0:
            continue
        c = counted(len(group), percent, rollup.rounding)
        rollup.rectify_counts[key] = c
        rollup.rectify_count += c.count
        if c.count:
            for v in group[-c.count :]:
                v.rectify.append(f"倒排后{fmt(percent)}%")
    for v in rollup.villages:
        v.rectify += list(v.scores.vetoes)
        v.rectify += [f"认定：{label}" for label in v.scores.flags]


def compare_previous(rollup: RollUp, prevs: Any) -> None:
    """Each village against the latest earlier roll-up (晋位 / 降级), and its earlier years."""
    found = sorted(prevs if isinstance(prevs, list) else [prevs], key=lambda p: p.year or 0)
    latest = found[-1]
    rollup.previous_path = latest.path
    rollup.previous_generated = latest.generated
    rollup.previous_paths = [p.path for p in found]
    rollup.previous_years = [p.year for p in found if p.year]
    by_year = [{village_key(e.township, e.village): e for e in p.entries} for p in found]
    entries = by_year[-1]
    seen = set()
    for v in rollup.villages:
        v.history = [e for table in by_year if (e := table.get(v.key)) is not None]
        entry = entries.get(v.key)
        if entry is not None:
            v.previous = entry
            seen.add(v.key)
    for key, e in entries.items():
        if key not in seen:
            rollup.problems.append(
                Problem(str(latest.path), MISSING, f"{e.township}{e.village}：上年得分 {fmt(e.total)}，{e.level_label}")
            )


def item_stats(rubric: Any, villages: list[Village], profile: str | None = None) -> list[ItemStat]:
    """Per item (bonus items left out): how many villages lost points and how many in all,
    largest total loss first (then most villages, then rubric order)."""
    from checklist.rubric.bounds import rule_max

    p = Params(rubric, profile)
    out = []
    n = len(villages)
    index = rubric.item_index()
    for pos, item in enumerate(rubric.items()):
        if item.bonus:
            continue
        lost = [x for x in (v.scores.losses.get(pos) for v in villages) if x is not None]
        section = index[item.id][0].title
        stat = ItemStat(item.id, item.title, section, rule_max(item.rule, p), len(lost), n, sum(lost, ZERO))
        out.append((pos, stat))
    out.sort(key=lambda t: (-t[1].lost_total, -t[1].lost_count, t[0]))
    return [s for _, s in out]


def section_stats(rubric: Any, villages: list[Village]) -> list[SectionStat]:
    out = []
    n = len(villages)
    for pos, section in enumerate(rubric.sections):
        groups = [v.scores.sections[pos] for v in villages]
        bonus_only = all(g.max == 0 for g in groups) if groups else False
        values = [g.bonus if bonus_only else g.points for g in groups]
        if not villages:
            out.append(SectionStat(section.id, section.title, ZERO, ZERO, ZERO, [], ZERO, [], ZERO, bonus_only))
            continue
        hi, lo = max(values), min(values)
        out.append(
            SectionStat(
                id=section.id,
                title=section.title,
                max=max(g.max for g in groups),
                average=sum(values, ZERO) / n,
                average_percent=sum((g.percent for g in groups), ZERO) / n,
                best=[v for v, x in zip(villages, values, strict=True) if x == hi],
                best_points=hi,
                worst=[v for v, x in zip(villages, values, strict=True) if x == lo],
                worst_points=lo,
                bonus_only=bonus_only,
            )
        )
    return out


def names(villages: list[Village], limit: int = 5) -> str:
    shown = "、".join(f"{v.township}{v.village}" for v in villages[:limit])
    return shown + (f" 等{len(villages)}个村" if len(villages) > limit else "")


def default_output(loaded: Loaded, now: datetime | None = None) -> Path:
    from checklist.xlsx.names import safe_file_name

    stamp = (now or datetime.now()).strftime("%Y%m%d")
    return Path("reports") / safe_file_name(f"{stamp}-{loaded.rubric.title.removesuffix('细则')}-乡镇汇总")
