"""The main screen's attribute keys: edit the open document's details (attributes and memo),
filter the document list by attributes, and show one attribute as a column."""

from __future__ import annotations

from sqlite_utils import Database
from textual.app import App

from corpus_tui.corpus.attribute_values import parse_filter
from corpus_tui.store.attributes import (
    attribute_keys,
    attribute_values,
    attributes_of,
    filter_documents,
    get_memo,
    set_attributes,
    set_memo,
)
from corpus_tui.store.db import StoreError
from corpus_tui.store.documents import get_document
from corpus_tui.tui.screens.dialogs import Prompt
from corpus_tui.tui.widgets.document_list import DocumentList


def edit_details(app: App, db: Database, document_id: str | None) -> None:
    """Open the details dialog for a document and save what comes back."""
    from corpus_tui.tui.screens.document_details import DocumentDetails

    document = get_document(db, document_id) if document_id else None
    if document is None:
        app.notify("Open a document first", severity="warning")
        return

    def saved(result: tuple[dict[str, str], str] | None) -> None:
        if result is None:
            return
        values, memo = result
        try:
            set_attributes(db, document.id, values)
            set_memo(db, document.id, memo)
        except (ValueError, KeyError, StoreError) as error:
            app.notify(str(error.args[0] if error.args else error), severity="warning")
            return
        app.query_one(DocumentList).set_attribute_values(column_values(db, app))
        app.notify("Details saved")

    app.push_screen(
        DocumentDetails(document.title, attributes_of(db, document.id), get_memo(db, document.id)),
        saved,
    )


def column_values(db: Database, app: App) -> dict[str, str]:
    """Each document's value of the attribute the list shows as a column."""
    column = app.query_one(DocumentList).column
    if not column:
        return {}
    return attribute_values(db, column)


def filter_by_attributes(app: App, db: Database) -> None:
    """Ask for ``outlet = Daily NK; date >= 2012`` and show only the documents passing it."""
    documents = app.query_one(DocumentList)

    def answered(answer: str | None) -> None:
        if answer is None:
            return
        parts = [part for part in answer.split(";") if part.strip()]
        try:
            filters = [parse_filter(part) for part in parts]
        except ValueError as error:
            app.notify(str(error), severity="warning")
            return
        if not filters:
            documents.set_allowed(None, "")
            return
        if documents.column is None:
            documents.column = filters[0].key
            documents.set_attribute_values(column_values(db, app))
        documents.set_allowed(filter_documents(db, filters), answer.strip())

    question = "Show documents whose attributes pass (e.g. outlet = Daily NK; date >= 2012)"
    app.push_screen(Prompt(question + "; empty shows all", documents.attribute_filter), answered)


def choose_column(app: App, db: Database) -> None:
    """Ask which attribute the document list shows beside each title (empty: none)."""
    documents = app.query_one(DocumentList)
    keys = attribute_keys(db)

    def answered(answer: str | None) -> None:
        if answer is None:
            return
        documents.column = answer.strip() or None
        documents.set_attribute_values(column_values(db, app))

    known = f" ({', '.join(keys[:10])})" if keys else " (none set yet)"
    app.push_screen(
        Prompt(f"Show which attribute as a column{known}?", documents.column or ""), answered
    )
