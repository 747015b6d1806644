"""One writer per index: an advisory lock file that names its owner.

`INDEX_DIR/ingest.lock` holds the owner's pid, host and start time as JSON. The lock
itself is `flock` on that file, which the operating system releases when its owner
exits, however it exits; so a lock left by a killed run is simply taken over, and the
stale owner named in the file is logged. (flock does not reach across hosts on some
network file systems: keep an index on a local disk.)

A forked child shares its parent's open file and with it the flock, so a parser child
outliving a killed ingest would hold the index for ever. Every child therefore closes its
copy of a held lock right after the fork (`os.register_at_fork`); the lock stays its
parent's alone.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import time
from pathlib import Path
from typing import IO

from index.errors import IndexLocked

LOCK_NAME = "ingest.lock"
_POLL_S = 0.2

log = logging.getLogger(__name__)

# Lock files this process holds, closed in every forked child (see the module docstring).
_HELD: set[IO[str]] = set()


def _close_in_child() -> None:
    for handle in list(_HELD):
        handle.close()  # the child's descriptor only; the parent keeps its lock
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class IndexLock:
    """Context manager holding the write lock of the index under `root`.

    Waits up to `wait_s` seconds for another writer to finish, then raises IndexLocked
    naming that writer's pid and host.
    """

    def __init__(self, root: Path, wait_s: float = 0.0) -> None:
        self.path = root / LOCK_NAME
        self.wait_s = wait_s
        self._file: IO[str] | None = None

    def __enter__(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    owner = _holder(handle)
                    handle.close()
                    raise IndexLocked(
                        f"index {self.path.parent} is being written by another ingest "
                        f"({owner}); try again when it has finished, or set "
                        "KOMMUNRAG_INGEST__LOCK_WAIT_S to wait for it"
                    ) from None
                time.sleep(_POLL_S)
        stale = _owner(handle)
        if stale != "owner unknown":
            log.warning("took over the index lock left by a run that ended (%s)", stale)
        handle.seek(0)
        handle.truncate()
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        handle.write(json.dumps(me))
        handle.flush()
        self._file = handle
        _HELD.add(handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is None:
            return
        # Empty the file before unlocking: an empty lock file means nobody holds it.
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        _HELD.discard(self._file)
        self._file.close()
        self._file = None


def read_owner(root: Path) -> dict[str, object] | None:
    """Return the pid, host and start time the index's lock file names, or None."""
    try:
        return json.loads((root / LOCK_NAME).read_text() or "null")
    except (OSError, ValueError):
        return None


def _holder(handle: IO[str], patience_s: float = 1.0) -> str:
    """Return the lock holder as `_owner` does, giving a holder that has just taken the lock
    up to `patience_s` seconds to write its pid (it does so right after `flock`)."""
    until = time.monotonic() + patience_s
    owner = _owner(handle)
    while owner == "owner unknown" and time.monotonic() < until:
        time.sleep(_POLL_S)
        owner = _owner(handle)
    return owner


def _owner(handle: IO[str]) -> str:
    """Return "pid 123 on host h since 2024-..." from the lock file, or "owner unknown"."""
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return "owner unknown"
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(data.get("since", 0))))
    return f"pid {data.get('pid')} on host {data.get('host')} since {since}"
