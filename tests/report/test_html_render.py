"""The HTML report renders in headless Chromium: not blank, and the hits' text is on the page."""

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from partyscreen.cli import run
from partyscreen.report.html import chain_nodes
from partyscreen.screening import Screener

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("CI needs Chromium (Debian package chromium) for the HTML report test")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture
def report_html(tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    for name in ("entities.csv", "holdings.csv", "list.csv", "watch.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    assert run(["--db", db, "init"]) == 0
    assert run(["--db", db, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db, "lists", "import", str(tmp_path / "list.csv")]) == 0
    assert run(["--db", db, "lists", "import", str(tmp_path / "watch.csv")]) == 0
    (tmp_path / "cp.csv").write_text("name\nGamma Aggregate LLC\n上市母公司\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-01-01", "--out", str(out)]) == 1
    return out


def test_chain_nodes_parse_paths():
    assert chain_nodes("X -50%-> A -25-50%-> C") == (["X", "A", "C"], ["50%", "25-50%"])
    assert chain_nodes("X -branch-> F") == (["X", "F"], ["branch"])


def test_report_renders_with_text_and_diagram(report_html, tmp_path):
    browser = chromium()
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", report_html.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert "Gamma Aggregate LLC" in dom and "上市母公司" in dom and "presumption of denial (Art. II)" in dom
    assert "X -50%-&gt; A -25%-&gt; C" in dom or "X -50%-> A -25%-> C" in dom
    assert "Listed Parent Co [X] -50%-&gt; Alpha Subsidiary Ltd [A] -25%-&gt; Gamma Aggregate LLC [C]" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1200,1600",
         report_html.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert image.size == (1200, 1600)
    assert len(colours) > 20  # text, tables and the SVG diagram, not a blank page
    non_white = sum(count for count, rgb in colours if rgb != (255, 255, 255))
    assert non_white > 0.01 * image.size[0] * image.size[1]


LONG = "Lockheed Martin Corporation Aeronautics Advanced Development Programs Subsidiary Ltd"
LONGER = "Very Long Holding Name Intermediate Investment Company of Delaware and the Cayman Islands LLC"
FIT_CHECK = """<script>
const nodes = [...document.querySelectorAll('.diagram .node')];
const cut = nodes.filter(n => n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1);
document.body.setAttribute('data-nodes', String(nodes.length));
document.body.setAttribute('data-cut', String(cut.length));
const outside = nodes.filter(n => { const b = n.getBoundingClientRect(); return b.left < 0 || b.right > window.innerWidth; });
document.body.setAttribute('data-outside', String(outside.length));
</script></body>"""


def test_diagram_boxes_fit_their_labels_and_name_every_node(tmp_path):
    """Long names are wrapped, not cut; every box carries name and id, the listed root included;
    an aggregate shows one column per owner that adds up."""
    browser = chromium()
    db = f"sqlite:///{tmp_path / 'r.db'}"
    entities = (FIXTURES / "entities.csv").read_text(encoding="utf-8").replace("Alpha Subsidiary Ltd", LONG)
    entities += f"G,{LONGER},organization,US,,,\n"
    (tmp_path / "entities.csv").write_text(entities, encoding="utf-8")
    holdings = (FIXTURES / "holdings.csv").read_text(encoding="utf-8") + "A,G,shareholding,30,,,,,\nX,G,shareholding,25,,,,,\n"
    (tmp_path / "holdings.csv").write_text(holdings, encoding="utf-8")
    shutil.copy(FIXTURES / "list.csv", tmp_path / "list.csv")
    shutil.copy(FIXTURES / "watch.csv", tmp_path / "watch.csv")
    assert run(["--db", db, "init"]) == 0
    assert run(["--db", db, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db, "lists", "import", str(tmp_path / "list.csv")]) == 0
    assert run(["--db", db, "lists", "import", str(tmp_path / "watch.csv")]) == 0
    (tmp_path / "cp.csv").write_text(f"name\n{LONGER}\nGeneral Dynamics Land Systems\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-01-01", "--out", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    checked = tmp_path / "checked.html"
    checked.write_text(page.replace("</body>", FIT_CHECK), encoding="utf-8")
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,2000", "--dump-dom",
         checked.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert int(re.search(r'data-nodes="(\d+)"', body).group(1)) == 7  # X, A, X, G, screened; GDLS, screened
    assert 'data-cut="0"' in body and 'data-outside="0"' in body
    boxes = [re.sub(r"<[^>]+>", "|", b) for b in re.findall(r'<div class="node[^"]*">.*?</div>', page)]
    # the aggregate G: X 25% directly + X 50%-> A 30%; each box name | id
    assert any(f"{LONG}|A|" in b for b in boxes)
    assert any(f"{LONGER}|G|" in b for b in boxes)
    assert sum("Listed Parent Co|X||listed" in b for b in boxes) >= 2
    assert "together: 30% + 25%" in page
    # a listed root that has no entity of its own shows its name, not only its id
    assert any("General Dynamics Land Systems|cn-mofcom-export-control:T-2||listed" in b for b in boxes)
