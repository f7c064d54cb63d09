"""Restricted-party lists partyscreen knows by id: display name, authority, official URL, how to load.

A list id not in this catalogue can still be imported; it is then named by its id.
``how_to_load(list_id)`` tells a user what loads a list (an error about a missing list says it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListInfo:
    id: str
    name: str
    authority: str
    url: str | None = None
    source: str = ""
    """What loads the list (a sentence for a user): see :func:`how_to_load`."""


CSL_URL = "https://data.trade.gov/downloads/consolidated-screening-list/consolidated.csv"
_CSL = f"import the US Consolidated Screening List CSV ({CSL_URL}): `partyscreen lists import consolidated.csv`"
_SDN = (
    "import OFAC's legacy SDN files (sdn.csv, with alt.csv and add.csv beside it, from "
    "https://ofac.treasury.gov/sanctions-list-service): `partyscreen lists import sdn.csv`; the US "
    "Consolidated Screening List CSV loads it too: `partyscreen lists import consolidated.csv`"
)


def _opensanctions(list_id: str, dataset: str) -> str:
    return (
        f"import OpenSanctions' export of it (https://data.opensanctions.org/datasets/latest/{dataset}/entities.ftm.json): "
        f"`partyscreen lists import entities.ftm.json --list {list_id}`, or a list CSV with `--list {list_id}`"
    )


KNOWN_LISTS: dict[str, ListInfo] = {
    info.id: info
    for info in (
        ListInfo(
            "cn-mofcom-export-control",
            "Export Control List (出口管制管控名单)",
            "PRC Ministry of Commerce (MOFCOM)",
            "https://www.mofcom.gov.cn/",
        ),
        ListInfo("cn-mofcom-watch", "Watch List (关注名单)", "PRC Ministry of Commerce (MOFCOM)", "https://www.mofcom.gov.cn/"),
        ListInfo(
            "cn-unreliable-entity",
            "Unreliable Entity List (不可靠实体清单)",
            "PRC Unreliable Entity List Working Mechanism (MOFCOM)",
            "https://www.mofcom.gov.cn/",
        ),
        ListInfo(
            "cn-countermeasures",
            "Anti-Foreign Sanctions Law countermeasures (反制措施)",
            "PRC Ministry of Foreign Affairs",
            "https://www.mfa.gov.cn/",
        ),
        ListInfo(
            "us-ofac-sdn",
            "Specially Designated Nationals and Blocked Persons List",
            "US Treasury OFAC",
            "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
            _SDN,
        ),
        ListInfo("us-bis-entity", "Entity List", "US Commerce BIS", "https://www.bis.gov/entity-list", _CSL),
        ListInfo("us-bis-meu", "Military End-User List", "US Commerce BIS", "https://www.bis.gov/", _CSL),
        ListInfo("us-bis-dpl", "Denied Persons List", "US Commerce BIS", "https://www.bis.gov/", _CSL),
        ListInfo("us-bis-uvl", "Unverified List", "US Commerce BIS", "https://www.bis.gov/", _CSL),
        ListInfo(
            "eu-fsf", "EU Financial Sanctions Files (consolidated list)", "European Commission", None,
            _opensanctions("eu-fsf", "eu_fsf"),
        ),
        ListInfo("uk-sanctions-list", "UK Sanctions List", "UK FCDO / OFSI", None, _opensanctions("uk-sanctions-list", "gb_fcdo_sanctions")),
    )
}


def describe(list_id: str) -> ListInfo:
    return KNOWN_LISTS.get(list_id, ListInfo(list_id, list_id, "", None))


CSL_PREFIXES = ("us-ofac-", "us-bis-", "us-state-", "us-csl-")
"""List ids the CSL importer writes (one list per CSL source)."""


def how_to_load(list_id: str, bundled: frozenset[str] = frozenset()) -> str:
    """What loads ``list_id``: the bundled files (``bundled``: the list ids shipped in ``lists/``),
    the catalogue's source, the CSL file for US lists, else a list CSV of the user's own."""
    if list_id in bundled:
        return "`partyscreen lists update` loads it (it is bundled with partyscreen)"
    info = KNOWN_LISTS.get(list_id)
    if info is not None and info.source:
        return info.source
    if list_id.startswith(CSL_PREFIXES):
        return _CSL
    return f"import it as a list CSV: `partyscreen lists import FILE --list {list_id}`"
