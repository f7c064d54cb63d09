"""Packaging glue: ships the top-level ``migrations/`` and ``lists/`` folders inside the
wheel as ``partyscreen.migrations`` and ``partyscreen.bundled_lists``.

Everything else about the package is declared in ``pyproject.toml``.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["partyscreen", "partyscreen.*"])
packages += ["partyscreen.migrations", "partyscreen.migrations.versions", "partyscreen.bundled_lists"]

setup(
    packages=packages,
    package_dir={"partyscreen.migrations": "migrations", "partyscreen.bundled_lists": "lists"},
)
