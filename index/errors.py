"""Errors raised by the index package. Messages name the path or id involved."""


class IndexError_(Exception):
    """Base class for index errors."""


class IndexNotFound(IndexError_):
    """No index exists at the given path."""


class EmbedderMismatch(IndexError_):
    """The index was built with another embedder than the one configured."""


class BackendUnavailable(IndexError_):
    """A configured backend's package is not installed."""


class IndexLocked(IndexError_):
    """Another process is writing the index; the message names its pid and host."""


class IndexWriteFailed(IndexError_):
    """The next index version could not be written (disk full, I/O error); the live
    version is unchanged. The message names the index directory and the cause."""


class VersionGone(BackendUnavailable):
    """The index version a reader opened was dropped by newer publishes while it read
    (a server store's table is gone); opening the live version again succeeds."""
