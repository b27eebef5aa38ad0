"""newssearch command line: options -> request / pipeline call -> render -> exit code.

Exit codes follow grep: 0 results (or everything indexed), 1 none (or some
files failed while the rest was indexed), 2 error. Results go to stdout;
diagnostics, summaries and progress to stderr.
"""

from __future__ import annotations

import gc
import os
import sys

# Importing Typer makes some 35,000 objects and no garbage; the cycle collector's passes
# over them cost about 6 ms of every run. In the newssearch process itself (not when a
# test or a script imports this module) it is off for the imports, and what they made is
# frozen out of later collections.
_ENTRY_POINT = os.path.basename(sys.argv[0] if sys.argv else "") == "newssearch"
if _ENTRY_POINT:
    gc.disable()

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

if _ENTRY_POINT:
    gc.freeze()
    gc.enable()

HELP = ("Full-text search for folders of news articles: ranked, highlighted, filterable, "
        "on your own machine.")


class _App(typer.Typer):
    """Typer app that ends quietly on a closed pipe and never shows a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(2)
        except KeyboardInterrupt:
            _err("interrupted")
            sys.exit(130)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


_SETTINGS: dict[str, Any] = {"help": HELP, "add_completion": True, "no_args_is_help": True,
                             "pretty_exceptions_enable": False, "rich_markup_mode": None}
app = _App(**_SETTINGS)
_COMMANDS: dict[str, Callable[..., None]] = {}  # name -> command function, in help order


def _command(name: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """app.command(name), remembering the function so that main() can build it alone."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        _COMMANDS[name or func.__name__.lower().replace("_", "-")] = func
        return app.command(name)(func)

    return register


def _app_for(args: list[str], environ: Any) -> typer.Typer:
    """`app` as it runs for these arguments: the commands they name built in full, every
    other command from its name and docstring only.

    Typer turns each command's signature into options before it parses anything, about
    1 ms a command; a run needs the options of the command it runs, and only the name and
    help of the others (the command list of --help, "did you mean" for a misspelling).
    The command run is always one of the words in args, so any command named there
    (even as a query word) is built in full. Shell completion may look into any command.
    """
    from inspect import get_annotations

    if any(key in environ for key in ("_NEWSSEARCH_COMPLETE", "_TYPER_COMPLETE_ARGS")):
        return app
    lean = _App(**_SETTINGS)
    for name, func in _COMMANDS.items():
        if name in args:
            # Typer reads the signature twice, evaluating each annotation (a string here,
            # by `from __future__ import annotations`) both times; once is enough.
            func.__annotations__ = get_annotations(func, eval_str=True)
            lean.command(name)(func)
        else:
            lean.command(name)(_listed_only(func))
    return lean


def _listed_only(func: Callable[..., None]) -> Callable[[], None]:
    def listed() -> None:  # never run: _app_for builds every command named in argv in full
        raise AssertionError(f"{func.__name__} was built without its options")

    listed.__doc__ = func.__doc__
    return listed


