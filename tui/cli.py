"""The `corpus-tui` command line: a thin shell over `store`, one subcommand per library call.

Each subcommand parses its options, makes one call into store/ (or corpus/), and prints what
comes back: `--json` prints the records' own `as_json()`, never dicts built here. Everything a
user can do here, a script can do by calling the same function. Only the bare command (the app)
imports Textual, and lazily: the headless subcommands start fast and run where Textual cannot.
New subcommands go at the end of this file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from platformdirs import user_data_path
from sqlite_utils import Database

from corpus_tui.corpus.printable import one_line
from corpus_tui.store.db import StoreError, explain, open_db

DB_ENV = "CORPUS_TUI_DB"


def default_db_path() -> Path:
    """`$CORPUS_TUI_DB`, else ``corpus.db`` in the user data directory."""
    return Path(os.environ.get(DB_ENV) or user_data_path("corpus-tui") / "corpus.db")


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    # --db is accepted before or after the subcommand; the one after wins.
    if value is not None:
        ctx.ensure_object(dict)["db"] = value
    return value


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The `--db PATH` option, for the group and for every subcommand."""
    return click.option(
        "--db",
        "db_path",
        metavar="PATH",
        expose_value=False,
        callback=_remember_db,
        help=f"Database file (default: ${DB_ENV}, else {default_db_path()}).",
    )(command)


def db_path_from_context(ctx: click.Context) -> Path:
    """The database that --db, $CORPUS_TUI_DB or the default names."""
    chosen = ctx.find_root().ensure_object(dict).get("db") or ctx.ensure_object(dict).get("db")
    return Path(chosen) if chosen else default_db_path()


def open_from_context(ctx: click.Context) -> Database:
    """Open the database that --db, $CORPUS_TUI_DB or the default names."""
    return open_db(db_path_from_context(ctx))


def print_json(rows: list[dict[str, Any]]) -> None:
    """Print one JSON array of objects, as every --json output is: pass the records' own
    `as_json()` dicts, so the record decides its fields, not the command."""
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--demo", is_flag=True, help="Open the app on a scratch copy of the demo corpus.")
@click.option(
    "--coder",
    metavar="NAME",
    help="Who is coding (default: $CORPUS_TUI_CODER, the config's coder, the OS user name).",
)
@click.version_option(package_name="corpus-tui")
@click.pass_context
def cli(ctx: click.Context, demo: bool, coder: str | None) -> None:
    """Read and code a corpus of documents in the terminal."""
    ctx.ensure_object(dict)["coder_option"] = coder
    if ctx.invoked_subcommand is not None:
        return
    from corpus_tui.tui.app import CorpusApp
    from corpus_tui.tui.coder import resolve_coder

    coder = resolve_coder(coder)

    if demo:
        from corpus_tui.store.demo import create_demo_db

        with tempfile.TemporaryDirectory(prefix="corpus-tui-demo-") as scratch:
            path = Path(scratch) / "demo.db"
            create_demo_db(path).close()
            app = CorpusApp(path, coder=coder)
            app.run()
        sys.exit(app.return_code or 0)
    path = ctx.obj.get("db") or default_db_path()
    open_db(path).close()
    app = CorpusApp(Path(path), coder=coder)
    app.run()
    # The app's one line (a damaged database found while reading) was printed: exit as failed.
    sys.exit(app.return_code or 0)


