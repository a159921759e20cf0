"""Chinese for click's own words (help headings, usage errors).

click looks its messages up through ``gettext`` by module-level ``_``/``ngettext`` names; a
translation catalogue would need a compiled .mo file and the process locale. Replacing those
two names in click's modules with a lookup in the table below gives the same result with no
locale set-up, and leaves any message we did not list in English rather than breaking it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

ZH: dict[str, str] = {
    "Usage:": "用法：",
    "[OPTIONS]": "[选项]",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少子命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有命令“{name}”。",
    "No such option {name!r}.": "没有选项“{name}”。",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数：{args}",
    "Got unexpected extra arguments ({args})": "多余的参数：{args}",
    "Did you mean {possibility}?": "是否应为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否应为其中之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选值之一：{choices}。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已取消。",
    "integer": "整数",
    "float": "数字",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def _gettext(message: str) -> str:
    return ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _term_len(x: str) -> int:
    """Help columns line up when a Chinese word takes two columns, as it does on screen."""
    from click._compat import strip_ansi

    from checklist.cjk import width

    return width(strip_ansi(x))


# Wide characters (CJK, full-width forms and punctuation) and the quotes, ellipsis and dash that
# break like them: each is a token of its own. Plain ranges rather than a regular expression:
# compiling one over these ranges costs more start-up than ``--help`` takes to print.
_WIDE_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x3000, 0x303F))
_BREAKS_LIKE_WIDE = {chr(c) for c in range(0x2018, 0x201E)} | {"\u2026", "\u2014"}


def _wide(ch: str) -> bool:
    code = ord(ch)
    if code < 0x2E80:  # most characters of a help text: no range to try
        return False
    return any(lo <= code <= hi for lo, hi in _WIDE_RANGES)


def _tokens(text: str) -> list[str]:
    """Runs of white space, single wide characters, and runs of anything else."""
    out: list[str] = []
    run = ""
    kind = ""  # "s" space, "w" other (a wide character is flushed at once)
    for ch in text:
        if ch.isspace():
            now = "s"
        elif _wide(ch) or ch in _BREAKS_LIKE_WIDE:
            if run:
                out.append(run)
            out.append(ch)
            run, kind = "", ""
            continue
        else:
            now = "w"
        if now != kind and run:
            out.append(run)
            run = ""
        run += ch
        kind = now
    if run:
        out.append(run)
    return out


_NO_START = set("，。、；：？！）》」』”’…%])")  # never at the start of a line (标点避头)
_NO_END = set("（《「『“‘[(")  # never at the end of a line


def _fill(text: str, limit: int, first: str, rest: str) -> str:
    """Greedy wrap by display width: Chinese breaks between any two characters, other words at
    spaces; closing punctuation never starts a line."""
    from checklist.cjk import width

    lines: list[list[str]] = [[first]]
    used = width(first)
    space = False
    for token in _tokens(text):
        if token.isspace():
            space = True
            continue
        line = lines[-1]
        has_text = len(line) > 1
        need = width(token) + (1 if space and has_text else 0)
        if has_text and used + need > limit:
            carried: list[str] = []
            if token in _NO_START:  # take the characters before it along
                while len(line) > 2 and (not carried or carried[0] in _NO_START):
                    carried.insert(0, line.pop())
            while len(line) > 2 and line[-1] in _NO_END:  # an opening bracket goes with its text
                carried.insert(0, line.pop())
            lines.append([rest, *carried])
            used = width(rest) + sum(width(t) for t in carried)
            need = width(token)
        elif space and has_text:
            lines[-1].append(" ")
        lines[-1].append(token)
        used += need
        space = False
    return "\n".join("".join(line).rstrip() for line in lines)


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph: Chinese runs on without the space a Latin line break becomes."""
    out = lines[0]
    for line in lines[1:]:
        glue = "" if (out and _wide(out[-1])) or (line and _wide(line[0])) else " "
        out += glue + line
    return out


def _wrap_text(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click's ``wrap_text`` measuring display width (it counts a Chinese character as one
    column, so help lines overflowed 80 columns); ``\\b`` paragraphs are kept as written."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        return _fill(text, width, initial_indent, subsequent_indent)
    paragraphs: list[tuple[int, bool, list[str]]] = []
    buf: list[str] = []
    indent = 0
    for line in [*text.splitlines(), ""]:
        if line:
            if not buf:
                indent = len(line) - len(line.lstrip())
            buf.append(line)
            continue
        if buf:
            raw = buf[0].strip() == "\b"
            paragraphs.append((indent, raw, buf[1:] if raw else [b.strip() for b in buf]))
            buf = []
    out = []
    for ind, raw, body in paragraphs:
        pad = " " * ind
        if raw:
            out.append(
                "\n".join((initial_indent if n == 0 else subsequent_indent) + pad + b for n, b in enumerate(body))
            )
        else:
            out.append(_fill(join_lines(body), width, initial_indent + pad, subsequent_indent + pad))
    return "\n\n".join(out)


def _write_heading(self: object, heading: str) -> None:
    """Headings end with a full-width colon, as the rest of the Chinese help does."""
    indent = getattr(self, "current_indent", 0)
    self.write(f"{'':>{indent}}{heading}：\n")  # type: ignore[attr-defined]


def install() -> None:
    import click.formatting

    click.formatting.term_len = _term_len  # type: ignore[attr-defined]
    click.formatting.wrap_text = _wrap_text
    click.formatting.HelpFormatter.write_heading = _write_heading  # type: ignore[method-assign]
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        replacements: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
        for attr, func in replacements.items():
            if hasattr(module, attr):
                setattr(module, attr, func)
