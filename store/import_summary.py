"""What an import did, file by file: the records the importer and the project importer fill.

Its own module so that the file importer (store.importer) and the REFI-QDA project importer
(store.qdpx_import), which calls back into neither, can share them without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Rejection:
    """A path that was not imported and why."""

    source: str
    reason: str


@dataclass(slots=True)
class ImportSummary:
    """What an import did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    links_skipped: list[str] = field(default_factory=list)
    """Symbolic links in the folders given that lead out of them: not followed."""
    dropped: list[str] = field(default_factory=list)
    """What REFI-QDA projects held that has no place here, one line each, project first."""
    projects: list[str] = field(default_factory=list)
    """For each REFI-QDA project, one line: what its coding became."""
    # Updated sources whose text another extractor (or version of it) produced: (source, was).
    reextracted: list[tuple[str, str]] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Files that are now in the corpus (new, new version, or already there)."""
        return len(self.added) + len(self.updated) + len(self.unchanged)