@cli.command("import")
@db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also import files that links inside the folders point to outside them.",
)
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], follow_symlinks: bool) -> None:
    """Add .txt, .md and .html files and folders to the corpus."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from corpus_tui.store.importer import EmptyPath, check_import_paths, import_paths

    try:
        check_import_paths(paths)
    except EmptyPath as error:
        raise click.ClickException(str(error)) from None
    db = open_from_context(ctx)
    console = _stderr_console()
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        transient=True,
        console=console,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, source: str) -> None:
            bar.update(task, completed=done, total=total, description=_tail(one_line(source)))

        summary = import_paths(db, paths, progress, follow_symlinks=follow_symlinks)
    for rejection in summary.rejected:
        click.echo(f"rejected: {one_line(rejection.source)}: {one_line(rejection.reason)}")
    for line in summary.dropped:
        click.echo(f"dropped: {one_line(line)}")
    for line in summary.projects:
        click.echo(f"project: {one_line(line)}")
    for source, extractor in summary.reextracted:
        click.echo(f"new version: {one_line(source)}: text extracted again (was {extractor})")
    for link in summary.links_skipped:
        click.echo(f"skipped: {one_line(link)}: link to a file outside the folders given")
    links = len(summary.links_skipped)
    click.echo(
        f"{len(summary.added)} added, {len(summary.updated)} updated (new version), "
        f"{len(summary.unchanged)} unchanged, {len(summary.rejected)} rejected"
        + (
            f", {links} skipped (links out of the folders given; --follow-symlinks imports them)"
            if links
            else ""
        )
    )
    if summary.rejected and not summary.accepted:
        raise click.ClickException("no file could be imported (reasons above)")
    if not summary.rejected and not summary.accepted:
        raise click.ClickException("no files found in the paths given")


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _tail(source: str, width: int = 40) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]


@cli.command("docs")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.pass_context
def docs_command(ctx: click.Context, as_json: bool) -> None:
    """List documents: id, title, source, sha256, chars, spans."""
    from corpus_tui.store.documents import list_documents

    db = open_from_context(ctx)
    documents = list_documents(db)
    if as_json:
        from corpus_tui.store.attributes import all_attributes

        attributes = all_attributes(db, typed_values=True)
        print_json([d.as_json(attributes.get(d.id)) for d in documents])
        return
    click.echo(f"{'ID':<16}  {'CHARS':>9}  {'SPANS':>5}  TITLE  (SOURCE)")
    for d in documents:
        click.echo(
            f"{d.id:<16}  {d.chars:>9}  {d.spans:>5}  {one_line(d.title)}  ({one_line(d.source)})"
        )


@cli.command("search")
@db_option
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.pass_context
def search_command(ctx: click.Context, query: str, as_json: bool, limit: int) -> None:
    """Fuzzy search for names and places: exact spellings, then variants, then typos."""
    from corpus_tui.store.search import search
    from corpus_tui.store.search_index import index_is_current

    db = open_from_context(ctx)
    if not index_is_current(db):
        click.echo(
            "corpus-tui: the search index is from an older release; run 'corpus-tui "
            "reindex' to find every mention",
            err=True,
        )
    hits = search(db, query, limit=limit)
    if as_json:
        print_json([hit.as_json() for hit in hits])
        return
    for hit in hits:
        context = " ".join(hit.context.split())
        click.echo(
            f"{hit.doc}  {hit.start}-{hit.end}  {hit.match:<7}  {one_line(hit.text)}  "
            f"| {one_line(context)}"
        )


@cli.command("reindex")
@db_option
@click.pass_context
def reindex_command(ctx: click.Context) -> None:
    """Rebuild the name-search index from every document's text."""
    from corpus_tui.store.search_index import rebuild_index

    click.echo(f"{rebuild_index(open_from_context(ctx))} documents indexed")


@cli.command("export")
@db_option
@click.option(
    "--format",
    "format_",
    type=click.Choice(["yaml", "csv", "xlsx", "qdpx", "w3c"]),
    default="yaml",
    show_default=True,
    help="Spans YAML, a CSV table (one row per span), an XLSX workbook (table + matrix), "
    "a REFI-QDA project, or W3C Web Annotations (JSON-LD).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, atomically.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only spans with this tag.")
