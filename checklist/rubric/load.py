"""Load a rubric file: every problem at once, each with file, line, column and the item id."""

from __future__ import annotations

import copy
import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from checklist.rubric.checks import duplicate_ids, semantic_problems
from checklist.rubric.model import Rubric
from checklist.rubric.yamlread import Document, Path, Problem, decode, read_yaml


class RubricError(Exception):
    """A rubric that cannot be used; ``problems`` are all of them, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    rubric: Rubric
    sha256: str
    path: str


def load_rubric(path: str | FsPath) -> Loaded:
    """Read and validate a rubric file, or raise RubricError naming every problem."""
    name = str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        reason = "文件不存在" if isinstance(exc, FileNotFoundError) else f"无法读取（{exc.strerror}）"
        raise RubricError([Problem(name, 1, 1, None, reason)]) from None
    rubric, problems = check_bytes(raw, name)
    if rubric is None or problems:
        raise RubricError(problems)
    return Loaded(rubric, hashlib.sha256(raw).hexdigest(), name)


def check_bytes(raw: bytes, name: str) -> tuple[Rubric | None, list[Problem]]:
    text, bad = decode(raw)
    if text is None:
        assert bad is not None
        return None, [Problem(name, *bad[:2], None, bad[2])]
    doc = read_yaml(text)
    problems = [Problem(name, line, col, _ident_by_line(doc, line), msg) for line, col, msg in doc.problems]
    if doc.data is None and problems:
        return None, sorted(problems)
    if not isinstance(doc.data, dict):
        return None, [Problem(name, 1, 1, None, "评分细则的最外层应是“键: 值”映射（id、title、sections 等）")]
    located = _Locator(doc, name)
    problems += [located.problem(path, msg, key=key) for path, msg, key in duplicate_ids(doc.data)]
    rubric, removed = _validate(doc.data, located, problems)
    if rubric is not None:
        for path, message, key in semantic_problems(rubric, removed):
            problems.append(located.problem(path, message, key=key))
    unique = sorted(set(problems))
    return (rubric if not unique else None), unique


def _validate(data: dict[str, Any], located: _Locator, problems: list[Problem]) -> tuple[Rubric | None, set[str]]:
    """Validate; on errors, drop the broken items and validate the rest so later checks still
    run (an organiser wants every mistake in one pass, not one per attempt)."""
    removed: set[str] = set()
    current = data
    for attempt in range(3):
        try:
            return Rubric.model_validate(current), removed
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        if attempt == 0:
            taken = {(p.line, p.col) for p in problems}  # a YAML-level problem already said it
            fresh = (located.problem(*_translate(e, data)) for e in errors)
            problems.extend(p for p in _one_per_place(fresh) if (p.line, p.col) not in taken)
        current, dropped = _without_broken(current, errors)
        if dropped is None:
            return None, removed
        removed |= dropped
    return None, removed


def _one_per_place(found: Iterable[Problem]) -> list[Problem]:
    """A union (number or $parameter; true/false or id) fails once per member: say it once."""
    out: dict[tuple[int, int, str | None], Problem] = {}
    for problem in found:
        out.setdefault((problem.line, problem.col, problem.ident), problem)
    return list(out.values())


def _without_broken(data: dict[str, Any], errors: list[Any]) -> tuple[dict[str, Any], set[str] | None]:
    """A copy with every list entry (item, level, flag, …) that holds an error taken out."""
    doomed: dict[Path, set[int]] = {}
    for e in errors:
        loc = _data_path(e["loc"], data)
        for depth in range(len(loc) - 1, 0, -1):
            if isinstance(loc[depth], int) and loc[depth - 1] in ("items", "levels", "flags", "tag_groups", "quotas"):
                doomed.setdefault(loc[:depth], set()).add(loc[depth])  # type: ignore[arg-type]
                break
        else:
            return data, None  # a top-level or section error: nothing sensible to keep
    out = copy.deepcopy(data)
    removed: set[str] = set()
    for parent, indexes in doomed.items():
        holder: Any = out
        for part in parent:
            holder = holder[part]
        for i in sorted(indexes, reverse=True):
            entry = holder.pop(i)
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                removed.add(entry["id"])
    return out, removed


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
        return loc, f"编号 {shown} 不合规：须以英文字母开头，只含英文字母、数字、_ 和 -", False
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"])), False
    if kind in ("decimal_parsing", "decimal_type"):
        return loc, f"{field}：{shown} 不是数字", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"{field}：{shown} 应为整数", False
    if kind == "bool_type":
        return loc, f"{field}：{shown} 应为 true 或 false", False
    if kind == "string_type":
        return loc, f"{field}：{shown} 应为文字", False
    if kind == "list_type":
        return loc, f"{field}：应为列表（每行以“- ”开头）", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{field}：应为“键: 值”映射", False
    if kind == "literal_error":
        return loc, f"{field}：{shown} 不是可选值，可用：{ctx.get('expected', '')}", False
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

    names = {cls: [f.alias or n for n, f in cls.model_fields.items()] for cls in model.Strict.__subclasses__()}
    tags = {t for t in loc if isinstance(t, str) and t in RULE_TYPES}
    if tags:
        cls = next(
            c for c in model.Strict.__subclasses__() if c.model_fields.get("type") and tags & set(_literal_of(c))
        )
        return names[cls]
    return sorted({n for fields in names.values() for n in fields})


def _literal_of(cls: Any) -> tuple[str, ...]:
    return tuple(getattr(cls.model_fields["type"].annotation, "__args__", ()))


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"，是否应为“{close[0]}”？" if close else ""


class _Locator:
    def __init__(self, doc: Document, name: str) -> None:
        self.doc, self.name = doc, name

    def problem(self, path: Path, message: str, key: bool = False) -> Problem:
        line, col = self._where(path, key)
        return Problem(self.name, line, col, _ident_at(self.doc, path), message)

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
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
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
