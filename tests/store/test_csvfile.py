"""Encodings, headers and row numbering of the CSV reader."""

import codecs

import pytest

from partyscreen.errors import InputError
from partyscreen.store.csvfile import check_columns, open_csv, read_chunks

TEXT = "id,name\nE1,华为技术有限公司\nE2,Société Générale\n"


@pytest.mark.parametrize(
    ("encoding", "raw", "detected"),
    [
        ("utf-8", TEXT.encode("utf-8"), "utf-8"),
        ("utf-8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        ("utf-16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        ("utf-16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        ("gb18030", TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_accepted_encodings_keep_chinese_and_accents(write, encoding, raw, detected):
    source = open_csv(write(f"{encoding}.csv", raw))
    assert source.encoding == detected
    assert source.columns == ("id", "name")
    rows = next(read_chunks(source, ("id", "name")))
    assert rows["name"].tolist() == ["华为技术有限公司", "Société Générale"]


def test_gbk_file_is_read_as_gb18030(write):
    source = open_csv(write("gbk.csv", "id,name\nE1,中国电子科技集团公司\n".encode("gbk")))
    assert next(read_chunks(source, ("id", "name")))["name"].tolist() == ["中国电子科技集团公司"]


def test_undecodable_file_names_row(write):
    raw = b"id,name\nE1,ok\nE2,\xff\xfe\xff bad\n"
    with pytest.raises(InputError) as err:
        open_csv(write("bad.csv", raw))
    assert err.value.first.row == 3
    assert "cannot decode byte" in str(err.value) and "bad.csv" in str(err.value)


def test_utf32_is_rejected(write):
    with pytest.raises(InputError, match="UTF-32 is not supported"):
        open_csv(write("u32.csv", codecs.BOM_UTF32_LE + "id,name\n".encode("utf-32-le")))


def test_forced_encoding_is_checked(write):
    with pytest.raises(InputError, match="not valid ascii"):
        open_csv(write("x.csv", TEXT.encode("utf-8")), encoding="ascii")


def test_header_is_trimmed_and_case_insensitive(write):
    source = open_csv(write("h.csv", " ID , Name \nE1,A\n"))
    assert source.columns == ("id", "name")


def test_duplicate_header_is_an_error(write):
    with pytest.raises(InputError) as err:
        open_csv(write("d.csv", "id,name,id\n"))
    assert (err.value.first.row, err.value.first.field) == (1, "id")


def test_empty_file_is_an_error(write):
    with pytest.raises(InputError, match="empty"):
        open_csv(write("e.csv", ""))


def test_missing_and_unknown_columns(write):
    source = open_csv(write("c.csv", "id,colour\nE1,red\n"))
    with pytest.raises(InputError) as err:
        check_columns(source, ("id", "name"), ())
    assert err.value.first.field == "name" and err.value.first.row == 1
    source = open_csv(write("c2.csv", "id,name,colour\nE1,A,red\n"))
    (warning,) = check_columns(source, ("id", "name"), ())
    assert warning.endswith("c2.csv: ignoring unknown column(s): colour")


def test_blank_lines_keep_their_row_numbers(write):
    source = open_csv(write("b.csv", "id,name\nE1,A\n\nE3,C\n"))
    chunk = next(read_chunks(source, ("id", "name")))
    assert chunk["_row"].tolist() == [2, 4]
    assert chunk["id"].tolist() == ["E1", "E3"]


def test_too_many_fields_names_the_line(write):
    source = open_csv(write("m.csv", "id,name\nE1,A\nE2,B,extra,more\n"))
    with pytest.raises(InputError) as err:
        list(read_chunks(source, ("id", "name")))
    assert err.value.first.row == 3
    assert "malformed CSV" in str(err.value)


def test_short_rows_read_as_empty_cells(write):
    source = open_csv(write("s.csv", "id,name,country\nE1,A\n"))
    chunk = next(read_chunks(source, ("id", "name", "country")))
    assert chunk["country"].tolist() == [""]


def test_quoted_fields_with_commas_and_newlines(write):
    source = open_csv(write("q.csv", 'id,name\nE1,"Acme, Inc."\nE2,"Two\nLines"\nE3,C\n'))
    chunk = next(read_chunks(source, ("id", "name")))
    assert chunk["name"].tolist() == ["Acme, Inc.", "Two\nLines", "C"]