@click.option("--doc", "documents", multiple=True, metavar="ID", help="Only this document.")
@click.option("--coder", "coders", multiple=True, metavar="C", help="Only spans by this coder.")
@click.pass_context
def export_command(
    ctx: click.Context,
    format_: str,
    output: str | None,
    tags: tuple[str, ...],
    documents: tuple[str, ...],
    coders: tuple[str, ...],
) -> None:
    """Export spans as YAML (format corpus-tui-spans, version 1), a REFI-QDA project (.qdpx)
    or W3C Web Annotations, to stdout or FILE."""
    from corpus_tui.store.interchange import export_as
    from corpus_tui.store.output_paths import write_output

    if format_ in ("csv", "xlsx"):
        _export_table(ctx, format_, output, tags, documents, coders)
        return
    if format_ == "qdpx" and output is None and sys.stdout.isatty():
        raise click.ClickException("a .qdpx project is a zip file: write it with -o FILE.qdpx")
    try:
        payload, notes = export_as(
            open_from_context(ctx),
            format_,
            tags=tags,
            documents=documents,
            coders=coders,
            name=Path(output).stem if output else "corpus-tui",
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    for note in notes:
        click.echo(f"corpus-tui: {one_line(note)}", err=True)
    if output is None:
        if isinstance(payload, bytes):
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        else:
            click.echo(payload, nl=False)
        return
    write_output(output, payload, db_path_from_context(ctx))
    kind = "spans" if format_ == "yaml" else format_
    click.echo(f"{kind} written to {one_line(output)}", err=True)


@cli.command("merge")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def merge_command(ctx: click.Context, file: str) -> None:
    """Merge a spans YAML file into the database: all of it or nothing, idempotent."""
    from corpus_tui.corpus.spans_format import (
        InvalidSpansFile,
        UnreadableSpansFile,
        read_spans_text,
    )
    from corpus_tui.store.spans_merge import merge_spans

    try:
        text = read_spans_text(file)
    except UnreadableSpansFile as error:
        raise click.ClickException(f"{one_line(file)} {error}; nothing was merged") from None
    try:
        summary = merge_spans(open_from_context(ctx), text)
    except InvalidSpansFile as error:
        lines = "".join(f"\n  {one_line(line)}" for line in error.errors)
        raise click.ClickException(
            f"{one_line(file)}: nothing was merged, fix these first:{lines}"
        ) from None
    for source in summary.missing_documents:
        click.echo(f"skipped: {one_line(source)}: no such document in this database")
    for name in summary.tags_differing:
        click.echo(
            f"tag {one_line(repr(name))}: colour or description differs; this database's kept"
        )
    for item in summary.attributes_differing:
        click.echo(f"attribute {one_line(item)}: differs; this database's kept")
    for span_id in summary.kept_ours:
        click.echo(f"span {one_line(span_id)}: differs from this database's; this database's kept")
    click.echo(
        f"{summary.added} added, {summary.reanchored} re-anchored, {summary.orphaned} orphaned, "
        f"{summary.unchanged} unchanged, {len(summary.tags_created)} tags created"
    )


@cli.command("orphans")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.pass_context
def orphans_command(ctx: click.Context, as_json: bool) -> None:
    """List highlights that could not be placed in their document's current text."""
    from corpus_tui.store.orphans import list_orphans

    orphans = list_orphans(open_from_context(ctx))
    if as_json:
        print_json([o.as_json() for o in orphans])
        return
    for o in orphans:
        quote = " ".join(o.text.split())
        tags = one_line(", ".join(o.tags))
        click.echo(
            f"{o.document_id}  {one_line(o.id)}  {o.start}-{o.end}  [{tags}]  {one_line(quote)}"
        )
    click.echo(f"{len(orphans)} orphans", err=True)


def main() -> None:
    """Console-script entry point: errors become one line on stderr, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.UsageError as error:
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        click.echo(f"corpus-tui: {error.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"corpus-tui: {error.format_message()}", err=True)
        sys.exit(1)
    except click.Abort:
        click.echo("corpus-tui: interrupted", err=True)
        sys.exit(130)
    except StoreError as error:
        click.echo(f"corpus-tui: {one_line(str(error))}", err=True)
        sys.exit(1)
    except OSError as error:
        where = one_line(os.fsdecode(error.filename)) if error.filename else ""
        click.echo(f"corpus-tui: {error.strerror or error}: {where}", err=True)
        sys.exit(1)
    except Exception as error:
        if os.environ.get("CORPUS_TUI_DEBUG"):
            raise
        if explained := explain(error):
            click.echo(f"corpus-tui: {explained}", err=True)
            sys.exit(1)
        click.echo(
            f"corpus-tui: internal error: {type(error).__name__}: {error} "
            "(set CORPUS_TUI_DEBUG=1 for details, and please report it)",
            err=True,
        )
        sys.exit(1)


@cli.command("text")
@db_option
@click.argument("doc_id")
@click.pass_context
def text_command(ctx: click.Context, doc_id: str) -> None:
    """Print a document's stored text, exactly, to stdout (offsets index into it).

    On a terminal, control characters other than newline are shown as escapes; piped or
    redirected, the bytes are the stored text in UTF-8, unchanged.
    """
    from corpus_tui.store.documents import get_text

    try:
        text = get_text(open_from_context(ctx), doc_id)
    except KeyError:
        raise click.ClickException(
            f"no document with id {one_line(doc_id)!r}; `corpus-tui docs` lists them"
        ) from None
    if sys.stdout.isatty():
        text = "\n".join(one_line(line) for line in text.split("\n"))
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


@cli.command("agreement")
@db_option
@click.argument("coder_a")
@click.argument("coder_b")
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only this tag (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.pass_context
def agreement_command(
    ctx: click.Context, coder_a: str, coder_b: str, tags: tuple[str, ...], as_json: bool
) -> None:
    """How far two coders agree: per tag and over all (*), on character units."""
    from corpus_tui.store.agreement import coder_agreement

    try:
        results = coder_agreement(open_from_context(ctx), coder_a, coder_b, tags)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        print_json([result.as_json() for result in results])
        return

    def figure(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    width = max([len(one_line(r.tag)) for r in results] + [3])
    click.echo(f"{'TAG':<{width}}  {'CHARS':>9}  {'PERCENT':>7}  {'KAPPA':>6}  {'ALPHA':>6}")
    for r in results:
        percent = "—" if r.percent is None else f"{100 * r.percent:.1f}%"
        click.echo(
            f"{one_line(r.tag):<{width}}  {r.chars:>9}  {percent:>7}  "
            f"{figure(r.kappa):>6}  {figure(r.alpha):>6}"
        )
    if results and not results[-1].chars:
        click.echo("no document was coded by both coders", err=True)


@cli.command("names")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.pass_context
def names_command(ctx: click.Context, as_json: bool) -> None:
    """The names index: every name and place, grouped, with counts and curation."""
    from corpus_tui.store.names_index import list_names

    names = list_names(open_from_context(ctx))
    if as_json:
        print_json([name.as_json() for name in names])
        return
    for name in names:
        kind = "adjective" if name.adjective else "place" if name.place else ""
        click.echo(
            f"{name.cluster:<8}  {name.occurrences:>6}  {one_line(name.name)}  {kind}  "
            f"{name.curation}".rstrip()
        )


@cli.command("curation")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.pass_context
def curation_command(ctx: click.Context, as_json: bool) -> None:
    """Export the curation of the names index (not a name, same, split) as YAML or JSON."""
    from corpus_tui.store.names_index import curation_records

    records = [record.as_json() for record in curation_records(open_from_context(ctx))]
    if as_json:
        print_json(records)
        return
    import yaml

    document = {"format": "corpus-tui-name-curation", "version": 1, "curation": records}
    click.echo(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), nl=False)


# ---- findings: tables, reports, attributes and memos (issue 13) ------------------------------


def _export_table(
    ctx: click.Context,
    format_: str,
    output: str | None,
    tags: tuple[str, ...],
    documents: tuple[str, ...],
    coders: tuple[str, ...] = (),
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from corpus_tui.store.table_export import export_table

    if format_ == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError("an XLSX workbook is binary: write it to a file with -o FILE")
    db = open_from_context(ctx)
    console = _stderr_console()
    with Progress(
        TextColumn(f"exporting {format_}"),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
        console=console,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)
        try:
            data = export_table(
                db,
                output,
                format_,  # type: ignore[arg-type]
                tags=tags,
                documents=documents,
                coders=coders,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                db_path=db_path_from_context(ctx),
            )
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    if output is not None:
        click.echo(f"spans written to {one_line(output)}", err=True)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def _table_out(header: list[str], rows: list[list[object]], as_csv: bool) -> None:
    """Print rows as RFC 4180 CSV, or as aligned columns for reading."""
    if as_csv:
        from corpus_tui.store.table_export import render_csv

        sys.stdout.write(render_csv(header, rows))
        sys.stdout.flush()
        return
    shown = [[one_line(str(cell)) for cell in header]]
    shown += [[one_line(str(cell)) for cell in row] for row in rows]
    widths = [max(len(row[index]) for row in shown) for index in range(len(header))]
    for row in shown:
        cells = [
            cell.rjust(width) if isinstance(original, int | float) else cell.ljust(width)
            for cell, width, original in zip(row, widths, rows[0] if rows else row, strict=False)
        ]
        click.echo("  ".join(cells).rstrip())


def _format_choice(as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")


@cli.group("report", invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (RFC 4180).")
@click.option("--by", metavar="KEY[:year|:month]", help="One row per attribute value and tag.")
@click.pass_context
def report_command(ctx: click.Context, as_json: bool, as_csv: bool, by: str | None) -> None:
    """Per tag: spans, documents, characters and share of documents (see also the
    subcommands matrix and cooccurrence)."""
    if ctx.invoked_subcommand is not None:
        return
    from corpus_tui.store.reports import tag_summary

    _format_choice(as_json, as_csv)
    try:
        rows = tag_summary(open_from_context(ctx), by=by)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        print_json([row.as_json() for row in rows])
        return
    header = ["tag", "spans", "documents", "chars", "share"]
    table: list[list[object]] = [
        [row.tag, row.spans, row.documents, row.chars, round(row.share, 4)] for row in rows
    ]
    if by is not None:
        header = ["group", *header]
        table = [[row.group, *line] for row, line in zip(rows, table, strict=True)]
    _table_out(header, table, as_csv)


@report_command.command("matrix")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (RFC 4180).")
@click.option("--binary", is_flag=True, help="1 where a document has the tag, else 0.")
@click.option("--by", metavar="KEY[:year|:month]", help="Rows are attribute values, not documents.")
@click.pass_context
def report_matrix_command(
    ctx: click.Context, as_json: bool, as_csv: bool, binary: bool, by: str | None
) -> None:
    """Documents x tags: span counts (0/1 with --binary)."""
    from corpus_tui.store.reports import tag_matrix

    _format_choice(as_json, as_csv)
    try:
        matrix = tag_matrix(open_from_context(ctx), binary=binary, by=by)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        print_json(matrix.as_json())
        return
    _table_out(matrix.header(), matrix.table(), as_csv)


@report_command.command("cooccurrence")
@db_option
@click.option(
    "--within",
    type=click.Choice(["highlight", "overlap", "paragraph"]),
    default="highlight",
    show_default=True,
    help="Together on one highlight, on overlapping highlights, or in one paragraph.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (RFC 4180).")
@click.option("--by", metavar="KEY[:year|:month]", help="Counted per attribute value.")
@click.pass_context
def report_cooccurrence_command(
    ctx: click.Context, within: str, as_json: bool, as_csv: bool, by: str | None
) -> None:
    """Pairs of tags occurring together, and how often."""
    from corpus_tui.store.reports import cooccurrence

    _format_choice(as_json, as_csv)
    try:
        pairs = cooccurrence(open_from_context(ctx), within, by=by)  # type: ignore[arg-type]
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        print_json([pair.as_json() for pair in pairs])
        return
    header = ["tag_a", "tag_b", "count"]
    table: list[list[object]] = [[pair.tag_a, pair.tag_b, pair.count] for pair in pairs]
    if by is not None:
        header = ["group", *header]
        table = [[pair.group, *line] for pair, line in zip(pairs, table, strict=True)]
    _table_out(header, table, as_csv)


@cli.group("attrs")
def attrs_command() -> None:
    """Document attributes (outlet, date, author...): set them, or import them from a CSV."""


@attrs_command.command("set")
@db_option
@click.argument("document_id")
@click.argument("pairs", nargs=-1, required=True, metavar="KEY=VALUE...")
@click.pass_context
def attrs_set_command(ctx: click.Context, document_id: str, pairs: tuple[str, ...]) -> None:
    """Set attributes of one document; KEY= (empty) removes KEY."""
    from corpus_tui.store.attributes import set_attributes

    values = {}
    for pair in pairs:
        key, found, value = pair.partition("=")
        if not found:
            raise click.UsageError(f"{pair!r} is not KEY=VALUE")
        values[key] = value
    try:
        now = set_attributes(open_from_context(ctx), document_id, values)
    except KeyError:
        raise click.ClickException(
            f"no document with id {document_id!r} (see 'corpus-tui docs')"
        ) from None
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    for key, value in now.items():
        click.echo(f"{one_line(key)} = {one_line(value)}")


@attrs_command.command("import")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def attrs_import_command(ctx: click.Context, file: str) -> None:
    """Set attributes from a CSV: a header with id (or source) and one column per attribute."""
    from corpus_tui.store.attributes import BadAttributesFile, import_attributes_csv

    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file} is not UTF-8 text (byte {error.start}); nothing was set"
        ) from None
    try:
        summary = import_attributes_csv(open_from_context(ctx), text)
    except BadAttributesFile as error:
        raise click.ClickException(f"{file}: {error}; nothing was set") from None
    for name in summary.unknown:
        click.echo(f"skipped: {one_line(name)}: no such document in this database")
    click.echo(f"{summary.values} values set on {summary.documents} documents")


@cli.command("memo")
@db_option
@click.argument("document_id")
@click.argument("text", required=False)
@click.pass_context
def memo_command(ctx: click.Context, document_id: str, text: str | None) -> None:
    """Print a document's memo, or set it to TEXT ("" removes it)."""
    from corpus_tui.store.attributes import get_memo, set_memo

    db = open_from_context(ctx)
    try:
        if text is None:
            click.echo(get_memo(db, document_id) or "", nl=True)
        else:
            set_memo(db, document_id, text)
    except KeyError:
        raise click.ClickException(
            f"no document with id {document_id!r} (see 'corpus-tui docs')"
        ) from None
