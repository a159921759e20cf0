"""The offline install kit, for real: built with tools/make_kit.py (this needs the package
index, as the township's build does), then installed into a fresh virtual environment with
no index at all (pip's configuration switched off, --no-index), and used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_kit.py"), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    [folder] = out.iterdir()
    return folder


def no_index_env(home: Path) -> dict[str, str]:
    """Nothing from outside: no pip configuration, no index, no extra wheel folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PYTHON=sys.executable)
    return env


def test_the_kit_holds_wheels_scripts_and_a_chinese_guide(kit: Path) -> None:
    names = {p.name for p in kit.iterdir()}
    assert {"安装.bat", "启动.bat", "安装.sh", "启动.sh", "说明.txt", "wheels"} <= names
    wheels = [p.name for p in (kit / "wheels").iterdir()]
    assert any(w.startswith("checklist-") for w in wheels) and any(w.startswith("textual_serve-") for w in wheels)
    assert all(w.endswith(".whl") for w in wheels)  # nothing to build on the laptop
    for bat in ("安装.bat", "启动.bat"):
        raw = (kit / bat).read_bytes()
        text = raw.decode("gbk")  # what cmd.exe reads on Chinese Windows
        assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "--no-index --find-links wheels" in (kit / "安装.bat").read_bytes().decode("gbk")
    assert "checklist.exe web" in (kit / "启动.bat").read_bytes().decode("gbk")
    guide = (kit / "说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf")
    text = guide.decode("utf-8-sig")
    for words in ("Windows 10", "Python 3.11", "启动.bat", "更新", "卸载", "备份", "checklist.sqlite3"):
        assert words in text


@pytest.mark.skipif(sys.platform == "win32", reason="the .sh scripts are for Linux and macOS")
def test_installs_with_no_index_and_runs(kit: Path, tmp_path: Path) -> None:
    place = tmp_path / "U盘 拷贝" / kit.name  # a path with Chinese and a space, as on a stick
    shutil.copytree(kit, place)
    env = no_index_env(tmp_path)
    done = subprocess.run(["sh", str(place / "安装.sh")], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "安装完成" in done.stdout
    checklist = place / "venv" / "bin" / "checklist"
    where = subprocess.run(
        [str(place / "venv" / "bin" / "python"), "-c", "import checklist; print(checklist.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert str(place / "venv") in where.stdout  # the kit's own copy, not this checkout
    helped = subprocess.run([str(checklist), "--help"], capture_output=True, text=True, env=env)
    assert helped.returncode == 0 and "村党组织星级评定自评工具" in helped.stdout
    scored = subprocess.run(
        [str(checklist), "score", "village-star", str(ROOT / "examples" / "village-star-complete.json"), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert scored.returncode == 0, scored.stderr
    assert '"total"' in scored.stdout
    web = subprocess.run([str(checklist), "web", "--help"], capture_output=True, text=True, env=env)
    assert web.returncode == 0 and "浏览器" in web.stdout


def test_start_script_says_to_install_first(kit: Path, tmp_path: Path) -> None:
    place = tmp_path / "kit"
    shutil.copytree(kit, place)
    done = subprocess.run(["sh", str(place / "启动.sh")], capture_output=True, text=True)
    assert done.returncode == 1 and "请先运行 ./安装.sh" in done.stderr
