@echo off
rem 打开自评工具：在浏览器中显示，只在本机运行，无需联网。关闭浏览器页面后本窗口自动结束。
cd /d "%~dp0"
if not exist venv\Scripts\checklist.exe (
  echo 还没有安装。请先双击“安装.bat”。
  pause
  exit /b 1
)
venv\Scripts\checklist.exe web
if errorlevel 1 pause
