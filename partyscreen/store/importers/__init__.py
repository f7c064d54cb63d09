"""Importers for partyscreen's CSV contracts (see ``design.md``). Each import is one transaction."""

from partyscreen.store.importers.common import ImportResult
from partyscreen.store.importers.entities import import_entities
from partyscreen.store.importers.holdings import import_holdings
from partyscreen.store.importers.lists import import_list, import_measures

__all__ = ["ImportResult", "import_entities", "import_holdings", "import_list", "import_measures"]
