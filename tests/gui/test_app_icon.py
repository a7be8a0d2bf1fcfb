from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QApplication

from t3gui.gui.app_icon import ICON_SIZES, app_icon, icns_bytes, ico_bytes, icon_image

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def images_read_back(data: bytes, format_name: bytes) -> list[tuple[int, int]]:
    """Every image Qt's own reader finds in an .ico or .icns, as (width, height)."""
    held = QByteArray(data)  # the buffer does not own it: keep it alive while reading
    buffer = QBuffer(held)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, format_name)
    sizes = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append((image.width(), image.height()))
    return sizes


def test_the_drawing_is_a_tile_on_a_transparent_corner(qapp: QApplication) -> None:
    image = icon_image(256)
    assert image.pixelColor(0, 0).alpha() == 0
    centre, pulse = image.pixelColor(128, 40), image.pixelColor(int(0.25 * 256), int(0.66 * 256))
    assert centre.alpha() == 255 and pulse.alpha() == 255 and centre != pulse


def test_the_window_icon_holds_every_size(qapp: QApplication) -> None:
    sizes = {size.width() for size in app_icon().availableSizes()}
    assert sizes == set(ICON_SIZES)


def test_the_ico_holds_each_size_as_png_and_qt_reads_them_all(qapp: QApplication) -> None:
    data = ico_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 7)
    for index, size in enumerate((16, 24, 32, 48, 64, 128, 256)):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert side == size % 256  # 0 stands for 256
        assert data[offset:offset + 8] == PNG_SIGNATURE and offset + length <= len(data)
    assert images_read_back(data, b"ico") == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]


def test_the_icns_is_read_back_by_qt(qapp: QApplication) -> None:
    data = icns_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    assert sorted(w for w, _ in images_read_back(data, b"icns")) == [16, 32, 64, 128, 256, 512]


def test_the_shipped_icon_files_are_whole(qapp: QApplication) -> None:
    # scripts/make_icons.py writes them; the executables and the macOS bundle take them from here.
    assert len(images_read_back((ICONS / "t3gui.ico").read_bytes(), b"ico")) == 7
    assert len(images_read_back((ICONS / "t3gui.icns").read_bytes(), b"icns")) == 6
