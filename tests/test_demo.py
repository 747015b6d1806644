"""`make demo` says what each long step does, and a taken port is named, not a traceback."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from helpers import run_kommunrag

ROOT = Path(__file__).resolve().parent.parent
# The commands of `make demo` that run for more than a moment, by what they start with.
LONG_STEPS = {
    "installing": r"\S*python\S* -m pip install .*-e ",
    "OCR tools": r"if command -v tesseract",
    "ingesting": r"\S*kommunrag --index \S+ ingest ",
    "serving": r"\S*kommunrag --index \S+ serve ",
}


def _dry_run(*args: str) -> list[str]:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    # -B: show the install recipe even where .venv is already installed
    result = subprocess.run(
        ["make", "-n", "-B", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("step", sorted(LONG_STEPS))
def test_every_long_step_of_make_demo_is_announced_first(step):
    lines = _dry_run("demo")
    at = next(i for i, line in enumerate(lines) if re.match(LONG_STEPS[step], line))
    announced = [line for line in lines[:at] if line.startswith('echo "==> ')]
    assert announced, f"no '==>' step line before: {lines[at]}"
    # the announcement is the closest step line, and no other long step lies in between
    last = max(i for i, line in enumerate(lines[:at]) if line.startswith('echo "==> '))
    between = lines[last + 1 : at]
    assert not any(re.match(p, line) for p in LONG_STEPS.values() for line in between)


def test_pip_is_not_silenced_for_the_long_install():
    (install,) = [line for line in _dry_run("demo") if re.match(LONG_STEPS["installing"], line)]
    assert " -q" not in install and "--quiet" not in install


def test_make_demo_takes_another_port():
    lines = _dry_run("demo", "PORT=8010")
    (serve,) = [line for line in lines if re.match(LONG_STEPS["serving"], line)]
    assert serve.endswith("--port 8010")


def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_kommunrag(
            "--index", str(tmp_path), "serve", "--host", "127.0.0.1", "--port", str(port),
            timeout=120,
        )  # fmt: skip
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"kommunrag: port {port} on 127.0.0.1 is in use")
    assert "--port" in line and "make demo PORT=" in line
