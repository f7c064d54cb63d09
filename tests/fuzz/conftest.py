"""The in-process CLI fixture of the CLI tests, for the fuzz regression tests."""

from tests.cli.conftest import cli  # noqa: F401
