"""ranx's `evaluate`, without the numba cast warning its compiled metrics raise.

ranx's parallel metrics index a numba typed list with the `prange` loop variable, which
numba types as uint64 and casts to int64 for the index: `NumbaTypeSafetyWarning: unsafe
cast from uint64 to int64`. The cast is safe here (the index is a query's position, far
below 2**63) and the code is ranx's own, so only that warning, from that call, is hidden.
numba may wrap the message in terminal colour codes, hence the pattern's leading `.*`.
"""

from __future__ import annotations

import warnings
from typing import Any

CAST_WARNING = r".*unsafe cast from uint64 to int64"


def evaluate(qrels: Any, run: Any, metrics: list[str], **options: Any) -> Any:
    """Return `ranx.evaluate(qrels, run, metrics, **options)`; raises what ranx raises."""
    from numba.core.errors import NumbaTypeSafetyWarning
    from ranx import evaluate as ranx_evaluate

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", CAST_WARNING, NumbaTypeSafetyWarning)
        return ranx_evaluate(qrels, run, metrics, **options)
