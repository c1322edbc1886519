"""Errors of the assistant package."""

from __future__ import annotations


class AssistantError(Exception):
    """Root of every error raised by `assistant`."""


class BadRequest(AssistantError):
    """The caller asked for something impossible; the message says what to change."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


class BackendError(AssistantError):
    """A drafting backend failed (LLM unreachable, timed out, refused the request); `retryable` when trying
    again may help (timeouts, refused connections, 5xx, 429)."""

    def __init__(self, message: str, retryable: bool = False):
        self.retryable = retryable
        super().__init__(message)
