#!/usr/bin/env bash
# Install this SkillMatrix bundle for the current user (or under --prefix):
#   PREFIX/lib/SkillMatrix/       the bundle
#   PREFIX/bin/SkillMatrix        a symbolic link to it
#   PREFIX/share/...              .desktop file, AppStream metainfo, hicolor icons
#
#   ./install.sh [--prefix DIR]     (default ~/.local)
#   ./install.sh --uninstall [--prefix DIR]
set -euo pipefail

bundle=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix="$HOME/.local"
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
app_id=io.github.skillmatrix.SkillMatrix
files=(
    "share/applications/$app_id.desktop"
    "share/metainfo/$app_id.metainfo.xml"
    "share/icons/hicolor/scalable/apps/$app_id.svg"
)
for png in "$bundle"/share/icons/hicolor/*/apps/"$app_id".png; do
    files+=("${png#"$bundle"/}")
done

if [ "$uninstall" = 1 ]; then
    rm -rf "$prefix/lib/SkillMatrix" "$prefix/bin/SkillMatrix"
    for f in "${files[@]}"; do rm -f "$prefix/$f"; done
else
    mkdir -p "$prefix/lib" "$prefix/bin"
    if [ "$bundle" != "$prefix/lib/SkillMatrix" ]; then
        rm -rf "$prefix/lib/SkillMatrix"
        cp -r "$bundle" "$prefix/lib/SkillMatrix"
    fi
    ln -sf "$prefix/lib/SkillMatrix/SkillMatrix" "$prefix/bin/SkillMatrix"
    for f in "${files[@]}"; do
        mkdir -p "$(dirname "$prefix/$f")"
        cp "$bundle/$f" "$prefix/$f"
    done
    echo "installed: $prefix/bin/SkillMatrix (make sure $prefix/bin is on PATH)"
fi
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
