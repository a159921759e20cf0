"""The README's screenshots, as SVG, from the app itself (Textual's own screenshot of each
screen, driven by Pilot on a store holding the half-filled example).

    python tools/screenshots.py            # writes docs/screens/*.svg
"""

from __future__ import annotations

import asyncio
import html
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
SIZE = (110, 34)


_TEXT = re.compile(r'(<text [^>]*?textLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')


def fix_widths(svg: str) -> str:
    """Rich sizes each text run by its characters, not its cells, so Chinese (two cells a
    character) is squeezed into half its width; size runs by cells instead."""
    from rich.cells import cell_len

    def fix(m: re.Match[str]) -> str:
        text = html.unescape(m.group(4))
        if not text:
            return m.group(0)
        per_char = float(m.group(2)) / len(text)
        return f"{m.group(1)}{per_char * cell_len(text):g}{m.group(3)}{m.group(4)}{m.group(5)}"

    return _TEXT.sub(fix, svg)


async def shoot(store: Path) -> None:
    from checklist.tui.app import ChecklistApp

    app = ChecklistApp(store, today=date(2026, 3, 1))
    async with app.run_test(size=SIZE) as pilot:

        async def save(name: str) -> None:
            await pilot.pause(0.5)
            path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))
            path.write_text(fix_widths(path.read_text(encoding="utf-8")), encoding="utf-8")

        await save("home")
        await pilot.press("n")
        await save("new")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # open the draft
        await save("walk")
        await pilot.press("r")
        await save("review")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await save("export")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "s.sqlite3"
        example = ROOT / "examples" / "village-star-partial.json"
        subprocess.run([sys.executable, "-m", "checklist", "--store", str(store), "load", str(example)], check=True)
        asyncio.run(shoot(store))
    print(f"已写出：{', '.join(sorted(p.name for p in OUT.glob('*.svg')))}")


if __name__ == "__main__":
    main()
