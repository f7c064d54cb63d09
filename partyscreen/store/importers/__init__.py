"""Importers for partyscreen's CSV contracts and for published list formats. Each import is one transaction.

Formats: ``csv`` (our list contract), ``measures``, ``ofac`` (SDN legacy CSV), ``csl`` (US
Consolidated Screening List), ``ftm`` (OpenSanctions FollowTheMoney JSON lines).
"""

from __future__ import annotations

from pathlib import Path

from partyscreen.store.csvfile import open_csv
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.importers.csl import import_csl, is_csl_file
from partyscreen.store.importers.entities import import_entities
from partyscreen.store.importers.holdings import import_holdings
from partyscreen.store.importers.ftm import import_ftm, is_ftm_file
from partyscreen.store.importers.lists import import_list, import_measures, is_measures_file
from partyscreen.store.importers.ofac import import_ofac, is_ofac_file

LIST_FORMATS = ("csv", "measures", "ofac", "csl", "ftm")


def guess_format(path: str | Path, encoding: str | None = None) -> str:
    """The list format of a file: ftm (JSON lines of entities), ofac (sdn.csv), csl, measures or csv.

    Rule: JSON lines whose first object has ``id`` and ``schema`` are FtM; a file named
    ``sdn.csv`` or whose first record looks like an SDN row is OFAC; otherwise the CSV header
    decides (CSL columns, measure columns), and anything else is our list CSV.
    """
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
