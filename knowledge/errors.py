"""Errors of the knowledge package: each says which file, where, and what to change."""

from __future__ import annotations

from pathlib import Path


class KnowledgeError(Exception):
    """Root of every error raised by `knowledge`."""


class PackError(KnowledgeError):
    """A brand pack that cannot be used as it is; `fix` tells the author what to change."""

    def __init__(self, file: Path | str, problem: str, fix: str, line: int | None = None, field: str | None = None):
        self.file = str(file)
        self.line = line
        self.field = field
        self.problem = problem
        self.fix = fix
        where = self.file + (f":{line}" if line else "")
        what = f"{field}: " if field else ""
        super().__init__(f"{where}: {what}{problem}. {fix}")


class PackProblems(PackError):
    """Every problem of a brand pack at once; reads as the first, with how many more there are."""

    def __init__(self, problems: list[PackError]):
        self.problems = problems
        first = problems[0]
        more = len(problems) - 1
        super().__init__(first.file, first.problem,
                         first.fix + (f" ({more} more problem{'s' * (more > 1)}: run `tactful validate PACK_DIR` to "
                                      "see them all)" if more else ""), first.line, first.field)


class StoredPackInvalid(PackError):
    """A brand stored before a rule was tightened: the caller's request is fine, the brand must be uploaded again."""


class UnknownBrand(KnowledgeError):
    """A brand id that was never ingested."""

    def __init__(self, brand_id: str):
        self.brand_id = brand_id
        super().__init__(
            f"brand {brand_id!r} is not ingested here; run `tactful ingest PACK_DIR` "
            "or pass the pack folder to --brand"
        )


class StoreUnavailable(KnowledgeError):
    """The Chroma store could not be opened or reached."""
