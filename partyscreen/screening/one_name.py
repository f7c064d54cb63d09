"""The subject of a one-name look-up (``Screener.screen_name``, ``match``'s cached ``Lookup``).

Rules (one helper, so the two paths cannot drift apart):
- The name is stripped; an empty name is no subject (no hits).
- A name over ``settings.MAX_NAME_CHARS`` characters is a ``UsageError`` ("…: not screened"),
  as a screened file reports such a row.
- The country may be a code or a name in any language (``countries.country_code``); identifiers
  are ``(scheme, value)`` pairs or a ``{scheme: value}`` dict.
"""

from __future__ import annotations

from collections.abc import Iterable

from partyscreen import settings
from partyscreen.errors import UsageError
from partyscreen.screening.countries import country_code
from partyscreen.screening.hits import SubjectResult


def name_subject(
    name: str,
    country: str | None = None,
    role: str | None = None,
    identifiers: Iterable[tuple[str, str]] | dict[str, str] | None = None,
) -> SubjectResult | None:
    """The subject to match for one name, None for an empty name (see module rules)."""
    if not isinstance(name, str):
        raise UsageError(f"name: expected a string, not {type(name).__name__}")
    pairs = list(identifiers.items()) if isinstance(identifiers, dict) else list(identifiers or [])
    text = name.strip()
    if too_long := settings.name_too_long(text):
        raise UsageError(f"{too_long}: not screened")
    if not text:
        return None
    return SubjectResult(0, "", text, country_code(country or ""), role or "", pairs)
