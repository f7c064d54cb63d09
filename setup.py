"""Packaging glue: ships the top-level ``migrations/`` folder inside the wheel as ``partyscreen.migrations``.

Everything else about the package is declared in ``pyproject.toml``.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["partyscreen", "partyscreen.*"])
packages += ["partyscreen.migrations", "partyscreen.migrations.versions"]

setup(
    packages=packages,
    package_dir={"partyscreen.migrations": "migrations"},
)
