"""Build the offline install kit a township copies onto a USB stick.

    python tools/make_kit.py -o dist/                       # for this machine
    python tools/make_kit.py --platform win_amd64 -o dist/  # for the villages' Windows laptops

The kit is one folder: checklist's wheel and every wheel it needs for the target platform and
Python versions, 安装/启动 scripts (.bat for Windows, .sh for Linux and macOS) that install into
a virtual environment inside the folder with ``pip --no-index`` (no network needed), and a
Chinese 说明.txt. Building needs the network (pip downloads the wheels); installing does not.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "kit"
WINDOWS_PYTHONS = ("3.11", "3.12", "3.13")


def run(*args: str) -> None:
    subprocess.run(args, check=True)


def version() -> str:
    for line in (ROOT / "checklist" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("checklist/__init__.py has no __version__")


def build(out: Path, platform: str | None, pythons: list[str]) -> Path:
    name = f"checklist-{version()}-{platform or 'local'}"
    kit = out / name
    if kit.exists():
        shutil.rmtree(kit)
    wheels = kit / "wheels"
    wheels.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip"]
    run(*pip, "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT))
    [own] = wheels.glob("checklist-*.whl")
    for py in pythons or [None]:
        target = ["--only-binary=:all:"]
        if platform:
            target += ["--platform", platform, "--implementation", "cp"]
        if py:
            target += ["--python-version", py]
        run(*pip, "download", "--quiet", "--dest", str(wheels), *target, str(own))
    windows = (platform or sys.platform).startswith("win")
    for script in HERE.iterdir():
        if script.suffix == ".bat":
            # cmd.exe reads a .bat in the console's code page: GBK on Chinese Windows, CRLF lines.
            text = script.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
            (kit / script.name).write_bytes(text.encode("gbk"))
        elif script.suffix == ".sh":
            target_path = kit / script.name
            shutil.copyfile(script, target_path)
            target_path.chmod(0o755)
        elif script.suffix == ".txt":
            # Notepad and WPS open UTF-8 with a BOM as Chinese; CRLF for Notepad on older Windows.
            text = script.read_text(encoding="utf-8").replace("\r\n", "\n")
            if windows:
                text = text.replace("\n", "\r\n")
            (kit / script.name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return kit


def main() -> None:
    parser = argparse.ArgumentParser(description="生成离线安装包（U 盘拷贝即可安装，无需联网）")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "dist", help="放安装包的文件夹（默认 dist/）")
    parser.add_argument(
        "--platform",
        help="目标平台，如 win_amd64（Windows 64 位）、manylinux2014_x86_64；不写则为本机",
    )
    parser.add_argument(
        "--python",
        action="append",
        dest="pythons",
        help="目标 Python 版本，可写多次；Windows 默认 3.11、3.12、3.13，本机默认当前版本",
    )
    args = parser.parse_args()
    pythons = args.pythons or (list(WINDOWS_PYTHONS) if args.platform and args.platform.startswith("win") else [])
    kit = build(args.output, args.platform, pythons)
    count = len(list((kit / "wheels").glob("*.whl")))
    print(f"安装包已生成：{kit}（{count} 个安装文件）")


if __name__ == "__main__":
    main()
