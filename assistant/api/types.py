"""Field types for request bodies: text that can be encoded and logged, dates that exist.

A JSON string may carry a lone UTF-16 surrogate (`"\\ud800"`) that no UTF-8 encoder
accepts, and control characters that corrupt logs and terminals; both are refused with a
422 naming the position, never the character itself. Dates are ISO prefixes
(`2023`, `2023-05`, `2023-05-25`) of a real calendar date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, StrictInt

# Control characters other than tab, newline and carriage return, and lone surrogates.
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def clean_text(value: str) -> str:
    """Return `value` unchanged; raise ValueError naming the position of a lone surrogate or
    a control character (tab, newline and carriage return are allowed)."""
    found = _BAD.search(value)
    if found is None:
        return value
    kind = (
        "a lone UTF-16 surrogate"
        if "\ud800" <= found.group() <= "\udfff"
        else (f"the control character U+{ord(found.group()):04X}")
    )
    raise ValueError(f"text holds {kind} at position {found.start()}")


def real_date(value: str) -> str:
    """Return `value` ("YYYY", "YYYY-MM" or "YYYY-MM-DD") if that month or day exists;
    raise ValueError for e.g. "2023-13-45"."""
    parts = [int(p) for p in value.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value} is not a calendar date ({exc})") from None
    return value


IsoDate = Annotated[
    str,
    Field(
        pattern=_ISO_PREFIX,
        max_length=10,
        description="An ISO date or its year/month prefix: 2023, 2023-05 or 2023-05-25.",
    ),
    AfterValidator(real_date),
]
Question = Annotated[
    str,
    Field(
        max_length=2000,
        description="The question, in Swedish or English (1–2000 characters; the server's "
        "`answer.max_question_chars` may set a lower limit). An empty one gets 422 "
        "`invalid_question`.",
    ),
    AfterValidator(clean_text),
]
FilterText = Annotated[str, Field(max_length=200), AfterValidator(clean_text)]
MessageText = Annotated[str, Field(max_length=20000), AfterValidator(clean_text)]
TopK = Annotated[
    StrictInt, Field(ge=1, le=50, description="Most sources an ordinary answer cites.")
]
Flag = StrictBool
