#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: DIST/SkillMatrix/ (default DIST: packaging/dist).
#
#   bash packaging/build.sh [--dist DIR] [--work DIR] [--venv] [--clean]
#
#   --dist DIR  where the bundle goes (default packaging/dist)
#   --work DIR  PyInstaller's build folder and the rendered icons (default packaging/build)
#   --venv      build in a fresh virtual environment (WORK/venv) with the project installed,
#               instead of the current Python ($PYTHON, else python3)
#   --clean     empty PyInstaller's cache first
#
# On Linux the bundle also gets share/ (the .desktop file, AppStream metainfo and hicolor
# icons), validated with desktop-file-validate and appstreamcli when they are installed, and
# install.sh to put it in ~/.local. Both output folders are ignored by git (build/, dist/).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dist="$here/dist"
work="$here/build"
use_venv=0
clean=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --venv) use_venv=1; shift ;;
        --clean) clean=(--clean); shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$dist" "$work"
dist=$(cd "$dist" && pwd)
work=$(cd "$work" && pwd)
app_id=io.github.skillmatrix.SkillMatrix
export PIP_DISABLE_PIP_VERSION_CHECK=1

py=${PYTHON:-python3}
if [ "$use_venv" = 1 ]; then
    if [ ! -x "$work/venv/bin/python" ] && [ ! -x "$work/venv/Scripts/python.exe" ]; then
        "$py" -m venv "$work/venv"
    fi
    py="$work/venv/bin/python"
    [ -x "$py" ] || py="$work/venv/Scripts/python.exe"
    "$py" -m pip install -q "$root"
fi
if ! "$py" -c "import PyInstaller" 2>/dev/null; then
    echo "==> installing PyInstaller into $("$py" -c 'import sys; print(sys.prefix)')"
    "$py" -m pip install -q "pyinstaller>=6.10"
fi
echo "==> $("$py" --version), PyInstaller $("$py" -m PyInstaller --version)"

start=$(date +%s)
echo "==> icons"
QT_QPA_PLATFORM=offscreen "$py" "$here/render_icons.py" --out "$work/icons"

echo "==> pyinstaller"
SKILLMATRIX_ICON_DIR="$work/icons" "$py" -m PyInstaller --noconfirm --log-level WARN \
    "${clean[@]}" --distpath "$dist" --workpath "$work/pyinstaller" "$here/skillmatrix.spec"
bundle="$dist/SkillMatrix"

case "$(uname -s)" in
    Linux)
        echo "==> Linux desktop integration (share/)"
        share="$bundle/share"
        rm -rf "$share"
        mkdir -p "$share/applications" "$share/metainfo" "$share/icons"
        cp "$here/linux/$app_id.desktop" "$share/applications/"
        cp "$here/linux/$app_id.metainfo.xml" "$share/metainfo/"
        cp -r "$work/icons/hicolor" "$share/icons/"
        cp "$here/linux/install.sh" "$bundle/install.sh"
        # Libraries the build machine lacks are not bundled: the target must then have them.
        missing=$(ldd "$bundle"/_internal/PySide6/Qt/plugins/platforms/libqxcb.so 2>/dev/null \
            | awk '/not found/ {print $1}' | tr '\n' ' ')
        if [ -n "$missing" ]; then
            echo "WARNING: not bundled (missing on this machine), the X11 platform needs them on"
            echo "         the target: $missing(apt-get install libxcb-icccm4 libxcb-keysyms1 ...)"
        fi
        if command -v desktop-file-validate >/dev/null; then
            desktop-file-validate "$share/applications/$app_id.desktop"
        else
            echo "(desktop-file-validate not installed: skipped; apt-get install desktop-file-utils)"
        fi
        if command -v appstreamcli >/dev/null; then
            appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml"
        else
            echo "(appstreamcli not installed: skipped; apt-get install appstream)"
        fi
        ;;
esac

echo "==> built $bundle in $(( $(date +%s) - start )) s"
du -sh "$bundle" | sed 's/^/bundle size: /'
if [ -d "$dist/SkillMatrix.app" ]; then du -sh "$dist/SkillMatrix.app" | sed 's/^/app size: /'; fi
