"""The 地区档位 is the organiser's decision, not the village's: one profile for every village
(``--profile ID``), or a file saying which village is scored under which profile.

The file is CSV (UTF-8, a BOM allowed, as Excel and WPS save it) with a header row naming the
columns 乡镇, 村 and 地区档位; a 地区档位 cell holds a profile id or its label, or 标准档 (or
blank) for the rubric's own parameters. Villages not listed get ``default``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from checklist.errors import Located, UserError
from checklist.rubric import Rubric

STANDARD = "标准档"
MAX_BYTES = 2 * 1024 * 1024
_HEADS = {"乡镇": "township", "乡镇（街道）": "township", "村": "village", "村名": "village", "地区档位": "profile", "档位": "profile"}


class ProfileFileError(UserError):
    title = "地区档位文件有误，无法使用："


@dataclass(frozen=True)
class Profiles:
    """Which profile each village is scored under (None: the rubric's own parameters)."""

    default: str | None = None
    by_village: dict[tuple[str, str], str | None] = field(default_factory=dict)
    source: str = ""

    def of(self, key: tuple[str, str]) -> str | None:
        return self.by_village.get(key, self.default)

    def label(self, rubric: Rubric, profile: str | None) -> str:
        return profile_label(rubric, profile)


def profile_label(rubric: Rubric, profile: str | None) -> str:
    if profile is None:
        return STANDARD
    found = rubric.profiles.get(profile)
    return found.label if found is not None else profile


def _resolve(rubric: Rubric, text: str) -> str | Exception | None:
    cell = text.strip()
    if cell in ("", STANDARD, "standard"):
        return None
    if cell in rubric.profiles:
        return cell
    for pid, prof in rubric.profiles.items():
        if prof.label == cell:
            return pid
    known = "、".join([STANDARD] + [f"{p.label}（{pid}）" for pid, p in rubric.profiles.items()])
    return ValueError(f"没有地区档位“{cell}”（可填：{known}）")


def read_profiles(path: Path, rubric: Rubric, default: str | None = None) -> Profiles:
    """ProfileFileError naming every bad row at once."""
    from checklist.township.keys import village_key

    where = str(path)
    from checklist.infile import InputRefused, read_regular

    try:
        raw = read_regular(path, MAX_BYTES, "地区档位文件")
    except InputRefused as exc:
        raise ProfileFileError(problems=[Located(where, message=str(exc).removeprefix(f"{where}："))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileFileError(problems=[Located(where, message="不是 UTF-8 编码（请在 Excel/WPS 中另存为“CSV UTF-8”）")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ProfileFileError(problems=[Located(where, message="文件是空的")])
    cols = {_HEADS[h.strip()]: n for n, h in enumerate(rows[0]) if h.strip() in _HEADS}
    missing = [name for name, key in (("乡镇", "township"), ("村", "village"), ("地区档位", "profile")) if key not in cols]
    if missing:
        raise ProfileFileError(problems=[Located(where, 1, None, None, f"第一行须有“{'”“'.join(missing)}”列")])
    problems: list[Located] = []
    out: dict[tuple[str, str], str | None] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = {k: row[n] if n < len(row) else "" for k, n in cols.items()}
        if not cell["village"].strip():
            problems.append(Located(where, line, cols["village"] + 1, None, "村名为空"))
            continue
        key = village_key(cell["township"], cell["village"])
        got = _resolve(rubric, cell["profile"])
        if isinstance(got, Exception):
            problems.append(Located(where, line, cols["profile"] + 1, None, str(got)))
            continue
        if key in seen:
            problems.append(Located(where, line, None, None, f"“{cell['township']}{cell['village']}”与第{seen[key]}行重复"))
            continue
        seen[key] = line
        out[key] = got
    if problems:
        raise ProfileFileError(problems=problems)
    return Profiles(default, out, where)
