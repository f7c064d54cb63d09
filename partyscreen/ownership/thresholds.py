"""Exact threshold tests on integer share sums, with exclusive bounds.

A sum of lower bounds ``low`` is *certainly* at the threshold T when every value the holdings can
take reaches it: under ``>=`` that is ``low >= T``; under ``>`` it is ``low > T``, or ``low == T``
when one of the summed minimums is exclusive (two PSC "more than 25%" holders are > 50% together).
A sum of upper bounds ``high`` *possibly* reaches T when some value does: under ``>`` that is
``high > T``; under ``>=`` it is ``high > T``, or ``high == T`` when no summed maximum is
exclusive. All arguments may be numpy arrays (elementwise) or Python ints.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def certainly_reaches(low: Any, any_low_exclusive: Any, threshold: int, strict: bool) -> Any:
    """True where the sum of lower bounds guarantees the threshold."""
    if strict:
        return (low > threshold) | ((low == threshold) & (np.asarray(any_low_exclusive) > 0))
    return low >= threshold


def possibly_reaches(high: Any, any_high_exclusive: Any, threshold: int, strict: bool) -> Any:
    """True where the sum of upper bounds allows the threshold."""
    if strict:
        return high > threshold
    return (high > threshold) | ((high == threshold) & ~(np.asarray(any_high_exclusive) > 0))
