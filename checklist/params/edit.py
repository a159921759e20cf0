"""New parameter values written into the rubric's own YAML text, nothing else changed.

Why not load and dump: a dump through PyYAML drops every comment (the rubric's own notes, the
``# yaml-language-server`` line that gives the editor its schema), reorders nothing but
re-quotes and re-wraps text (``>-`` blocks), so the township's file would come back unrecognisable
and every diff would be the whole file. A round-trip library (ruamel.yaml) would be another
dependency with its own reading of YAML, unlike our strict YAML 1.2 reader. Instead the same
libyaml parser the loader uses gives the exact character span of each number (its node's start
and end marks); only those spans are replaced, and an override a profile did not have is
inserted as one line at the indentation of its neighbours. The result is read back with the
rubric loader and each value checked, so a bad edit never reaches a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import yaml

from checklist.numbers import fmt


@dataclass(frozen=True, order=True)
class _Edit:
    start: int
    end: int
    text: str


def _get(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _line_end(text: str, index: int) -> int:
    """Just past the end of the line that holds ``index`` (its comment included)."""
    at = text.find("\n", index)
    return len(text) if at < 0 else at + 1


def _end_of(text: str, node: yaml.Node) -> int:
    """Just past the line where a node's last scalar ends (a block collection's own end mark is
    where the next key starts, after any blank and comment lines)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return _line_end(text, max(node.end_mark.index - 1, node.start_mark.index))


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def apply_values(
    text: str,
    defaults: dict[str, Decimal],
    profiles: dict[str, dict[str, Decimal | None]],
) -> str:
    """``text`` with each parameter's default, and each profile's override (None: remove it),
    set as given. Parameters and profiles not named are left as they are."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    edits: list[_Edit] = []
    params = _get(root, "parameters")
    for name, value in defaults.items():
        entry = _get(params[1] if params else None, name)
        found = _get(entry[1] if entry else None, "default")
        if found is None:
            raise ValueError(f"parameter {name} has no default in the text")
        node = found[1]
        if _number(node) != value:
            edits.append(_Edit(node.start_mark.index, node.end_mark.index, fmt(value)))
    profs = _get(root, "profiles")
    for pid, wanted in profiles.items():
        entry = _get(profs[1] if profs else None, pid)
        if entry is None:
            raise ValueError(f"profile {pid} not in the text")
        edits += _profile_edits(text, entry[1], wanted)
    if "\r\n" in text:  # a file saved on Windows keeps its line ends
        edits = [_Edit(e.start, e.end, e.text.replace("\n", "\r\n")) for e in edits]
    out = text
    for e in sorted(edits, reverse=True):
        out = out[: e.start] + e.text + out[e.end :]
    return out


def _number(node: yaml.Node) -> Decimal | None:
    try:
        return Decimal(str(node.value)) if isinstance(node, yaml.ScalarNode) else None
    except ArithmeticError:
        return None


def _profile_edits(text: str, profile: yaml.Node, wanted: dict[str, Decimal | None]) -> list[_Edit]:
    edits: list[_Edit] = []
    found = _get(profile, "parameters")
    mapping = found[1] if found else None
    have = {k.value: (k, v) for k, v in mapping.value} if isinstance(mapping, yaml.MappingNode) else {}
    added = [(n, v) for n, v in wanted.items() if v is not None and n not in have]
    removed = [n for n, v in wanted.items() if v is None and n in have]
    for name, value in wanted.items():
        if value is not None and name in have and _number(have[name][1]) != value:
            node = have[name][1]
            edits.append(_Edit(node.start_mark.index, node.end_mark.index, fmt(value)))
    if not added and not removed:
        return edits
    if found is not None and isinstance(mapping, yaml.MappingNode) and len(removed) == len(have) and not added:
        key = found[0]  # every override goes: ``parameters: {}`` (an empty block would read as null)
        if mapping.flow_style:
            return [_Edit(mapping.start_mark.index, mapping.end_mark.index, "{}")]
        return [_Edit(key.start_mark.index, _end_of(text, mapping), "parameters: {}\n")]
    if isinstance(mapping, yaml.MappingNode) and mapping.flow_style:  # ``{a: 1, b: 2}``: rewrite that span
        items = []
        for k, v in mapping.value:
            if k.value in removed:
                continue
            new = wanted.get(k.value)
            items.append(f"{k.value}: {fmt(new) if new is not None else text[v.start_mark.index : v.end_mark.index]}")
        items += [f"{n}: {fmt(v)}" for n, v in added]
        return [_Edit(mapping.start_mark.index, mapping.end_mark.index, "{" + ", ".join(items) + "}")]
    for name in removed:  # block style: the whole line of that override goes
        k, v = have[name]
        edits.append(_Edit(_line_start(text, k.start_mark.index), _line_end(text, v.end_mark.index - 1), ""))
    if added:
        if isinstance(mapping, yaml.MappingNode) and mapping.value:
            first, last = mapping.value[0][0], mapping.value[-1][1]
            indent = " " * first.start_mark.column
            at = _end_of(text, last)
            lines = "".join(f"{indent}{n}: {fmt(v)}\n" for n, v in added)
            edits.append(_Edit(at, at, lines))
        else:  # no ``parameters`` in this profile yet: add it under the profile's other keys
            assert isinstance(profile, yaml.MappingNode)
            first_key = profile.value[0][0]
            indent = " " * first_key.start_mark.column
            last = profile.value[-1][1]
            at = _end_of(text, last)
            lines = f"{indent}parameters:\n" + "".join(f"{indent}  {n}: {fmt(v)}\n" for n, v in added)
            if found is not None:  # ``parameters:`` with nothing (or ``{}``) after it: replace it
                k = found[0]
                edits.append(_Edit(_line_start(text, k.start_mark.index), _line_end(text, k.start_mark.index), ""))
            edits.append(_Edit(at, at, lines))
    return edits


def rewrite(text: str, name: str, defaults: dict[str, Decimal], profiles: dict[str, dict[str, Decimal | None]]) -> str:
    """``apply_values``, then the result read back as a rubric and every value checked."""
    from checklist.rubric.load import check_bytes
    from checklist.rubric.params import Params

    out = apply_values(text, defaults, profiles)
    rubric, problems = check_bytes(out.encode("utf-8"), name)
    if rubric is None or problems:
        from checklist.params.sheet import ParamsError

        raise ParamsError("按参数表中的数值，细则将无法使用，没有生成新细则（行号是新细则中的行）：", problems)
    for pname, default in defaults.items():
        if rubric.parameters[pname].default != default:
            raise ValueError(f"{pname}: default not written")
    for pid, wanted in profiles.items():
        for pname, value in wanted.items():
            if rubric.profiles[pid].parameters.get(pname) != value:
                raise ValueError(f"{pid}.{pname}: not written")
        Params(rubric, pid)
    return out
