"""Render every icon the packages need from the one master image, resources/icons/*.svg.

    python packaging/make_icons.py OUT_DIR

writes OUT_DIR/hicolor/<n>x<n>/apps/<APP_ID>.png at the usual freedesktop sizes, the SVG under
hicolor/scalable, and OUT_DIR/destination-editor.ico (Windows) and .icns (macOS). Qt renders
the SVG and writes both container formats, so no other image library is needed.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "resources" / "icons" / "destination-editor.svg"
APP_ID = "app.destinationeditor.DestinationEditor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows picks from


def render(size: int) -> object:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(MASTER)).render(painter)
    painter.end()
    return image


def png_bytes(image: object) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[attr-defined]
    return bytes(buffer.data().data())


# Qt's ICO and ICNS writers put one image in each file, so the containers are written here.
# Both formats allow PNG-compressed images: a header, a directory, then the PNG files.
def write_ico(images: dict[int, object], target: Path) -> None:
    pngs = [(n, png_bytes(image)) for n, image in images.items()]
    offset = 6 + 16 * len(pngs)
    head = struct.pack("<HHH", 0, 1, len(pngs))
    for n, data in pngs:
        side = n % 256  # 0 means 256
        head += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    target.write_bytes(head + b"".join(data for _, data in pngs))


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def write_icns(images: dict[int, object], target: Path) -> None:
    blocks = b"".join(
        ICNS_TYPES[n] + struct.pack(">I", 8 + len(data)) + data
        for n, data in ((n, png_bytes(image)) for n, image in images.items())
    )
    target.write_bytes(b"icns" + struct.pack(">I", 8 + len(blocks)) + blocks)


def main(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts, image plugins)
    images = {n: render(n) for n in SIZES}
    for n, image in images.items():
        folder = out / "hicolor" / f"{n}x{n}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not image.save(str(folder / f"{APP_ID}.png")):  # type: ignore[attr-defined]
            raise SystemExit(f"make_icons: cannot write {folder}")
    scalable = out / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MASTER, scalable / f"{APP_ID}.svg")
    write_ico({n: images[n] for n in ICO_SIZES}, out / "destination-editor.ico")
    write_icns({n: images[n] for n in ICNS_TYPES}, out / "destination-editor.icns")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    raise SystemExit(main(Path(sys.argv[1])))
