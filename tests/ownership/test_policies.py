"""Policies: built-ins as the notes define them, lookup errors, user TOML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from partyscreen.errors import InputError, UsageError
from partyscreen.ownership import BUILTIN_POLICIES, DEFAULT_POLICY, get_policy, load_policy_file


def test_builtins() -> None:
    assert DEFAULT_POLICY == "mofcom-61"
    assert set(BUILTIN_POLICIES) == {"mofcom-61", "mofcom-61-literal", "cn-all", "ofac", "bis-affiliates", "eu", "uk"}
    m = get_policy()
    assert m.name == "mofcom-61"
    assert m.lists == {"cn-mofcom-export-control", "cn-mofcom-watch"}
    assert (m.threshold, m.strict, m.aggregate, m.propagate) == (50_000_000, False, True, True)
    lit = get_policy("mofcom-61-literal")
    assert (lit.aggregate, lit.propagate, lit.lookthrough, lit.count_suspended) == (False, False, False, False)
    assert get_policy("ofac").lists == {"us-ofac-sdn"}
    assert get_policy("bis-affiliates").lists == {"us-bis-entity", "us-bis-meu"}
    assert get_policy("eu").count_control and not get_policy("eu").strict
    uk = get_policy("uk")
    assert uk.strict and not uk.aggregate and uk.count_control
    assert not get_policy("ofac").count_control and not get_policy("bis-affiliates").count_control


def test_unknown_policy_names_the_available_ones() -> None:
    with pytest.raises(UsageError) as err:
        get_policy("mofcom-62")
    assert "mofcom-62" in str(err.value)
    for name in BUILTIN_POLICIES:
        assert name in str(err.value)


def test_with_lists_and_summary() -> None:
    pol = get_policy("mofcom-61").with_lists(["cn-unreliable-entity"])
    assert pol.lists == {"cn-unreliable-entity"}
    assert pol.summary().startswith("mofcom-61: >= 50%, aggregate, propagation")
    assert get_policy("uk").summary().startswith("uk: > 50%, per listed party")


def test_policy_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        '[policy.strict-watch]\nlists = ["cn-mofcom-watch"]\nthreshold = "25.5"\ncomparison = ">"\naggregate = false\n'
        '[policy.my-mofcom]\nbase = "mofcom-61"\ncount_suspended = false\n',
        encoding="utf-8",
    )
    found = load_policy_file(path)
    assert found["strict-watch"].threshold == 25_500_000
    assert found["strict-watch"].strict and not found["strict-watch"].aggregate
    assert found["my-mofcom"].lists == get_policy("mofcom-61").lists
    assert not found["my-mofcom"].count_suspended
    assert get_policy("my-mofcom", extra=found) is found["my-mofcom"]


@pytest.mark.parametrize(
    "text, field",
    [
        ("[policy.a]\nlists = 'x'\n", "policy.a.lists"),
        ("[policy.a]\nlists = ['x']\nthreshold = '50.0000001'\n", "policy.a.threshold"),
        ("[policy.a]\nlists = ['x']\ncomparison = '=>'\n", "policy.a.comparison"),
        ("[policy.a]\nlists = ['x']\naggregate = 'yes'\n", "policy.a.aggregate"),
        ("[policy.a]\nlists = ['x']\nthreshhold = '50'\n", "policy.a.threshhold"),
        ("[policy.a]\nbase = 'nope'\n", "policy.a.base"),
        ("[policy.a]\nthreshold = '50'\n", "policy.a.lists"),
        ("title = 'no policies'\n", "policy"),
    ],
)
def test_policy_file_errors_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_policy_file(path)
    assert err.value.first.field == field
    assert err.value.first.file == str(path)


def test_policy_file_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[policy.a\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_policy_file(path)
