"""One entry point for every export format, so the command line stays a thin shell."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database


def export_as(
    db: Database,
    format_: str,
    *,
    tags: Iterable[str] = (),
    documents: Iterable[str] = (),
    coders: Iterable[str] = (),
    name: str = "corpus-tui",
) -> tuple[str | bytes, list[str]]:
    """The export in ``format_`` (``yaml``, ``qdpx`` or ``w3c``) and notes for the user
    (what a format could not hold). Raises ValueError naming an unknown tag or document."""
    if format_ == "qdpx":
        from corpus_tui.store.qdpx_export import export_qdpx

        project = export_qdpx(db, tags=tags, documents=documents, coders=coders, project_name=name)
        notes = []
        if project.orphans_left_out:
            notes.append(
                f"{project.orphans_left_out} orphans not exported (no place in the text; "
                "the YAML export keeps them)"
            )
        if project.characters_replaced:
            notes.append(
                f"{project.characters_replaced} control characters in names or notes written "
                "as U+FFFD (XML cannot hold them)"
            )
        return project.data, notes
    if format_ == "w3c":
        from corpus_tui.store.w3c_export import export_w3c

        return export_w3c(db, tags=tags, documents=documents, coders=coders), []
    from corpus_tui.store.spans_export import export_spans

    return export_spans(db, tags=tags, documents=documents, coders=coders), []
