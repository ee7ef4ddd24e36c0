"""The README's command table names every command `tracker --help` offers (each group walked to
its subcommands), and names no command that does not exist.

A row's first cell holds one or more code spans, each a usage line: `tracker digest send [...]`,
`tracker hold ID` / `tracker reopen ID`, or alternatives of one group after ` \\| `:
`tracker subscribers add EMAIL [--active] \\| import CSV \\| list [--json]`.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from tracker.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
WORD = re.compile(r"[a-z][a-z0-9-]*")


def table_usages() -> list[list[str]]:
    """The words of every usage line in the first column of the README's "## Commands" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # after the header
    assert rows, "no table under '## Commands' in README.md"
    usages = []
    for row in rows:
        first_cell = re.split(r"(?<!\\)\|", row)[1]
        for span in re.findall(r"`([^`]+)`", first_cell):
            alternatives = span.split(r" \| ")
            words = alternatives[0].split()
            assert words[0] == "tracker", f"a usage in the command table that is not tracker's: {span!r}"
            usages.append(words[1:])
            group = words[1:2]  # `tracker subscribers add ... \| import CSV`: import is subscribers'
            usages.extend(group + alternative.split() for alternative in alternatives[1:])
    return usages


def command_path(words: list[str]) -> tuple[str, ...] | None:
    """The command the words name, walking the groups (None: no such command)."""
    command, path = cli, []
    for word in words:
        if not isinstance(command, click.Group) or not WORD.fullmatch(word):
            break
        command = command.get_command(click.Context(command), word)
        if command is None:
            return None
        path.append(word)
    return tuple(path) if not isinstance(command, click.Group) else None


def cli_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every command `tracker --help` lists, each group's subcommands in place of the group."""
    found = set()
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            found |= cli_commands(command, (*path, name))
        else:
            found.add((*path, name))
    return found


def test_the_walk_finds_the_groups_subcommands():
    commands = cli_commands()
    assert {("run",), ("digest", "send"), ("subscribers", "import"), ("rank", "train")} <= commands
    assert ("digest",) not in commands


def test_every_command_of_tracker_help_is_in_the_readme_command_table():
    documented = {command_path(words) for words in table_usages()}
    missing = sorted(" ".join(path) for path in cli_commands() - documented)
    assert not missing, f"commands missing from README.md's command table: {missing}"


def test_every_usage_in_the_readme_command_table_names_a_command():
    unknown = [" ".join(words) for words in table_usages() if command_path(words) is None]
    assert not unknown, f"README.md's command table names commands tracker does not have: {unknown}"


def test_the_crontab_lines_of_the_commands_help_are_the_readmes():
    """tracker run --help showed a crontab line with a bare `tracker`, which the README explains
    cron cannot find (its PATH is /usr/bin:/bin: exit 127)."""
    from click.testing import CliRunner

    readme = README.read_text(encoding="utf-8")
    schedule = re.compile(r"^\s*(?:[\d*/,-]+\s+){5}(cd .*)$", re.M)
    found = []
    for command in (["run"], ["status"]):
        text = CliRunner().invoke(cli, [*command, "--help"]).output
        lines = schedule.findall(text)
        assert lines, f"no crontab line in tracker {' '.join(command)} --help"
        found += lines
    for line in found:
        assert re.search(r"^\s*(?:[\d*/,-]+\s+){5}" + re.escape(line) + "$", readme, re.M), line
        assert " tracker " not in f" {line.split('&&', 1)[1]} ".split("||")[0], line


def test_the_demo_output_in_the_readme_is_the_demos(tmp_path, monkeypatch):
    """The README calls its block the demo's real output; its titles had been cut differently."""
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    block = README.read_text(encoding="utf-8").split("$ tracker demo\n", 1)[1].split("```", 1)[0]

    def stable(text: str) -> list[str]:  # the port and the temporary folder change from run to run
        return [re.sub(r"127\.0\.0\.1:\d+; database \S+", "127.0.0.1:PORT; database DB", line)
                for line in text.splitlines()]

    assert stable(block) == stable(result.stdout)[:len(stable(block))]
