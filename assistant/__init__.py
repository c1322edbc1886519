"""Reading the customer, drafting backends, the drafting service, settings."""

from assistant.drafts import Draft, DraftRequest, DraftResponse, Turn
from assistant.errors import AssistantError, BackendError, BadRequest
from assistant.read import read
from assistant.reading import FaqScore, Reading
from assistant.service import DraftingService
from assistant.settings import Settings

__all__ = [
    "AssistantError", "BackendError", "BadRequest", "Draft", "DraftRequest", "DraftResponse",
    "DraftingService", "FaqScore", "Reading", "Settings", "Turn", "read",
]
