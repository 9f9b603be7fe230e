"""Analyst tables: one row per real-world event (after resolution), in the spirit of ACLED/GDELT
exports, so a spreadsheet user needs no SPARQL. Also the renderer that prints any rows (dicts) as
a text table or CSV (with :mod:`kgbuild.tabular`) or JSON.

Per-side counts: when the reports of one event disagree, the ``released`` column holds the value
most reports give (the lower one on a tie) and ``disagreement`` lists every value with its articles.
"""

from __future__ import annotations

import json

from ..errors import KgbuildError
from ..query import run_query
from ..tabular import FORMATS, csv_text, table_text
from .data import LOCAL_NAME, Dataset, EventInfo, ViewData, claims_store

_REPORT_COLUMNS = ("articles_count", "articles", "outlets", "sources", "source_texts")
TABLE_COLUMNS = {  # the columns of each table, in order (every row has exactly these)
    "exchanges": ("event", "date", "dates", "kind", "status", "label", "side_a", "side_a_released", "side_a_qualifier",
                  "side_b", "side_b_released", "side_b_qualifier", "other_sides", "categories", "mediator", "transit",
                  "agreed_at", "fulfils", "fulfilled_by", *_REPORT_COLUMNS, "disagreement"),
    "negotiations": ("event", "date", "dates", "name", "round", "place", "parties", "hosts", "delegation_heads",
                     "outcomes", "exchanges_agreed", *_REPORT_COLUMNS),
    "claims": ("claim", "subject", "statement", "value", "qualifier", "mode", "sources", "source_texts", "reports",
               "article", "articles", "published", "outlet", "evidence"),
    "actors": ("actor", "name", "type", "aliases", "wikidata", "exchanges", "negotiations", "as_side", "as_mediator",
               "as_host", "as_head", "cited_as_source", "first", "last", "articles_count", "articles"),
}
TABLES = tuple(TABLE_COLUMNS)
LIST_SEPARATOR = "; "


def _names(data: ViewData, iris) -> list[str]:
    return sorted(data.actor_name(i) for i in iris)


def _reported_count(event: EventInfo, side: str) -> tuple[str, str]:
    """(the count most reports give for ``side``, its qualifier) or empty strings."""
    counts = event.releases.get(side)
    if not counts:
        return "", ""
    count = min(counts, key=lambda c: (-len(counts[c]), c))
    return count, "/".join(sorted(event.qualifiers.get(side, ())))


def _report_columns(data: ViewData, event: EventInfo) -> dict:
    articles = data.article_ids(event.articles)
    return {"articles_count": len(articles), "articles": articles, "outlets": data.outlets(event),
            "sources": _names(data, event.sources), "source_texts": sorted(event.source_texts)}


def exchange_rows(data: ViewData) -> list[dict]:
    """One row per exchange, return or handover: sides with their counts, mediator, transit, ..."""
    rows = []
    for event in data.events.values():
        if event.kind != "exchange":
            continue
        sides = sorted(event.actors(("side",)), key=data.actor_name)
        row = {"event": event.iri, "date": event.date, "dates": sorted(event.dates), "kind": event.exchange_kind,
               "status": "/".join(sorted(event.statuses)), "label": event.label}
        for letter, side in zip("ab", sides + ["", ""]):
            count, qualifier = _reported_count(event, side) if side else ("", "")
            row[f"side_{letter}"] = data.actor_name(side) if side else ""
            row[f"side_{letter}_released"] = count
            row[f"side_{letter}_qualifier"] = qualifier
        row.update({
            "other_sides": _names(data, sides[2:]), "categories": sorted(event.categories),
            "mediator": _names(data, event.actors(("intermediary",))),
            "transit": sorted(data.actor_name(t) for t in event.transit),
            "agreed_at": sorted(data.events[n].label if n in data.events else n for n in event.agreed_at),
            "fulfils": sorted(event.fulfils), "fulfilled_by": sorted(event.fulfilled_by),
            **_report_columns(data, event), "disagreement": event.disagreements,
        })
        rows.append(row)
    return sorted(rows, key=lambda r: (r["date"] == "", r["date"], r["label"], r["event"]))


def negotiation_rows(data: ViewData) -> list[dict]:
    """One row per round of talks: place, parties, hosts, delegation heads, outcomes, reports."""
    rows = []
    for event in data.events.values():
        if event.kind != "negotiation":
            continue
        heads = [f"{data.actor_name(p)}: {', '.join(_names(data, h))}" for p, h in event.heads.items()]
        rows.append({
            "event": event.iri, "date": event.date, "dates": sorted(event.dates), "name": event.label,
            "round": "/".join(str(r) for r in sorted(event.rounds)),
            "place": sorted(data.actor_name(p) for p in event.places),
            "parties": _names(data, event.actors(("party",))), "hosts": _names(data, event.actors(("host",))),
            "delegation_heads": sorted(heads), "outcomes": sorted(event.outcomes),
            "exchanges_agreed": sorted(e.iri for e in data.events.values() if event.iri in e.agreed_at),
            **_report_columns(data, event),
        })
    return sorted(rows, key=lambda r: (r["date"] == "", r["date"], r["name"], r["event"]))


