"""What a real model writes, made into plain cited sentences before they are checked.

Small instruct models (and large ones, now and then) do not write the plain `… [n].`
sentences the prompt asks for. Seen against llama.cpp's server with Gemma 3 270M and
SmolLM2, and reported for larger models:

- Markdown: `**Svar:**`, `### Rubrik`, `1. ` and `* ` lists, tables, links, `code`;
- the prompt's `<source id="2" …>` tags copied into the answer (Gemma 3 270M does);
- citation markers in other shapes: `kr[1]`, `[ 1 ]`, `[1, 2]`, `[Källa 1]`, `[^1]`,
  `【1】`, and the period before the marker (`… kr. [1] Nästa …`), which hides the
  sentence boundary from the splitter;
- a `<think>…</think>` block first (reasoning models);
- chat-template tokens (`<end_of_turn>`, `<|im_end|>`, `</s>`…) when the server does not
  stop on them, followed by a made-up next turn;
- loops: the same sentence again and again, or one phrase repeated without end.

`tidy_text` fixes the first two and is safe to run again on text it already tidied (the
stream runs it on a growing buffer). `TurnEnd` and `RepetitionGuard` decide where an
answer ends. Nothing here judges whether a sentence is true; `verify.py` does that.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.answer.verify import Unit, UnitStream

_THINK_OPEN = "<think>"
_TEMPLATE = re.compile(
    r"<\|[a-z_]{1,30}\|>|<(?:start_of_turn|end_of_turn|eos|bos|pad)>|</?s>|\[/?INST\]|<</?SYS>>",
    re.IGNORECASE,
)
# A template token still arriving at the end of a streamed buffer.
_PARTIAL_TOKEN = re.compile(r"(?:<[|/a-z_]{0,30}|<<?/?S?Y?S?|\[/?I?N?S?T?)$", re.IGNORECASE)

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_QUOTE = re.compile(r"^\s*>\s?")
_BULLET = re.compile(r"^\s*(?:[*+•·▪–]|\d{1,2}[.)])\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#|mailto:)[^)\s]*\)")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HTML = re.compile(r"</?(?:b|i|em|strong|u|br|p|sup|sub|span)\s*/?>", re.IGNORECASE)
# Small models copy the prompt's <source id="2" …> tags into the answer; the tag's number is
# not a citation (nothing says the text after it comes from that source), so it goes.
_SOURCE_TAG = re.compile(r"</?\s*source\b[^>\n]*>", re.IGNORECASE)

_MARKER_LIST = r"\d{1,3}(?:\s*[,;]\s*\d{1,3})*"
_ODD_MARKER = re.compile(
    r"[\[【［]\s*(?:\^|(?:källa|källor|source|sources|ref\.?)\s*:?\s*)?("
    + _MARKER_LIST
    + r")\s*[\]】］]",
    re.IGNORECASE,
)
_GLUED = re.compile(r"(?<=[^\s\[\]({])\[(?=\d{1,3}\])")
_SPACED = re.compile(r"\](?:[ \t]+)(?=[\[.,;:!?](?:\d|\s|$)|[.,;:!?]$)")
_PERIOD_FIRST = re.compile(r"(\S+)([.!?])[ \t]*((?:\[\d{1,3}\])+)(?=\s|$)")


def tidy_text(text: str, final: bool = True) -> str:
    """Return `text` as plain lines with citation markers in the one form `… [1][2].`.

    Markdown emphasis, headings without a citation, rules, quotes and links are removed or
    reduced to their words; list items become "- " lines; table rows become lines whose
    cells are joined with "; ". Idempotent. With `final=False` the last line is taken to be
    still arriving: what needs the whole line (headings, rules, table rows, trailing
    spaces) is left for later, so tidying a growing buffer ends as tidying the whole.
    """
    lines = text.split("\n")
    done = [_plain_line(line) for line in (lines if final else lines[:-1])]
    if not final:
        done.append(_inline(lines[-1]))
    return repair_markers("\n".join(done))


def _plain_line(line: str) -> str:
    heading = _HEADING.match(line)
    if heading:
        return heading.group(1) if "[" in heading.group(1) else ""
    if _RULE.match(line) or _TABLE_SEPARATOR.match(line):
        return ""
    row = _TABLE_ROW.match(line)
    if row:
        line = "; ".join(cell.strip() for cell in row.group(1).split("|") if cell.strip())
    return _inline(line).rstrip()


def _inline(line: str) -> str:
    """Return `line` without quote marks, emphasis, links and tags, list items as "- "."""
    line = _BULLET.sub("- ", _QUOTE.sub("", line))
    line = _LINK.sub(lambda m: m.group(1), _IMAGE.sub("", line))
    line = _EMPHASIS.sub(lambda m: m.group(1), _STRONG.sub("", line))
    return _SOURCE_TAG.sub("", _HTML.sub(" ", line.replace("`", "")))


def repair_markers(text: str) -> str:
    """Return `text` with every citation marker written `[n]`, one number each, after a
    space and before the sentence's final punctuation ("kr. [1]" becomes "kr [1].")."""
    text = _ODD_MARKER.sub(_one_number_each, text)
    text = _GLUED.sub(" [", text)
    text = _PERIOD_FIRST.sub(_period_last, text)
    return _SPACED.sub("]", text)


