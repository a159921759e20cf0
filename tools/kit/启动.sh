#!/bin/sh
# 打开自评工具：在浏览器中显示，只在本机运行，无需联网。
cd "$(dirname "$0")"
if [ ! -x venv/bin/checklist ]; then
  echo "还没有安装。请先运行 ./安装.sh。" >&2
  exit 1
fi
exec venv/bin/checklist web "$@"
