"""The ``kgbuild graph ...``, ``kgbuild table ...`` and ``kgbuild report`` commands: thin wrappers over the views.

The graph and table commands read a graph FILE (.trig, .ttl, .nq, ...) or an on-disk store (--store PATH);
report reads a build folder or a graph file.
"""

from __future__ import annotations

import argparse
import sys

from ..files import atomic_path
from ..tabular import add_output_options, default_format, pick_columns, split_columns, with_newline
from .data import load_view_data, open_dataset
from .graphs import EVENT_KINDS, VIEWS, build_view
from .relations import MEASURES, central, communities, mediators, neighbours, path, timeline
from .tables import TABLE_COLUMNS, TABLES, render_rows, table_rows

EXIT_OK = 0


def _data(args: argparse.Namespace):
    store = open_dataset(args.file, args.store)
    return store, load_view_data(store)


def _print(rows: list[dict], args: argparse.Namespace, columns: list[str] | None = None) -> int:
    print(render_rows(rows, args.format, columns))
    return EXIT_OK


def cmd_path(args: argparse.Namespace) -> int:
    """kgbuild graph path out/graph.trig Qatar "Red Cross" : the shortest connections between two
    actors (any name or alias), with the events and articles on each hop."""
    _, data = _data(args)
    return _print(path(data, args.first, args.second, limit=args.limit), args,
                  ["path", "hop", "from", "to", "events", "articles"])


def cmd_neighbours(args: argparse.Namespace) -> int:
    """kgbuild graph neighbours out/graph.trig Ukraine --kind exchange : who takes part in events with an actor."""
    _, data = _data(args)
    return _print(neighbours(data, args.actor, args.kind), args)


def cmd_mediators(args: argparse.Namespace) -> int:
    """kgbuild graph mediators out/graph.trig Russia Ukraine : who mediated between two sides, how often, when."""
    _, data = _data(args)
    return _print(mediators(data, args.first, args.second), args)


def cmd_central(args: argparse.Namespace) -> int:
    """kgbuild graph central out/graph.trig --measure betweenness : the most central actors."""
    _, data = _data(args)
    return _print(central(data, args.measure, args.top), args)


def cmd_communities(args: argparse.Namespace) -> int:
    """kgbuild graph communities out/graph.trig : groups of actors that act together."""
    _, data = _data(args)
    return _print(communities(data), args)


def cmd_timeline(args: argparse.Namespace) -> int:
    """kgbuild graph timeline out/graph.trig Qatar : one actor's events by date."""
    _, data = _data(args)
    return _print(timeline(data, args.actor), args)


def cmd_export(args: argparse.Namespace) -> int:
    """kgbuild graph export out/graph.trig --out actors.graphml : a view for Gephi (GraphML, GEXF)
    or Cytoscape (JSON); the format comes from --format or the file name."""
    from .export import export_graph

    _, data = _data(args)
    graph = build_view(data, args.view, args.kind)
    fmt = export_graph(graph, args.out, args.format)
    print(f"kgbuild: wrote the {args.view} view ({graph.number_of_nodes()} nodes, "
          f"{graph.number_of_edges()} edges) as {fmt} to {args.out}")
    return EXIT_OK


def cmd_draw(args: argparse.Namespace) -> int:
    """kgbuild graph draw out/graph.trig --out network.html : a picture of a view (.png, or one
    self-contained interactive .html page)."""
    from .draw import draw

    _, data = _data(args)
    graph = build_view(data, args.view, args.kind)
    draw(graph, args.out, title=args.title or f"kgbuild: {args.view} network", top=args.top or None)
    shown = min(graph.number_of_nodes(), args.top) if args.top else graph.number_of_nodes()
    print(f"kgbuild: drew {shown} of {graph.number_of_nodes()} nodes of the {args.view} view to {args.out}")
    return EXIT_OK