def _one_number_each(match: re.Match[str]) -> str:
    return "".join(f"[{n}]" for n in re.split(r"\s*[,;]\s*", match.group(1)))


def _period_last(match: re.Match[str]) -> str:
    word, stop, markers = match.groups()
    if "." in word or len(word) < 2:  # "bl.a. [1]", "t.ex. [2]": an abbreviation's period
        return match.group(0)
    return f"{word} {markers}{stop}"


def strip_thinking(text: str) -> str:
    """Return a reply without the <think>…</think> block reasoning models write first."""
    return re.sub(r"<think>.*?(?:</think>|$)", "", text, flags=re.DOTALL | re.IGNORECASE).strip()


class ThinkFilter:
    """Holds back and drops a leading <think>…</think> block of a streamed reply."""

    def __init__(self) -> None:
        self._buffer = ""
        self._thinking: bool | None = None  # None: cannot tell yet

    def feed(self, piece: str) -> str:
        """Return the visible text of `piece` (possibly "", while a think block may be open)."""
        if self._thinking is False:
            return piece
        self._buffer += piece
        stripped = self._buffer.lstrip()
        undecided = self._thinking is None and len(stripped) < len(_THINK_OPEN)
        if undecided and _THINK_OPEN.startswith(stripped.lower()):
            return ""
        self._thinking = stripped.lower().startswith(_THINK_OPEN)
        out = self._buffer
        if self._thinking:
            end = self._buffer.lower().find("</think>")
            if end < 0:
                return ""
            out, self._thinking = self._buffer[end + len("</think>") :].lstrip(), False
        self._buffer = ""
        return out

    def flush(self) -> str:
        """Return what was held at the end: nothing of an unclosed think block."""
        out, self._buffer = ("" if self._thinking else self._buffer), ""
        return out


class TurnEnd:
    """Ends the answer at the first chat-template token after some text.

    A token before any text (`<bos>`, `<|assistant|>`) is dropped; one after it means the
    model closed its turn, or is inventing the next one, so the rest is ignored.
    `ended` tells whether that happened.
    """

    def __init__(self) -> None:
        self.ended = False
        self._held = ""
        self._seen_text = False

    def feed(self, piece: str) -> str:
        """Return the text of `piece` that belongs to the answer (a partial token is held)."""
        if self.ended:
            return ""
        text = self._held + piece
        out: list[str] = []
        while match := _TEMPLATE.search(text):
            before = text[: match.start()]
            out.append(before)
            self._seen_text = self._seen_text or bool(before.strip())
            if self._seen_text:
                self.ended, self._held = True, ""
                return "".join(out)
            text = text[match.end() :]
        partial = _PARTIAL_TOKEN.search(text)
        cut = partial.start() if partial else len(text)
        self._held = text[cut:]
        out.append(text[:cut])
        self._seen_text = self._seen_text or bool(text[:cut].strip())
        return "".join(out)

    def flush(self) -> str:
        """Return what was held back at the end of the stream (an unfinished `<…`: nothing)."""
        held, self._held = self._held, ""
        return "" if _PARTIAL_TOKEN.fullmatch(held) and held.startswith("<") else held


