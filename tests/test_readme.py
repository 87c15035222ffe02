"""The README is true: its fences balance, its commands are in code blocks and exist,
its layout names every package, its pictures are there."""

from __future__ import annotations

import re
from pathlib import Path

import click

from lantoa.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "lantoa"
COMMAND = re.compile(r"^(?:\$ )?(?:\.venv/bin/)?(lantoa|make)(?=\s|$)")
ENV_PREFIX = re.compile(r"^(?:[A-Z_]+=\S+ )+")


def _blocks() -> tuple[list[list[str]], list[str]]:
    """(fenced blocks, lines outside any fence)."""
    blocks: list[list[str]] = []
    prose: list[str] = []
    current: list[str] | None = None
    for line in README.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
            continue
        (prose if current is None else current).append(line)
    assert current is None, "a code fence is opened and never closed"
    return blocks, prose


def _commands() -> list[str]:
    out = []
    for block in _blocks()[0]:
        for line in block:
            line = ENV_PREFIX.sub("", line.strip())
            if COMMAND.match(line):
                out.append(re.sub(r"^(?:\$ )?\.venv/bin/", "", line))
    return out


def test_the_code_fences_balance():
    fences = [line for line in README.splitlines() if line.lstrip().startswith("```")]
    assert len(fences) % 2 == 0
    _blocks()


def test_every_lantoa_and_make_command_is_inside_a_code_block():
    _, prose = _blocks()
    commands = _commands()
    for line in prose:
        assert not COMMAND.match(ENV_PREFIX.sub("", line.strip())), f"outside a fence: {line}"
        # Prose may name a command in `code` only when a block shows it.
        for span in re.findall(r"`([^`]+)`", line):
            if COMMAND.match(span):
                wanted = re.sub(r"^\.venv/bin/", "", span)
                assert any(c.startswith(wanted) for c in commands), f"no block shows `{span}`"


def test_every_lantoa_command_in_the_readme_exists():
    for line in _commands():
        words = line.split("#")[0].split()
        if words[0] != "lantoa" or len(words) == 1 or words[1].startswith("-"):
            continue
        command = cli.commands.get(words[1])
        assert command is not None, f"lantoa has no command {words[1]!r}: {line}"
        if isinstance(command, click.Group) and len(words) > 2:
            sub = words[2]
            if not sub.startswith(("-", "[")) and not sub.isupper():
                assert sub in command.commands, f"lantoa {words[1]} has no {sub!r}: {line}"


def test_every_command_lantoa_help_shows_is_in_the_readme():
    listed = {tuple(line.split()[:3]) for line in _commands()}
    shown = {w[1] for w in listed if len(w) > 1}
    for name, command in cli.commands.items():
        assert name in shown, f"the README lists no 'lantoa {name}'"
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert ("lantoa", name, sub) in listed, f"the README lists no 'lantoa {name} {sub}'"


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))
    for line in _commands():
        words = line.split("#")[0].split()
        if words[0] == "make":
            assert words[1] in targets, line


def test_the_layout_names_every_package_and_nothing_else():
    blocks, _ = _blocks()
    (layout,) = [b for b in blocks if b and b[0] == "src/lantoa/"]
    text = "\n".join(layout)
    named = set(re.findall(r"^  ([a-z_]+)/", text, re.MULTILINE))
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert named == packages
    for sub in (PACKAGE / "core").iterdir():
        if sub.is_dir() and sub.name != "__pycache__":
            assert f"{sub.name}/" in text, f"the layout does not name core/{sub.name}/"


def test_every_picture_and_linked_file_exists():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
