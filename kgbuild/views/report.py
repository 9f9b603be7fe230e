"""``kgbuild report``: one self-contained HTML page about a built graph, to read or send on.

The page has four sections, each made from the views' readers (no query of its own): a timeline
of the people released per side per month, planned exchanges apart from done ones, with the
exchanges and talks below it (an SVG made by matplotlib); the table of events with their sources
and the disagreements between them (:func:`.tables.exchange_rows`, :func:`.tables.negotiation_rows`);
the claims with their sources (:func:`.tables.claim_rows`); and the actor network
(:func:`.draw.network_svg`). Everything taken from the graph is escaped; the page loads nothing
(styles inline, no script, no font, no image).
"""

from __future__ import annotations

import html
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, KgbuildError
from ..files import atomic_path
from ..rdf.mapping import EXCHANGE_LABEL
from .data import Report, ViewData, load_view_data, open_dataset
from .draw import OTHER_COLOUR, TYPE_COLOURS, network_svg, render_template, top_subgraph
from .graphs import actor_network
from .tables import LIST_SEPARATOR, claim_rows, exchange_rows, negotiation_rows

TOP_ACTORS = 60  # actors drawn in the network, the best connected
TOP_SIDES = 8  # sides with a colour of their own in the timeline; the others are one grey
OTHER_SIDES = "other sides"
EVIDENCE_CHARS = 400
MARK_STEP = 0.28  # between the stacked marks of the events of one month


@dataclass(frozen=True)
class ReportCounts:
    """What a report shows, for the command's summary line."""

    events: int
    claims: int
    actors: int


def graph_file(source: str | Path) -> Path:
    """The graph to report on: a build folder's graph.trig, or the graph file given."""
    path = Path(source)
    if path.is_dir():
        path = path / "graph.trig"
        if not path.is_file():
            raise InputError(f"no graph.trig in this folder; make one with `kgbuild build INPUT... --out {source}`",
                             str(source))
    return path


