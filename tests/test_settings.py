"""Every setting is documented in .env.example and read from KOMMUNRAG_* variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _env_names(model: type[BaseModel], prefix: str = "KOMMUNRAG_") -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += _env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_every_setting_is_documented_in_env_example():
    documented = (ROOT / ".env.example").read_text()
    missing = [n for n in _env_names(Settings) if f"{n}=" not in documented]
    assert not missing, f"undocumented settings: {missing}"


def test_every_field_has_a_description():
    def undocumented(model: type[BaseModel], path: str = "") -> list[str]:
        out = []
        for name, field in model.model_fields.items():
            if not field.description:
                out.append(path + name)
            ann = field.annotation
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                out += undocumented(ann, f"{path}{name}.")
        return out

    assert undocumented(Settings) == []


def test_nested_environment_variables_are_read(monkeypatch):
    monkeypatch.setenv("KOMMUNRAG_INDEX__STORE", "chroma")
    monkeypatch.setenv("KOMMUNRAG_ANSWER__TOP_K", "3")
    settings = Settings()
    assert settings.index.store == "chroma"
    assert settings.answer.top_k == 3


def test_fingerprint_changes_with_settings():
    a, b = Settings(), Settings()
    b.ingest.chunk_tokens = a.ingest.chunk_tokens + 10
    assert a.fingerprint() != b.fingerprint()
