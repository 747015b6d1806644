"""Errors raised by the assistant. The API and CLI turn these into messages."""


class AssistantError(Exception):
    """Base class for assistant errors."""


class QuestionRejected(AssistantError):
    """The question is empty, too long or otherwise unusable."""


class DocumentNotFound(AssistantError):
    """No document has the requested id."""


class OriginalFileMissing(AssistantError):
    """A document's original file is no longer on the server as it was ingested."""


class FilterMatchesNothing(AssistantError):
    """The filters of a question match no document in the index.

    `suggestions` maps each filter field that matches nothing on its own to the closest
    values the index holds, best first.
    """

    def __init__(self, message: str, suggestions: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class ModelNotFound(AssistantError):
    """The OpenAI-compatible API was asked for a model this server does not offer."""


class PortInUse(AssistantError):
    """The address `kommunrag serve` should listen on is taken by another process."""
