"""Invisible and direction-changing characters are shown in what people read, kept in data files."""

import csv
import io
import json
import unicodedata
from pathlib import Path

from partyscreen.cli import run
from partyscreen.report.visible import visible

RLO = "\u202e"
WATCH = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "watch.csv"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"


def test_every_format_and_control_character_is_shown():
    hidden = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cf", "Cc", "Zl", "Zp")]
    kept = {"\u200c", "\u200d"}  # ZWNJ / ZWJ shape Persian and Indic words
    for ch in hidden:
        if ch in kept:
            assert visible(ch) == ch
        else:
            assert visible(ch) == f"⟨U+{ord(ch):04X}⟩", hex(ord(ch))
    assert visible("Acme\u202eDTL\u2066x\u2069\x1b[31m") == "Acme⟨U+202E⟩DTL⟨U+2066⟩x⟨U+2069⟩⟨U+001B⟩[31m"
    assert visible("a\nb\tc", multiline=True) == "a\nb\tc"
    assert visible("a\nb") == "a⟨U+000A⟩b"
    assert visible("华为技术 Müller") == "华为技术 Müller"


def test_rtl_override_is_visible_on_the_terminal_and_in_html_but_kept_in_csv_and_json(db_url, tmp_path, capsys):
    evil = f"Acme{RLO}DTL Trading"
    (tmp_path / "list.csv").write_text(
        HEADER + f"cn-mofcom-export-control,E1,{evil},,,organization,CN,,2025-01-02,,No. 1,,\n", encoding="utf-8"
    )
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "import", str(WATCH)]) == 0  # the policy's other list
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "list.csv")]) == 0
    capsys.readouterr()
    assert run(["--db", db_url, "match", "Acme DTL Trading", "--as-of", "2026-01-01", "--min-score", "50"]) == 1
    out = capsys.readouterr().out
    assert "Acme⟨U+202E⟩DTL Trading" in out and RLO not in out

    assert run(["--db", db_url, "explain", "cn-mofcom-export-control:E1", "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Acme⟨U+202E⟩DTL Trading [cn-mofcom-export-control:E1]: listed") and RLO not in out

    assert run(["--db", db_url, "affiliates", "--as-of", "2026-01-01", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Acme⟨U+202E⟩DTL Trading" in out and RLO not in out

    (tmp_path / "cp.csv").write_text("name\nAcme DTL Trading\n", encoding="utf-8")
    for fmt in ("html", "csv", "json"):
        report = tmp_path / f"r.{fmt}"
        args = ["--db", db_url, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-01-01", "--min-score", "50"]
        assert run(args + ["--out", str(report)]) == 1
        text = report.read_text(encoding="utf-8")
        if fmt == "html":
            assert "Acme⟨U+202E⟩DTL Trading" in text and RLO not in text
        elif fmt == "csv":  # data: kept as received, so it joins back to the source
            assert next(csv.DictReader(io.StringIO(text)))["entity_name"] == evil
        else:
            assert json.loads(text)["hits"][0]["entity_name"] == evil