def clean_reply(text: str) -> str:
    """Return a whole reply without its thinking block and whatever follows a template token."""
    turn = TurnEnd()
    return (turn.feed(strip_thinking(text)) + turn.flush()).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", re.sub(r"\[\d{1,3}\]", " ", text).casefold())


class RepetitionGuard:
    """Tells when a model is looping: a sentence it wrote before, or one run of `n` words
    occurring `times` times in what it wrote.

    The figures (6 words, 3 times) come from the loops seen with small models, which repeat
    whole clauses; a faithful answer listing organs repeats at most short frames such as
    "anser att det är" (4 words), so it is not cut.
    """

    def __init__(self, n: int = 6, times: int = 3) -> None:
        self.n = n
        self.times = times
        self._seen: set[str] = set()

    def repeats(self, sentence: str) -> bool:
        """True when `sentence` (markers ignored) was seen before; records it otherwise."""
        key = " ".join(_words(sentence))
        if not key:
            return False
        if key in self._seen:
            return True
        self._seen.add(key)
        return False

    def looping(self, text: str) -> bool:
        """True when some run of `n` words occurs `times` times or more in `text`."""
        words = _words(text)
        if len(words) < self.n * self.times:
            return False
        grams = Counter(tuple(words[i : i + self.n]) for i in range(len(words) - self.n + 1))
        return max(grams.values()) >= self.times


def unfinished(sentence: str) -> bool:
    """True when a sentence stops without a final mark or a citation, as one cut off by
    `max_tokens` does ("Avtalet gäller från 2025 och")."""
    return not re.search(r"(?:[.!?…:;)\]\"”'»]|\[\d{1,3}\])\s*$", sentence)


class ReplyReader:
    """Turns a reply, streamed or whole, into tidied units, and says where it stopped.

    Each unit is released as soon as the next one has begun. A unit that repeats an earlier
    one, and the last unit when it is unfinished, come with a `flaw` (the verifier drops
    them and records why); after a repetition, a loop inside the buffer or a template token
    nothing more is read and `stopped` says why ("repetition", "chat-template token").
    """

    def __init__(self) -> None:
        self.stopped: str | None = None
        self._think = ThinkFilter()
        self._turn = TurnEnd()
        self._units = UnitStream(prepare=tidy_text)  # called with final=False, then True
        self._guard = RepetitionGuard()

    def feed(self, piece: str) -> list[Unit]:
        """Add streamed text; return the units it completed (none once stopped)."""
        if self.stopped:
            return []
        units = self._checked(self._units.feed(self._turn.feed(self._think.feed(piece))))
        if not self.stopped and self._guard.looping(self._units.pending):
            looped = " ".join(self._units.flush()[0].text.split()) if self._units.pending else ""
            units.append(Unit(looped[:200], " ", flaw="repetition: the reply loops"))
            self.stopped = "repetition"
        if self._turn.ended and not self.stopped:
            self.stopped = "chat-template token"
        return units

    def finish(self) -> list[Unit]:
        """Return the units still buffered when the reply ended; the last may be unfinished."""
        if self.stopped == "repetition":
            return []
        tail = self._turn.feed(self._think.flush()) + self._turn.flush()
        units = self._units.feed(tail) + self._units.flush()
        units = self._checked(units)
        if units and not units[-1].flaw and unfinished(units[-1].text):
            units[-1].flaw = "unfinished: the reply stops mid-sentence"
        return units

    def _checked(self, units: list[Unit]) -> list[Unit]:
        out: list[Unit] = []
        for unit in units:
            out.append(unit)
            if self._guard.repeats(unit.text):
                unit.flaw = "repeats an earlier sentence"
                self.stopped = "repetition"
                break
        return out
