"""Load a rubric file: every problem at once, each with file, line, column and the item id."""

from __future__ import annotations

import copy
import hashlib
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from checklist.errors import UserError
from checklist.infile import InputRefused, read_regular
from checklist.rubric import cache
from checklist.rubric.checks import LINE_MARK, duplicate_ids, semantic_problems
from checklist.rubric.model import Rubric
from checklist.rubric.yamlread import MAX_BYTES, Document, Path, Problem, decode, read_yaml


class RubricError(UserError):
    """A rubric that cannot be used; ``problems`` are all of them, in file order."""

    title = "评分细则有误，无法使用："

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems=problems)
        self.problems: list[Problem] = problems  # type: ignore[assignment]


@dataclass(frozen=True)
class Loaded:
    rubric: Rubric
    sha256: str
    path: str


def load_rubric(path: str | FsPath) -> Loaded:
    """Read and validate a rubric file, or raise RubricError naming every problem."""
    name = str(path)
    try:
        raw = read_regular(path, MAX_BYTES, "评分细则文件")
    except InputRefused as exc:
        reason = str(exc).removeprefix(f"{name}：")
        raise RubricError([Problem(name, 1, 1, None, reason)]) from None
    sha = hashlib.sha256(raw).hexdigest()
    rubric, problems = _once(raw, name, sha)
    if rubric is None or problems:
        raise RubricError(problems)
    return Loaded(rubric, sha, name)


def check_bytes(raw: bytes, name: str) -> tuple[Rubric | None, list[Problem]]:
    """The rubric in ``raw``, or every problem."""
    return _once(raw, name, hashlib.sha256(raw).hexdigest())


def _once(raw: bytes, name: str, sha: str) -> tuple[Rubric | None, list[Problem]]:
    """Bytes already validated in this process are not parsed and checked again."""
    rubric = cache.kept(sha)
    if rubric is not None:
        return rubric, []
    rubric, problems = _check(raw, name)
    if rubric is not None:
        cache.keep(sha, rubric)
    return rubric, problems


def _check(raw: bytes, name: str) -> tuple[Rubric | None, list[Problem]]:
    text, bad = decode(raw)
    if text is None:
        assert bad is not None
        return None, [Problem(name, *bad[:2], None, bad[2])]
    doc = read_yaml(text)
    problems = [Problem(name, line, col, _ident_by_line(doc, line), msg) for line, col, msg in doc.problems]
    if doc.data is None and problems:
        return None, sorted(problems)
    if not isinstance(doc.data, dict):
        top = Problem(name, 1, 1, None, "评分细则的最外层应是“键: 值”映射（id、title、sections 等）")
        return None, sorted({*problems, top})
    located = _Locator(doc, name)
    problems += [located.problem(path, msg, key=key) for path, msg, key in duplicate_ids(doc.data)]
    rubric, pruned = _validate(doc.data, located, problems)
    if rubric is not None:
        for path, message, key in semantic_problems(rubric, pruned.removed, pruned.shrunk_sections):
            problems.append(located.problem(pruned.original(path), located.lines_in(message, pruned), key=key))
    unique = sorted(set(problems))
    return (rubric if not unique else None), unique


@dataclass
class _Pruned:
    """What validation took out of the data so that the rest could still be checked."""

    removed: set[str] = field(default_factory=set)  # ids of the entries taken out
    shrunk_sections: set[str] = field(default_factory=set)  # ids of sections that lost items
    kept: dict[Path, list[int]] = field(default_factory=dict)  # list path -> file indexes left

    def original(self, path: Path) -> Path:
        """A path into the pruned data, as a path into the file."""
        out: list[str | int] = []
        for part in path:
            indexes = self.kept.get(tuple(out))
            if isinstance(part, int) and indexes is not None and 0 <= part < len(indexes):
                part = indexes[part]
            out.append(part)
        return tuple(out)

    def record(self, data: dict[str, Any], doomed: dict[Path, set[int]], removed: set[str]) -> None:
        self.removed |= removed
        where = {parent: self.original(parent) for parent in doomed}  # before any update
        for parent, gone in doomed.items():
            listing = _get(data, parent)
            before = self.kept.get(where[parent], list(range(len(listing) if isinstance(listing, list) else 0)))
            self.kept[where[parent]] = [o for i, o in enumerate(before) if i not in gone]
            section = _get(data, parent[:-1]) if parent[-1] == "items" else None
            if isinstance(section, dict) and isinstance(section.get("id"), str):
                self.shrunk_sections.add(section["id"])


