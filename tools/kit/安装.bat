@echo off
rem 安装村党组织星级评定自评工具：在本文件夹中建立运行环境，全部文件取自本安装包，无需联网。
setlocal
cd /d "%~dp0"
set "PY="
where py >nul 2>nul && set "PY=py -3"
if not defined PY where python >nul 2>nul && set "PY=python"
if not defined PY (
  echo 没有找到 Python。请先安装 Python 3.11 或更高版本（可请乡镇信息员帮忙），
  echo 安装时勾选“Add python.exe to PATH”，然后再双击本文件。
  pause
  exit /b 1
)
%PY% -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
if errorlevel 1 (
  echo 本机的 Python 版本太低，需要 3.11 或更高版本。
  pause
  exit /b 1
)
if exist venv rmdir /s /q venv
echo 正在安装，请稍候（约一两分钟）……
%PY% -m venv venv || goto failed
venv\Scripts\python -m pip install --quiet --no-index --find-links wheels checklist || goto failed
echo.
echo 安装完成。以后每次双击“启动.bat”即可打开自评工具。
pause
exit /b 0
:failed
echo.
echo 安装没有成功。请把本窗口的内容拍照发给乡镇信息员。
pause
exit /b 1
