"""The README's apt-get line for the window's libraries is what `.ci/system-deps` installs.

A package added to one and not the other would leave a user, or CI, short.
"""

from __future__ import annotations

import re
from pathlib import Path

from skillmatrix import qt_deps

ROOT = Path(__file__).parents[2]


def _readme_packages() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"sudo apt-get install ((?:[^\n]*\\\n)*[^\n]*)", text)
    assert match, "the README names the packages in one `sudo apt-get install` command"
    return match.group(1).replace("\\\n", " ").split()


def _script_packages() -> list[str]:
    text = (ROOT / ".ci" / "system-deps").read_text(encoding="utf-8")
    match = re.search(r'^ALL="([^"]*)"', text, re.MULTILINE)
    assert match, ".ci/system-deps lists every package in ALL"
    return match.group(1).split()


def test_the_readme_lists_exactly_what_system_deps_installs() -> None:
    readme, script = _readme_packages(), _script_packages()
    assert len(readme) == len(set(readme)) > 10
    assert sorted(readme) == sorted(script)


def test_every_package_is_one_the_missing_library_message_can_name() -> None:
    """Each listed package is what ``qt_deps`` names for one of the plugin's libraries.

    By the soname rule or an exception, so the app's one-line hint and the README agree.
    """
    named = {
        qt_deps.debian_package(lib)
        for lib in [
            "libEGL.so.1",
            "libGL.so.1",
            "libfontconfig.so.1",
            "libfreetype.so.6",
            "libdbus-1.so.3",
            "libglib-2.0.so.0",
            "libxkbcommon.so.0",
            "libxkbcommon-x11.so.0",
            "libX11.so.6",
            "libX11-xcb.so.1",
            "libxcb.so.1",
            "libxcb-cursor.so.0",
            "libxcb-icccm.so.4",
            "libxcb-image.so.0",
            "libxcb-keysyms.so.1",
            "libxcb-randr.so.0",
            "libxcb-render.so.0",
            "libxcb-render-util.so.0",
            "libxcb-shape.so.0",
            "libxcb-shm.so.0",
            "libxcb-sync.so.1",
            "libxcb-util.so.1",
            "libxcb-xfixes.so.0",
            "libxcb-xkb.so.1",
        ]
    }
    assert named == set(_script_packages())
