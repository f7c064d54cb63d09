"""The documentation promises: every command has help with an example; CI runs the README's commands."""

import re
from pathlib import Path

import click
import pytest

from partyscreen.cli import load_all_commands

cli = load_all_commands()

ROOT = Path(__file__).resolve().parents[1]


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, path)
        else:
            yield " ".join(path), command


@pytest.mark.parametrize(("name", "command"), list(all_commands(cli)))
def test_every_command_has_help_with_an_example(name, command):
    assert command.help, f"{name} has no help text"
    assert "Example:" in command.help, f"{name} help has no Example: block"


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two set-up commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)


def test_ci_runs_the_readme_install_and_test_commands():
    install_and_run, install_and_test = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, test = install_and_test.split(" && ")
    assert install in ci and test in ci
    assert install_and_run.startswith("python -m pip install -e .")


def test_every_top_level_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"partyscreen {name}" in readme, f"README does not mention `partyscreen {name}`"


def readme_python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.+?)\n```", readme, flags=re.S)


@pytest.mark.parametrize("block", readme_python_blocks())
def test_readme_python_examples_run(block, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
