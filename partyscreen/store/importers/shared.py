"""Small parsers the register importers share: dates, percentages, identifier schemes, countries."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from partyscreen.shares import HUNDRED_PERCENT, parse_percent

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
LEI = re.compile(r"[0-9A-Z]{18}[0-9]{2}")

SCHEMES = {
    "XI-LEI": "lei",
    "LEI": "lei",
    "GB-COH": "gb-coh",
    "CN-SAIC": "uscc",
    "CN-USCC": "uscc",
}
"""org-id.guide scheme codes (as BODS uses them) → partyscreen identifier schemes; others are
kept lower-cased (``DK-CVR`` → ``dk-cvr``)."""


class BadValue(ValueError):
    """A value that cannot be read; the message says what was expected."""


def parse_date(value: object, *, end: bool = False) -> date | None:
    """An ISO 8601 date (``2019-05-03``, a timestamp's date part, or a partial ``2019``/``2019-05``).

    A partial date is its first day; with ``end=True`` a partial date is the first day after it
    (an interest that ended in ``2019`` is over on 2020-01-01). Empty is None.
    """
    if value is None or value == "":
        return None
    return _parse_date(str(value).strip(), end)


@lru_cache(maxsize=1 << 14)  # register files repeat the same few dates
def _parse_date(text: str, end: bool) -> date | None:
    found = _DATE.match(text)
    if not found:
        raise BadValue(f"{text!r} is not an ISO 8601 date")
    year, month, day = int(found.group(1)), found.group(2), found.group(3)
    try:
        first = date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise BadValue(f"{text!r} is not a valid date") from None
    if not end or day:
        return first
    if month:
        return date(year + (first.month == 12), first.month % 12 + 1, 1)
    return date(year + 1, 1, 1)


def percent(value: object) -> int:
    """A percentage given as a JSON number or string → share units (exact, six decimals at most)."""
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{value!r} is not a percentage")
    return _percent(repr(value) if isinstance(value, float) else str(value))


@lru_cache(maxsize=1 << 14)
def _percent(text: str) -> int:
    try:
        Decimal(text.strip().removesuffix("%"))
    except InvalidOperation:
        raise BadValue(f"{text!r} is not a number") from None
    try:
        return parse_percent(text)
    except ValueError as exc:
        raise BadValue(str(exc)) from None


def check_range(low: int | None, high: int | None, low_x: bool, high_x: bool) -> None:
    """Reject a share range that is empty (min above max, or an exclusive bound on a single point)."""
    lo = 0 if low is None else low
    hi = HUNDRED_PERCENT if high is None else high
    if lo > hi or (lo == hi and (low_x or high_x)):
        raise BadValue("the share range is empty (minimum above maximum)")


def scheme_of(code: str) -> str:
    """The partyscreen identifier scheme of an org-id.guide code."""
    code = code.strip()
    return SCHEMES.get(code.upper(), code.lower())


def identifier(scheme: str, value: str) -> tuple[str, str]:
    """``(scheme, value)`` normalised the way identifiers are compared (LEI, USCC upper-case)."""
    value = value.strip()
    if scheme in ("lei", "uscc", "gb-coh"):
        value = value.upper()
    return scheme, value


def entity_id_for(identifiers: list[tuple[str, str]]) -> str | None:
    """A stable entity id from the strongest identifier: ``lei:…``, then ``gb-coh:…``, then ``uscc:…``."""
    by_scheme = dict(reversed(identifiers))
    for scheme in ("lei", "gb-coh", "uscc"):
        if scheme in by_scheme and by_scheme[scheme]:
            return f"{scheme}:{by_scheme[scheme]}"
    return None


def country_code(value: object) -> str | None:
    """A two-letter country code (two ASCII letters, upper-cased), or None."""
    if isinstance(value, dict):
        value = value.get("code")
    if isinstance(value, str):
        if len(value) != 2:
            value = value.strip()
        if len(value) == 2 and value.isascii() and value.isalpha():
            return value.upper()
    return None
