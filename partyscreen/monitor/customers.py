"""The customer master as the monitor reads it: columns, not one object per customer.

Rules:
- Columns are found as ``screen`` finds them; an id column is required (a file without one is
  an input error naming it). An empty id, an id longer than 200 characters, or one that repeats
  an earlier row's is an input error naming the row.
- Each customer's fields are what ``screen`` reads (``partyscreen.screening.screener``): the
  name and role stripped, the country as an ISO code, the identifiers as (scheme, value) pairs;
  an empty name, or one over the length limit (cut to it), is an error of that row (not
  screened). Its fingerprint is ``SubjectResult.fingerprint`` of those fields.
- All of this is computed a column at a time (a million customers in seconds); a
  ``SubjectResult`` is made only for a customer that is screened (``subject``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import sqlalchemy as sa

from partyscreen import settings
from partyscreen.errors import InputError, Problem, UsageError
from partyscreen.procs import collector_paused
from partyscreen.screening.hits import SubjectResult

if TYPE_CHECKING:
    from partyscreen.screening.inputs import ColumnMap

MAX_ID = 200


@dataclass
class Customers:
    """The customers of one input, one array per field (position = input order)."""

    input_name: str
    ids: np.ndarray
    names: np.ndarray
    countries: np.ndarray
    roles: np.ndarray
    identifiers: np.ndarray
    errors: np.ndarray
    rows: np.ndarray
    fingerprints: np.ndarray
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def subject(self, position: int) -> SubjectResult:
        """The customer at ``position`` as ``screen`` reports a row."""
        return SubjectResult(
            row=int(self.rows[position]), subject_id=self.ids[position], name=self.names[position],
            country=self.countries[position], role=self.roles[position],
            identifiers=list(self.identifiers[position]), error=self.errors[position],
        )

    @property
    def subjects(self) -> list[SubjectResult]:
        """Every customer as a ``SubjectResult`` (for small inputs and tests)."""
        return [self.subject(i) for i in range(len(self))]


def _text(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column's cells as stripped text ('' for a missing column or an empty cell)."""
    if column is None:
        return pd.Series("", index=frame.index, dtype=object)
    cells = frame[column]
    return cells.where(cells.notna(), "").astype(str).str.strip()


def customers_from_frame(
    frame: pd.DataFrame,
    input_name: str,
    *,
    name_column: str | None = None,
    country_column: str | None = None,
    role_column: str | None = None,
    id_column: str | None = None,
    unit: str = "row",
) -> Customers:
    """Customers from a frame of strings (``read_subjects``), columns found as ``screen`` finds them."""
    columns = _find_columns(frame, input_name, name_column=name_column, country_column=country_column,
                            role_column=role_column, id_column=id_column)
    return _customers(frame, columns, input_name, _notes(frame, columns, input_name), unit)


def _find_columns(
    frame: pd.DataFrame,
    input_name: str,
    *,
    name_column: str | None = None,
    country_column: str | None = None,
    role_column: str | None = None,
    id_column: str | None = None,
) -> ColumnMap:
    """The columns of a frame (or of a file's header, ``SubjectSource.empty_frame``); an input
    without a name or an id column is an input error ending "Nothing was screened."."""
    from partyscreen.screening.inputs import find_columns

    try:
        columns = find_columns(frame, name=name_column, country=country_column, role=role_column, id=id_column,
                               source=input_name)
    except InputError as exc:  # the shared reader closes with "Nothing was imported."
        raise exc.reworded(InputError.SCREENED) from None
    if columns.id is None:
        raise InputError.at(
            input_name, 1, "id",
            "no id column found (looked for id, customer_no, client id, Kundennummer, 客户编号 …): the monitor keeps "
            "customers by their id; name it with --id-column",
            outcome=InputError.SCREENED,
        )
    return columns


def _notes(frame: pd.DataFrame, columns: ColumnMap, input_name: str) -> list[str]:
    """``screen``'s column warnings (every column not used, from the frame's or header's columns)."""
    from partyscreen.screening.inputs import column_warnings

    return [w for w in column_warnings(frame, columns, input_name) if "no id column" not in w]


