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
    removed: int = 0
    """Rows a full import deleted because its file lacks them (a measures file's measures)."""

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{self.file}: {self.rows} {self.kind} row(s) [{self.encoding}] - "
            f"{c.inserted} new, {c.updated} updated, {c.unchanged} unchanged"
            + (f", {self.removed} removed" if self.removed else "")
            + f" (batch {self.batch_id})"
        )
        if self.created_missing:
            text += f"; {self.created_missing} missing entit(ies) created"
        return text
