"""The browser code committed in assistant/web/static/ is what web/ builds, within its size limits.

The build runs esbuild from web/node_modules (`make web-deps` installs them with npm ci).
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
STATIC = ROOT / "assistant" / "web" / "static"
LOADER_LIMIT_GZ = 5 * 1024  # the budget for what every host page downloads
APP_LIMIT_GZ = 60 * 1024  # the iframe app: script and stylesheet together


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory) -> Path:
    node = shutil.which("node")
    assert node, "node is missing: install nodejs and npm (make web-deps does on Debian)"
    assert (WEB / "node_modules" / "esbuild").is_dir(), (
        "web/node_modules is missing: run make web-deps"
    )
    out = tmp_path_factory.mktemp("web-build")
    result = subprocess.run(
        [node, "build.mjs", "--outdir", str(out)],
        cwd=WEB,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_committed_build_matches_the_source(fresh_build):
    built, committed = _files(fresh_build), _files(STATIC)
    assert sorted(built) == sorted(committed), "files differ: run make web and commit"
    stale = [name for name in built if built[name] != committed[name]]
    assert not stale, f"out of date (run make web and commit): {stale}"


def test_loader_and_app_stay_within_their_size_limits():
    loader = _gz(STATIC / "widget" / "kommunrag.js")
    app = _gz(STATIC / "app" / "app.js") + _gz(STATIC / "app" / "app.css")
    assert loader <= LOADER_LIMIT_GZ, f"loader is {loader} bytes gzipped"
    assert app <= APP_LIMIT_GZ, f"app is {app} bytes gzipped"


def test_the_package_ships_the_built_files():
    """`pip install` copies these as package data (pyproject), so no npm is needed to serve."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    patterns = data["assistant"]
    for name in _files(STATIC):
        assert any(Path("web/static", name).match(p) for p in patterns), name


def test_readme_pins_the_current_loader_build():
    """The README's pinned embed tag names this build's file and SRI hash."""
    import json

    manifest = json.loads((STATIC / "manifest.json").read_text())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"/widget/v1/kommunrag-{manifest['loader']}.js" in readme
    assert f'integrity="{manifest["loader_integrity"]}"' in readme