def _customers(frame: pd.DataFrame, columns: ColumnMap, input_name: str, notes: list[str], unit: str) -> Customers:
    """Customers from a frame holding (at least) the columns found."""
    from partyscreen.screening.inputs import ROWS_ATTR
    from partyscreen.screening.screener import _without_nul

    clean = _without_nul(frame)
    if frame.index.name in ("row", "record") and (frame.attrs.get(ROWS_ATTR) or frame.index.name == "record"):
        rows = np.asarray(frame.index, dtype=np.int64)
    else:
        rows = np.arange(len(frame), dtype=np.int64) + 2  # as a spreadsheet shows it: the header is row 1
    ids = _text(clean, columns.id).to_numpy(dtype=object)
    _check_ids(ids, rows, input_name, columns.id, unit)
    names = _text(clean, columns.name)
    errors = np.full(len(frame), None, dtype=object)
    errors[(names == "").to_numpy()] = "empty name: not screened"
    long = (names.str.len() > settings.MAX_NAME_CHARS).to_numpy()
    for i in np.flatnonzero(long).tolist():
        errors[i] = f"{settings.name_too_long(names.iat[i])}: not screened"
        names.iat[i] = names.iat[i][: settings.MAX_NAME_CHARS]
    countries = _countries(clean, columns.country)
    roles = _text(clean, columns.role)
    identifiers = _identifiers(clean, columns)
    fingerprints = _fingerprints(names, countries, roles, identifiers)
    return Customers(input_name, ids, names.to_numpy(dtype=object), countries, _shared(roles), identifiers, errors,
                     rows, fingerprints, notes)


def _shared(cells: pd.Series) -> np.ndarray:
    """The column with one string object per distinct value (a role column repeats a few words:
    a million copies of "customer" would cost ~50 MB)."""
    one = {value: value for value in cells.unique().tolist()}
    out = np.empty(len(cells), dtype=object)
    out[:] = [one[value] for value in cells.tolist()]
    return out


def _check_ids(ids: np.ndarray, rows: np.ndarray, source: str, column: str, unit: str) -> None:
    """Every id present, at most ``MAX_ID`` characters, and not an earlier row's (else an input
    error naming each row, in input order)."""
    series = pd.Series(ids)
    empty = (series == "").to_numpy()
    too_long = (series.str.len() > MAX_ID).to_numpy()
    valid = ~empty & ~too_long
    repeated = valid & series.duplicated(keep="first").to_numpy()
    if not (empty.any() or too_long.any() or repeated.any()):
        return
    first = {ids[i]: int(rows[i]) for i in np.flatnonzero(valid & ~repeated).tolist()}
    problems: list[Problem] = []
    for i in np.flatnonzero(~valid | repeated).tolist():
        if empty[i]:
            message = "empty id: every customer needs one"
        elif too_long[i]:
            message = f"id longer than {MAX_ID} characters"
        else:
            message = f"id {ids[i]!r} repeats {unit} {first[ids[i]]}"
        problems.append(Problem(source, int(rows[i]), column, message, unit))
    raise InputError(problems, outcome=InputError.SCREENED)


def _countries(frame: pd.DataFrame, column: str | None) -> np.ndarray:
    """ISO codes of a country column (``country_code`` of each distinct cell), None where unknown."""
    from partyscreen.screening.countries import country_code

    if column is None:
        return np.full(len(frame), None, dtype=object)
    cells = frame[column].where(frame[column].notna(), "").astype(str)
    codes = {value: country_code(value) for value in cells.unique().tolist()}
    out = np.empty(len(cells), dtype=object)
    out[:] = [codes[value] for value in cells.tolist()]
    return out


def _identifiers(frame: pd.DataFrame, columns: object) -> np.ndarray:
    """Each row's (scheme, value) pairs (``subject_identifiers``), a tuple per row."""
    from partyscreen.screening.inputs import subject_identifiers

    out = np.empty(len(frame), dtype=object)
    out[:] = [()] * len(frame)
    wanted = list(columns.identifiers)  # type: ignore[attr-defined]
    if not wanted:
        return out
    cells = {c: frame[c].where(frame[c].notna(), "").astype(str) for c in wanted}
    present = np.zeros(len(frame), dtype=bool)
    for values in cells.values():
        present |= (values.str.strip() != "").to_numpy()
    for i in np.flatnonzero(present).tolist():
        out[i] = tuple(subject_identifiers({c: cells[c].iat[i] for c in wanted}, columns))  # type: ignore[arg-type]
    return out


