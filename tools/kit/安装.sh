#!/bin/sh
# 安装村党组织星级评定自评工具：在本文件夹中建立运行环境，全部文件取自本安装包，无需联网。
set -e
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "需要 Python 3.11 或更高版本（python3）。" >&2
  exit 1
fi
rm -rf venv
echo "正在安装，请稍候……"
"$PY" -m venv venv
venv/bin/python -m pip install --quiet --no-index --find-links wheels checklist
echo "安装完成。以后运行 ./启动.sh 即可打开自评工具。"