def _validate(data: dict[str, Any], located: _Locator, problems: list[Problem]) -> tuple[Rubric | None, _Pruned]:
    """Validate; on errors, drop the broken items and validate the rest so later checks still
    run (an organiser wants every mistake in one pass, not one per attempt)."""
    pruned = _Pruned()
    current = data
    for attempt in range(3):
        try:
            return Rubric.model_validate(current), pruned
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        if attempt == 0:
            taken = {(p.line, p.col) for p in problems}  # a YAML-level problem already said it
            translated = [_translate(e, data) for e in errors]
            typos = {(t[0][:-1], fix) for t, fix in zip(translated, map(_typo_fix, errors), strict=True) if fix}
            fresh = (
                located.problem(*t)
                for t, e in zip(translated, errors, strict=True)
                if not (e["type"] == "missing" and (t[0], str(e["loc"][-1])) in typos)  # the typo says it
            )
            problems.extend(p for p in _one_per_place(fresh) if (p.line, p.col) not in taken)
        step = _without_broken(current, errors)
        if step is None:
            return None, pruned
        pruned.record(current, step[2], step[1])
        current = step[0]
    return None, pruned


def _typo_fix(error: Any) -> str | None:
    """For an unknown key, the known one it is probably a typo of."""
    if error["type"] != "extra_forbidden":
        return None
    import difflib  # only for a misspelt key: not on the way of a good rubric

    close = difflib.get_close_matches(str(error["loc"][-1]), _known_fields(error["loc"]), n=1, cutoff=0.6)
    return close[0] if close else None


def _one_per_place(found: Iterable[Problem]) -> list[Problem]:
    """A union (number or $parameter; true/false or id) fails once per member: say it once."""
    out: dict[tuple[object, object, str | None], Problem] = {}
    for problem in found:
        out.setdefault((problem.line, problem.col, problem.ident), problem)
    return list(out.values())


_ENTRY_LISTS = ("items", "levels", "flags", "tag_groups", "quotas", "sections")
_PLACEHOLDERS: dict[Path, str] = {("id",): "x", ("title",): "x", ("version",): "x"}  # nothing else depends on them


def _without_broken(
    data: dict[str, Any], errors: list[Any]
) -> tuple[dict[str, Any], set[str], dict[Path, set[int]]] | None:
    """A copy with every list entry (item, level, flag, section, …) that holds an error taken out,
    unknown keys removed and a broken title, id or version stood in for; with the ids taken out
    and the indexes taken from each list. None when nothing sensible is left to check."""
    doomed: dict[Path, set[int]] = {}
    extra: list[Path] = []
    stand_in: list[Path] = []
    for e in errors:
        loc = _data_path(e["loc"], data)
        if e["type"] == "extra_forbidden" and loc:
            extra.append(loc)
            continue
        if loc in _PLACEHOLDERS:
            stand_in.append(loc)
            continue
        for depth in range(len(loc) - 1, 0, -1):
            if isinstance(loc[depth], int) and loc[depth - 1] in _ENTRY_LISTS:
                doomed.setdefault(loc[:depth], set()).add(loc[depth])  # type: ignore[arg-type]
                break
        else:
            return None  # e.g. a broken parameter: nothing sensible to keep
    out = copy.deepcopy(data)
    for path in extra:
        holder = _get(out, path[:-1])
        if not isinstance(holder, dict):
            return None
        holder.pop(path[-1], None)
    for path in stand_in:
        out[str(path[0])] = _PLACEHOLDERS[path]
    removed: set[str] = set()
    for parent in sorted(doomed, key=len, reverse=True):  # items before the sections holding them
        holder = _get(out, parent)
        if not isinstance(holder, list):
            return None
        for i in sorted(doomed[parent], reverse=True):
            entry = holder.pop(i)
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                removed.add(entry["id"])
            if parent == ("sections",) and isinstance(entry, dict) and isinstance(entry.get("items"), list):
                removed |= {it["id"] for it in entry["items"] if isinstance(it, dict) and isinstance(it.get("id"), str)}
    return out, removed, doomed


