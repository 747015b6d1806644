"""The README's shell commands run as written after `make demo`.

Every command in a `sh` block (and every `$ ` line of a `console` transcript) is read out of
README.md. The fast tests check what each command calls: nothing a fresh clone lacks (no bare
`kommunrag`, which lives in .venv/bin), only Makefile targets that exist, and no second server
on the demo's port. The slow test runs the commands that are safe to run here, with
`.venv/bin/kommunrag` standing for this interpreter's `python -m assistant.cli`, `var/index`
for the session's sample index and the demo's URL for a real server on a free port.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import kommunrag_server

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEMO_URL = "http://127.0.0.1:8000"
DEMO_PORT = "8000"
# What a command may call on a fresh clone after `make demo` (the rest needs no install).
PROGRAMS = {".venv/bin/kommunrag", ".venv/bin/python", "make", "curl", "ollama", "export"}
_ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


@dataclass
class Command:
    """One shell command of the README, continuation lines joined."""

    text: str
    block: str  # the language of its fenced block: "sh" or "console"
    output: list[str]  # for a console transcript: the lines it printed

    @property
    def words(self) -> list[str]:
        return shlex.split(self.text.split(" # ")[0].rstrip(" &"))

    @property
    def program(self) -> str:
        """The program run, after any leading VAR=value assignments."""
        return next(w for w in self.words if not _ENV_ASSIGNMENT.match(w))


def readme_commands(text: str) -> list[Command]:
    """Return the commands of the README's `sh` blocks and `console` transcripts."""
    commands: list[Command] = []
    for lang, body in re.findall(r"^```(sh|console)\n(.*?)^```", text, re.M | re.S):
        pending = ""
        for line in body.splitlines():
            if lang == "console" and not line.startswith("$ "):
                if commands and not pending and line.strip():
                    commands[-1].output.append(line)
                continue
            line = line.removeprefix("$ ") if lang == "console" else line
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            pending += line.rstrip("\\").rstrip() + " " if line.endswith("\\") else line
            if not line.endswith("\\"):
                commands.append(Command(pending.strip(), lang, []))
                pending = ""
    return commands


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_to_check():
    assert len(COMMANDS) >= 15
    assert any(c.block == "console" for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.text[:60])
def test_every_command_calls_what_a_fresh_clone_has(command):
    assert command.program in PROGRAMS, (
        f"'{command.program}' is not on a fresh clone's PATH; "
        "use .venv/bin/kommunrag or make (see 'Two commands')"
    )


def test_every_make_target_in_the_readme_exists():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for command in (c for c in COMMANDS if c.program == "make"):
        targets = [w for w in command.words[1:] if "=" not in w]
        result = subprocess.run(
            ["make", "-n", *targets, *[w for w in command.words[1:] if "=" in w]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"{command.text}: {result.stderr}"


def test_no_readme_server_takes_the_demo_port():
    """A server started beside `make demo` must not ask for its port 8000."""
    for command in COMMANDS:
        words = command.words
        if command.program.endswith("kommunrag") and "serve" in words:
            assert "--port" in words, command.text
            assert words[words.index("--port") + 1] != DEMO_PORT, command.text
        if "fake_llm.py" in command.text:
            assert words[-1] != DEMO_PORT, command.text


# --- running the safe commands --------------------------------------------------------------


def _runnable(command: Command) -> bool:
    """True for the commands that only read the demo's index or server, or print help."""
    words = command.words
    if command.text.rstrip().endswith("&") or _ENV_ASSIGNMENT.match(words[0]):
        return False  # starts a background server or needs a configured backend
    if command.program == ".venv/bin/kommunrag":
        sub = next(w for w in words[1:] if not w.startswith("-") and w != "var/index")
        return sub in ("ask", "ingest") or "--help" in words or "-h" in words
    if command.program == "make":
        return words[1] == "ask"
    return command.program == "curl" and DEMO_URL in command.text


def _as_run_here(command: Command, index: Path, url: str, scratch: Path) -> str:
    """Return the command with the demo's paths, URL and installed command replaced."""
    text = command.text
    cli = f"{shlex.quote(sys.executable)} -m assistant.cli"
    if command.program == "make":
        overrides = f"-o .venv/.installed KOMMUNRAG={shlex.quote(cli)} INDEX={index}"
        return text.replace("make ask", f"make {overrides} ask", 1)
    if " ingest " in text:  # into a scratch index, never the demo's
        text = text.replace("--index var/index", f"--index {scratch}")
    return (
        text.replace(".venv/bin/kommunrag", cli)
        .replace("--index var/index", f"--index {index}")
        .replace(DEMO_URL, url)
    )


@pytest.fixture(scope="module")
def demo_server(sample_index):
    """`kommunrag serve` over the sample index, as `make demo` starts it, on a free port."""
    with kommunrag_server("--index", str(sample_index.index.dir)) as url:
        yield url


@pytest.mark.slow  # ingests data/sample again (its vectors come from the embedding cache)
def test_the_safe_readme_commands_run_against_the_demo(sample_index, demo_server, tmp_path):
    if shutil.which("curl") is None or shutil.which("make") is None:
        pytest.skip("curl and make are needed to run the README's commands")
    scratch = tmp_path / "index"
    scratch.mkdir()
    shutil.copy(sample_index.index.dir / "embeddings.sqlite", scratch / "embeddings.sqlite")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ran = [c for c in COMMANDS if _runnable(c)]
    assert {c.program for c in ran} == {".venv/bin/kommunrag", "make", "curl"}
    for command in ran:
        shell = _as_run_here(command, sample_index.index.dir, demo_server, scratch)
        result = subprocess.run(
            ["bash", "-c", shell], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{command.text}\n{result.stderr}"
        assert result.stdout.strip(), command.text
        if command.program == "curl":
            assert '"error"' not in result.stdout or "filter_matches_nothing" in result.stdout
        sources = [line for line in command.output if re.match(r"\[\d+\] ", line)]
        for line in sources:  # a transcript's sources are what the command cites today
            assert line in result.stdout.splitlines(), f"{command.text}: {line}"
