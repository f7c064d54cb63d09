"""Hypothesis strategies that turn a valid sample file into hostile variants (issue 15 fuzzing).

Three kinds, drawn at random for every example:
- bytes: the sample's bytes edited in place (insert, delete, replace) with nasty fragments
  (quotes, delimiters, line breaks, NUL, a lone UTF-8 continuation byte, a BOM, RTL override,
  a 20,000-character word, JSON punctuation, huge or odd numbers);
- cells (CSV samples): cells, the header or the width of rows replaced by generated text;
- nodes (JSON and JSON Lines samples): values anywhere in a record replaced by generated JSON
  (wrong types, nesting, nulls, long strings), keys removed, records duplicated or dropped.
"""

from __future__ import annotations

import csv
import io
import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES_ENV = "PARTYSCREEN_FUZZ_EXAMPLES"
DEFAULT_EXAMPLES = 15


def examples() -> int:
    """Examples per fuzz target: ``$PARTYSCREEN_FUZZ_EXAMPLES`` or 15 (the scheduled run: 10,000)."""
    raw = os.environ.get(EXAMPLES_ENV, "").strip()
    return int(raw) if raw else DEFAULT_EXAMPLES


def fuzz_settings() -> settings:
    """Without ``PARTYSCREEN_FUZZ_EXAMPLES`` (CI) the examples are derandomized: the same every
    run, so CI does not fail on an input found by chance; with it (the scheduled run, or by hand)
    each run explores new inputs."""
    return settings(
        max_examples=examples(),
        deadline=None,
        database=None,
        derandomize=not os.environ.get(EXAMPLES_ENV, "").strip(),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )


NASTY_BYTES = [
    b'"', b"'", b",", b";", b"\t", b"|", b"\n", b"\r", b"\r\n", b"\x00", b"\x80", b"\xff\xfe", b"\xef\xbb\xbf",
    "\u202e".encode(), "上市母公司".encode(), b"=cmd|' /C calc'!A0", b"A" * 20_000, b"{", b"}", b"[", b"]", b":",
    b"null", b"-1", b"1e999", b"NaN", b"-0", b"99999999999999999999999", b"2025-02-30", b"0000-00-00", b"\\",
]
NASTY_TEXT = [
    "", " ", '"', '""', ",", "\n", "\r", "\x00", "\u202e", "\ufeff", "上市母公司", "=1+1", "-5", "NaN", "inf", "1e999",
    "0", "-1", "101", "50.0000001", "2025-02-30", "99999-01-01", "x" * 5_000, "🏳️‍🌈", "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "lei:", ";;", "a:b;c", "%", "100%", "50-75", "null", "true", "[]", "{}",
]

text_cells = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
              st.floats(allow_nan=False, allow_infinity=False), text_cells),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["", "a", "id", "name", "type", "share", "0"]) | st.text(max_size=6), inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def byte_variant(draw: st.DrawFn, sample: bytes) -> bytes:
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        fragment = draw(st.one_of(st.sampled_from(NASTY_BYTES), st.binary(min_size=1, max_size=8)))
        if op == "insert":
            data[position:position] = fragment
        elif op == "delete":
            data[position : position + draw(st.integers(1, 64))] = b""
        else:
            data[position : position + len(fragment)] = fragment
    if draw(st.booleans()) and data:  # sometimes cut short, as a truncated download
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@st.composite
def csv_variant(draw: st.DrawFn, sample: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(sample.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    for _ in range(draw(st.integers(1, 8))):
        what = draw(st.sampled_from(["cell", "cell", "cell", "header", "width", "row", "drop"]))
        if what == "cell" and body:
            row = draw(st.integers(0, len(body) - 1))
            if body[row]:
                body[row][draw(st.integers(0, len(body[row]) - 1))] = draw(text_cells)
        elif what == "header" and header:
            header[draw(st.integers(0, len(header) - 1))] = draw(st.one_of(text_cells, st.sampled_from(header)))
        elif what == "width" and body:
            row = draw(st.integers(0, len(body) - 1))
            body[row] = body[row] + [draw(text_cells)] if draw(st.booleans()) else body[row][:-1]
        elif what == "row":
            body.append([draw(text_cells) for _ in header])
        elif what == "drop" and body:
            body.pop(draw(st.integers(0, len(body) - 1)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "gb18030"])), "replace")


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(root: object, path: tuple[object, ...], value: object, delete: bool) -> object:
    if not path:
        return value
    parent = root
    for step in path[:-1]:
        parent = parent[step]  # type: ignore[index]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    elif delete and isinstance(parent, list):
        parent.pop(path[-1])  # type: ignore[arg-type]
    else:
        parent[path[-1]] = value  # type: ignore[index]
    return root


@st.composite
def json_variant(draw: st.DrawFn, sample: bytes, lines: bool) -> bytes:
    text = sample.decode("utf-8-sig")
    records = [json.loads(l) for l in text.splitlines() if l.strip()] if lines else json.loads(text)
    root: object = records
    for _ in range(draw(st.integers(1, 6))):
        paths = _paths(root)
        path = draw(st.sampled_from(paths[1:] if len(paths) > 1 else paths))
        what = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if what == "duplicate" and isinstance(root, list) and root:
            root.append(json.loads(json.dumps(root[draw(st.integers(0, len(root) - 1))])))
        else:
            root = _set(root, path, draw(json_values), delete=what == "delete" and bool(path))
    if lines and isinstance(root, list):
        return "".join(json.dumps(r, ensure_ascii=draw(st.booleans())) + "\n" for r in root).encode("utf-8")
    return json.dumps(root, ensure_ascii=draw(st.booleans())).encode("utf-8")


def variants(sample: bytes, kind: str) -> st.SearchStrategy[bytes]:
    """Hostile variants of ``sample`` (kind ``csv``, ``json`` or ``jsonl``), and the sample itself."""
    structured = {
        "csv": csv_variant(sample),
        "json": json_variant(sample, lines=False),
        "jsonl": json_variant(sample, lines=True),
    }[kind]
    return st.one_of(st.just(sample), byte_variant(sample), structured, structured)
