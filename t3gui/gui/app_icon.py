"""The app's icon, drawn rather than shipped, so the window, the taskbar and the installers share one drawing.

`scripts/make_icons.py` writes the same drawing to the .ico and .icns files
that PyInstaller puts on the executables.
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QImage,
    QImageWriter,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the window and taskbar; .icns adds 512
# The pulse of a heartbeat across the tile, in units of the tile's side: what t3gui watches.
_PULSE = ((0.14, 0.66), (0.36, 0.66), (0.44, 0.50), (0.52, 0.84), (0.60, 0.60), (0.66, 0.66), (0.86, 0.66))


def icon_image(size: int) -> QImage:
    """The icon at one size: a blue tile with "T3" above a heartbeat line; simpler below 32 px."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(tile.topLeft(), tile.bottomRight())
    gradient.setColorAt(0.0, QColor("#2b7bd8"))
    gradient.setColorAt(1.0, QColor("#174a8b"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(tile, size * 0.18, size * 0.18)

    pulse = QPainterPath(QPointF(_PULSE[0][0] * size, _PULSE[0][1] * size))
    for x, y in _PULSE[1:]:
        pulse.lineTo(x * size, y * size)
    pen = QPen(QColor("#7fe3a0"), max(1.5, size * 0.06))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(pulse)

    if size >= 32:  # letters below that are a smudge
        font = QFont()
        font.setBold(True)
        font.setPixelSize(round(size * 0.34))
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, size * 0.10, size, size * 0.40), Qt.AlignmentFlag.AlignCenter, "T3")
    painter.end()
    return image


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(icon_image(size)))
    return icon


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    buffer.close()
    return bytes(data.data())


def ico_bytes(sizes: tuple[int, ...] = ICON_SIZES) -> bytes:
    """A Windows .ico holding every size as PNG (supported since Windows Vista)."""
    images = [png_bytes(icon_image(size)) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, png in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(images)


# The PNG-holding element types of an Apple .icns, by pixel size.
_ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icns_bytes() -> bytes:
    """A macOS .icns holding each size as PNG."""
    body = b""
    for size, kind in _ICNS_TYPES.items():
        png = png_bytes(icon_image(size))
        body += kind + struct.pack(">I", len(png) + 8) + png
    return b"icns" + struct.pack(">I", len(body) + 8) + body
