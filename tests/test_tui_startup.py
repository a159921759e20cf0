"""Start-up stays light: the home screen needs neither openpyxl nor the scoring engine, nor
the models (pydantic) and the YAML reader: those load when a draft is opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import asyncio, sys
from checklist.tui.app import ChecklistApp
from checklist.tui.screens.home import HomeScreen

async def main():
    app = ChecklistApp(sys.argv[1])
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), app.screen
    print("\\n".join(sorted(sys.modules)))

asyncio.run(main())
"""


def test_home_screen_imports_little(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "s.sqlite3")], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    mods = set(run.stdout.split())
    assert not {m for m in mods if m.split(".")[0] == "openpyxl"}
    assert "checklist.scoring.engine" not in mods
    assert not {m for m in mods if m.split(".")[0] in ("pydantic", "yaml")}, "≈150 ms of start-up"
    assert "checklist.tui.screens.walk" not in mods
