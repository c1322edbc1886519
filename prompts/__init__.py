"""Prompt templates and per-language phrase packs, as data files, with a tiny typed loader."""

from prompts.packs import PhrasePack, languages, phrase_pack
from prompts.templates import render, tone_instruction, variant_styles

__all__ = ["PhrasePack", "languages", "phrase_pack", "render", "tone_instruction", "variant_styles"]