IndexOpt = Annotated[Optional[Path], typer.Option(
    "--index", envvar="NEWSSEARCH_INDEX", show_envvar=True,
    help="Index folder [default: newssearch/index in your user data folder].")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (JSON Lines for lists).")]
ColorOpt = Annotated[str, typer.Option("--color", help="auto|always|never; NO_COLOR wins.")]
WaitOpt = Annotated[float, typer.Option(
    "--wait", help="Seconds to wait for another writer to finish.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
SinceOpt = Annotated[Optional[str], typer.Option(
    help="From this date (2024-02-07, 2024-02, 2024, 'Feb 7 2024'), inclusive.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    help="Up to this date, inclusive; a month or year means its last day.")]


DEFAULT_FIELDS = "doc_id,date,outlet,title,url,score,snippet"


class Failure(Exception):
    """An error to report in one line on stderr with exit code 2."""


def _err(message: str) -> None:
    from search import render

    sys.stderr.write(f"newssearch: {render.safe(message)}\n")


def _fail(message: str, code: int = 2) -> typer.Exit:
    _err(message)
    return typer.Exit(code)


def _guard(func: Callable[[], int]) -> None:
    """Run a command body, turning known errors into one line and an exit code."""
    from index import StoreError
    from search.query import QueryError

    try:
        code = func()
    except (typer.Exit, BrokenPipeError):  # before OSError: a closed pipe is no error
        raise
    except (StoreError, QueryError, Failure) as err:
        raise _fail(f"error: {err}") from None
    except OSError as err:
        from search import render

        raise _fail(f"error: {err.strerror or err}" + (
            f": {render.safe_name(err.filename)}" if err.filename else "")) from None
    except KeyboardInterrupt as err:  # the store says in err what it kept or discarded
        raise _fail(f"interrupted{': ' + str(err) if str(err) else ''}", 130) from None
    except Exception as err:  # a bug: one line, not a traceback (NEWSSEARCH_DEBUG=1 shows it)
        if os.environ.get("NEWSSEARCH_DEBUG"):
            raise
        raise _fail(f"internal error: {type(err).__name__}: {err} "
                    "(set NEWSSEARCH_DEBUG=1 for details)") from None
    raise typer.Exit(code)


# -- index location -------------------------------------------------------------------
def _default_index() -> Path:
    from platformdirs import user_data_path

    return user_data_path("newssearch", appauthor=False) / "index"


def _seed_files() -> list[Path]:
    """The bundled sample articles (installed as package data of search.seeds)."""
    try:
        from importlib.resources import files

        found = [Path(str(entry)) for entry in files("search.seeds").iterdir()
                 if entry.name.endswith(".txt")]
    except (ModuleNotFoundError, OSError, TypeError, ValueError):
        found = []
    if not found:  # running from a source checkout without installing
        found = list((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    return sorted(found)


def _resolve_index(option: Path | None, bootstrap: bool = True) -> Path:
    """The index to read; the default one is created from the samples on first use."""
    if option is not None:
        return option.expanduser()
    path = _default_index()
    if bootstrap and not (path / "CURRENT").exists():
        from index import update_index

        seeds = _seed_files()
        summary = update_index(path, seeds, wait=30)
        _err(f"no index yet: indexed the {summary.added + summary.unchanged} bundled sample "
             f"articles into {path} (add your own with `newssearch index PATH`)")
    return path


# -- commands -----------------------------------------------------------------------
FacetOpt = Annotated[Optional[list[str]], typer.Option(
    "--facet", help="Count the whole result set by outlet, speaker or month (repeatable).")]


@_command()
def query(
    text: Annotated[str, typer.Argument(help="Query: words (all must match), \"a phrase\", "
                                        "OR, NOT, title:word, outlet:name, prefix*.")],
    index: IndexOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only articles of this outlet.")] = None,
    speaker: Annotated[Optional[str], typer.Option(
        help="Only articles quoting this person ('netanyahu' or 'Benjamin Netanyahu').")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000, help="Hits per page.")] = 10,
    page: Annotated[int, typer.Option(min=1, help="Page of hits.")] = 1,
    sort: Annotated[str, typer.Option(help="relevance|newest|oldest")] = "relevance",
    any_word: Annotated[bool, typer.Option("--any", help="Match any word, not all.")] = False,
    facet: FacetOpt = None,
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV with a header row.")] = False,
    fields: Annotated[str, typer.Option(
        help="CSV columns: doc_id,date,outlet,title,url,score,snippet,source,rank.")] = DEFAULT_FIELDS,
    all_hits: Annotated[bool, typer.Option(
        "--all", help="Every hit, streamed page by page (for exports), not one page.")] = False,
    all_copies: Annotated[bool, typer.Option(
        "--all-copies", help="List near-duplicates (the same story from several outlets, "
        "updated versions) as hits of their own, not as \"also in\".")] = False,
    color: ColorOpt = "auto",
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never use a pager.")] = False,
) -> None:
    """Search the index: ranked hits with highlighted snippets.

    Near-duplicates of a story show as one hit, the best-ranked copy, with an
    "also in: OUTLET, ..." line naming the other copies that matched.
    """

    def body() -> int:
        from search.engine import Engine
        from search.request import SORTS, SearchRequest

        if sort not in SORTS:
            raise Failure(f"--sort must be one of {', '.join(SORTS)}")
        columns = _csv_fields(fields) if csv_out else []
        low, high = _date_options(since, until)
        request = SearchRequest(
            text=text, since=low, until=high, outlet=outlet, speaker=speaker, limit=limit,
            page=page, sort=sort, match_any=any_word, all_copies=all_copies)
        with Engine(_resolve_index(index), one_shot=not all_hits) as engine:
            if all_hits:
                return _stream_all(engine, request, json_out, columns)
            results = engine.search(request)
            facets = _facets(engine, request, facet or [])
            suggestion = engine.suggest(text) if not results.total else None
        _print_results(results, json_out, columns, color, limit, facets, not no_pager)
        if suggestion:
            _err(f"did you mean: {suggestion}?")
        return 0 if results.hits else 1

    _guard(body)


def _date_options(since: str | None, until: str | None) -> tuple[Any, Any]:
    from search.query import parse_date_option

    low = parse_date_option(since, end=False) if since else None
    high = parse_date_option(until, end=True) if until else None
    if low and high and low > high:
        raise Failure(f"--since {since} is after --until {until}")
    return low, high


def _csv_fields(fields: str) -> list[str]:
    from search import render

    columns = [f.strip() for f in fields.split(",") if f.strip()]
    unknown = [c for c in columns if c not in render.CSV_FIELDS]
    if unknown or not columns:
        raise Failure(f"unknown --fields {', '.join(unknown) or '(none)'}; choose from "
                      f"{','.join(render.CSV_FIELDS)}")
    return columns


def _facets(engine: Any, request: Any, kinds: list[str]) -> dict[str, list[tuple[str, int]]]:
    if not kinds:
        return {}
    from search import analytics

    for kind in kinds:
        if kind not in analytics.FACETS:
            raise Failure(f"--facet must be one of {', '.join(analytics.FACETS)}")
    docnums = analytics.matching_docnums(engine, request)
    return {kind: analytics.facet_counts(engine, docnums, kind) for kind in kinds}


def _stream_all(engine: Any, request: Any, json_out: bool, columns: list[str]) -> int:
    """Every hit in constant memory: one page of hits at a time straight to stdout."""
    from search import render

    out = sys.stdout
    writer = render.csv_writer(out, columns) if columns else None
    count = 0
    for hit in engine.iter_all(request):
        count += 1
        if writer is not None:
            writer.writerow(render.hit_row(hit, columns))
        elif json_out:
            out.write(render.to_json(render.hit_json(hit)) + "\n")
        else:
            out.write("\n".join(render.hit_lines(hit, render.Style(False))) + "\n\n")
    out.flush()
    _err(f"{count} article{'s' if count != 1 else ''} matched")
    return 0 if count else 1


def _print_results(results: Any, json_out: bool, columns: list[str], color: str, limit: int,
                   facets: dict[str, list[tuple[str, int]]], pager: bool) -> None:
    from search import render

    out = sys.stdout
    if columns:
        writer = render.csv_writer(out, columns)
        for hit in results.hits:
            writer.writerow(render.hit_row(hit, columns))
    elif json_out:
        for hit in results.hits:
            out.write(render.to_json(render.hit_json(hit)) + "\n")
        if facets:
            out.write(render.to_json({"facets": {k: [{"value": v, "count": c} for v, c in rows]
                                                  for k, rows in facets.items()}}) + "\n")
    else:
        style = render.Style(render.use_color(color, out))
        lines = list(render.render_results(results, style))
        lines.extend(render.facet_lines(facets, style))
        render.page_lines(lines, out, pager)
    out.flush()
    if not (json_out or columns) or results.undated_excluded:
        _err(render.results_footer(results, limit))


@_command("index")
def index_cmd(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders to index; none: bring every indexed folder up to date.")] = None,
    index: IndexOpt = None,
    wait: WaitOpt = 5.0,
    quiet: QuietOpt = False,
    workers: Annotated[Optional[int], typer.Option(
        min=0, max=64, help="Most processes cleaning articles while this one writes them: "
        "one starts, more when the writer waits for them (0: it cleans them itself; "
        "default: one per core, at most 4).")] = None,
) -> None:
    """Add new articles, re-index changed ones, remove those whose files are gone.

    Exit status: 0 every file indexed; 1 some files or records failed (one line each
    on stderr) while the rest was indexed; 2 error, the index keeps its last commit.
    Ctrl-C (exit 130) keeps what was indexed so far.
    """

    def body() -> int:
        from index import update_index

        target = index.expanduser() if index else _default_index()
        if not paths and not (target / "CURRENT").exists():
            raise Failure("give the files or folders to index: newssearch index PATH")
        with _progress(quiet) as progress:
            summary = update_index(target, list(paths or []), wait=wait, progress=progress,
                                   workers=workers)
        return _report(summary)

    _guard(body)


@_command()
def rebuild(index: IndexOpt = None, wait: WaitOpt = 5.0, quiet: QuietOpt = False) -> None:
    """Re-read every indexed folder into a new index, swapped in when complete."""

    def body() -> int:
        from index import rebuild_index

        target = index.expanduser() if index else _default_index()
        with _progress(quiet) as progress:
            summary = rebuild_index(target, wait=wait, progress=progress)
        return _report(summary)

    _guard(body)


def _report(summary: Any) -> int:
    from search import render

    for problem in summary.problems:
        _err(f"skipped {render.problem_text(problem)}")
    for warning in summary.warnings:
        _err(f"warning: {render.problem_text(warning)}")
    _err(render.summary_line(summary))
    return 1 if summary.failed else 0


def _progress(quiet: bool) -> Any:
    from search.progress import progress_bar

    return progress_bar(enabled=not quiet and sys.stderr.isatty())


@_command()
def show(doc_id: Annotated[str, typer.Argument(help="A doc_id from query output.")],
         index: IndexOpt = None, json_out: JsonOpt = False, color: ColorOpt = "auto") -> None:
    """Show one article: metadata, quotes and cleaned body."""

    def body() -> int:
        from search.engine import Engine

        with Engine(_resolve_index(index), one_shot=True) as engine:
            article = engine.document(doc_id)
        if article is None:
            _err(f"no article with doc_id {doc_id!r}")
            return 1
        _print_article(article, json_out, color, removed=False)
        return 0

    _guard(body)


def _print_article(article: Any, json_out: bool, color: str, removed: bool) -> None:
    from search import render

    if json_out:
        sys.stdout.write(render.to_json(render.article_json(article, removed=removed)) + "\n")
        return
    style = render.Style(render.use_color(color, sys.stdout))
    for line in render.article_lines(article, style, show_removed=removed):
        sys.stdout.write(line + "\n")


@_command("quotes")
def quotes_cmd(
    text: Annotated[Optional[str], typer.Argument(help="Words to find in quotes.")] = None,
    speaker: Annotated[Optional[str], typer.Option(help="Only quotes of this person.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only quotes in this outlet.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most quotes to list.")] = 20,
    index: IndexOpt = None,
    json_out: JsonOpt = False,
    color: ColorOpt = "auto",
) -> None:
    """List who said what: matching quotes, each shown once with how many articles carry it."""

    def body() -> int:
        from search import analytics, render
        from search.engine import Engine
        from search.request import SearchRequest

        low, high = _date_options(since, until)
        request = SearchRequest(text=text or "", since=low, until=high, outlet=outlet,
                                speaker=speaker)
        with Engine(_resolve_index(index)) as engine:
            rows = analytics.list_quotes(engine, text, request, limit)
        if json_out:
            for row in rows:
                sys.stdout.write(render.to_json(render.quote_json(row)) + "\n")
        else:
            style = render.Style(render.use_color(color, sys.stdout))
            render.page_lines(render.quote_lines(rows, style), sys.stdout, True)
        return 0 if rows else 1

    _guard(body)


@_command()
def speakers(
    since: SinceOpt = None,
    until: UntilOpt = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet's articles.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many speakers.")] = 20,
    index: IndexOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Who is quoted most: quotes and articles per named speaker."""

    def body() -> int:
        from search import analytics, render
        from search.engine import Engine
        from search.request import SearchRequest

        low, high = _date_options(since, until)
        request = SearchRequest(text="", since=low, until=high, outlet=outlet)
        with Engine(_resolve_index(index)) as engine:
            rows = analytics.top_speakers(engine, request, limit)
        if json_out:
            for name, count, articles in rows:
                sys.stdout.write(render.to_json({"speaker": name, "quotes": count,
                                                 "articles": articles}) + "\n")
        else:
            sys.stdout.write("\n".join(render.speaker_lines(rows)) + "\n")
        return 0 if rows else 1

    _guard(body)


@_command()
def timeline(
    queries: Annotated[list[str], typer.Argument(help="One or more queries, one series each.")],
    by: Annotated[str, typer.Option(help="day|week|month|year")] = "month",
    since: SinceOpt = None,
    until: UntilOpt = None,
    normalize: Annotated[bool, typer.Option(
        help="Divide by all articles in each period (share of coverage).")] = False,
    index: IndexOpt = None,
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV: period, one column "
                                          "per query.")] = False,
    color: ColorOpt = "auto",
) -> None:
    """Attention over time: matching articles per period, as bars, CSV or JSON."""

    def body() -> int:
        from search import analytics, render
        from search.engine import Engine

        low, high = _date_options(since, until)
        with Engine(_resolve_index(index)) as engine:
            tl = analytics.timeline(engine, queries, by, low, high, normalize)
        if csv_out:
            writer = render.csv_writer(sys.stdout, ["period", *[render.safe(q) for q in queries]])
            for i, period in enumerate(tl.periods):
                writer.writerow([period, *[_num(tl.series[q][i]) for q in queries]])
        elif json_out:
            for i, period in enumerate(tl.periods):
                sys.stdout.write(render.to_json({"period": period, **{
                    q: tl.series[q][i] if normalize else int(tl.series[q][i])
                    for q in queries}}) + "\n")
        else:
            style = render.Style(render.use_color(color, sys.stdout))
            render.page_lines(render.timeline_lines(tl, style), sys.stdout, True)
        return 0 if any(tl.totals.values()) else 1

    _guard(body)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}"


@_command()
def stats(index: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Article count, date span, top outlets, index size, schema version."""

    def body() -> int:
        from index import SCHEMA_VERSION, index_size
        from search import render
        from search.engine import Engine

        target = _resolve_index(index)
        with Engine(target, one_shot=True) as engine:
            data = engine.stats()
        data.update(index_bytes=index_size(target), schema_version=SCHEMA_VERSION,
                    index=str(target))
        if json_out:
            data["outlets"] = [{"outlet": n, "articles": c} for n, c in data["outlets"]]
            sys.stdout.write(render.to_json(data) + "\n")
        else:
            sys.stdout.write("\n".join(render.stats_lines(data)) + "\n")
        return 0

    _guard(body)


@_command()
def inspect(
    file: Annotated[Path, typer.Argument(help="An article file (for JSONL, its first record).")],
    json_out: JsonOpt = False,
    show_removed: Annotated[bool, typer.Option(
        "--show-removed", help="Also list what cleaning removed, and by which rule.")] = False,
    color: ColorOpt = "auto",
) -> None:
    """What the indexer makes of one file, without touching the index."""

    def body() -> int:
        from index import Problem, inspect_file

        if not file.is_file():
            raise Failure(f"no such file: {file}")
        article = inspect_file(file)
        if isinstance(article, Problem):
            raise Failure(str(article))
        _print_article(article, json_out, color, removed=json_out or show_removed)
        return 0

    _guard(body)


@_command()
def similar(
    doc_id: Annotated[str, typer.Argument(help="A doc_id from query output.")],
    index: IndexOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Related articles to list.")] = 10,
    json_out: JsonOpt = False,
    color: ColorOpt = "auto",
) -> None:
    """Related stories: the articles sharing most key terms with one, its own
    near-duplicates left out.

    Exit status: 0 related articles found; 1 none, or no article with that doc_id; 2 error.
    """

    def body() -> int:
        from search import render
        from search.engine import Engine

        with Engine(_resolve_index(index), one_shot=True) as engine:
            results = engine.similar(doc_id, limit=limit)
        if results is None:
            _err(f"no article with doc_id {doc_id!r}")
            return 1
        out = sys.stdout
        if json_out:
            out.writelines(render.to_json(render.hit_json(hit)) + "\n" for hit in results.hits)
        else:
            style = render.Style(render.use_color(color, out))
            out.writelines(line + "\n" for line in render.render_results(results, style))
        out.flush()
        count = len(results.hits)
        _err(f"{count} related article{'s' if count != 1 else ''} for {doc_id} "
             "(its near-duplicates left out)")
        return 0 if results.hits else 1

    _guard(body)


@_command()
def check(index: IndexOpt = None, json_out: JsonOpt = False) -> None:
    """Compare the index with its source files: missing, stale, unreadable, damaged.

    One line per finding on stdout with the command that repairs it. Exit status:
    0 the index matches its sources; 1 findings; 2 error (no index).
    """

    def body() -> int:
        from index import check_index
        from search import render

        report = check_index(index.expanduser() if index else _default_index())
        for finding in report.findings:
            sys.stdout.write((render.to_json(render.finding_json(finding)) if json_out
                              else render.finding_line(finding)) + "\n")
        sys.stdout.flush()
        _err(render.check_summary(report))
        return 1 if report.findings else 0

    _guard(body)


# Commands that may run long or stream without bound: the cycle collector stays on.
_LONG_RUNNING = frozenset({"index", "rebuild", "check", "stats", "quotes", "speakers",
                           "timeline"})


def main() -> None:
    """Console entry point."""
    args = sys.argv[1:]
    command = next((arg for arg in args if arg in _COMMANDS), None)
    # What start-up made (Typer, this module) lives until exit: no collection need walk it.
    gc.freeze()
    if command not in _LONG_RUNNING and not (command == "query" and "--all" in args):
        # One search or one article: a bounded run in which the cycle collector would
        # only walk the objects that importing Whoosh and opening the index made, none of
        # them garbage (about 8 ms of a cold query).
        gc.disable()
    try:
        _app_for(args, os.environ)(prog_name="newssearch")
    finally:
        # The run is over: spare the interpreter's exit a full collection of every object
        # a search left (an opened index holds tens of thousands): 30-37 ms of the exit
        # of a cold Reuters query.
        gc.freeze()


if __name__ == "__main__":
    main()
