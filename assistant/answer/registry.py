"""The kinds of question the answerer knows, most specific first (see `kinds.Kind`).

A vote or meeting question that finds no record falls through to the next kind; an
aggregate question is answered (or refused) as a list; every question is a fact question
last. Adding a kind is one module and one line here.
"""

from __future__ import annotations

from assistant.answer.fact import FACT
from assistant.answer.kinds import Kind
from assistant.answer.listed import AGGREGATE
from assistant.answer.meeting import MEETING
from assistant.answer.votes import VOTE

REGISTRY: tuple[Kind, ...] = (VOTE, MEETING, AGGREGATE, FACT)
