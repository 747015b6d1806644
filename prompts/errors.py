"""Errors raised by the prompt loader. Messages name the template."""


class PromptError(Exception):
    """A template is missing, or was rendered with the wrong variables."""
