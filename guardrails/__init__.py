"""Guardrails: detectors (PII, phrases, language) and the rules that turn them into findings."""

from guardrails.channels import CHANNELS, Channel, channel, weighted_length
from guardrails.check import check
from guardrails.context import CheckContext
from guardrails.findings import CheckResult, Finding
from guardrails.langid import LanguageGuess, detect
from guardrails.names import person_first_name
from guardrails.pii import PiiSpan, find_pii

__all__ = [
    "CHANNELS", "Channel", "CheckContext", "CheckResult", "Finding", "LanguageGuess", "PiiSpan",
    "channel", "check", "detect", "find_pii", "person_first_name", "weighted_length",
]