def write_report(source: str | Path, out: str | Path, title: str | None = None) -> ReportCounts:
    """Write the report on ``source`` (a build folder or a graph file) to ``out``, atomically."""
    if Path(out).is_dir():
        raise KgbuildError(f"{out} is a folder; give the report a file name such as report.html")
    path = graph_file(source)
    page, counts = report_page(open_dataset(path), title or f"kgbuild report: {path}")
    with atomic_path(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return counts


def report_page(store: ox.Store, title: str) -> tuple[str, ReportCounts]:
    """The page and what it counts."""
    data = load_view_data(store)
    exchanges, talks, claims = exchange_rows(data), negotiation_rows(data), claim_rows(data, store)
    network = actor_network(data)
    articles = {report.id or iri: report for iri, report in data.articles.items()}
    page = render_template("report.html", {
        "TITLE": _text(title),
        "SUMMARY": _summary(exchanges, talks, claims, network.number_of_nodes(), len(data.articles)),
        "TIMELINE": _timeline_section(exchanges, talks),
        "EVENTS": _events_section(data, exchanges, talks, articles),
        "CLAIMS": _claims_section(claims, articles),
        "NETWORK": _network_section(network),
    })
    return page, ReportCounts(len(exchanges) + len(talks), len(claims), network.number_of_nodes())


def _text(value) -> str:
    """Any value from the graph as HTML text."""
    return html.escape(str(value), quote=True)


def _nothing(what: str) -> str:
    return f'<p class="nothing">Nothing yet: {_text(what)}.</p>'


def _summary(exchanges: list[dict], talks: list[dict], claims: list[dict], actors: int, articles: int) -> str:
    planned = sum(not _done(row) for row in exchanges)
    if not (exchanges or talks or claims):
        return _nothing(f"the graph has no exchanges, talks or claims ({articles} articles)")
    return (f"<p>{len(exchanges)} exchanges and returns ({planned} planned), {len(talks)} rounds of talks, "
            f"{len(claims)} claims, {actors} actors taking part, from {articles} articles.</p>")


def _done(exchange: dict) -> bool:
    """Whether an exchange row is done: some report says it was completed."""
    return "completed" in exchange["status"].split("/")


def _month(iso: str) -> date | None:
    """The first day of the month of an ISO date (None for a date without a month, from other tools)."""
    found = re.match(r"(\d{4})-(0[1-9]|1[0-2])", iso)
    return date(int(found[1]), int(found[2]), 1) if found else None


def _months(first: date, last: date) -> list[date]:
    months = [first]
    while months[-1] < last:
        previous = months[-1]
        months.append(date(previous.year + previous.month // 12, previous.month % 12 + 1, 1))
    return months


def released_by_month(exchanges: list[dict]) -> dict[tuple[date, str, bool], int]:
    """(month, side, done) -> people released, from the exchange rows' per-side counts."""
    released: dict[tuple[date, str, bool], int] = defaultdict(int)
    for row in exchanges:
        month = _month(row["date"])
        for letter in "ab":
            count = row[f"side_{letter}_released"]
            if month and row[f"side_{letter}"] and count != "":
                released[(month, row[f"side_{letter}"], _done(row))] += int(count)
    return dict(released)


def timeline_svg(exchanges: list[dict], talks: list[dict]) -> str:
    """The timeline as an ``<svg>`` element: above, bars of the people each side released per
    month (done: solid, left; planned: hatched, right; stacked by side); below, one mark per
    exchange (filled: done, hollow: planned) and per round of talks. '' when nothing is dated."""
    import matplotlib
    from matplotlib.figure import Figure

    dated_exchanges = [row for row in exchanges if _month(row["date"])]
    dated_talks = [row for row in talks if _month(row["date"])]
    if not dated_exchanges and not dated_talks:
        return ""
    first = min(_month(r["date"]) for r in dated_exchanges + dated_talks)
    last = max(_month(r["date"]) for r in dated_exchanges + dated_talks)
    months = {month: i for i, month in enumerate(_months(first, last))}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kgbuild", "text.parse_math": False,
                                "font.size": 9}):
        figure = Figure(figsize=(10, 4.6), layout="constrained")
        bars, marks = figure.subplots(2, 1, sharex=True, height_ratios=(4, 1))
        _release_bars(bars, months, released_by_month(exchanges))
        _event_marks(marks, months, dated_exchanges, dated_talks)
        step = max(1, -(-len(months) // 24))  # at most 24 month names
        marks.set_xticks(range(0, len(months), step), [m.strftime("%Y-%m") for m in list(months)[::step]],
                         rotation=45, ha="right")
        marks.set_xlim(-0.7, len(months) - 0.3)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=dict.fromkeys(("Date", "Creator", "Format", "Type")))  # none
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


def _release_bars(axes, months: dict[date, int], released: dict[tuple[date, str, bool], int]) -> None:
    """Per month a bar of the people released in done exchanges and, hatched, one of planned
    ones, each stacked by side, with its total above; a colour for each of the TOP_SIDES sides
    that released most, one grey for the others."""
    from matplotlib import colormaps
    from matplotlib.patches import Patch

    totals: dict[str, int] = defaultdict(int)
    for (_, side, _), count in released.items():
        totals[side] += count
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    palette = [colormaps["tab10"](i) for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)]  # without its grey
    colours = {side: palette[i] for i, side in enumerate(ranked[:TOP_SIDES])}
    if len(ranked) > TOP_SIDES:
        colours[OTHER_SIDES] = OTHER_COLOUR
    statuses = sorted({done for _, _, done in released}, reverse=True)
    for done in statuses:
        offset, style = (-0.2, {}) if done else (0.2, {"hatch": "///", "alpha": 0.55})
        bottoms = [0] * len(months)
        for group in colours:
            heights = [0] * len(months)
            for (month, side, was_done), count in released.items():
                if was_done == done and (side if side in colours else OTHER_SIDES) == group:
                    heights[months[month]] += count
            if any(heights):
                axes.bar([i + offset for i in range(len(months))], heights, width=0.4, bottom=bottoms,
                         color=colours[group], edgecolor="white", linewidth=0.5, **style)
                bottoms = [b + h for b, h in zip(bottoms, heights)]
        for i, total in enumerate(bottoms):
            if total:
                axes.text(i + offset, total, f" {total}", rotation=90, ha="center", va="bottom", fontsize=7)
    handles = [Patch(color=colour, label=group) for group, colour in colours.items()]
    handles += [Patch(facecolor="white", edgecolor="#333333", hatch="" if done else "///",
                      label="done (left bar)" if done else "planned (right bar)") for done in statuses]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.set_ylabel("people released")
    axes.margins(y=0.15)
    axes.spines[["top", "right"]].set_visible(False)


def _event_marks(axes, months: dict[date, int], exchanges: list[dict], talks: list[dict]) -> None:
    """One mark per event on its month: exchanges (filled: done, hollow: planned) on the upper
    line, stacked upwards, rounds of talks on the lower line, stacked downwards."""
    kinds = (("done exchange", 2, 1, "o", "#333333", [r for r in exchanges if _done(r)]),
             ("planned exchange", 2, 1, "o", "none", [r for r in exchanges if not _done(r)]),
             ("talks", 1, -1, "D", TYPE_COLOURS["negotiation"], talks))
    stacked: dict[tuple[int, int], int] = defaultdict(int)  # (month, line) -> marks so far
    for label, line, direction, marker, fill, rows in kinds:
        xs, ys = [], []
        for row in rows:
            x = months[_month(row["date"])]
            xs.append(x)
            ys.append(line + direction * MARK_STEP * stacked[(x, line)])
            stacked[(x, line)] += 1
        if xs:
            axes.scatter(xs, ys, marker=marker, s=22, facecolors=fill, edgecolors="#333333", linewidths=0.8,
                         label=label, clip_on=False)
    highest = max((n for (_, line), n in stacked.items() if line == 2), default=1)
    lowest = max((n for (_, line), n in stacked.items() if line == 1), default=1)
    axes.set_ylim(1 - MARK_STEP * (lowest - 1) - 0.5, 2 + MARK_STEP * (highest - 1) + 0.5)
    axes.set_yticks([1, 2], ["talks", "exchanges"])
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.2), frameon=False)


