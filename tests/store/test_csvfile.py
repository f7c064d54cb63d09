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
    # 0x81 is undefined in Windows-1252, and 0x81 0x20 is no GB18030 sequence: nothing decodes it
    raw = b"id,name\nE1,ok\nE2,\x81 bad\n"
    with pytest.raises(InputError) as err:
        open_csv(write("bad.csv", raw))
    assert err.value.first.row == 3
    assert "cannot tell the encoding" in str(err.value) and "--encoding" in str(err.value)


def test_utf32_with_bom_is_read(write):
    source = open_csv(write("u32.csv", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")))
    assert next(read_chunks(source, ("id", "name")))["name"].tolist() == ["华为技术有限公司", "Société Générale"]


WESTERN = "id,name,country\nE1,Müller GmbH,DE\nE2,Société Générale,FR\nE3,Ørsted A/S,DK\nE4,Café “Olé” – €,ES\n"


@pytest.mark.parametrize(
    ("label", "raw", "codec", "names"),
    [
        ("cp1252", WESTERN.encode("cp1252"), "cp1252", ["Müller GmbH", "Société Générale", "Ørsted A/S", "Café “Olé” – €"]),
        ("one-umlaut", "id,name\nE1,Müller GmbH\n".encode("cp1252"), "cp1252", ["Müller GmbH"]),
        ("latin-1", "id,name\nE1,ÄÖÜ Straße\n".encode("latin-1"), "cp1252", ["ÄÖÜ Straße"]),
        ("gb18030", "id,name\nE1,华为\nE2,中国电子科技集团公司\n".encode("gb18030"), "gb18030", ["华为", "中国电子科技集团公司"]),
        ("utf-16-le", TEXT.encode("utf-16-le"), "utf-16-le", ["华为技术有限公司", "Société Générale"]),
        ("utf-16-be", TEXT.encode("utf-16-be"), "utf-16-be", ["华为技术有限公司", "Société Générale"]),
        ("utf-16-ascii", "id,name\nE1,Acme\n".encode("utf-16-le"), "utf-16-le", ["Acme"]),
    ],
)
def test_legacy_and_bomless_encodings_are_detected(write, label, raw, codec, names):
    source = open_csv(write(f"{label}.csv", raw))
    assert source.encoding == codec
    assert source.columns[:2] == ("id", "name")
    assert next(read_chunks(source, ("id", "name")))["name"].tolist() == names


def test_non_ascii_late_in_a_large_file_is_still_detected(write):
    rows = "".join(f"E{i},Plain Name {i}\n" for i in range(50_000))
    source = open_csv(write("late.csv", ("id,name\n" + rows + "E-last,Müller GmbH\n").encode("cp1252")))
    assert source.encoding == "cp1252"
    chunk = next(read_chunks(source, ("id", "name")))
    assert chunk["name"].iloc[-1] == "Müller GmbH"


def test_a_stray_nul_keeps_a_utf8_file_utf8(write):
    source = open_csv(write("nul.csv", "id,name\nE1,Acme\x00\nE2,Zürich AG\n".encode("utf-8")))
    assert source.encoding == "utf-8"


def test_named_encoding_wins(write):
    source = open_csv(write("big5.csv", "id,name\nE1,華為技術有限公司\n".encode("big5")), encoding="big5")
    assert next(read_chunks(source, ("id", "name")))["name"].tolist() == ["華為技術有限公司"]


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


@pytest.mark.parametrize("text", ["A,B,49,9\n", "A,B,49,9\nC,D,1\n"])
def test_extra_field_in_the_first_record_is_an_error(write, text):
    with pytest.raises(InputError) as err:
        open_csv(write("h.csv", "owner_id,owned_id,share\n" + text))
    assert err.value.first.row == 2
    assert "4 fields where the header has 3" in str(err.value) and "'9'" in str(err.value)


def test_extra_field_after_blank_lines_names_the_right_row(write):
    with pytest.raises(InputError) as err:
        open_csv(write("h.csv", "id,name\n\n\nS1,Acme, Inc\n"))
    assert err.value.first.row == 4


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ('id,name\nE1,A\nE2,"B\nE3,C\n', 3),
        ('id,name\nE1,"A\n', 2),
        ('id,name\nE1,A\n\nE3,B\nE4,"D\nE5,E\n', 5),
    ],
)
def test_unterminated_quote_names_the_row_it_opens_in(write, text, row):
    source = open_csv(write("q.csv", text))
    with pytest.raises(InputError) as err:
        list(read_chunks(source, ("id", "name")))
    assert err.value.first.row == row
    assert "never closed" in str(err.value)


def test_header_field_over_the_csv_limit_is_an_input_error(write):
    with pytest.raises(InputError) as err:
        open_csv(write("wide.csv", "id,name," + "x" * 200_000 + "\nE1,A,B\n"))
    assert err.value.first.row == 1
    assert "longer than 131,072 characters" in str(err.value)


def test_unknown_columns_warning_is_capped(write):
    header = "id,name," + ",".join(f"extra_column_{i}" for i in range(100_000))
    source = open_csv(write("many.csv", header + "\nE1,A\n"))
    (warning,) = check_columns(source, ("id", "name"), ())
    assert len(warning) < 1_500
    assert "extra_column_0" in warning and "and 99,980 more" in warning


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


def test_a_long_cell_in_the_first_record_is_read(write):
    source = open_csv(write("long.csv", "id,address\n\nE1," + "x" * 200_000 + "\n"))
    assert next(read_chunks(source, ("id", "address")))["address"].str.len().tolist() == [200_000]
