"""What one import read and changed (kept apart from the importers: reading it needs no pandas)."""

from __future__ import annotations

from dataclasses import dataclass, field

from partyscreen.store.bulk import MergeCounts


@dataclass
class ImportResult:
    """What one import read and changed."""

    kind: str
    file: str
    batch_id: int
    rows: int
    counts: MergeCounts
    encoding: str
    warnings: list[str] = field(default_factory=list)
    created_missing: int = 0

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{self.file}: {self.rows} {self.kind} row(s) [{self.encoding}] - "
            f"{c.inserted} new, {c.updated} updated, {c.unchanged} unchanged (batch {self.batch_id})"
        )
        if self.created_missing:
            text += f"; {self.created_missing} missing entit(ies) created"
        return text
