"""Restricted-party lists partyscreen knows by id: display name, authority, official URL.

A list id not in this catalogue can still be imported; it is then named by its id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListInfo:
    id: str
    name: str
    authority: str
    url: str | None = None


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
        ),
        ListInfo("us-bis-entity", "Entity List", "US Commerce BIS", "https://www.bis.gov/entity-list"),
        ListInfo("us-bis-meu", "Military End-User List", "US Commerce BIS", "https://www.bis.gov/"),
        ListInfo("us-bis-dpl", "Denied Persons List", "US Commerce BIS", "https://www.bis.gov/"),
        ListInfo("us-bis-uvl", "Unverified List", "US Commerce BIS", "https://www.bis.gov/"),
        ListInfo("eu-fsf", "EU Financial Sanctions Files (consolidated list)", "European Commission", None),
        ListInfo("uk-sanctions-list", "UK Sanctions List", "UK FCDO / OFSI", None),
    )
}


def describe(list_id: str) -> ListInfo:
    return KNOWN_LISTS.get(list_id, ListInfo(list_id, list_id, "", None))