def _timeline_section(exchanges: list[dict], talks: list[dict]) -> str:
    svg = timeline_svg(exchanges, talks)
    if not svg:
        return _nothing("no dated exchanges or talks")
    undated = sum(not _month(row["date"]) for row in exchanges + talks)
    note = f'<p class="note">{undated} events without a date are only in the table.</p>' if undated else ""
    return f'<div class="chart">{svg}</div>{note}'


def _link(report: Report | None, article_id: str) -> str:
    """An article as its outlet (or id) and date, linked to its web address when it has one."""
    name = report.publisher if report and report.publisher else article_id
    when = f" {_text(report.published)}" if report and report.published else ""
    url = report.url if report else ""
    title = f' title="{_text(report.title)}"' if report and report.title else ""
    if url.startswith(("https://", "http://")):
        return f'<a href="{_text(url)}"{title} rel="noreferrer">{_text(name)}</a>{when}'
    return f"<span{title}>{_text(name)}</span>{when}"


def _list(items) -> str:
    return "<br>".join(_text(item) for item in items)


def _sources_cell(article_ids: list[str], articles: dict[str, Report], said_by: list[str],
                  source_texts: list[str]) -> str:
    """The reporting articles, linked, and whom they attribute the fact to."""
    links = "<br>".join(_link(articles.get(a), a) for a in article_ids)
    cited = sorted(set(said_by) | set(source_texts))
    return links + (f'<div class="said">according to {_text(LIST_SEPARATOR.join(cited))}</div>' if cited else "")


