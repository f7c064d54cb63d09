"""Which entities form one listed party: a list entry's own entity and the entities accepted links join it to.

Rules (the one place that says it; the store reads the links, ``partyscreen.store.links.party_map``):

- An accepted link of a list entry to an entity makes the entry's own entity (its placeholder
  ``<list>:<entry>``, or the ``entity_id`` its list file gave) and the linked entity one party.
  Links chain: entities joined by any sequence of accepted links are one party (an entity linked
  from entries of two lists is one party naming both; an entry linked to an entity that is
  itself listed joins that listing's party).
- A party is named by one of its members, its *representative*: a member no accepted link leads
  away from (the registry entity the entries were linked to), the lowest id when there are
  several (or none: links in a cycle). The representative
  is what the engine roots, screening hits and paths show; every member's holdings (either
  direction), names and identifiers count as the party's, and a holding between two members of
  one party is inside the party (not a holding).
- Unlinking (a link rejected after it was accepted) splits the party again: the map is computed
  from the accepted links as they are, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PartyLink:
    """One accepted link: ``own_id`` (the entry's own entity) is ``entity_id``."""

    list_id: str
    entry_id: str
    own_id: str
    entity_id: str
    method: str = "manual"
    score: float = 0.0
    explanation: str = ""
    decided_by: str = ""
    decided_at: object = None
    reason: str = ""

    def describe(self) -> str:
        """``list entry L:E is ENTITY (linked by name match, score 91, accepted by alice on 2026-01-02)``."""
        when = self.decided_at.isoformat()[:10] if hasattr(self.decided_at, "isoformat") else str(self.decided_at or "")[:10]
        how = "by hand" if self.method == "manual" else f"by {self.method} match, score {float(self.score):g}"
        who = f", accepted by {self.decided_by}" + (f" on {when}" if when else "") if self.decided_by else ""
        return f"list entry {self.list_id}:{self.entry_id} is {self.entity_id} (linked {how}{who})"


@dataclass
class PartyMap:
    """Entities grouped into parties by accepted links (see the module rules).

    Only entities in a link appear; every other entity is a party of its own.
    """

    representative: dict[str, str] = field(default_factory=dict)
    """Member -> its party's representative (members of multi-entity parties only)."""
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Representative -> every member, the representative first, then in id order."""
    links: dict[str, tuple[PartyLink, ...]] = field(default_factory=dict)
    """Representative -> the accepted links that make its party."""

    @classmethod
    def from_links(cls, links: Iterable[PartyLink]) -> "PartyMap":
        """The parties the accepted ``links`` make."""
        links = [k for k in links if k.own_id != k.entity_id]
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            root = x
            while parent.setdefault(root, root) != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        for k in links:
            a, b = find(k.own_id), find(k.entity_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
        groups: dict[str, list[str]] = {}
        for x in parent:
            groups.setdefault(find(x), []).append(x)
        leaving = {k.own_id for k in links}
        out = cls()
        for group in groups.values():
            rep = min(group, key=lambda e: (e in leaving, e))
            out.members[rep] = (rep, *sorted(e for e in group if e != rep))
            for e in group:
                out.representative[e] = rep
        by_rep: dict[str, list[PartyLink]] = {}
        for k in sorted(links, key=lambda k: (k.list_id, k.entry_id, k.entity_id)):
            by_rep.setdefault(out.representative[k.own_id], []).append(k)
        out.links = {rep: tuple(found) for rep, found in by_rep.items()}
        return out

    def __bool__(self) -> bool:
        return bool(self.representative)

    def of(self, entity_id: str) -> str:
        """The representative of the party ``entity_id`` belongs to (itself when unlinked)."""
        return self.representative.get(entity_id, entity_id)

    def group(self, entity_id: str) -> tuple[str, ...]:
        """Every member of the party ``entity_id`` belongs to (representative first)."""
        return self.members.get(self.of(entity_id), (entity_id,))

    def merged(self) -> dict[str, str]:
        """Member -> representative for every member that is not its party's representative."""
        return {e: rep for e, rep in self.representative.items() if e != rep}

    def links_of(self, entity_id: str) -> tuple[PartyLink, ...]:
        """The accepted links that make the party of ``entity_id``."""
        return self.links.get(self.of(entity_id), ())

