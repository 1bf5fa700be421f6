"""Which system libraries Qt's window plugin lacks, and the Debian packages that have them.

On a Linux without a desktop, Qt's xcb platform plugin (``libqxcb.so``) cannot load until
a dozen X11 helper libraries are installed, and Qt then aborts with a misleading hint
("xcb-cursor0 is needed"). ``ldd`` on the plugin names the libraries really missing; this
module turns its output into library names and Debian/Ubuntu package names.

No Qt import here: ``python -m skillmatrix.qt_deps`` (used by ``.ci/system-deps``) must
run where Qt itself cannot load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

#: The plugin of an X11 session (and of Xvfb): the one a fresh Linux lacks libraries for.
XCB_PLUGIN = "libqxcb.so"

# "\tlibxcb-icccm.so.4 => not found" (glibc); "Error loading shared library x.so: ..." (musl)
_NOT_FOUND = re.compile(r"^\s*(\S+\.so[.\d]*)\s*=>\s*not found", re.MULTILINE)
_MUSL_NOT_FOUND = re.compile(r"Error loading shared library (\S+\.so[.\d]*):")
_SONAME = re.compile(r"^(lib.+?)\.so\.(\d+)")

#: Libraries whose Debian package does not follow the soname rule (see debian_package).
_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libz.so.1": "zlib1g",
    "libgcc_s.so.1": "libgcc-s1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
}

#: Libraries that come with PySide6 itself (its wheel), not with the system.
_BUNDLED = re.compile(r"^lib(Qt6|icu|pyside6|shiboken6)", re.IGNORECASE)


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reported as not found, each once, in the order it named them."""
    found = _NOT_FOUND.findall(ldd_output) + _MUSL_NOT_FOUND.findall(ldd_output)
    return list(dict.fromkeys(found))


def debian_package(library: str) -> str | None:
    """The Debian/Ubuntu package that installs ``library``.

    ``library`` is a soname such as ``libxcb-icccm.so.4``; None for one that ships with
    PySide6.

    Debian names a library's package after its soname: ``libxcb-icccm.so.4`` is in
    ``libxcb-icccm4``, ``libxkbcommon-x11.so.0`` in ``libxkbcommon-x11-0`` (a dash when
    the name ends in a digit); the few exceptions are listed.
    """
    if _BUNDLED.match(library):
        return None
    if library in _PACKAGES:
        return _PACKAGES[library]
    match = _SONAME.match(library)
    if match is None:
        return None
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}"


def debian_packages(libraries: Iterable[str]) -> list[str]:
    """The packages for ``libraries`` (each once; the bundled ones left out)."""
    packages = (debian_package(lib) for lib in libraries)
    return list(dict.fromkeys(p for p in packages if p))


def plugin_dirs() -> list[Path]:
    """Where Qt looks for platform plugins.

    ``$QT_QPA_PLATFORM_PLUGIN_PATH``, the ``platforms`` folders of ``$QT_PLUGIN_PATH``, then
    PySide6's own.
    """
    dirs = [Path(p) for p in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep)]
    dirs += [Path(p) / "platforms" for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep)]
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            dirs.append(Path(location) / "Qt" / "plugins" / "platforms")
    return [d for d in dirs if str(d) not in ("", ".", "platforms")]


def find_plugin(name: str = XCB_PLUGIN, dirs: Sequence[Path] | None = None) -> Path | None:
    """The first plugin file ``name`` in ``dirs`` (default :func:`plugin_dirs`)."""
    for folder in plugin_dirs() if dirs is None else dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def probe(plugin: Path) -> list[str]:
    """The libraries ``plugin`` needs that cannot be found ([] when ``ldd`` is missing)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_libraries(out.stdout + out.stderr)


def install_command(packages: Sequence[str]) -> str:
    """The command that installs ``packages``, for a message."""
    return "sudo apt-get install " + " ".join(packages)


def missing_message(libraries: Sequence[str], plugin: str = "xcb") -> str:
    """One line: which libraries Qt's ``plugin`` platform plugin lacks, and how to get them."""
    packages = debian_packages(libraries)
    text = f"cannot open a window: Qt's {plugin} plugin needs {', '.join(libraries)}"
    if packages and shutil.which("apt-get"):
        text += f"; install them with: {install_command(packages)}"
    elif packages:
        text += f" (on Debian/Ubuntu: {install_command(packages)})"
    if len(packages) < len(libraries):
        text += "; reinstall PySide6 for the Qt libraries"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m skillmatrix.qt_deps``: what the xcb plugin lacks.

    Exit 0 either way; 2 when there is no plugin to check.
    """
    parser = argparse.ArgumentParser(prog="python -m skillmatrix.qt_deps", description=__doc__)
    parser.add_argument(
        "--debian-packages", action="store_true", help="print only the packages to install"
    )
    args = parser.parse_args(argv)
    plugin = find_plugin()
    if plugin is None:
        print(f"no {XCB_PLUGIN} found (is PySide6 installed?)", file=sys.stderr)
        return 2
    missing = probe(plugin)
    if args.debian_packages:
        print(" ".join(debian_packages(missing)))
    elif missing:
        print(missing_message(missing))
    else:
        print(f"{plugin}: every library it needs is installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