def _get(data: Any, path: Path) -> Any:
    """The value at ``path``, or None when there is none."""
    for part in path:
        found = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not found:
            return None
        data = data[part]
    return data


def _data_path(loc: tuple[Any, ...], data: Any) -> Path:
    """pydantic's loc, minus the union tags it inserts ("yesno", "Decimal", …)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
            elif part in _ALIASES and _ALIASES[part] in node:
                out.append(_ALIASES[part])
                node = node[_ALIASES[part]]
            elif node.get("type") == part or _is_union_tag(part):
                continue
            else:
                out.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(part, str) and _is_union_tag(part):
            continue
        else:
            out.append(part)
            node = None
    return tuple(out)


def _is_union_tag(part: str) -> bool:
    return part in _UNION_TAGS or part[:1].isupper() or "[" in part or part.startswith("function")


_UNION_TAGS = {"decimal", "constrained-str", "str", "bool", "int", "list", "dict"}
_ALIASES = {"in_": "in", "all_": "all", "any_": "any", "not_": "not"}

RULE_TYPES = ("yesno", "choice", "multiple", "required_list", "count", "number", "deviation", "share", "judged")


def _translate(error: Any, data: Any) -> tuple[Path, str, bool]:
    """(path, Chinese message, point at the key rather than the value)."""
    loc = _data_path(error["loc"], data)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field = str(loc[-1]) if loc else ""
    inp = error.get("input")
    shown = _show(inp)
    if kind == "missing":
        return loc[:-1], f"缺少必填项“{field}”", False
    if inp is None and kind.endswith("_type"):  # ``title:`` with nothing after it
        return loc, f"{field}：不能为空，请填写内容", False
    if kind == "extra_forbidden":
        hint = _suggest(field, _known_fields(error["loc"]))
        return loc, f"未知的键“{field}”{hint}", True
    if kind == "union_tag_invalid":
        return (*loc, "type"), f"规则类型“{ctx.get('tag')}”不存在，可用：{'、'.join(RULE_TYPES)}", False
    if kind == "union_tag_not_found":
        return loc, f"规则缺少 type，可用：{'、'.join(RULE_TYPES)}", False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "\\$" in pattern:
            return loc, f"{field}：{shown} 既不是数字，也不是参数引用（参数写作 $名称）", False
        return loc, f"编号{shown}不合规：须以英文字母开头，只含英文字母、数字、_ 和 -", False
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"])), False
    if kind in ("decimal_parsing", "decimal_type"):
        return loc, f"{field}：{shown} 不是数字", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"{field}：{shown} 应为整数", False
    if kind == "bool_type":
        return loc, f"{field}：{shown} 应为 true 或 false", False
    if kind == "string_type":
        quote = (
            f'，数字样的文字请加引号，写作 "{inp}"'
            if isinstance(inp, (int, Decimal)) and not isinstance(inp, bool)
            else ""
        )
        return loc, f"{field}：{shown} 应为文字{quote}", False
    if kind == "list_type":
        return loc, f"{field}：应为列表（每行以“- ”开头）", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{field}：应为“键: 值”映射", False
    if kind == "literal_error":
        allowed = "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return loc, f"{field}：{shown} 不是可选值，可用：{allowed}", False
    if kind == "too_short":
        return loc, f"{field}：至少需要 {ctx.get('min_length')} 项", False
    if kind in ("string_too_long", "too_long"):
        return loc, f"{field}：内容过长（上限 {ctx.get('max_length')}）", False
    if kind in ("string_too_short",):
        return loc, f"{field}：不能为空", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = {
            "greater_than_equal": "不小于",
            "less_than_equal": "不大于",
            "greater_than": "大于",
            "less_than": "小于",
        }[kind]
        return loc, f"{field}：{shown} 应{word} {bound}", False
    return loc, f"{field}：{error['msg']}", False


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "（映射）" if isinstance(value, dict) else "（列表）"
    text = "空" if value is None else str(value)
    return f"“{text[:40]}”"


def _known_fields(loc: tuple[Any, ...]) -> list[str]:
    from checklist.rubric import model

    classes = _all_subclasses(model.Strict)
    names = {cls: [f.alias or n for n, f in cls.model_fields.items()] for cls in classes}
    tags = [t for t in loc if isinstance(t, str) and t in RULE_TYPES]
    if tags:
        cls = next(c for c in classes if c.model_fields.get("type") and tags[-1] in _literal_of(c))
        # below the rule, follow nested models (growth:, deviation:) to the one the key is in
        for part in loc[loc.index(tags[-1]) + 1 : -1]:
            field = cls.model_fields.get(part) if isinstance(part, str) else None
            inner = [t for t in typing.get_args(field.annotation) if t in names] if field else []
            if field and field.annotation in names:
                inner = [field.annotation]
            if inner:
                cls = inner[0]
        return names[cls]
    return sorted({n for fields in names.values() for n in fields})


def _all_subclasses(cls: Any) -> list[Any]:
    out: list[Any] = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


def _literal_of(cls: Any) -> tuple[str, ...]:
    return tuple(getattr(cls.model_fields["type"].annotation, "__args__", ()))


def _suggest(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, [k for k in known if k != name], n=1, cutoff=0.6)
    return f"，是否应为“{close[0]}”？" if close else ""


class _Locator:
    def __init__(self, doc: Document, name: str) -> None:
        self.doc, self.name = doc, name

    def problem(self, path: Path, message: str, key: bool = False) -> Problem:
        line, col = self._where(path, key)
        return Problem(self.name, line, col, _ident_at(self.doc, path), message)

    def lines_in(self, message: str, pruned: _Pruned) -> str:
        """Each second place a check named (``line_of``) as its line number in the file."""
        parts = message.split(LINE_MARK)
        for n in range(1, len(parts), 2):
            path = tuple(int(x) if x.isdigit() else x for x in parts[n].split("/"))
            parts[n] = str(self._where(pruned.original(path), False)[0])
        return "".join(parts)

    def _where(self, path: Path, key: bool) -> tuple[int, int]:
        table = self.doc.keys if key else self.doc.values
        for depth in range(len(path), -1, -1):
            found = table.get(path[:depth]) or self.doc.values.get(path[:depth])
            if found:
                return found
        return 1, 1


def _ident_at(doc: Document, path: Path | None) -> str | None:
    """The id of the innermost item (or section, level, flag) that holds ``path``."""
    if path is None or not isinstance(doc.data, dict):
        return None
    node: Any = doc.data
    best = None
    for part in path:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]  # type: ignore[index]
        else:
            break
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
            best = node["id"]
            if "rule" in node:  # an item: the innermost id an organiser looks for
                break
    return best


def _ident_by_line(doc: Document, line: int) -> str | None:
    """For problems found while reading YAML: the id of the entry that starts last before them."""
    best: tuple[int, Path] | None = None
    for path, (start, _) in doc.values.items():
        if start > line or not path or not isinstance(path[-1], int):
            continue
        entry = len(path) in (2, 4) and path[-2] in ("sections", "items", "levels", "flags")
        if entry and (best is None or start >= best[0]):
            best = (start, path)
    return _ident_at(doc, best[1]) if best else None
