"""The store commands of the CLI (``load``, ``export``, ``serve``): thin calls into kgbuild.store."""

from __future__ import annotations

import argparse
import sys

from .embedded import DEFAULT_STORE, EXPORT_FORMATS, export_store, load_files, open_store
from .remote import ENV_PASSWORD, ENV_USER, HttpSettings, load_endpoint
from .server import DEFAULT_PORT, serve

EXIT_OK = 0


def cmd_load(args: argparse.Namespace) -> int:
    """kgbuild load out/graph.trig --store kgstore : replace each graph of the file in a triple store.

    The default target is the on-disk store ./kgstore; --endpoint sends the graphs to a Graph Store
    Protocol endpoint, --update-endpoint to a SPARQL Update endpoint.
    """
    progress = not args.quiet and sys.stderr.isatty()
    if args.endpoint or args.update_endpoint:
        settings = HttpSettings(timeout=args.timeout, retries=args.retries, chunk_triples=args.chunk_size)
        report = load_endpoint(args.graphs, args.endpoint or args.update_endpoint, update=bool(args.update_endpoint),
                               settings=settings, progress=progress)
    else:
        report = load_files(args.graphs, args.store or DEFAULT_STORE, progress=progress)
    if not args.quiet:
        print(f"kgbuild: loaded {report.summary()}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """kgbuild export --store kgstore --format trig --out dump.trig : write the store (or one graph) to a file."""
    written = export_store(open_store(args.store, create=False), args.out, args.format, args.graph)
    print(f"kgbuild: wrote {written} statements to {args.out}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """kgbuild serve --store kgstore --port 7878 : a read-only SPARQL endpoint and query page on 127.0.0.1.

    With --writable the server also takes updates and Graph Store writes (a missing store is then
    created empty, ready for `kgbuild load --endpoint http://127.0.0.1:7878/store`).
    """
    return serve(args.store, args.port, writable=args.writable, allow_remote=args.allow_remote)


def add_store_option(parser: argparse.ArgumentParser, default=None, help_text: str = "") -> None:
    parser.add_argument("--store", metavar="PATH", default=default,
                        help=help_text or f"an on-disk Oxigraph store folder (e.g. {DEFAULT_STORE})")


def add_commands(commands) -> None:
    """Add ``load``, ``export`` and ``serve`` to the CLI's subcommands."""
    p = commands.add_parser("load", help="load a graph into the embedded store or a remote triple store",
                            description=cmd_load.__doc__)
    p.add_argument("graphs", nargs="+", metavar="GRAPH", help="a .trig, .nq, .ttl or .nt file (repeatable)")
    target = p.add_mutually_exclusive_group()
    add_store_option(target, help_text=f"on-disk Oxigraph store folder (default ./{DEFAULT_STORE})")
    target.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 Graph Store Protocol endpoint "
                        "(Oxigraph .../store, Fuseki .../DATASET/data, Virtuoso .../sparql-graph-crud-auth)")
    target.add_argument("--update-endpoint", metavar="URL", help="a SPARQL 1.1 Update endpoint")
    p.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per request (default 60)")
    p.add_argument("--retries", type=int, default=4, metavar="N",
                   help="retries on server errors and refused connections, with backoff (default 4)")
    p.add_argument("--chunk-size", type=int, default=50_000, metavar="TRIPLES",
                   help="triples per request (default 50000)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.epilog = (f"Credentials: the URL's user:password@ part, {ENV_USER} and {ENV_PASSWORD}, or ~/.netrc; "
                "they are never printed.")
    p.set_defaults(func=cmd_load)

    p = commands.add_parser("export", help="write the store, or one of its graphs, to a file",
                            description=cmd_export.__doc__)
    add_store_option(p, default=str(DEFAULT_STORE), help_text=f"store folder (default ./{DEFAULT_STORE})")
    p.add_argument("--format", choices=tuple(EXPORT_FORMATS), help="default: from the suffix of --out")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--graph", metavar="IRI", help="only this named graph (e.g. an article's graph)")
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("serve", help="run a local SPARQL server (Oxigraph) over the store",
                            description=cmd_serve.__doc__)
    add_store_option(p, default=str(DEFAULT_STORE), help_text=f"store folder (default ./{DEFAULT_STORE})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N", help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--writable", action="store_true",
                   help="also accept SPARQL updates and Graph Store writes (anything on this machine could then "
                        "change or empty the store); without it the server is read-only")
    p.add_argument("--allow-remote", action="store_true",
                   help="let SERVICE and LOAD make the server send requests to other servers (refused by default)")
    p.set_defaults(func=cmd_serve)
