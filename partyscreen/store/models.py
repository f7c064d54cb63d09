"""The database model: SQLModel tables shared by SQLite and PostgreSQL.

Rules the schema encodes:
- Shares are integers in millionths of a percent (``partyscreen.shares``), never floats.
  ``share_min == share_max`` is an exact share; both NULL is a stake of unknown size.
- A holding is in force on day D when ``start_date <= D < end_date`` (open ends allowed).
- A list entry stays published while its measures are suspended or ended: those periods are
  ``list_measure`` rows, matched to entries by ``entry_id`` or, when that is empty, by the
  announcement ``reference`` they share.
- Every imported row carries the ``import_batch`` that last wrote it (the audit trail).

Migrations in ``migrations/`` must create exactly this schema (a test checks there is no drift).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

ENTITY_KINDS = ("organization", "person", "branch", "vessel", "unknown")
RELATIONS = ("shareholding", "voting", "branch", "control")
NAME_TYPES = ("primary", "alias", "former", "local")
MEASURE_STATUSES = ("suspended", "ended")


def _batch_fk(index: bool = False) -> Any:
    """The import batch that last wrote the row (indexed only where lookups by batch happen)."""
    return Field(default=None, foreign_key="import_batch.id", index=index)


class ImportBatch(SQLModel, table=True):
    """One import of one file: what was read, its checksum, and what it changed."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # entities | holdings | list | measures | ...
    file_name: str
    checksum: str = Field(max_length=64)  # sha256 of the file's bytes
    encoding: str = Field(max_length=32)
    list_id: str | None = Field(default=None, max_length=100)
    row_count: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    started_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    finished_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    tool_version: str = Field(max_length=32)
    group_id: int | None = None
    """The first batch of the command that wrote this one, when one command wrote several in one
    transaction (``lists update``: one batch per bundled file); NULL: the batch stands alone."""


class Entity(SQLModel, table=True):
    """A legal or natural person (or branch, vessel) that can own, be owned, or be listed."""

    __tablename__ = "entity"

    id: str = Field(primary_key=True, max_length=200)
    name: str
    kind: str = Field(default="unknown", max_length=16)
    country: str | None = Field(default=None, max_length=2)
    address: str | None = None
    batch_id: int | None = _batch_fk()


