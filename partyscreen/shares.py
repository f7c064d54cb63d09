"""Exact ownership shares.

A share is stored and compared as an integer number of millionths of a percent
(``50%`` is ``50_000_000``, ``33.3333%`` is ``33_333_300``), so that sums such as
33.3333 + 16.6667 are exactly 50 and a threshold of 50% is never missed by float
rounding. Six decimal places of a percent is the precision partyscreen keeps: an
input with more is rejected rather than silently rounded across a threshold.
"""

from __future__ import annotations

from functools import lru_cache

from decimal import Decimal, InvalidOperation

UNITS_PER_PERCENT = 1_000_000
"""Millionths of a percent in one percent."""

HUNDRED_PERCENT = 100 * UNITS_PER_PERCENT
"""The whole capital (100%) in share units."""

DECIMAL_PLACES = 6


def parse_percent(text: str) -> int:
    """Parse a percentage such as ``"50"``, ``"33.3333"`` or ``"12.5%"`` into share units.

    Raises:
        ValueError: not a number, more than six decimal places, or outside [0, 100].
    """
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    scaled = value * UNITS_PER_PERCENT
    if scaled != scaled.to_integral_value():
        raise ValueError(
            f"{text!r} has more than {DECIMAL_PLACES} decimal places (partyscreen keeps shares exactly to 0.000001%)"
        )
    units = int(scaled)
    if not 0 <= units <= HUNDRED_PERCENT:
        raise ValueError(f"{text!r} is outside [0, 100]")
    return units


@lru_cache(maxsize=1 << 16)  # output files repeat the same few shares over and over
def format_percent(units: int) -> str:
    """Render share units as an exact decimal percent string without trailing zeros (``50``, ``33.3333``)."""
    whole, frac = divmod(abs(int(units)), UNITS_PER_PERCENT)
    sign = "-" if units < 0 else ""
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:06d}".rstrip("0")
