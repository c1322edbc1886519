"""Brand knowledge: the brand-pack format, ingestion into Chroma, retrieval."""

from knowledge.errors import KnowledgeError, PackError, PackProblems, StoreUnavailable, UnknownBrand
from knowledge.pack import AvoidPhrase, Brand, BrandPack, FaqEntry, Translation, Voice, load_pack, pack_problems
from knowledge.store import FaqHit, IngestReport, KnowledgeStore, clean_post

__all__ = [
    "clean_post",
    "AvoidPhrase",
    "Brand",
    "BrandPack",
    "FaqEntry",
    "FaqHit",
    "IngestReport",
    "KnowledgeError",
    "KnowledgeStore",
    "PackError",
    "PackProblems",
    "StoreUnavailable",
    "Translation",
    "UnknownBrand",
    "Voice",
    "load_pack",
    "pack_problems",
]
