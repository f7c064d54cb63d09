"""Shared matcher fixtures: small candidate lists built in code or from copied samples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partyscreen.matching import Candidate, Matcher

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"


def load_bilingual() -> list[Candidate]:
    """Candidates from the copied OpenSanctions China-list sample (English + Chinese names)."""
    with open(FIXTURES / "cn_bilingual_sample.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    out = []
    for i, row in enumerate(rows):
        names = [row["name"], *(a for a in row["alias"].split(";") if a), row["name_zh"]]
        kind = "person" if row["type"] == "Person" else "organization"
        out.append(Candidate(f"cn{i}", names, country=row["country"], kind=kind))
    return out


@pytest.fixture(scope="session")
def bilingual() -> Matcher:
    return Matcher(load_bilingual())


@pytest.fixture(scope="session")
def listed() -> Matcher:
    """A small list with the issue's named parties, siblings and a few persons."""
    return Matcher([
        Candidate("huawei-tech", ["HUAWEI TECHNOLOGIES COMPANY LIMITED", "华为技术有限公司"], country="CN",
                  identifiers={"uscc": "914403001922038216"}, kind="organization"),
        Candidate("huawei-device", ["Huawei Device Co., Ltd.", "华为终端有限公司"], country="CN",
                  identifiers=[("uscc", "91441900615081346B")], kind="organization"),
        Candidate("gd", ["General Dynamics Corporation", "通用动力公司"], country="US", kind="organization"),
        Candidate("lm", ["Lockheed Martin Corp"], country="US", kind="organization",
                  identifiers={"lei": "DPRBOZP0K5RM2YE8UU08"}),
        Candidate("ti", ["Acme International Technologies Company"], country="US", kind="organization"),
        Candidate("putin", ["Владимир Владимирович Путин", "PUTIN, Vladimir Vladimirovich"], country="RU",
                  kind="person"),
        Candidate("habbash", ["George Habbash"], kind="person"),
        Candidate("emma", ["EMMA LLC"], kind="organization"),
        Candidate("rostec", ["Государственная корпорация Ростех"], country="RU", kind="organization"),
    ])