def cmd_table(args: argparse.Namespace) -> int:
    """kgbuild table exchanges out/graph.trig --out exchanges.csv : one row per real-world event
    (or claim, or actor). On a terminal a table, otherwise (and in --out) CSV; --format chooses."""
    columns = pick_columns(TABLE_COLUMNS[args.table], split_columns(args.columns))
    fmt = args.format or ("csv" if args.out else default_format())
    store, data = _data(args)
    rows = table_rows(args.table, data, store)
    text = render_rows(rows, fmt, columns, args.width)
    if args.out:
        with atomic_path(args.out) as tmp:
            tmp.write_text(with_newline(text), encoding="utf-8")
    else:
        sys.stdout.write(with_newline(text))
    if not rows:
        print(f"kgbuild: no rows: no {args.table} in {args.file or args.store}", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """kgbuild report out/ --out report.html : one self-contained HTML page about a built graph (a
    build folder or a graph file): a timeline, the events with their sources and disagreements,
    the claims, the actor network."""
    from .report import write_report

    counts = write_report(args.input, args.out, args.title)
    print(f"kgbuild: wrote a report of {counts.events} events, {counts.claims} claims and {counts.actors} actors "
          f"to {args.out}")
    return EXIT_OK


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="a .trig, .ttl, .nq or .nt graph file (or give --store)")


def _store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="PATH", help="read this on-disk store instead of a file")


def add_commands(commands) -> None:
    """Add ``graph`` (with its subcommands), ``table`` and ``report`` to the kgbuild parser."""
    graph = commands.add_parser("graph", help="relationship questions, exports and pictures of the actor network",
                                description="NetworkX views of a graph: actors are named by any name or alias.")
    sub = graph.add_subparsers(dest="graph_command", required=True, metavar="SUBCOMMAND")

    def relation(name, func, help_text, actors=(), output=True):
        p = sub.add_parser(name, help=help_text, description=func.__doc__)
        _source_arguments(p)
        for actor in actors:
            p.add_argument(actor, help="an actor: its name, any alias, or its IRI")
        _store_argument(p)
        if output:
            p.add_argument("--format", choices=("table", "json"), default="table")
        p.set_defaults(func=func)
        return p

    p = relation("path", cmd_path, "the shortest connections between two actors", ("first", "second"))
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N shortest paths (default 5)")
    p = relation("neighbours", cmd_neighbours, "the actors that act with one actor", ("actor",))
    p.add_argument("--kind", choices=EVENT_KINDS, help="only exchanges or only negotiations")
    relation("mediators", cmd_mediators, "who mediated between two sides", ("first", "second"))
    p = relation("central", cmd_central, "the most central actors")
    p.add_argument("--measure", choices=MEASURES, default="degree")
    p.add_argument("--top", type=int, default=20, metavar="N", help="how many actors to list (default 20)")
    relation("communities", cmd_communities, "groups of actors that act together")
    relation("timeline", cmd_timeline, "one actor's events by date", ("actor",))
    for name, func, help_text in (("export", cmd_export, "write a view as GraphML, GEXF or Cytoscape JSON"),
                                  ("draw", cmd_draw, "draw a view as a PNG or an interactive HTML page")):
        p = relation(name, func, help_text, output=False)
        p.add_argument("--out", required=True, metavar="FILE")
        p.add_argument("--view", choices=VIEWS, default="actors", help="which view (default: actors)")
        p.add_argument("--kind", choices=EVENT_KINDS, help="actors and bipartite views: only exchanges or talks")
    sub.choices["export"].add_argument("--format", choices=("graphml", "gexf", "json"),
                                       help="default: from the --out file name")
    sub.choices["draw"].add_argument("--top", type=int, default=150, metavar="N",
                                     help="draw the N best-connected nodes (default 150; 0 for all)")
    sub.choices["draw"].add_argument("--title", help="the picture's title")

    p = commands.add_parser("table", help="analyst tables (text, CSV or JSON): exchanges, negotiations, claims, actors",
                            description=cmd_table.__doc__)
    p.add_argument("table", choices=TABLES)
    _source_arguments(p)
    _store_argument(p)
    add_output_options(p)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_table)

    p = commands.add_parser("report", help="one self-contained HTML page: timeline, events, claims, actor network",
                            description=cmd_report.__doc__)
    p.add_argument("input", help="a build folder (with graph.trig) or a graph file")
    p.add_argument("--out", required=True, metavar="FILE", help="the page to write, e.g. report.html")
    p.add_argument("--title", help="the page's title")
    p.set_defaults(func=cmd_report)
