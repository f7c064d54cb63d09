"""Country values as screened parties give them: ISO codes or names in any language."""

from __future__ import annotations

from functools import lru_cache

COUNTRY_CACHE = 4096
"""Distinct country values remembered (a customer master repeats a few hundred values millions of times)."""


@lru_cache(maxsize=COUNTRY_CACHE)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 for a code or a country name in any language; None if unknown."""
    text = value.strip()
    if not text:
        return None
    from rigour.territories import lookup_territory

    territory = lookup_territory(text)
    if territory is None:
        return None
    code = str(territory.code).split("-")[0]
    return code.upper() if len(code) == 2 else None
