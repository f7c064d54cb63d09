"""Importers for partyscreen's CSV contracts and for published list formats. Each import is one transaction.

Formats: ``csv`` (our list contract), ``measures``, ``ofac`` (SDN legacy CSV), ``csl`` (US
Consolidated Screening List), ``ftm`` (OpenSanctions FollowTheMoney JSON lines).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partyscreen.store.importers.csl import import_csl
    from partyscreen.store.importers.entities import import_entities
    from partyscreen.store.importers.ftm import import_ftm
    from partyscreen.store.importers.holdings import import_holdings
    from partyscreen.store.importers.lists import import_list, import_measures
    from partyscreen.store.importers.ofac import import_ofac
    from partyscreen.store.importers.result import ImportResult

LIST_FORMATS = ("csv", "measures", "ofac", "csl", "ftm")
_MODULES = {
    "ImportResult": "result",
    "import_csl": "csl",
    "import_entities": "entities",
    "import_ftm": "ftm",
    "import_holdings": "holdings",
    "import_list": "lists",
    "import_measures": "lists",
    "import_ofac": "ofac",
}
"""Where each name of this package lives: loaded when first used, so a register import (which
needs none of the pandas-based importers) does not pay for importing pandas."""


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)


def guess_format(path: str | Path, encoding: str | None = None) -> str:
    """The list format of a file: ftm (JSON lines of entities), ofac (sdn.csv), csl, measures or csv.

    Rule: JSON lines whose first object has ``id`` and ``schema`` are FtM; a file named
    ``sdn.csv`` or whose first record looks like an SDN row is OFAC; otherwise the CSV header
    decides (CSL columns, measure columns), and anything else is our list CSV.
    """
    from partyscreen.store.csvfile import open_csv
    from partyscreen.store.importers.csl import is_csl_file
    from partyscreen.store.importers.ftm import is_ftm_file
    from partyscreen.store.importers.lists import is_measures_file
    from partyscreen.store.importers.ofac import is_ofac_file

    file = Path(path)
    if file.is_file() and is_ftm_file(file):
        return "ftm"
    if file.is_file() and is_ofac_file(file):
        return "ofac"
    source = open_csv(file, encoding)
    if is_csl_file(source):
        return "csl"
    return "measures" if is_measures_file(source) else "csv"


__all__ = [
    "ImportResult",
    "LIST_FORMATS",
    "guess_format",
    "import_csl",
    "import_entities",
    "import_ftm",
    "import_holdings",
    "import_list",
    "import_measures",
    "import_ofac",
]
