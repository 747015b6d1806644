"""The text of a PDF page that a reader can see.

A PDF can carry text nobody sees: drawn in invisible render mode (Tr 3 or 7), filled in
white or near-white on the white page, or placed outside the crop box. Such text is often
left over from a template, and sometimes planted to steer a model. We follow the graphics
state through pypdf's `visitor_operand_before` and blank the strings of every
text-showing operator that would not show, before pypdf reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import ArrayObject, ByteStringObject, NameObject

# A fill this light on white is unreadable (per RGB channel, 0..1).
NEAR_WHITE = 0.92
# Points a glyph may start outside the crop box and still be seen (bleed, rounding).
CROP_SLACK = 2.0
_INVISIBLE_MODES = {3, 7}
_SHOW = {b"Tj", b"TJ", b"'", b'"'}
Box = tuple[float, float, float, float]  # left, bottom, right, top in points


@dataclass
class _State:
    """The parts of the graphics state that decide visibility, with the q/Q stack."""

    light: bool = False
    mode: int = 0
    stack: list[tuple[bool, int]] = field(default_factory=list)
    blanked: int = 0

    def update(self, op: bytes, args: list[Any]) -> None:
        if op == b"q":
            self.stack.append((self.light, self.mode))
        elif op == b"Q" and self.stack:
            self.light, self.mode = self.stack.pop()
        elif op == b"Tr" and args:
            self.mode = int(_number(args[0]) or 0)
        elif op in (b"g", b"rg", b"k", b"sc", b"scn"):
            self.light = _is_light(op, [_number(a) for a in args])
        elif op == b"cs":
            self.light = False  # a new colour space starts at its black


def visible_text(page: PageObject) -> tuple[str, int]:
    """Return the page's visible text and the count of hidden characters left out.

    The count is of non-space characters, measured against a plain extraction, which is
    only run when something was hidden. Raises whatever pypdf raises on a broken page.
    """
    state = _State()
    box = _crop_box(page)

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        state.update(op, args)
        hidden = state.light or state.mode in _INVISIBLE_MODES or not _inside(box, cm, tm)
        if op in _SHOW and hidden:
            _blank(op, args)
            state.blanked += 1

    text = page.extract_text(visitor_operand_before=before) or ""
    if not state.blanked:
        return text, 0
    full = page.extract_text() or ""
    return text, max(0, _ink(full) - _ink(text))


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _is_light(op: bytes, values: list[float | None]) -> bool:
    """Return True when a fill-colour operator sets white or near-white."""
    numbers = [v for v in values if v is not None]
    if op == b"k" or (op in (b"sc", b"scn") and len(numbers) == 4):
        return len(numbers) == 4 and all(v <= 1 - NEAR_WHITE for v in numbers)
    if len(numbers) not in (1, 3) or len(numbers) != len(values):
        return False  # a pattern or an unknown colour space: assume it shows
    return all(v >= NEAR_WHITE for v in numbers)


def _crop_box(page: PageObject) -> Box | None:
    try:
        box = page.cropbox
        return float(box.left), float(box.bottom), float(box.right), float(box.top)
    except Exception:  # a broken box is no reason to drop text
        return None


def _inside(
    box: tuple[float, float, float, float] | None, cm: list[float], tm: list[float]
) -> bool:
    """Return True when the text position (tm's origin in user space) lies in the crop box."""
    if box is None:
        return True
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    left, bottom, right, top = box
    return (
        left - CROP_SLACK <= x <= right + CROP_SLACK
        and bottom - CROP_SLACK <= y <= top + CROP_SLACK
    )


def _blank(op: bytes, args: list[Any]) -> None:
    """Replace the strings a text-showing operator would draw with empty ones, in place."""
    empty = ByteStringObject(b"")
    if op == b"TJ" and args and isinstance(args[0], ArrayObject):
        for i, item in enumerate(args[0]):
            if isinstance(item, (str, bytes)) and not isinstance(item, NameObject):
                args[0][i] = empty
    elif args:
        args[-1] = empty


def _ink(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())
