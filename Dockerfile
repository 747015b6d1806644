# kommunrag API and ingest image (see compose.yaml and README, "Deployment").
FROM python:3.11-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      tesseract-ocr tesseract-ocr-swe poppler-utils && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ingest ingest
COPY index index
COPY assistant assistant
COPY evals evals
COPY prompts prompts
RUN pip install --no-cache-dir ".[server,llm]"
RUN useradd --system --home /app kommunrag
USER kommunrag
EXPOSE 8000
CMD ["kommunrag", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
