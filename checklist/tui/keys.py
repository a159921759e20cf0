"""The walk's key map, in one place: the screen's bindings, the text fields' bindings and the
F1 help are all built from ``WALK``.

Rules (issue 10): no key means two things on one screen; a printable key is a command only
while no text field has focus (there the same command has a ctrl or F key, and the footer
shows that one); Esc goes back one level and never toggles."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

TYPED = "typed"  # the action wrapping a printable key's command: hidden while a text field has focus


@dataclass(frozen=True)
class Command:
    action: str  # the walk screen's action, e.g. "unanswered(1)"
    label: str  # what the footer and F1 call it
    key: str | None  # printable key (Textual name), a command only outside text fields
    shown: str  # how the printable key is written
    safe: str  # works everywhere, text fields included
    safe_shown: str
    footer: bool = True


WALK: tuple[Command, ...] = (
    Command("unanswered(1)", "下一未填", "right_square_bracket", "]", "ctrl+n", "ctrl+n"),
    Command("unanswered(-1)", "上一未填", "left_square_bracket", "[", "ctrl+b", "ctrl+b"),
    Command("step(1)", "下一项", None, "", "ctrl+down", "ctrl+↓", footer=False),
    Command("step(-1)", "上一项", None, "", "ctrl+up", "ctrl+↑", footer=False),
    Command("jump", "查找", "slash", "/", "ctrl+f", "ctrl+f"),
    Command("review", "审视得分", "r", "r", "ctrl+r", "ctrl+r"),
    Command("export", "导出", "e", "e", "ctrl+e", "ctrl+e"),
    Command("home", "首页", "h", "h", "f2", "F2"),
    Command("confirm_carried", "确认沿用", "c", "c", "ctrl+y", "ctrl+y"),
    # One of the two applies, as the draft is (check_action); no room in the footer at 80 columns.
    Command("finalize", "定稿", None, "", "f9", "F9", footer=False),
    Command("reopen", "撤回定稿", None, "", "f9", "F9", footer=False),
)


def screen_bindings() -> list[Binding]:
    """The walk screen's: the printable keys (shown) and the safe keys (hidden, they work
    from the list and the answer boxes too; a text field shows them instead)."""
    out: list[Binding] = []
    for c in WALK:
        if c.key is not None:
            out.append(Binding(c.key, f"{TYPED}({c.action!r})", c.label, key_display=c.shown, show=c.footer))
        out.append(Binding(c.safe, c.action, c.label, key_display=c.safe_shown, show=c.key is None and c.footer))
    return out


def text_field_bindings() -> list[Binding]:
    """A text field's: the same commands on their safe keys, shown in its footer."""
    return [
        Binding(c.safe, f"screen.{c.action}", c.label, key_display=c.safe_shown, show=c.footer)
        for c in WALK
    ]


def help_lines() -> list[str]:
    """The walk's keys for F1, from the same table."""
    lines = []
    for c in WALK:
        keys = f"{c.shown} 或 {c.safe_shown}" if c.key else c.safe_shown
        lines.append(f"  {keys:<14}{c.label}")
    return lines
