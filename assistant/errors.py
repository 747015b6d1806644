"""Errors raised by the assistant. The API and CLI turn these into messages."""


class AssistantError(Exception):
    """Base class for assistant errors."""


class QuestionRejected(AssistantError):
    """The question is empty, too long or otherwise unusable."""


class DocumentNotFound(AssistantError):
    """No document has the requested id."""
