"""Run the CLI in-process through its real entry point, exit codes included."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from partyscreen.cli import run


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):  # type: ignore[no-untyped-def]
    def _cli(*args: str) -> Outcome:
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return _cli
