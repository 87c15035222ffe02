"""Errors of the kit renderer: each message names the problem in Vietnamese and English."""

from __future__ import annotations


class KitError(Exception):
    """The kit could not be rendered; nothing was written to the output folder."""


class TextOverflowError(KitError):
    """A text does not fit its box even at the smallest readable size."""

    def __init__(self, *, item: str, point: int | None, side: str) -> None:
        self.item = item
        self.point = point
        self.side = side
        names = {
            "title": ("tiêu đề", "title"),
            "it": ("vế công nghệ thông tin", "IT side"),
            "dx": ("vế chuyển đổi số", "DX side"),
            "text": ("nội dung", "text"),
            "name": ("tên đơn vị", "unit name"),
        }
        vi, en = names.get(side, (side, side))
        where_vi = f"điểm {point}, {vi}" if point is not None else vi
        where_en = f"point {point}, {en}" if point is not None else en
        super().__init__(
            f"{item}: {where_vi} quá dài, không vừa ô kể cả ở cỡ chữ nhỏ nhất dễ đọc / "
            f"{where_en} is too long for its box even at the smallest readable size"
        )
