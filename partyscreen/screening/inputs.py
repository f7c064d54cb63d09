"""Reading counterparty / customer files and finding their name, country, role, id columns.

Rules:
- CSV (encoding as the importers: named, or detected by ``store.textfile``; delimiter sniffed
  among , ; tab |; a row with more fields than the header is an error), XLSX, JSON Lines
  and Parquet, chosen by extension (``.csv/.tsv/.txt``, ``.xlsx/.xlsm``, ``.jsonl/.ndjson``,
  ``.parquet``).
- Columns are found by header, case-insensitively and with ``_ - . / # ° :`` read as spaces,
  among common variants (``company``, ``counterparty``, ``end user``, ``名称``, ``国家`` …; for the
  id ``customer_no``, ``client id``, ``Kundennummer``, ``numéro client``, ``客户编号`` … in several
  languages) unless named explicitly; a name column is required. A missing id column and every
  column not used are warned about (one line each, the list of names capped). Columns named like an identifier scheme (``lei``, ``uscc``, ``duns`` …) and an
  ``identifiers`` column (``scheme:value;…``) give the subject's identifiers.
- Countries may be codes or names in any language (``China``, ``中国``, ``CN``): they are
  reduced to ISO 3166-1 alpha-2 with rigour's territory data; unknown ones are dropped.
- Screening makes frames of the columns it uses alone (``SubjectSource.chunks(only)``), so a file
  of 20,000 columns reads about as fast as one of four; every cell is still read, so blank rows,
  a row wider than the header and damaged files are told, and worded, as with every column kept.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from contextlib import closing
from itertools import islice
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

from partyscreen.errors import InputError, UsageError
from partyscreen.screening.countries import country_code  # noqa: F401  (re-exported)
from partyscreen.store.csvfile import check_record_width, column_list, malformed, normalize_header, read_head
from partyscreen.store.textfile import text_encoding

NAME_HEADERS = (
    "name", "company", "company name", "party", "party name", "counterparty",
    "counterparty name", "consignee", "end user", "enduser", "customer",
    "customer name", "importer", "entity", "entity name", "organisation",
    "organization", "legal name", "名称", "公司名称", "企业名称", "客户名称", "名字", "单位名称",
)
COUNTRY_HEADERS = ("country", "country code", "nation", "jurisdiction", "国家", "国家/地区", "国别")
ROLE_HEADERS = ("role", "party role", "party type", "角色")
_ID_WORDS = ("id", "no", "nr", "number", "code", "ref", "reference", "key", "account")
_PARTY_WORDS = (
    "", "subject", "customer", "client", "party", "counterparty", "account", "record", "vendor", "supplier",
    "partner", "business partner", "debtor", "creditor", "consignee", "end user", "importer", "buyer",
)
ID_HEADERS = (
    "id", "subject id", "customer id", "customer no", "customer number", "customer code", "client id", "client no",
    *(f"{party} {word}".strip() for party in _PARTY_WORDS for word in _ID_WORDS),
    "account number", "record number", "uid", "bp number", "our ref",
    # German, Dutch
    "kundennummer", "kunden nr", "kundennr", "kunden id", "kd nr", "kdnr", "kundenkennung", "lieferantennummer",
    "lieferanten nr", "debitorennummer", "debitor nr", "debitor", "kreditorennummer", "partnernummer",
    "geschäftspartner", "geschäftspartnernummer", "nummer", "referenz", "klantnummer", "klantnr", "klant id",
    "debiteurnummer", "relatienummer",
    # French, Spanish, Portuguese, Italian
    "numéro client", "numero client", "n client", "no client", "code client", "id client", "identifiant",
    "identifiant client", "référence client", "reference client", "référence", "numéro", "numero", "n",
    "número de cliente", "numero de cliente", "número cliente", "código cliente", "codigo cliente",
    "código de cliente", "codigo de cliente", "id cliente", "referencia", "número", "código", "codigo",
    "código do cliente", "número do cliente", "codice cliente", "numero cliente", "codice",
    # Russian, Polish, Turkish
    "номер клиента", "код клиента", "ид клиента", "номер", "код", "numer klienta", "kod klienta",
    "müşteri no", "müşteri kodu",
    # Chinese, Japanese, Korean
    "编号", "客户编号", "客户代码", "客户编码", "客户号", "客户id", "客户号码", "代码", "编码", "序号",
    "供应商编号", "供应商代码", "单位编号", "企业编号", "客戶編號", "編號", "顧客番号", "顧客コード", "取引先コード",
    "取引先番号", "番号", "コード", "고객번호", "고객코드", "번호",
)
IDENTIFIER_SCHEMES = ("lei", "uscc", "duns", "cage", "imo", "ofac_uid", "registration_number", "inn", "ogrn", "vat")
_SEPARATORS = re.compile(r"[\s_\-./#°:№]+")


def header_key(name: object) -> str:
    """A header as compared with the variants: NFKC, case-folded, ``_ - . / # ° : №`` read as spaces."""
    text = unicodedata.normalize("NFKC", normalize_header(str(name))).casefold()
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True)
class ColumnMap:
    """Which input column holds what (``None`` when absent)."""

    name: str
    country: str | None = None
    role: str | None = None
    id: str | None = None
    identifiers: tuple[str, ...] = ()

    def used(self) -> set[str]:
        """The columns screening reads: name, country, role, id and the identifier columns found."""
        return {c for c in (self.name, self.country, self.role, self.id, *self.identifiers) if c is not None}


