"""One name, one database, one policy: one score, in ``match``, ``screen`` and the library, on any date."""

import csv
import io
import re
from datetime import date
from pathlib import Path

from partyscreen.cli import run
from partyscreen.screening import Screener

WATCH = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "watch.csv"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"


def list_file(tmp_path):
    """General Dynamics plus 249 other entries; 100 of them listed only in June 2026, so the set of
    targets (and, before the fix, the word weights counted over it) differs between the two dates."""
    rows = ["cn-mofcom-export-control,GD,General Dynamics,,通用动力公司,organization,US,,2025-01-02,,No. 1,,"]
    for i in range(249):
        listed = "2025-01-02" if i < 149 else "2026-06-01"
        rows.append(f"cn-mofcom-export-control,E{i},Zorblax{i} Dynamics Corporation,,,organization,US,,{listed},,No. {i},,")
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_same_score_on_every_date_and_in_every_command(db_url, tmp_path, capsys):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "import", str(WATCH)]) == 0  # the policy's other list
    assert run(["--db", db_url, "lists", "import", str(list_file(tmp_path))]) == 0
    name = "General Dynamics Corp."
    early = Screener.open(db_url, as_of=date(2026, 1, 1)).screen_name(name)
    late = Screener.open(db_url, as_of=date(2026, 7, 1)).screen_name(name)
    assert early[0].entity_id == late[0].entity_id == "cn-mofcom-export-control:GD"
    assert early[0].score == late[0].score
    assert early[0].explanation == late[0].explanation  # the same word weights, shown the same
    assert "IDF" in early[0].explanation  # common words ("dynamics", "corp") are weighted down on both dates

    (tmp_path / "cp.csv").write_text(f"name\n{name}\n", encoding="utf-8")
    for day in ("2026-01-01", "2026-07-01"):
        capsys.readouterr()
        assert run(["--db", db_url, "match", name, "--as-of", day]) == 1
        matched = float(re.match(r"1\. (\d+\.\d)", capsys.readouterr().out).group(1))
        out = tmp_path / f"hits-{day}.csv"
        assert run(["--db", db_url, "screen", str(tmp_path / "cp.csv"), "--as-of", day, "--out", str(out)]) == 1
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        screened = float(next(r["score"] for r in rows if r["entity_id"] == "cn-mofcom-export-control:GD"))
        assert matched == screened == round(early[0].score, 1)
