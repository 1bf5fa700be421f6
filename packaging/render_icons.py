"""Render the application icon from its one SVG source into every platform format.

Writes, under ``--out`` (default ``packaging/build/icons``):

- ``hicolor/<N>x<N>/apps/<APP_ID>.png`` for the freedesktop sizes, and
  ``hicolor/scalable/apps/<APP_ID>.svg`` (a copy of the source);
- ``skillmatrix.ico`` (Windows: 16-256 px frames) and ``skillmatrix.icns`` (macOS: 16-1024 px).

Each PNG is rendered from the vector source at its own size (no down-scaling of a big bitmap),
with Qt's SVG renderer on the offscreen platform, so no display is needed. The .ico and .icns
are written with Pillow (a matplotlib dependency); without Pillow they are skipped.

Usage: ``python packaging/render_icons.py [--svg FILE] [--out DIR]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

APP_ID = "io.github.skillmatrix.SkillMatrix"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SVG = ROOT / "resources" / "icons" / "skillmatrix.svg"
DEFAULT_OUT = ROOT / "packaging" / "build" / "icons"

#: freedesktop hicolor sizes (the icon theme spec's usual set).
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: Frames of the Windows .ico (256 is the largest the format stores).
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: Frames Pillow writes into a macOS .icns (it picks each from the images given).
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _render_png(svg: bytes, size: int) -> bytes:
    """``svg`` rendered at ``size`` x ``size`` pixels, as PNG bytes (transparent background)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the icon SVG is not valid")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def render_all(svg_path: Path, out: Path) -> list[Path]:
    """Render every icon file from ``svg_path`` into ``out``; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - keep alive
    svg = svg_path.read_bytes()
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *ICNS_SIZES})
    pngs = {size: _render_png(svg, size) for size in sizes}

    written: list[Path] = []
    for size in HICOLOR_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg_path, scalable)
    written.append(scalable)
    written.extend(_write_ico_icns(pngs, out))
    return written


def _write_ico_icns(pngs: dict[int, bytes], out: Path) -> list[Path]:
    try:
        import io

        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        print("render_icons: Pillow missing, no .ico/.icns written", file=sys.stderr)
        return []
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    ico = out / "skillmatrix.ico"
    biggest = images[max(ICO_SIZES)]
    biggest.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    icns = out / "skillmatrix.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    return [ico, icns]


def main(argv: list[str] | None = None) -> int:
    """Render the SVG icon into the PNG and ICO files the packages ship; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=DEFAULT_SVG, help="icon source (SVG)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    files = render_all(args.svg, args.out)
    print(f"render_icons: {len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