ENCODING_ATTR = "partyscreen_encoding"
"""``frame.attrs`` key of the encoding a CSV input was read with (e.g. ``cp1252 (detected)``)."""
ROWS_ATTR = "partyscreen_rows"
"""``frame.attrs`` flag: the frame's index (named ``row``) is each row's spreadsheet row (header = 1),
so blank lines, which are dropped, keep their numbers (the flag is honoured while the index is named ``row``)."""


CHUNK_ROWS = 10_000
"""Rows per chunk when a file is read in chunks (``open_subjects``): memory stays flat with file size."""


@dataclass
class SubjectSource:
    """A counterparty file opened for reading in chunks.

    ``columns`` are the headers as the chunks carry them; ``chunks()`` yields DataFrames of string
    cells ('' when empty) of at most ``chunk_rows`` rows, indexed by each row's number (index named
    ``row``, ``attrs[ROWS_ATTR]`` set): a spreadsheet's row (header = row 1, blank rows skipped but
    counted) for CSV and XLSX, the record's position plus one for JSON Lines and Parquet (first
    record = row 2). Errors met while reading are ``InputError`` ending "Nothing was screened."
    """

    path: Path
    columns: list[str]
    encoding: str | None
    """How a CSV was decoded (``cp1252 (detected)``); None for the other formats."""
    _reader: Callable[[list[int] | None], Iterator[pd.DataFrame]]
    """The chunks, of the columns at the given positions (every column for None)."""
    _estimate: Callable[[], int | None] = lambda: None

    def estimate_rows(self) -> int | None:
        """About how many rows there are (for a progress bar), None when unknown."""
        return self._estimate()

    def chunks(self, only: Collection[str] | None = None) -> Iterator[pd.DataFrame]:
        """The file's rows in chunks (see the class); with ``only``, of those columns alone.

        Rule: ``only`` changes which columns the frames carry (every column of a name in it, in the
        file's order), nothing else: every cell is still read, so a row is blank, malformed or
        numbered by all its cells exactly as without it. Screening reads a few columns of a file
        that may have thousands: a frame column costs ~0.1-1 ms each whatever the rows.
        """
        positions = self.positions(only)
        try:
            for frame in self._reader(positions):
                frame = text_cells(frame)
                frame.index.name = "row"
                frame.attrs[ROWS_ATTR] = True
                if self.encoding:
                    frame.attrs[ENCODING_ATTR] = self.encoding
                yield frame
        except InputError as exc:
            raise exc.reworded(InputError.SCREENED) from None
        except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
            raise _unreadable(self.path, exc) from None

    def positions(self, only: Collection[str] | None) -> list[int] | None:
        """Where the columns named in ``only`` are (every one of a repeated name); None for all of them."""
        if only is None:
            return None
        wanted = set(only)
        positions = [i for i, name in enumerate(self.columns) if name in wanted]
        return None if len(positions) == len(self.columns) else positions

    def empty_frame(self) -> pd.DataFrame:
        """No rows, the file's columns (to find columns in), made as one block rather than a column each."""
        import numpy as np
        import pandas as pd
        return pd.DataFrame(np.empty((0, len(self.columns)), dtype=object), columns=self.columns)

    def frame(self, only: Collection[str] | None = None) -> pd.DataFrame:
        """The chunks put together (``chunks(only)``; a file without rows: its header's columns),
        indexed by row number, with a CSV's encoding in ``frame.attrs[ENCODING_ATTR]``."""
        import pandas as pd
        frames = list(self.chunks(only))
        if frames:
            frame = pd.concat(frames)
        else:
            positions = self.positions(only)
            frame = self.empty_frame() if positions is None else self.empty_frame().iloc[:, positions]
        frame.index.name = "row"
        frame.attrs[ROWS_ATTR] = True
        if self.encoding:
            frame.attrs[ENCODING_ATTR] = self.encoding
        return frame


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text: '' for an empty one, ``str(value)`` for a value that is not text.

    A column that holds only text (a CSV's, read as strings) keeps its cells as they are; only a
    column with other values is converted cell by cell (a million-row CSV: ~5 s less).
    """
    import pandas as pd
    from pandas.api.types import infer_dtype

    columns = []
    for i in range(frame.shape[1]):
        cells = frame.iloc[:, i]
        if isinstance(cells.dtype, pd.StringDtype) or infer_dtype(cells, skipna=True) in ("string", "empty"):
            text = cells.where(cells.notna(), "")
            columns.append(text if isinstance(text.dtype, pd.StringDtype) else text.astype("str"))
        else:
            columns.append(cells.astype(object).where(cells.notna(), "").map(lambda v: v if isinstance(v, str) else str(v)))
    if not columns:
        return frame
    out = pd.concat(columns, axis=1)
    out.columns = frame.columns
    out.attrs = dict(frame.attrs)
    return out


def _unreadable(file: Path, exc: Exception) -> InputError:
    suffix = file.suffix.lower()
    text = " ".join(str(exc).split())[:300]
    return InputError.at(str(file), None, None, f"cannot read as {suffix or 'CSV'}: {text}", outcome=InputError.SCREENED)


def open_subjects(path: str | Path, encoding: str | None = None, chunk_rows: int | None = None) -> SubjectSource:
    """Open a counterparty file (CSV, XLSX, JSON Lines, Parquet by extension) for reading in chunks.

    The header (and for JSON Lines every record's keys) is read now, so that a file that cannot be
    read fails before any work; a CSV's encoding is ``encoding`` if given, else detected.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError.at(str(path), None, None, "file not found", outcome=InputError.SCREENED)
    suffix = file.suffix.lower()
    chunk_rows = chunk_rows or CHUNK_ROWS
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _open_xlsx(file, chunk_rows)
        if suffix in (".jsonl", ".ndjson"):
            return _open_jsonl(file, chunk_rows)
        if suffix == ".parquet":
            return _open_parquet(file, chunk_rows)
        return _open_csv(file, encoding, chunk_rows)
    except InputError as exc:
        raise exc.reworded(InputError.SCREENED) from None
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
        raise _unreadable(file, exc) from None


def read_subjects(path: str | Path, encoding: str | None = None) -> pd.DataFrame:
    """The whole file as one DataFrame of strings ('' for empty cells), headers kept as written.

    The chunks of :func:`open_subjects` put together (index: each row's number, see
    ``SubjectSource``); a CSV's encoding is kept in ``frame.attrs[ENCODING_ATTR]``.
    Errors end with "Nothing was screened."
    """
    return open_subjects(path, encoding).frame()


def _open_csv(file: Path, encoding: str | None, chunk_rows: int) -> SubjectSource:
    import pandas as pd
    chosen = text_encoding(file, encoding, str(file))
    with file.open("r", encoding=chosen.codec, newline="") as fh:
        sample = fh.read(64 * 1024)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    header, first = read_head(file, chosen.codec, str(file), delimiter)
    check_record_width(str(file), len(header), first)
    options = dict(encoding=chosen.codec, sep=delimiter, dtype=str, keep_default_na=False, index_col=False,
                   skip_blank_lines=False)
    try:
        columns = _csv_columns(file, options)
    except pd.errors.ParserError as exc:
        raise malformed(str(file), exc) from None

    def chunks(positions: list[int] | None) -> Iterator[pd.DataFrame]:
        if positions is None:
            return _csv_frames(file, options, chunk_rows)
        return _csv_frames_of(file, options, chunk_rows, positions, len(columns))

    return SubjectSource(file, columns, str(chosen), chunks, lambda: _count_lines(file))


def _csv_columns(file: Path, options: dict[str, object]) -> list[str]:
    """The column names as pandas makes them (``Unnamed: i`` for an empty header cell, ``a.1`` for a
    repeated one), without a column made for each: pandas hands every name, in order, to a
    ``usecols`` test, which keeps none (an empty frame of 20,000 columns costs ~2 s)."""
    import pandas as pd
    names: dict[str, None] = {}

    def keep_none(name: object) -> bool:
        names.setdefault(str(name), None)
        return False

    pd.read_csv(file, nrows=0, usecols=keep_none, **options)  # type: ignore[call-overload]
    return list(names)


def _csv_frames(file: Path, options: dict[str, object], chunk_rows: int, skip: int = 0) -> Iterator[pd.DataFrame]:
    """Every column, read by pandas' tokenizer (which also refuses a record wider than the header),
    blank records dropped; the first ``skip`` chunks are read but not yielded."""
    import pandas as pd
    try:
        reader = pd.read_csv(file, chunksize=chunk_rows, **options)  # type: ignore[call-overload]
        for number, frame in enumerate(reader):
            if number >= skip:
                if len(frame.columns):
                    blank = (frame.fillna("") == "").all(axis=1)
                else:
                    blank = pd.Series(True, index=frame.index)
                yield _numbered(frame[~blank])  # blank lines keep their number and are skipped
    except pd.errors.ParserError as exc:
        raise malformed(str(file), exc) from None


def _csv_frames_of(
    file: Path, options: dict[str, object], chunk_rows: int, positions: list[int], width: int
) -> Iterator[pd.DataFrame]:
    """The columns at ``positions`` (pandas ``usecols``: the others are tokenized, not converted).

    Rule: the result is ``_csv_frames``' own, those columns kept. pandas does not check a record's
    width under ``usecols``, so the csv module reads each record alongside, to tell a blank record
    (every cell empty) and a too-wide one; a chunk where the two readers disagree on a used cell, a
    record too wide, or a pandas error, is read again by ``_csv_frames`` from that chunk on (every
    column, then those kept), so that the error and its wording are pandas' as before.
    """
    import numpy as np
    import pandas as pd
    done = 0
    narrow = dict(options, usecols=positions, chunksize=chunk_rows)
    with closing(_csv_records(file, str(options["encoding"]), str(options["sep"]))) as records:
        try:
            for frame in pd.read_csv(file, **narrow):  # type: ignore[call-overload]
                filled = _filled_records(frame, records, positions, width)
                if filled is None:
                    break
                yield _numbered(frame[np.array(filled, dtype=bool)])
                done += 1
            else:
                return
        except pd.errors.ParserError:
            pass
    for frame in _csv_frames(file, options, chunk_rows, skip=done):
        yield frame.iloc[:, positions]


def _csv_records(file: Path, codec: str, delimiter: str) -> Iterator[list[str]]:
    """The records after the header, as the csv module reads them (its quoting rules are pandas')."""
    with file.open("r", encoding=codec, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        next(reader, None)
        yield from reader


def _filled_records(
    frame: pd.DataFrame, records: Iterator[list[str]], positions: list[int], width: int
) -> list[bool] | None:
    """For each row of ``frame``, whether its record has a non-empty cell; None when a record is
    wider than the header, missing, unreadable by the csv module, or differs from pandas' cells."""
    try:
        rows = list(islice(records, len(frame)))
    except (csv.Error, UnicodeError):  # a field over the csv module's limit, a stray byte: pandas decides
        return None
    if len(rows) < len(frame) or any(len(record) > width for record in rows):
        return None
    for i, p in enumerate(positions):
        if [record[p] if p < len(record) else "" for record in rows] != frame.iloc[:, i].fillna("").tolist():
            return None
    return [any(record) for record in rows]


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame indexed by each record's spreadsheet row (header = row 1; blank records dropped keep theirs)."""
    import pandas as pd
    frame.index = pd.Index(frame.index + 2, name="row")
    return frame


def _count_lines(file: Path) -> int:
    """Line breaks in the file, minus the header's (an estimate of its rows)."""
    count = 0
    with file.open("rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
    return max(0, count - 1)


def _cell_text(value: object) -> object:
    """A spreadsheet or JSON value as text: whole numbers without ``.0``, None left for ''."""
    import pandas as pd
    if value is None or isinstance(value, str):
        return value
    if value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _header_names(cells: list[object]) -> list[str]:
    """Header cells as column names: empty ones ``Unnamed: i``, repeats ``name.1``, ``name.2`` (as pandas)."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = _cell_text(cell)
        name = f"Unnamed: {i}" if text is None or str(text).strip() == "" else str(text)
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    return names


def _open_xlsx(file: Path, chunk_rows: int) -> SubjectSource:
    """The first sheet, read row by row (openpyxl's read-only mode): the first non-empty row is the header."""
    import pandas as pd
    import openpyxl

    def rows() -> Iterator[tuple[int, tuple[object, ...]]]:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                yield number, cells
        finally:
            book.close()

    book = openpyxl.load_workbook(file, read_only=True, data_only=True)  # the size and header: one load
    try:
        sheet = book.worksheets[0]
        sheet_rows = sheet.max_row  # from the sheet's dimension record, when it has one
        header = next((list(cells) for cells in sheet.iter_rows(values_only=True)
                       if any(c is not None and str(c).strip() for c in cells)), None)
    finally:
        book.close()
    if header is None:
        raise InputError.at(str(file), 1, None, "the sheet is empty: expected a header row")
    while header and (header[-1] is None or not str(header[-1]).strip()):
        header.pop()
    columns = _header_names(header)
    width = len(columns)

    def chunks(positions: list[int] | None) -> Iterator[pd.DataFrame]:
        names = columns if positions is None else [columns[p] for p in positions]
        numbers: list[int] = []
        records: list[list[object]] = []
        seen_header = False
        for number, cells in rows():
            values = [_cell_text(c) for c in cells]
            filled = [i for i, v in enumerate(values) if v is not None and str(v).strip()]
            if not filled:
                continue  # a blank row keeps its number and is skipped
            if not seen_header:
                seen_header = True
                continue
            if filled[-1] >= width:
                raise InputError.at(
                    str(file), number, None,
                    f"a value in column {filled[-1] + 1}, which has no header (the header has {width} columns)",
                )
            numbers.append(number)
            records.append(_cells_at(values, positions, width))
            if len(records) >= chunk_rows:
                yield pd.DataFrame(records, columns=names, index=numbers, dtype=object)
                numbers, records = [], []
        if records:
            yield pd.DataFrame(records, columns=names, index=numbers, dtype=object)

    return SubjectSource(file, columns, None, chunks, lambda: sheet_rows)


def _cells_at(values: list[object], positions: list[int] | None, width: int) -> list[object]:
    """A row's cells at ``positions`` (all ``width`` of them for None), None where the row is short."""
    if positions is None:
        return (values + [None] * width)[:width]
    return [values[p] if p < len(values) else None for p in positions]


def _open_jsonl(file: Path, chunk_rows: int) -> SubjectSource:
    """JSON Lines (UTF-8): one object per line; blank lines skipped. The columns are every key met,
    in the order first met (read in a first pass that also checks every line)."""
    import pandas as pd
    display = str(file)

    def records() -> Iterator[tuple[int, dict[str, object]]]:
        with file.open("r", encoding="utf-8-sig", newline=None) as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                    raise InputError.at(display, None, None, f"line {line_no}: not valid JSON ({reason})") from None
                if not isinstance(record, dict):
                    raise InputError.at(display, None, None, f"line {line_no}: expected a JSON object, not {type(record).__name__}")
                yield line_no, record

    keys: dict[str, None] = {}
    count = 0
    try:
        for _, record in records():
            count += 1
            for key in record:
                keys.setdefault(str(key), None)
    except UnicodeDecodeError as exc:
        raise InputError.at(display, None, None, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    columns = list(keys)
    if not columns:
        raise InputError.at(display, None, None, "no records: expected one JSON object per line")

    def chunks(positions: list[int] | None) -> Iterator[pd.DataFrame]:
        names = columns if positions is None else [columns[p] for p in positions]
        batch: list[list[object]] = []
        row = 2
        for _, record in records():
            values = {str(k): _cell_text(v) for k, v in record.items()}  # every value, as a deep one may fail
            batch.append([values.get(c) for c in names])
            if len(batch) >= chunk_rows:
                yield pd.DataFrame(batch, columns=names, index=range(row, row + len(batch)), dtype=object)
                row += len(batch)
                batch = []
        if batch:
            yield pd.DataFrame(batch, columns=names, index=range(row, row + len(batch)), dtype=object)

    return SubjectSource(file, columns, None, chunks, lambda: count)


def _open_parquet(file: Path, chunk_rows: int) -> SubjectSource:
    """Parquet, read in record batches (row groups are not loaded whole)."""
    import pandas as pd
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(file)
    columns = [str(n) for n in meta.schema_arrow.names]
    total = meta.metadata.num_rows
    whole = _stores_pandas_index(meta.schema_arrow)

    def chunks(positions: list[int] | None) -> Iterator[pd.DataFrame]:
        positions = None if whole else positions
        reader = pq.ParquetFile(file)
        row = 2
        for batch in reader.iter_batches(batch_size=chunk_rows):  # every column decoded: damage anywhere is an error
            picked = positions if positions is not None and _valid(batch) else None
            chosen = batch if picked is None else batch.select(picked)
            frame = chosen.to_pandas(integer_object_nulls=True, date_as_object=True)
            frame.columns = columns if picked is None else [columns[p] for p in picked]
            frame.index = range(row, row + len(frame))
            row += len(frame)
            frame = frame.astype(object).map(_cell_text)  # whole floats without .0, missing values ''
            yield frame if picked is not None or positions is None else frame.iloc[:, positions]

    return SubjectSource(file, columns, None, chunks, lambda: total)


def _valid(batch: pa.RecordBatch) -> bool:
    """Whether the batch passes Arrow's full validation.

    Rule: a batch that does not (text that is not UTF-8 …) is converted whole, every column, so
    that a damaged file fails as it always did (pandas refuses such text when it makes it ``str``).
    """
    import pyarrow as pa
    try:
        batch.validate(full=True)
    except pa.ArrowException:
        return False
    return True


def _stores_pandas_index(schema: pa.Schema) -> bool:
    """Whether pandas wrote the file with its index as columns: ``to_pandas`` moves them into the
    index, the batch no longer matches the header and the file is refused ("Length mismatch"), so
    such a file is always read whole, to be refused the same way."""
    metadata = schema.pandas_metadata or {}
    return any(isinstance(c, str) for c in metadata.get("index_columns", []))


def find_columns(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    country: str | None = None,
    role: str | None = None,
    id: str | None = None,
    source: str = "input",
) -> ColumnMap:
    """Map the frame's columns; explicit names win, else the first header variant found."""
    by_header: dict[str, str] = {}
    for c in frame.columns:
        by_header.setdefault(normalize_header(str(c)), str(c))
        by_header.setdefault(header_key(c), str(c))

    def pick(explicit: str | None, variants: tuple[str, ...], what: str) -> str | None:
        if explicit:
            if explicit in frame.columns:
                return explicit
            found = by_header.get(normalize_header(explicit))
            if found is None:
                raise UsageError(f"{source}: no column {explicit!r} for {what} (columns: {', '.join(map(str, frame.columns))})")
            return found
        return next((by_header[header_key(v)] for v in variants if header_key(v) in by_header), None)

    name_col = pick(name, NAME_HEADERS, "the name")
    if name_col is None:
        raise InputError.at(
            source, 1, "name",
            f"no name column found (looked for {', '.join(NAME_HEADERS[:8])} …); name it with --name-column",
        )
    idents = tuple(by_header[s] for s in ("identifiers", *IDENTIFIER_SCHEMES) if s in by_header)
    return ColumnMap(
        name=name_col,
        country=pick(country, COUNTRY_HEADERS, "the country"),
        role=pick(role, ROLE_HEADERS, "the role"),
        id=pick(id, ID_HEADERS, "the id"),
        identifiers=idents,
    )


def column_warnings(frame: pd.DataFrame, columns: ColumnMap, source: str = "input") -> list[str]:
    """One line about an id column not found, and one naming (capped) every column that was not used."""
    warnings = []
    if columns.id is None:
        warnings.append(
            f"{source}: no id column found (looked for id, customer_no, client id, Kundennummer, 客户编号 …): "
            "results name rows by number; name it with --id-column"
        )
    used = columns.used()
    unused = [c for c in map(str, frame.columns) if c not in used]
    if unused:
        warnings.append(f"{source}: {len(unused):,} column(s) not used: {column_list(unused)}")
    return warnings


def subject_identifiers(row: dict[str, str], columns: ColumnMap) -> list[tuple[str, str]]:
    """(scheme, value) pairs from the identifier columns of one row."""
    pairs: list[tuple[str, str]] = []
    for col in columns.identifiers:
        cell = str(row.get(col, "") or "").strip()
        if not cell:
            continue
        header = normalize_header(col)
        if header == "identifiers":
            for part in cell.split(";"):
                scheme, _, value = part.partition(":")
                if scheme.strip() and value.strip():
                    pairs.append((scheme.strip().lower(), value.strip()))
        else:
            pairs.append((header, cell))
    return pairs