class EntityName(SQLModel, table=True):
    """A name an entity goes by, with the comparison form the matcher starts from.

    ``source`` says which import owns the name (``entities`` or ``list:<list_id>``), so that
    re-importing one file replaces only the names that file gave.
    """

    __tablename__ = "entity_name"
    __table_args__ = (sa.Index("ix_entity_name_entity_id_source", "entity_id", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, ondelete="CASCADE")
    name: str
    normalized: str
    name_type: str = Field(default="primary", max_length=16)
    lang: str | None = Field(default=None, max_length=8)
    source: str = Field(max_length=120)
    batch_id: int | None = _batch_fk()


class Identifier(SQLModel, table=True):
    """An identifier of an entity (``lei``, ``uscc``, ``duns``, ``imo``, ``ofac_uid``...)."""

    __tablename__ = "identifier"
    __table_args__ = (
        sa.Index("ix_identifier_scheme_value", "scheme", "value"),
        sa.Index("ix_identifier_entity_id_source", "entity_id", "source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, ondelete="CASCADE")
    scheme: str = Field(max_length=40)
    value: str = Field(max_length=200)
    source: str = Field(max_length=120)
    batch_id: int | None = _batch_fk()


class Holding(SQLModel, table=True):
    """owner → owned: a shareholding, voting right, branch or control relation, dated.

    ``id`` is the file's ``id`` column when given, else the key of the fields owner, owned,
    relation and start_date (``partyscreen.store.keys.field_key``: escaped, so ids holding ``|``
    never make two holdings one).
    """

    __tablename__ = "holding"

    id: str = Field(primary_key=True, max_length=500)
    owner_id: str = Field(foreign_key="entity.id", max_length=200, index=True)
    owned_id: str = Field(foreign_key="entity.id", max_length=200, index=True)
    relation: str = Field(default="shareholding", max_length=16)
    share_min: int | None = Field(default=None, sa_type=sa.BigInteger)
    share_max: int | None = Field(default=None, sa_type=sa.BigInteger)
    min_exclusive: bool = False
    max_exclusive: bool = False
    start_date: date | None = None
    end_date: date | None = None
    source: str | None = None
    batch_id: int | None = _batch_fk()


class RestrictedList(SQLModel, table=True):
    """A restricted-party list such as ``cn-mofcom-export-control`` or ``us-ofac-sdn``."""

    __tablename__ = "list"

    id: str = Field(primary_key=True, max_length=100)
    name: str
    authority: str | None = None
    url: str | None = None
    batch_id: int | None = _batch_fk()


class ListEntry(SQLModel, table=True):
    """An entry of a list as published, tied to the entity it designates."""

    __tablename__ = "list_entry"
    __table_args__ = (sa.UniqueConstraint("list_id", "entry_id"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: str = Field(foreign_key="list.id", max_length=100, index=True)
    entry_id: str = Field(max_length=200)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, index=True)
    name: str
    aliases: str | None = None
    name_zh: str | None = None
    kind: str = Field(default="unknown", max_length=16)
    country: str | None = Field(default=None, max_length=200)  # every country the entry gives: ISO codes joined with ';'
    address: str | None = None
    listed_on: date | None = None
    delisted_on: date | None = None
    reference: str | None = None
    url: str | None = None
    batch_id: int | None = _batch_fk(index=True)


class ListMeasure(SQLModel, table=True):
    """A dated period in which the measures on entries are ``suspended`` or ``ended``.

    Applies to the entry ``entry_id`` of ``list_id``, or, when ``entry_id`` is empty, to every
    entry of the list published by announcement ``reference``. An empty ``start_date`` means in
    effect from an unknown earlier date; an empty ``end_date`` means open-ended.
    """

    __tablename__ = "list_measure"

    id: str = Field(primary_key=True, max_length=500)
    list_id: str = Field(foreign_key="list.id", max_length=100, index=True)
    reference: str | None = None
    entry_id: str | None = Field(default=None, max_length=200)
    status: str = Field(max_length=16)
    start_date: date | None = None
    end_date: date | None = None
    announced_on: date | None = None
    url: str | None = None
    note: str | None = None
    batch_id: int | None = _batch_fk()


REGIME_STATUSES = ("in_force", "suspended", "ended")


class RegimeFactRecord(SQLModel, table=True):
    """One dated fact of a regime timeline (``lists/regimes.csv``; see ``partyscreen.regimes``).

    ``end_date`` is the *last* day the fact holds (inclusive, as the announcements say "至…"),
    unlike ``list_measure.end_date``. ``id`` is ``regime|article|status|start_date|reading``.
    ``source`` is ``bundled`` for the shipped facts, else the file a user imported: ``lists
    update`` replaces only the bundled facts, and never one a user's file restated.
    """

    __tablename__ = "regime_fact"

    id: str = Field(primary_key=True, max_length=300)
    regime: str = Field(max_length=100, index=True)
    article: str = Field(default="", max_length=32)
    status: str = Field(max_length=16)
    start_date: date | None = None
    end_date: date | None = None
    reading: str = Field(default="", max_length=32)
    announcement: str | None = None
    reference: str | None = None
    announced_on: date | None = None
    url: str | None = None
    note: str | None = None
    source: str = Field(default="bundled", max_length=500)
    batch_id: int | None = _batch_fk()


CHANGE_ITEMS = ("entry", "measure")
CHANGE_KINDS = ("added", "changed", "removed")


class ListVersionRecord(SQLModel, table=True):
    """One version of one list: what one import (of the list or of its measures) made of it.

    ``as_of`` is the date of the newest source the version rests on (``as_of_basis`` says how it
    was found: ``given`` by the user, ``source`` dates in the file, or the file's ``file-date``).
    ``full`` versions replace the list: entries they lack were recorded as removed.
    """

    __tablename__ = "list_version"
    __table_args__ = (sa.UniqueConstraint("batch_id", "list_id"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True)
    list_id: str = Field(foreign_key="list.id", max_length=100, index=True)
    as_of: date | None = None
    as_of_basis: str = Field(default="source", max_length=16)
    full: bool = True
    entries: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    measures_changed: int = 0


class ListChange(SQLModel, table=True):
    """One change an import made to one list entry or measure, with the item's content after it.

    ``content`` is canonical JSON of the item's fields (for ``removed``: its last content), so the
    state of a list after any batch is the latest non-removed change of each item up to it.
    """

    __tablename__ = "list_change"
    __table_args__ = (sa.Index("ix_list_change_list_id_item_item_id", "list_id", "item", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True)
    list_id: str = Field(max_length=100)
    item: str = Field(max_length=16)  # entry | measure
    item_id: str = Field(max_length=500)
    change: str = Field(max_length=16)  # added | changed | removed
    content: str | None = None

class AffiliationRun(SQLModel, table=True):
    """One materialised result set of the ownership engine: a policy, a date, and the data it saw.

    ``data_version`` is the number of committed import batches, read before the run's inputs: a run
    is stale once any later import has committed. A result set is stored once per
    (policy settings, as_of, data version) and shared by every ``affiliates`` and ``screen`` that
    asks the same question of the same data; ``used_at`` is when one last did (``prune`` keeps
    what was used recently or what a kept screening run references).
    """

    __tablename__ = "affiliation_run"
    __table_args__ = (sa.UniqueConstraint("policy_digest", "as_of", "data_version"),)

    id: int | None = Field(default=None, primary_key=True)
    policy: str = Field(max_length=100)
    policy_digest: str = Field(max_length=64)  # sha256 of the policy's settings: a changed policy is a new run
    as_of: date
    lists: str
    data_version: int
    computed_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    caught: int = 0
    duration_ms: int = 0
    used_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class AffiliationRecord(SQLModel, table=True):
    """One entity the engine caught in a run (the ``affiliates`` output contract, stored)."""

    __tablename__ = "affiliation"
    __table_args__ = (sa.UniqueConstraint("run_id", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="affiliation_run.id", ondelete="CASCADE")
    entity_id: str = Field(foreign_key="entity.id", max_length=200, index=True)
    status: str = Field(max_length=24)
    share_min: int = Field(sa_type=sa.BigInteger)
    share_max: int = Field(sa_type=sa.BigInteger)
    lookthrough: str | None = None
    depth: int = 0
    roots: str
    path: str
    reasons: str | None = None
    explanation: str | None = None  # JSON: contributing owners and root measure states


class ScreeningInput(SQLModel, table=True):
    """The screened fields of every row of one input, stored once per distinct content.

    ``digest`` is the sha256 of the rows' canonical screened fields (see
    ``partyscreen.screening.record``): screening the same records again (a nightly re-screen of
    an unchanged customer master) references the stored rows instead of copying them.
    """

    __tablename__ = "screening_input"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True)
    rows: int = 0
    created_at: datetime = Field(sa_type=sa.DateTime(timezone=True))


class ScreeningRun(SQLModel, table=True):
    """One screening of one input (a file, a frame, or the nightly customer master).

    What it takes to re-run it exactly (``screen --reproduce``): the input rows (``input_id``),
    the policy's settings (``policy_settings``, JSON), date, threshold, the tool version, and the
    data it saw (``snapshot``: the import batches committed when it read the database, as JSON
    ``{"max_batch": N, "missing": [...]}``; every versioned table keeps the rows later batches
    replaced, see ``partyscreen.store.versions``).
    """

    __tablename__ = "screening_run"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="screen", max_length=16)  # screen | monitor | name
    input_name: str | None = None
    checksum: str | None = Field(default=None, max_length=64)
    policy: str = Field(max_length=100)
    as_of: date
    lists: str
    min_score: float
    list_versions: str  # JSON: list id -> latest import batch id and source date
    affiliation_run_id: int | None = Field(default=None, foreign_key="affiliation_run.id")
    input_id: int | None = Field(default=None, foreign_key="screening_input.id", index=True)
    policy_settings: str | None = None
    snapshot: str | None = None
    matcher_version: str | None = Field(default=None, max_length=80)  # MATCHER_VERSION:digest of the matcher's code
    rows: int = 0
    subjects_with_hits: int = 0
    hits: int = 0
    errors: int = 0
    started_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    finished_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    duration_ms: int = 0
    tool_version: str = Field(max_length=32)


class Subject(SQLModel, table=True):
    """A screened counterparty or customer record of one input, with a fingerprint of the fields
    screened (shared by every run of the same input; a run's hits say which subjects hit)."""

    __tablename__ = "subject"

    id: int | None = Field(default=None, primary_key=True)
    input_id: int = Field(foreign_key="screening_input.id", index=True, ondelete="CASCADE")
    row: int
    subject_id: str | None = Field(default=None, max_length=200, index=True)
    name: str | None = None
    country: str | None = Field(default=None, max_length=2)
    role: str | None = Field(default=None, max_length=40)
    identifiers: str | None = None
    fingerprint: str = Field(max_length=64)
    error: str | None = None


class Hit(SQLModel, table=True):
    """A likely match of a subject with a listed party or an affiliate of one."""

    __tablename__ = "hit"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="screening_run.id", index=True, ondelete="CASCADE")
    subject_pk: int = Field(foreign_key="subject.id", index=True)
    entity_id: str = Field(max_length=200)
    entity_name: str
    matched_name: str
    score: float
    basis: str = Field(max_length=24)  # listed | affiliate | possible_affiliate
    list_id: str | None = Field(default=None, max_length=100)
    entry_id: str | None = Field(default=None, max_length=200)
    reference: str | None = None
    url: str | None = None
    path: str | None = None
    outcome: str
    explanation: str | None = None  # JSON


class Decision(SQLModel, table=True):
    """An analyst's verdict on a subject x entity pair, valid while neither side's fingerprint changes."""

    __tablename__ = "decision"
    __table_args__ = (sa.Index("ix_decision_subject_key_entity_id", "subject_key", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_key: str = Field(max_length=200)
    entity_id: str = Field(max_length=200)
    verdict: str = Field(max_length=24)  # true_match | false_positive
    analyst: str | None = None
    note: str | None = None
    subject_fingerprint: str = Field(max_length=64)
    entity_fingerprint: str = Field(max_length=64)
    decided_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    hit_id: int | None = None
    """The ``monitor_hit`` the analyst decided (its subject and candidate state are what the
    decision binds); NULL for decisions recorded without one."""


MONITOR_STATUSES = ("new", "changed", "cleared", "suppressed", "unchanged")
VERDICTS = ("true_match", "false_positive")


class MonitorRun(SQLModel, table=True):
    """One completed nightly re-screening (``partyscreen monitor run``).

    The row is written in the same transaction as the run's subjects, candidate states and hits:
    a run that did not complete leaves no row and the previous state intact.
    """

    __tablename__ = "monitor_run"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True)  # names this state (the on-disk key index of it)
    policy: str = Field(max_length=100)
    policy_digest: str = Field(max_length=64)
    as_of: date
    min_score: float
    input_name: str | None = None
    full: bool = False
    full_reason: str | None = None
    weights_digest: str = Field(max_length=64)
    matcher_version: str = Field(max_length=80)
    subjects: int = 0  # active subjects after the run
    screened: int = 0  # subjects matched in this run
    inactivated: int = 0  # subjects missing from this run's input, marked inactive
    candidates: int = 0
    candidates_changed: int = 0
    new: int = 0
    changed: int = 0
    cleared: int = 0
    suppressed: int = 0
    unchanged: int = 0
    open: int = 0  # current hits with no decision that still holds
    warnings: str | None = None  # JSON list
    started_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    finished_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    duration_ms: int = 0
    host: str | None = Field(default=None, max_length=255)
    pid: int | None = None
    tool_version: str = Field(max_length=32)


class MonitorSubject(SQLModel, table=True):
    """A customer record the monitor screens, keyed by the customer's own id.

    ``fingerprint`` digests the screened fields (``SubjectResult.fingerprint``). A record missing
    from a run's input is marked inactive (``active`` false), never deleted. ``seq`` is a small
    integer handle (the on-disk blocking-key index refers to subjects by it).
    """

    __tablename__ = "monitor_subject"

    subject_id: str = Field(primary_key=True, max_length=200)
    seq: int = Field(unique=True)
    name: str
    country: str | None = Field(default=None, max_length=2)
    role: str | None = Field(default=None, max_length=40)
    identifiers: str | None = None  # scheme:value;...
    fingerprint: str = Field(max_length=64)
    active: bool = True
    error: str | None = None
    first_run: int | None = None
    changed_run: int | None = None  # the run that first saw the current fingerprint
    inactive_run: int | None = None


class MonitorCandidate(SQLModel, table=True):
    """What the monitor last screened against for one target (listed party or affiliate).

    ``match_digest`` digests what matching reads (names, countries, identifiers, kind);
    ``state_digest`` what a hit reports (basis, path, measure, lists, outcome); ``decision_digest``
    what a decision binds (names, basis, path, measure). ``names``/``kind`` are kept so that the
    subjects that could have matched a candidate's *former* names are found when it changes.
    """

    __tablename__ = "monitor_candidate"

    entity_id: str = Field(primary_key=True, max_length=200)
    match_digest: str = Field(max_length=64)
    state_digest: str = Field(max_length=64)
    decision_digest: str = Field(max_length=64)
    state: str  # JSON
    changed_run: int | None = None


class MonitorWeights(SQLModel, table=True):
    """The word-weight corpus the monitor scores with (pinned, see ``partyscreen.monitor``)."""

    __tablename__ = "monitor_weights"

    digest: str = Field(primary_key=True, max_length=64)
    corpus: str  # JSON [[name, kind], ...]
    created_at: datetime = Field(sa_type=sa.DateTime(timezone=True))


class MonitorLock(SQLModel, table=True):
    """Who is running ``monitor run`` now (one row at most). On PostgreSQL a session advisory lock
    is the lock and this row names its holder; on SQLite the row is the lock, taken over when its
    holder's process is gone."""

    __tablename__ = "monitor_lock"

    name: str = Field(primary_key=True, max_length=40)
    token: str = Field(max_length=64)
    host: str = Field(max_length=255)
    pid: int
    command: str | None = None
    started_at: datetime = Field(sa_type=sa.DateTime(timezone=True))


class MonitorHit(SQLModel, table=True):
    """One hit of one monitor run: every hit current after the run (``new``, ``changed``,
    ``suppressed``, ``unchanged``) and every hit the run ``cleared``."""

    __tablename__ = "monitor_hit"
    __table_args__ = (sa.Index("ix_monitor_hit_subject_id_entity_id", "subject_id", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="monitor_run.id", index=True)
    subject_id: str = Field(max_length=200)
    subject_name: str
    subject_fingerprint: str = Field(max_length=64)
    entity_id: str = Field(max_length=200)
    entity_name: str
    matched_name: str
    score: float
    basis: str = Field(max_length=24)
    list_id: str | None = None
    reference: str | None = None
    path: str | None = None
    path_ids: str | None = None
    reasons: str | None = None
    measure: str | None = None
    outcome: str
    explanation: str | None = None
    decision_digest: str = Field(max_length=64)
    status: str = Field(max_length=16)
    changes: str | None = None  # JSON list of {"field", "before", "after"}
    decision_id: int | None = None
    first_run: int | None = None  # the run the pair first became a hit (this time)


class SourceRecord(SQLModel, table=True):
    """A record of a published register (a BODS entity or person record, a GLEIF LEI record) and
    the entity it became, with the register's own status for it (GLEIF ``ACTIVE/ISSUED``).

    Later imports resolve references to records of earlier ones through this table.
    """

    __tablename__ = "source_record"

    source: str = Field(primary_key=True, max_length=40)  # bods | gleif
    record_id: str = Field(primary_key=True, max_length=300)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, index=True, ondelete="CASCADE")
    status: str | None = Field(default=None, max_length=60)
    batch_id: int | None = _batch_fk()


class ReportingException(SQLModel, table=True):
    """Why a register names no parent or owner of an entity: a GLEIF reporting exception
    (``NATURAL_PERSONS``, ``NON_CONSOLIDATING``...), a BODS interested party left unspecified, a
    UK PSC statement or a super-secure PSC. ``explain`` shows it ("parent not reported: ...")."""

    __tablename__ = "reporting_exception"

    id: str = Field(primary_key=True, max_length=500)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, index=True, ondelete="CASCADE")
    category: str = Field(max_length=80)
    reason: str = Field(max_length=120)
    detail: str | None = None
    reported_on: date | None = None
    source: str = Field(max_length=40)
    batch_id: int | None = _batch_fk()


LINK_STATUSES = ("proposed", "accepted", "rejected")
LINK_METHODS = ("identifier", "name", "manual")


class EntityLink(SQLModel, table=True):
    """A list entry linked (or proposed, or refused as a link) to the registry entity it names.

    An accepted link makes entry and entity one party: the engine roots the entry at the linked
    entity, and the screener gives it the names and identifiers of both. At most one link of an
    entry is accepted; a rejected pair is never proposed again.
    """

    __tablename__ = "entity_link"
    __table_args__ = (sa.UniqueConstraint("list_id", "entry_id", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: str = Field(max_length=100)
    entry_id: str = Field(max_length=200)
    entity_id: str = Field(foreign_key="entity.id", max_length=200, index=True, ondelete="CASCADE")
    status: str = Field(max_length=16)  # proposed | accepted | rejected
    method: str = Field(max_length=16)  # identifier | name | manual
    score: float = 0.0
    explanation: str | None = None
    proposed_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    reason: str | None = None


class LinkDecision(SQLModel, table=True):
    """Every decision on a link, in order: who, when, why (the audit trail of ``entity_link``)."""

    __tablename__ = "link_decision"

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="entity_link.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=16)
    decided_by: str
    decided_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    reason: str


class AuditEvent(SQLModel, table=True):
    """One event of the append-only audit trail: an import, a screening or monitor run, a link or
    hit decision, a prune (``partyscreen.store.audit``).

    The database refuses UPDATE and DELETE of these rows (triggers on both engines, migration
    0010); ``prune`` never removes them. ``run_id`` and ``subject_id`` are plain values, not
    foreign keys: the event outlives the run it names.
    """

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
    action: str = Field(max_length=40, index=True)
    actor: str | None = Field(default=None, max_length=200)
    subject_id: str | None = Field(default=None, max_length=200, index=True)
    run_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)


VERSIONED_TABLES = ("entity", "entity_name", "identifier", "holding", "list_entry", "list_measure")
"""Tables whose rows screening reads and imports replace: each keeps the rows that later batches
changed or deleted in ``<table>_history`` (see ``partyscreen.store.versions``)."""


def _history_table(source: sa.Table) -> sa.Table:
    """``<table>_history``: the source's columns (no keys) plus ``retired_by``, the batch that
    changed or deleted the row. A row was known from its ``batch_id`` until ``retired_by``."""
    columns = [sa.Column(c.name, c.type, nullable=c.nullable and not c.primary_key) for c in source.columns]
    columns.append(sa.Column("retired_by", sa.Integer, nullable=False, index=True))
    return sa.Table(f"{source.name}_history", SQLModel.metadata, *columns)


HISTORY_TABLES: dict[str, sa.Table] = {
    name: _history_table(SQLModel.metadata.tables[name]) for name in VERSIONED_TABLES
}


TABLES_FOR_STATS = (
    ("entities", Entity),
    ("names", EntityName),
    ("identifiers", Identifier),
    ("holdings", Holding),
    ("lists", RestrictedList),
    ("entries", ListEntry),
    ("measures", ListMeasure),
    ("affiliations", AffiliationRecord),
    ("screenings", ScreeningRun),
    ("hits", Hit),
    ("decisions", Decision),
    ("monitor_runs", MonitorRun),
    ("monitor_subjects", MonitorSubject),
    ("links", EntityLink),
    ("exceptions", ReportingException),
)
