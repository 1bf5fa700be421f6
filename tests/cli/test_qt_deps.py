"""What Qt's xcb plugin lacks on a bare Linux: ``ldd`` output -> libraries -> packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from skillmatrix import qt_deps

#: ``ldd libqxcb.so`` (PySide6 6.12) on a Debian 12 container without two X11 helpers
#: (the virtual environment's path shortened; a few lines of the 60 left out).
LDD_DEBIAN_12 = """\
\tlinux-vdso.so.1 (0x00007f32969a9000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f32968db000)
\tlibQt6Gui.so.6 => /venv/PySide6/Qt/lib/libQt6Gui.so.6 (0x00007f3295c00000)
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f329684a000)
\tlibQt6Core.so.6 => /venv/PySide6/Qt/lib/libQt6Core.so.6 (0x00007f3295400000)
\tlibxkbcommon.so.0 => /lib/x86_64-linux-gnu/libxkbcommon.so.0 (0x00007f3296802000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f32967f7000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f32967f0000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f32967e8000)
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x00007f32967e2000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-randr.so.0 => /lib/x86_64-linux-gnu/libxcb-randr.so.0 (0x00007f32967cf000)
\tlibxcb-render-util.so.0 => /lib/x86_64-linux-gnu/libxcb-render-util.so.0 (0x00007f3295000000)
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f329675d000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3294a1e000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibglib-2.0.so.0 => /lib/x86_64-linux-gnu/libglib-2.0.so.0 (0x00007f32948e6000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f32969ab000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""

#: The same plugin copied out of its wheel (Qt's own libraries not found either).
LDD_COPIED = """\
\tlinux-vdso.so.1 (0x00007ffd6a3f2000)
\tlibQt6XcbQpa.so.6 => not found
\tlibQt6Gui.so.6 => not found
\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f0c1b2a1000)
\tlibQt6Core.so.6 => not found
\tlibxcb-cursor.so.0 => not found
"""

#: Alpine (musl) says it differently.
LDD_MUSL = """\
\t/lib/ld-musl-x86_64.so.1 (0x7f4a8c1d5000)
Error loading shared library libxcb-cursor.so.0: No such file or directory (needed by libqxcb.so)
\tlibxcb.so.1 => /usr/lib/libxcb.so.1 (0x7f4a8c0a1000)
"""


def test_missing_libraries_are_read_from_real_ldd_output() -> None:
    assert qt_deps.missing_libraries(LDD_DEBIAN_12) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert qt_deps.missing_libraries(LDD_COPIED) == [
        "libQt6XcbQpa.so.6",
        "libQt6Gui.so.6",
        "libQt6Core.so.6",
        "libxcb-cursor.so.0",
    ]
    assert qt_deps.missing_libraries(LDD_MUSL) == ["libxcb-cursor.so.0"]
    assert qt_deps.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),  # a dash after a final digit
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),  # the exceptions
        ("libGLdispatch.so.0", "libglvnd0"),
        ("libz.so.1", "zlib1g"),
        ("libQt6XcbQpa.so.6", None),  # PySide6's own
        ("libicuuc.so.73", None),
    ],
)
def test_libraries_map_to_debian_packages(library: str, package: str | None) -> None:
    assert qt_deps.debian_package(library) == package


def test_the_message_names_libraries_and_the_install_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(qt_deps.shutil, "which", lambda name: f"/usr/bin/{name}")
    text = qt_deps.missing_message(qt_deps.missing_libraries(LDD_DEBIAN_12))
    assert text == (
        "cannot open a window: Qt's xcb plugin needs libxcb-icccm.so.4, libxcb-keysyms.so.1; "
        "install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
    )
    copied = qt_deps.missing_message(qt_deps.missing_libraries(LDD_COPIED))
    assert "sudo apt-get install libxcb-cursor0;" in copied and "reinstall PySide6" in copied


@pytest.mark.skipif(sys.platform != "linux", reason="the xcb plugin is Linux's")
def test_the_probe_runs_ldd_on_the_installed_plugin(tmp_path: Path) -> None:
    plugin = qt_deps.find_plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    # A copy outside the wheel cannot find Qt's own libraries: ldd says so, and so do we.
    copy = tmp_path / "platforms" / plugin.name
    copy.parent.mkdir()
    copy.write_bytes(plugin.read_bytes())
    assert "libQt6XcbQpa.so.6" in qt_deps.probe(copy)
    assert "libQt6XcbQpa.so.6" not in qt_deps.probe(plugin)


@pytest.mark.skipif(sys.platform != "linux", reason="the xcb plugin is Linux's")
def test_the_module_prints_the_packages_for_system_deps() -> None:
    if qt_deps.find_plugin() is None:
        pytest.skip("this PySide6 has no xcb plugin")
    out = subprocess.run(
        [sys.executable, "-m", "skillmatrix.qt_deps", "--debian-packages"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    expected = qt_deps.debian_packages(qt_deps.probe(qt_deps.find_plugin()))  # type: ignore[arg-type]
    assert out.stdout.split() == expected
