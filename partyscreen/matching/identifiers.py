"""Identifiers as secondary evidence: equal is decisive, conflicting rules a pair out.

Rule: identifiers are compared scheme by scheme after normalisation (scheme lower-cased; value
upper-cased with spaces, dots, dashes and slashes removed). Same scheme and same value →
decisive (score 100). Same scheme, different values → the pair is ruled out, unless the
candidate also carries the query's value under that scheme (entities can hold several
registration numbers). Schemes present on one side only say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

Identifiers = Mapping[str, str] | Iterable[tuple[str, str]]

_STRIP_RE = re.compile(r"[\s.\-/]+")


def normalize_identifiers(identifiers: Identifiers | None) -> frozenset[tuple[str, str]]:
    """Return identifiers as a set of normalised (scheme, value) pairs.

    Args:
        identifiers: A mapping scheme → value, or an iterable of (scheme, value) pairs.
    """
    if not identifiers:
        return frozenset()
    items = identifiers.items() if isinstance(identifiers, Mapping) else identifiers
    out = set()
    for scheme, value in items:
        if scheme and value:
            out.add((str(scheme).strip().lower(), _STRIP_RE.sub("", str(value)).upper()))
    return frozenset(out)


def compare_identifiers(
    query: frozenset[tuple[str, str]], candidate: frozenset[tuple[str, str]]
) -> tuple[str, str] | None:
    """Compare identifier sets.

    Returns:
        ``("equal", "scheme:value")`` when a (scheme, value) is shared; ``("conflict",
        "scheme: a ≠ b")`` when a scheme is on both sides with no shared value; None when the
        identifiers say nothing.
    """
    if not query or not candidate:
        return None
    shared = query & candidate
    if shared:
        scheme, value = min(shared)
        return "equal", f"{scheme}:{value}"
    q_schemes = {s for s, _ in query}
    for scheme in sorted(q_schemes & {s for s, _ in candidate}):
        q_vals = sorted(v for s, v in query if s == scheme)
        c_vals = sorted(v for s, v in candidate if s == scheme)
        return "conflict", f"{scheme}: {','.join(q_vals)} ≠ {','.join(c_vals)}"
    return None