def actor_rows(data: ViewData) -> list[dict]:
    """One row per actor that an article names (mentions, or cites as a source) or that takes part
    in an event; ``articles`` are the articles that name it, ``cited_as_source`` the facts (events
    and claims) attributed to it."""
    rows = []
    for actor in data.actors.values():
        events = [data.events[e] for e in data.events_of.get(actor.iri, ())]
        articles = data.article_ids(data.articles_of.get(actor.iri, ()))
        if not events and not articles and actor.iri not in data.cited_by:
            continue
        roles = [r for e in events for r in e.participants[actor.iri]]
        dates = sorted({e.date for e in events} - {""})
        rows.append({
            "actor": actor.iri, "name": actor.name, "type": actor.type, "aliases": sorted(actor.aliases),
            "wikidata": actor.wikidata, "exchanges": sum(e.kind == "exchange" for e in events),
            "negotiations": sum(e.kind == "negotiation" for e in events),
            "as_side": roles.count("side") + roles.count("party"), "as_mediator": roles.count("intermediary"),
            "as_host": roles.count("host"), "as_head": roles.count("head"),
            "cited_as_source": len(data.cited_by.get(actor.iri, ())),
            "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
            "articles_count": len(articles), "articles": articles,
        })
    return sorted(rows, key=lambda r: (-(r["exchanges"] + r["negotiations"]), r["name"], r["actor"]))


CLAIMS_QUERY = """
SELECT ?claim ?subject ?statement ?value ?qualifier ?mode ?sourceText ?article ?evidence ?source
WHERE {
  GRAPH ?graph {
    ?claim a kg:Claim ; kg:statement ?statement ; kg:value ?value ; kg:reportedIn ?article .
    OPTIONAL { ?claim kg:claimSubject ?subject }
    OPTIONAL { ?claim kg:qualifier ?qualifier }
    OPTIONAL { ?claim kg:reportingMode ?mode }
    OPTIONAL { ?claim kg:sourceText ?sourceText }
    OPTIONAL { ?claim kg:attributedTo ?source }
    OPTIONAL { ?claim kg:evidence/kg:anchorOf ?evidence }
  }
}
"""


def claim_rows(data: ViewData, store: Dataset) -> list[dict]:
    """One row per numeric claim: the same figure about the same subject from several articles
    is one claim with several reports (``reports``, ``articles``, every article's ``sources`` and
    ``source_texts``); statement, mode and evidence are those of the earliest report."""
    def value(solution, name):
        term = solution[name]
        return "" if term is None else term.value

    reports: dict[str, dict[str, dict]] = {}  # claim -> article -> report
    for solution in run_query(claims_store(store), CLAIMS_QUERY):
        article = data.articles.get(value(solution, "article"))
        report = reports.setdefault(value(solution, "claim"), {}).setdefault(value(solution, "article"), {
            "subject": value(solution, "subject"), "statement": value(solution, "statement"),
            "value": int(value(solution, "value")), "qualifier": LOCAL_NAME.get(value(solution, "qualifier"), ""),
            "mode": LOCAL_NAME.get(value(solution, "mode"), ""),
            "article": article.id if article else "", "published": article.published if article else "",
            "outlet": article.publisher if article else "", "evidence": value(solution, "evidence"),
            "sources": set(), "source_texts": set()})
        for key, name in (("sources", "source"), ("source_texts", "sourceText")):
            if found := value(solution, name):
                report[key].add(found)
    rows = []
    for claim, by_article in reports.items():
        ordered = sorted(by_article.values(), key=lambda r: (r["published"] == "", r["published"], r["article"]))
        first = ordered[0]
        rows.append({
            "claim": claim, "subject": data.actor_name(first["subject"]) if first["subject"] else "",
            "statement": first["statement"], "value": first["value"], "qualifier": first["qualifier"],
            "mode": first["mode"], "sources": _names(data, sorted(set().union(*(r["sources"] for r in ordered)))),
            "source_texts": sorted(set().union(*(r["source_texts"] for r in ordered))), "reports": len(ordered), "article": first["article"],
            "articles": [r["article"] for r in ordered], "published": first["published"],
            "outlet": first["outlet"], "evidence": first["evidence"],
        })
    return sorted(rows, key=lambda r: (r["published"] == "", r["published"], r["article"], r["claim"]))


def table_rows(name: str, data: ViewData, store: Dataset) -> list[dict]:
    """The rows of one of :data:`TABLES`."""
    if name == "exchanges":
        return exchange_rows(data)
    if name == "negotiations":
        return negotiation_rows(data)
    if name == "claims":
        return claim_rows(data, store)
    if name == "actors":
        return actor_rows(data)
    raise KgbuildError(f"unknown table {name!r} (use {', '.join(TABLES)})")


def _cell(value) -> str:
    """A flat string: lists joined, events shown as 'label (date)'."""
    if isinstance(value, dict):
        label = str(value.get("label", value.get("event", "")))
        return f"{label} ({value['date']})" if value.get("date") else label
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return "" if value is None else str(value)


def render_rows(rows: list[dict], fmt: str = "table", columns: list[str] | None = None,
                width: int | None = None) -> str:
    """Rows as an aligned text table (long cells wrapped at ``width``), CSV (lists joined with
    '; ') or JSON; ``columns`` (default: those of the first row) picks and orders the columns."""
    if fmt not in FORMATS:
        raise KgbuildError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: row.get(c) for c in columns} for row in rows], ensure_ascii=False, indent=1)
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    return csv_text(columns, cells) if fmt == "csv" else table_text(columns, cells, width)
