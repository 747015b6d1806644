"""Optional PII redaction at ingest (`ingest.redact_pii`): personnummer, phone numbers and
e-mail addresses in document text become `[personnummer]`, `[telefon]` and `[e-post]`.

- A personnummer (or samordningsnummer, day + 60) counts only when its date exists and
  its check digit passes the Luhn test over the ten digits, so Dnr, dates and amounts
  ("KS 2023/00315", "2023-05-25", "120 000") are left alone; 12-digit and 10-digit forms,
  with "-", "+" or nothing before the last four.
- Swedish phone numbers start with 0 or +46 and have 7–10 more digits in groups.
- Names are not redacted: officials' names in protocols are public records, and the
  answers cite who decided.
"""

from __future__ import annotations

import datetime as dt
import re

_PNR = re.compile(r"(?<![\d/-])(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})(?![\d/])")
_PHONE = re.compile(r"(?<![\w/])(?:\+46[\s-]?|0)(?:\d[\s-]?){6,9}\d(?![\w/])")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def luhn_ok(digits: str) -> bool:
    """Return True when `digits` pass the Luhn check (the last digit is the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_personnummer(match: re.Match[str]) -> bool:
    """True when a `_PNR` match is a real personnummer or samordningsnummer."""
    century, yy, mm, dd, _sep, tail = match.groups()
    day = int(dd) - 60 if int(dd) > 60 else int(dd)
    year = int((century or "19") + yy)
    try:
        dt.date(year, int(mm), day)
    except ValueError:
        return False
    return luhn_ok(yy + mm + dd + tail)


def redact_pii(text: str) -> str:
    """Return `text` with personnummer, e-mail addresses and phone numbers replaced."""
    text = _EMAIL.sub("[e-post]", text)
    text = _PNR.sub(lambda m: "[personnummer]" if is_personnummer(m) else m.group(), text)
    return _PHONE.sub("[telefon]", text)
