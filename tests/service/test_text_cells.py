"""``inputs.text_cells``: every cell of a counterparty frame as text, whatever the reader gave."""

from __future__ import annotations

import numpy as np
import pandas as pd

from partyscreen.screening.inputs import text_cells


def test_cells_become_text_and_empty_cells_become_empty_strings() -> None:
    frame = pd.DataFrame({
        "mixed": pd.Series([7, "Acme", None, 2.5, True], dtype=object),  # a spreadsheet column
        "text": pd.Series(["a", np.nan, "b", "c", ""], dtype="str"),  # a CSV column read as strings
        "blank": pd.Series([None] * 5, dtype=object),
    })
    frame.attrs["source"] = "kept"
    out = text_cells(frame)
    assert out["mixed"].tolist() == ["7", "Acme", "", "2.5", "True"]
    assert out["text"].tolist() == ["a", "", "b", "c", ""]
    assert out["blank"].tolist() == [""] * 5
    assert all(isinstance(v, str) for col in out.columns for v in out[col].tolist())
    assert list(out.columns) == ["mixed", "text", "blank"] and out.attrs["source"] == "kept"


def test_repeated_headers_and_the_row_index_are_kept() -> None:
    frame = pd.DataFrame([["x", 1], [None, "y"]], columns=["name", "name"], index=pd.Index([2, 4], name="row"))
    out = text_cells(frame)
    assert list(out.columns) == ["name", "name"]
    assert out.index.tolist() == [2, 4] and out.index.name == "row"
    assert out.iloc[:, 0].tolist() == ["x", ""] and out.iloc[:, 1].tolist() == ["1", "y"]
