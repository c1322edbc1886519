"""Prompt templates and per-language phrase packs, as data files, with a tiny typed loader."""

from prompts.packs import PhrasePack, languages, phrase_pack
from prompts.templates import render

__all__ = ["PhrasePack", "languages", "phrase_pack", "render"]
