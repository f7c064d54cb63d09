"""The HTML report renders in headless Chromium: not blank, and the hits' text is on the page."""

import os
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
