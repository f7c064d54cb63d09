"""Hypothesis strategies that turn a real sample file into hostile variants of it.

A variant starts from a sample of the format (a fixture file) and applies a few mutations: a
cell or JSON value replaced by a hostile value (quotes, line breaks, NUL, formula prefixes,
numbers out of range, malformed dates, very long text, bidi controls, other scripts), a column
dropped, renamed or added, a row dropped, repeated, shortened or lengthened; then, sometimes, a
byte-level change (truncation, stray bytes, another encoding). Starting from real samples keeps
most variants deep enough to reach the importers' checks, not just the header check.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import strategies as st

HOSTILE = (
    "", " ", '"', '""', "'", "\n", "\r\n", "\r", "\x00", "a\x00b", "\t", ",", ";", ":", ";;", "a:b;c",
    "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "0", "50", "100", "150", "-0", "50.0000001", "33.333333333",
    "1e309", "NaN", "inf", "0x10", "1,5", "２５", "2025-13-45", "0000-00-00", "9999-12-31", "2025-02-30",
    "20250101", "1/2/2025", "true", "FALSE", "yes", "null", "None", "-0- ", "\u202egnp.exe", "\ufeff",
    "華為技術有限公司", "Ünïcödé GmbH", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 1200, "長" * 300, "a " * 400, "%s%s%n", "{}", "[]",
    "shareholding", "branch", "control", "voting", "organization", "person", "suspended", "ended",
    "cn-mofcom-export-control", "us-ofac-sdn", "lei:", "uscc:91110000100000000X", "CN", "ZZ", "China",
)
"""Values that have broken CSV readers and importers before, plus valid values in wrong places."""

hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=8))


@st.composite
def csv_variant(draw: st.DrawFn, sample: str) -> bytes:
    """A hostile variant of the CSV text ``sample``, as bytes."""
    rows = [list(r) for r in csv.reader(io.StringIO(sample))]
    for _ in range(draw(st.integers(1, 6))):
        rows = draw(_csv_mutation(rows))
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    writer = csv.writer(buffer, quoting=quoting, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    for row in rows:
        writer.writerow(row)
    return draw(_bytes_variant(buffer.getvalue()))


def _csv_mutation(rows: list[list[str]]) -> st.SearchStrategy[list[list[str]]]:
    @st.composite
    def mutate(draw: st.DrawFn) -> list[list[str]]:
        out = [list(r) for r in rows]
        if not out:
            return [[draw(hostile_text)]]
        kind = draw(st.sampled_from(["cell", "cell", "cell", "header", "drop_col", "add_col", "drop_row", "dup_row", "short", "long"]))
        r = draw(st.integers(0, len(out) - 1))
        width = max(len(x) for x in out) or 1
        c = draw(st.integers(0, width - 1))
        if kind == "cell" and len(out) > 1:
            r = draw(st.integers(1, len(out) - 1))
        if kind in ("cell", "header"):
            row = out[0] if kind == "header" else out[r]
            if c < len(row):
                row[c] = draw(hostile_text)
        elif kind == "drop_col":
            out = [x[:c] + x[c + 1 :] for x in out]
        elif kind == "add_col":
            out = [x + [draw(hostile_text)] for x in out]
        elif kind == "drop_row" and len(out) > 1:
            del out[r]
        elif kind == "dup_row":
            out.insert(r, list(out[r]))
        elif kind == "short":
            out[r] = out[r][: c]
        elif kind == "long":
            out[r] = out[r] + [draw(hostile_text) for _ in range(draw(st.integers(1, 3)))]
        return out

    return mutate()


@st.composite
def json_variant(draw: st.DrawFn, sample: str, lines: bool) -> bytes:
    """A hostile variant of a JSON document (``lines``: one JSON value per line), as bytes."""
    docs: list[Any] = [json.loads(x) for x in sample.splitlines() if x.strip()] if lines else [json.loads(sample)]
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(docs) - 1))
        docs[index] = _mutate_json(draw, docs[index])
    text = "\n".join(json.dumps(d, ensure_ascii=draw(st.booleans())) for d in docs) if lines else json.dumps(docs[0])
    return draw(_bytes_variant(text))


JSON_VALUES = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just([]),
    st.just({}),
    st.lists(hostile_text, max_size=3),
)


def _mutate_json(draw: st.DrawFn, value: Any) -> Any:
    """Replace, delete or add one value somewhere inside ``value``."""
    if isinstance(value, dict) and value and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(sorted(value)))
        action = draw(st.sampled_from(["descend", "descend", "delete", "replace", "add"]))
        if action == "descend":
            value[key] = _mutate_json(draw, value[key])
        elif action == "delete":
            del value[key]
        elif action == "replace":
            value[key] = draw(JSON_VALUES)
        else:
            value[draw(hostile_text)] = draw(JSON_VALUES)
        return value
    if isinstance(value, list) and value and draw(st.integers(0, 3)):
        index = draw(st.integers(0, len(value) - 1))
        action = draw(st.sampled_from(["descend", "descend", "delete", "duplicate"]))
        if action == "descend":
            value[index] = _mutate_json(draw, value[index])
        elif action == "delete":
            del value[index]
        else:
            value.insert(index, json.loads(json.dumps(value[index])))
        return value
    return draw(JSON_VALUES)


def _bytes_variant(text: str) -> st.SearchStrategy[bytes]:
    @st.composite
    def variant(draw: st.DrawFn) -> bytes:
        encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-8-sig", "utf-16", "gb18030", "latin-1"]))
        data = text.encode(encoding, errors="replace")
        action = draw(st.sampled_from(["none"] * 6 + ["truncate", "insert", "empty"]))
        if action == "truncate" and data:
            data = data[: draw(st.integers(0, len(data) - 1))]
        elif action == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
        elif action == "empty":
            data = b""
        return data

    return variant()
