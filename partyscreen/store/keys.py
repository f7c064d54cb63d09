"""Keys made of several fields, in one unambiguous text form (holding and measure ids).

Rule: each field is escaped (a backslash becomes two, ``|`` becomes ``\\|``) and the escaped
fields are joined with ``|``. Different tuples of fields never give the same key — the holding
``P|Q`` → ``R`` is ``P\\|Q|R|…`` while ``P`` → ``Q|R`` is ``P|Q\\|R|…`` — and fields without ``|``
or a backslash give the plain ``a|b|c`` join, so keys written before this rule stay the same.
"""

from __future__ import annotations

import pandas as pd

SEPARATOR = "|"
ESCAPE = "\\"


def escape_field(values: pd.Series) -> pd.Series:
    """Each value with backslashes doubled and ``|`` escaped (the backslash first)."""
    return values.str.replace(ESCAPE, ESCAPE + ESCAPE, regex=False).str.replace(SEPARATOR, ESCAPE + SEPARATOR, regex=False)


def field_key(*fields: pd.Series) -> pd.Series:
    """The key of each row of the given columns (strings; '' for an empty field), see module rule."""
    escaped = [escape_field(f) for f in fields]
    key = escaped[0]
    for part in escaped[1:]:
        key = key + SEPARATOR + part
    return key
