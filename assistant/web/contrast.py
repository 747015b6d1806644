"""WCAG 2.x contrast ratio, for the accent colour setting (the widget checks it the same way)."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """Return the relative luminance (0..1) of a `#rrggbb` colour (WCAG 2.x definition)."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(hex_color: str) -> float:
    """Return the contrast ratio (1..21) of white text on `hex_color`."""
    return 1.05 / (luminance(hex_color) + 0.05)