def _event_row(data: ViewData, row: dict, articles: dict[str, Report]) -> str:
    event = data.events[row["event"]]
    if event.kind == "exchange":
        kind, status = EXCHANGE_LABEL.get(row["kind"], row["kind"]), row["status"]
        sides = [row["side_a"], row["side_b"], *row["other_sides"]]
        released = [f'{row[f"side_{x}"]} released {row[f"side_{x}_released"]}'
                    + (f' ({row[f"side_{x}_qualifier"]})' if row[f"side_{x}_qualifier"] else "")
                    for x in "ab" if row[f"side_{x}_released"] != ""]
        helpers = [f"mediator: {m}" for m in row["mediator"]] + [f"via {t}" for t in row["transit"]]
        disagreement = row["disagreement"]
        label = row["label"]
    else:
        kind, status, sides, released, disagreement = "talks", "", row["parties"], [], []
        helpers = [f"host: {h}" for h in row["hosts"]] + [f"head: {h}" for h in row["delegation_heads"]]
        label = ", ".join([row["name"]] + [f"round {row['round']}"] * bool(row["round"]) + row["place"])
    planned = ' class="planned"' if event.kind == "exchange" and not _done(row) else ""
    dates = row["dates"][1:]
    when = _text(row["date"]) + (f'<div class="also">also {_list(dates)}</div>' if dates else "")
    return (f"<tr{planned}><td>{when}</td><td>{_text(label)}</td><td>{_text(kind)}</td><td>{_text(status)}</td>"
            f"<td>{_list(filter(None, sides))}</td><td>{_list(released)}</td><td>{_list(helpers)}</td>"
            f"<td>{_sources_cell(row['articles'], articles, row['sources'], row['source_texts'])}</td>"
            f'<td class="disagreement">{_list(disagreement)}</td></tr>')


def _events_section(data: ViewData, exchanges: list[dict], talks: list[dict], articles: dict[str, Report]) -> str:
    rows = sorted(exchanges + talks, key=lambda r: (r["date"] == "", r["date"], r["event"]))
    if not rows:
        return _nothing("no exchanges or talks")
    disputed = sum(bool(r.get("disagreement")) for r in rows)
    head = ("<tr><th>date</th><th>event</th><th>kind</th><th>status</th><th>sides</th><th>released</th>"
            "<th>mediators, hosts</th><th>sources</th><th>disagreements between sources</th></tr>")
    body = "\n".join(_event_row(data, row, articles) for row in rows)
    return (f'<p class="note">{len(rows)} events; planned exchanges are shaded; the sources of {disputed} '
            f"disagree on a count.</p><table>{head}\n{body}</table>")


def _claims_section(claims: list[dict], articles: dict[str, Report]) -> str:
    if not claims:
        return _nothing("no claims")
    head = ("<tr><th>published</th><th>subject</th><th>claim</th><th>value</th><th>mode</th><th>sources</th>"
            "<th>evidence</th></tr>")
    rows = []
    for claim in claims:
        evidence = claim["evidence"].strip()
        if len(evidence) > EVIDENCE_CHARS:
            evidence = evidence[:EVIDENCE_CHARS - 1] + "…"
        value = f'{claim["value"]}' + (f' ({claim["qualifier"]})' if claim["qualifier"] else "")
        rows.append(f'<tr><td>{_text(claim["published"])}</td><td>{_text(claim["subject"])}</td>'
                    f'<td>{_text(claim["statement"])}</td><td>{_text(value)}</td><td>{_text(claim["mode"])}</td>'
                    f'<td>{_sources_cell(claim["articles"], articles, claim["sources"], claim["source_texts"])}</td>'
                    f'<td class="evidence">{_text(evidence)}</td></tr>')
    return f"<table>{head}\n" + "\n".join(rows) + "</table>"


def _network_section(network) -> str:
    if network.number_of_nodes() == 0:
        return _nothing("no actors take part in an event")
    shown = top_subgraph(network, TOP_ACTORS)
    note = (f"the {shown.number_of_nodes()} best connected of {network.number_of_nodes()} actors; "
            if shown.number_of_nodes() < network.number_of_nodes() else "")
    types = sorted({a.get("type", "") for _, a in shown.nodes(data=True)})
    legend = "".join(f'<span><i style="background:{TYPE_COLOURS.get(t, OTHER_COLOUR)}"></i>{_text(t)}</span>'
                     for t in types)
    return (f'<p class="note">{note}two actors are linked when they take part in the same exchange or talks; '
            f'hover a node for its full name, a link for its events.</p><div class="legend">{legend}</div>'
            f'<div class="chart" id="network-chart">{network_svg(shown)}</div>')