def _fingerprints(names: pd.Series, countries: np.ndarray, roles: pd.Series, identifiers: np.ndarray) -> np.ndarray:
    """``SubjectResult.fingerprint`` of every row, computed a column at a time."""
    ids = np.full(len(identifiers), "", dtype=object)
    for i in np.flatnonzero(np.fromiter(map(bool, identifiers.tolist()), dtype=bool, count=len(identifiers))).tolist():
        ids[i] = ";".join(f"{s}:{v}" for s, v in sorted(identifiers[i]))
    country = pd.Series(countries, index=names.index).fillna("")
    text = (names.str.strip().str.casefold() + "\x1f" + country + "\x1f" + roles.str.casefold() + "\x1f"
            + pd.Series(ids, index=names.index, dtype=object))
    sha = hashlib.sha256
    return np.array([sha(t.encode("utf-8")).hexdigest() for t in text.tolist()], dtype=object)


def read_customers(path: str | Path, *, encoding: str | None = None, **columns: str | None) -> Customers:
    """Customers from a file (CSV, XLSX, JSON Lines, Parquet) as ``screen`` reads it.

    Rule: the columns are found on the file's header and only those used are made into frame
    columns (``SubjectSource.chunks(only)``, as ``screen``); every cell is still read, so blank rows,
    row numbers, errors and notes are those of reading every column (``read_subjects``). A file's
    own errors come before a missing column's, as when the whole file was read first.
    """
    from partyscreen.screening.inputs import open_subjects

    with collector_paused():  # a million customers are millions of long-lived objects
        try:
            source = open_subjects(path, encoding)
            header = source.empty_frame()
            input_name = str(path)
            try:
                found = _find_columns(header, input_name, **columns)
            except (InputError, UsageError):
                for _ in source.chunks(source.columns[:1]):  # the file's own error, if any, comes first
                    pass
                raise
            frame = source.frame(found.used())
        except InputError as exc:
            raise exc.reworded(InputError.SCREENED) from None
        return _customers(frame, found, input_name, _notes(header, found, input_name), "row")


def _read_only(conn: sa.Connection) -> None:
    """Make the customer source's session read-only: monitor only reads the customer master, so a
    statement that would change it (``DELETE``, ``CREATE``, ``UPDATE … RETURNING``) fails instead."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.exec_driver_sql("PRAGMA query_only = ON")
    elif dialect in ("postgresql", "mysql", "mariadb"):
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")


def read_customers_db(url: str, query: str, **columns: str | None) -> Customers:
    """Customers from a query on a database (a table or view of the customer master); records
    are numbered from 1. The query runs in a read-only session and must return rows; a SQLite
    file is opened read-only (``read_only_engine``: nothing in it changes, not its journal mode)."""
    from partyscreen.screening.inputs import text_cells
    from partyscreen.store.db import read_only_engine, source_sqlite_file

    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise UsageError(f"--customers-db {url!r}: not a database URL (e.g. postgresql://HOST/DB or "
                         "sqlite:///customers.db)") from None
    source = f"--customers-query on {parsed.render_as_string(hide_password=True)}"
    file = source_sqlite_file(url)
    if file is not None and not file.exists():  # the customer source, not partyscreen's database
        raise UsageError(f"--customers-db: the SQLite file {file} does not exist")
    try:
        engine = read_only_engine(url)  # a SQLite file opened read-only: never written, not even its journal mode
    except (sa.exc.ArgumentError, ImportError) as exc:  # unknown dialect or driver
        raise UsageError(f"--customers-db {parsed.render_as_string(hide_password=True)}: {exc}") from None
    try:
        with engine.connect() as conn:
            _read_only(conn)
            result = conn.execute(sa.text(query))
            if not result.returns_rows:
                raise UsageError(f"{source}: the statement returns no rows; give a query (SELECT …) of the customer "
                                 "master. Nothing was screened.")
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype=object)
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        text = " ".join(str(exc.orig or exc).split())
        raise UsageError(f"{source}: {text}") from None
    finally:
        engine.dispose()
    with collector_paused():
        frame = text_cells(frame)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="record")
        return customers_from_frame(frame, source, unit="record", **columns)
