"""How many of the English glossary's Swedish renderings occur in real Swedish documents.

Usage (from the repository root):

    .venv/bin/python benchmarks/glossary_corpus.py data/sample /path/to/corpus [--list]

Reads every file under the given folders (UTF-8 text) and every rendering of
assistant/answer/glossary.tsv (or --glossary PATH). A rendering counts as found when it
occurs as a word ("exact"), as a word of its Snowball stem family ("stem": "återremittera"
for "återremitteras"), or inside a longer word ("compound": "skatt" in "kommunalskatt");
a rendering of several words must occur as a phrase, each word with any ending. Prints
the counts and every rendering not found (--list prints each rendering's status too);
exits 1 when any is missing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import Stemmer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer.language import GLOSSARY_FILE, read_glossary  # noqa: E402

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_STEMMER = Stemmer.Stemmer("swedish")


class Corpus:
    """The casefolded text of a set of documents, its words and their stems."""

    def __init__(self, folders: list[Path]) -> None:
        texts = [
            path.read_text(encoding="utf-8", errors="replace")
            for folder in folders
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        ]
        self.text = re.sub(r"\s+", " ", "\n".join(texts).casefold())
        self.words = set(_WORD.findall(self.text))
        self.stems = {_STEMMER.stemWord(w) for w in self.words}
        self._joined = "\n" + "\n".join(sorted(self.words)) + "\n"

    def status(self, rendering: str) -> str | None:
        """Return how `rendering` occurs ("exact", "stem", "compound", "phrase"), or None."""
        words = rendering.casefold().split()
        if len(words) > 1:
            stems = (re.escape(_STEMMER.stemWord(w)) + r"\w*" for w in words)
            return "phrase" if re.search(r"\b" + r"\s+".join(stems), self.text) else None
        word = words[0]
        if word in self.words:
            return "exact"
        if _STEMMER.stemWord(word) in self.stems:
            return "stem"
        if word in self._joined:
            return "compound"
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--glossary", type=Path, default=GLOSSARY_FILE)
    parser.add_argument("--list", action="store_true", help="print every rendering's status")
    args = parser.parse_args(argv)
    corpus = Corpus(args.folders)
    entries = read_glossary(args.glossary)
    renderings = sorted({r for alts in entries.values() for r in alts})
    statuses = {r: corpus.status(r) for r in renderings}
    missing = [r for r, s in statuses.items() if s is None]
    if args.list:
        for rendering, status in statuses.items():
            print(f"{status or 'MISSING':9} {rendering}")
    print(
        f"{len(entries)} entries, {len(renderings)} distinct renderings: "
        f"{len(renderings) - len(missing)} found, {len(missing)} missing"
    )
    for rendering in missing:
        print(
            f"missing: {rendering} ({', '.join(k for k, v in entries.items() if rendering in v)})"
        )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
