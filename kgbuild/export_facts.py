"""The facts of each article in the eval format: from the extracted facts (what ``build`` writes)
or read back out of an RDF dataset (``kgbuild facts``, for graphs kgbuild did not build).

:func:`eval_facts` turns one article's resolved facts into the eval format directly; it gives
what reading that article's graph back gives, which the tests check. The dataset holds one named graph per article (DESIGN.md); an article's facts are read from its
own graph only, so an event shared by several articles (cross-article resolution) is reported
per article with that article's numbers. A few SPARQL queries run over the whole store (the
article of each graph, the types, the properties the format needs, the evidence sentences, the
mentioned actors) and the rows are grouped per graph in Python: the cost does not grow with
one query per article or per fact.

>>> facts = facts_from_file("out/kg.trig")          # doctest: +SKIP
>>> write_facts_dir(facts, "out/facts")              # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kgbuild.corpus import Document
from kgbuild.errors import InputError, KgbuildError
from kgbuild.facts import ArticleFacts, Span
from kgbuild.files import FILE_MODE
from kgbuild.rdf.iri import IriMinter
from kgbuild.rdf.mapping import claim_iri, delegation_iri, event_iri

KG = "https://w3id.org/kgbuild/ns#"
PREFIX = f"PREFIX kg: <{KG}>\n"

EXCHANGE_KINDS = {
    "PrisonerExchange": "prisoner_exchange",
    "CivilianReturn": "civilian_return",
    "RemainsReturn": "remains_return",
    "ListHandover": "list_handover",
}
# Most specific first: a MediaOutlet is also an Organization.
ACTOR_TYPES = {"Person": "Person", "MediaOutlet": "Media", "State": "State", "Organization": "Organization"}
# Weakest last: when the releases of one exchange disagree, the weakest non-exact one wins.
QUALIFIER_STRENGTH = ("exact", "approximately", "at_least", "at_most")

_TYPES = ("Article", *EXCHANGE_KINDS, *ACTOR_TYPES, "Negotiation", "Claim", "Role", "Release", "Delegation")
_PROPERTIES = (
    "name", "alias", "status", "release", "releasedBy", "count", "qualifier", "side", "intermediary",
    "transit", "category", "attributedTo", "sourceText", "date", "place", "party", "host", "mediator",
    "outcome", "delegation", "delegationOf", "headedBy", "atNegotiation", "holder", "roleName",
    "roleOf", "roleIn", "claimSubject", "statement", "value", "reportedIn",
)

QUERY_TYPES = PREFIX + (
    "SELECT ?g ?s ?type WHERE { GRAPH ?g { ?s a ?type } VALUES ?type { "
    + " ".join(f"kg:{name}" for name in _TYPES) + " } }"
)
QUERY_PROPERTIES = PREFIX + (
    "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?p { "
    + " ".join(f"kg:{name}" for name in _PROPERTIES) + " } }"
)
QUERY_ARTICLE_IDS = PREFIX + "SELECT ?g ?article ?id WHERE { GRAPH ?g { ?article a kg:Article ; kg:articleId ?id } }"
QUERY_EVIDENCE = PREFIX + """
SELECT ?g ?s ?text ?begin WHERE {
  GRAPH ?g { ?s kg:evidence ?span . ?span kg:anchorOf ?text . OPTIONAL { ?span kg:beginIndex ?begin } }
}"""
QUERY_MENTIONED = PREFIX + """
SELECT DISTINCT ?g ?actor WHERE {
  GRAPH ?g { ?article a kg:Article . ?actor kg:hasMention ?mention . ?mention kg:inArticle ?article }
}"""


def _local(term) -> str:
    """The local name of a kg: IRI ("AtLeast"), or the value of any other term."""
    return term.value.removeprefix(KG)


def _words(local_name: str) -> str:
    """CamelCase to lower-case words: "SeriouslyIll" -> "seriously ill"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name).lower()


@dataclass
class _Graph:
    """The rows of one article's named graph, grouped by subject."""

    types: dict = field(default_factory=lambda: defaultdict(set))  # subject -> kg class local names
    props: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))  # s -> p -> [o]
    evidence: dict = field(default_factory=dict)  # subject -> (begin, text) of its earliest evidence
    mentioned: set = field(default_factory=set)  # actors with a mention in the article

    def values(self, subject, prop: str) -> list:
        """The objects of ``subject prop`` in this graph, in a stable order."""
        return sorted(self.props[subject][prop], key=lambda term: term.value) if subject in self.props else []

    def first(self, subject, prop: str):
        values = self.values(subject, prop)
        return values[0] if values else None

    def subjects(self, type_name: str) -> list:
        return sorted((s for s, types in self.types.items() if type_name in types), key=lambda term: term.value)


class _Reader:
    """Builds the eval-format dict of each article from the grouped rows."""

    def __init__(self, store: pyoxigraph.Store):
        self.graphs: dict = defaultdict(_Graph)
        self.global_names: dict = {}
        self.global_types: dict = defaultdict(set)
        for row in store.query(QUERY_TYPES):
            self.graphs[row["g"]].types[row["s"]].add(_local(row["type"]))
            self.global_types[row["s"]].add(_local(row["type"]))
        for row in store.query(QUERY_PROPERTIES):
            prop = _local(row["p"])
            self.graphs[row["g"]].props[row["s"]][prop].append(row["o"])
            if prop == "name":
                known = self.global_names.get(row["s"])
                self.global_names[row["s"]] = min(known, row["o"].value) if known else row["o"].value
        for row in store.query(QUERY_EVIDENCE):
            begin = int(row["begin"].value) if row["begin"] is not None else -1
            candidate = (begin, row["text"].value)
            known = self.graphs[row["g"]].evidence.get(row["s"])
            self.graphs[row["g"]].evidence[row["s"]] = min(known, candidate) if known else candidate
        for row in store.query(QUERY_MENTIONED):
            self.graphs[row["g"]].mentioned.add(row["actor"])
        self.articles = [(row["g"], row["article"], row["id"].value) for row in store.query(QUERY_ARTICLE_IDS)]

    def facts(self) -> dict[str, dict]:
        result = {}
        for graph_name, article, article_id in sorted(self.articles, key=lambda item: item[2]):
            graph = self.graphs[graph_name]
            result[article_id] = {
                "actors": self._actors(graph),
                "exchanges": [self._exchange(graph, e, article) for e in self._in_text_order(graph, *EXCHANGE_KINDS)],
                "negotiations": [self._negotiation(graph, n) for n in self._in_text_order(graph, "Negotiation")],
                "claims": [self._claim(graph, c) for c in self._in_text_order(graph, "Claim")],
            }
        return result

    # -- helpers

    def _name(self, graph: _Graph, node) -> str | None:
        """An actor's or place's kg:name, from the article's graph first."""
        if node is None:
            return None
        if isinstance(node, pyoxigraph.Literal):
            return node.value
        name = graph.first(node, "name")
        return name.value if name is not None else self.global_names.get(node)

    def _names(self, graph: _Graph, subject, *props: str) -> list[str]:
        names = {self._name(graph, node) for prop in props for node in graph.values(subject, prop)}
        return sorted(name for name in names if name)

    @staticmethod
    def _date(graph: _Graph, subject) -> str | None:
        date = graph.first(subject, "date")
        return date.value[:10] if date is not None else None

    @staticmethod
    def _evidence(graph: _Graph, subject) -> str | None:
        found = graph.evidence.get(subject)
        return found[1] if found else None

    @staticmethod
    def _in_text_order(graph: _Graph, *type_names: str) -> list:
        """The subjects of these types, in the text order of their evidence (no evidence last)."""
        subjects = {s for name in type_names for s in graph.subjects(name)}

        def position(subject):
            found = graph.evidence.get(subject)
            return (found is None, found[0] if found else 0, subject.value)

        return sorted(subjects, key=position)

    # -- fact types

    def _exchange(self, graph: _Graph, event, article) -> dict:
        kind = next(EXCHANGE_KINDS[name] for name in EXCHANGE_KINDS if name in graph.types[event])
        releases = graph.values(event, "release")
        own = [r for r in releases if article in graph.values(r, "reportedIn")]
        released_by: dict[str, int] = {}
        qualifiers = set()
        for release in own or releases:
            side, count = self._name(graph, graph.first(release, "releasedBy")), graph.first(release, "count")
            if side and count is not None:
                released_by[side] = max(int(count.value), released_by.get(side, 0))
            qualifier = graph.first(release, "qualifier")
            qualifiers.add(_words(_local(qualifier)).replace(" ", "_") if qualifier is not None else "exact")
        status = graph.first(event, "status")
        if status is not None and _local(status) == "Planned":
            qualifier = "planned"
        else:
            qualifier = max(qualifiers or {"exact"}, key=_qualifier_weakness)
        return {
            "id": event.value,
            "kind": kind,
            "date": self._date(graph, event),
            "sides": self._names(graph, event, "side"),
            "released_by": released_by,
            "qualifier": qualifier,
            "categories": sorted({_words(_local(c)) for c in graph.values(event, "category")}),
            "intermediary": self._names(graph, event, "intermediary"),
            "transit": self._names(graph, event, "transit"),
            "source_attribution": sorted({*self._names(graph, event, "attributedTo"),
                                          *unnamed_sources(t.value for t in graph.values(event, "sourceText"))}),
            "evidence": self._evidence(graph, event),
        }

    def _negotiation(self, graph: _Graph, negotiation) -> dict:
        delegations = set(graph.values(negotiation, "delegation")) | {
            d for d in graph.subjects("Delegation") if negotiation in graph.values(d, "atNegotiation")
        }
        heads = {}
        for delegation in sorted(delegations, key=lambda term: term.value):
            party = self._name(graph, graph.first(delegation, "delegationOf"))
            person = self._name(graph, graph.first(delegation, "headedBy"))
            if party and person:
                heads[party] = person
        name = graph.first(negotiation, "name")
        return {
            "id": negotiation.value,
            "name": name.value if name is not None else None,
            "date": self._date(graph, negotiation),
            "location": self._name(graph, graph.first(negotiation, "place")),
            "parties": self._names(graph, negotiation, "party"),
            "heads": heads,
            "host_or_mediator": self._names(graph, negotiation, "host", "mediator"),
            "outcomes": [outcome.value for outcome in graph.values(negotiation, "outcome")],
            "evidence": self._evidence(graph, negotiation),
        }

    def _claim(self, graph: _Graph, claim) -> dict:
        statement, value = graph.first(claim, "statement"), graph.first(claim, "value")
        qualifier = graph.first(claim, "qualifier")
        people = {self._name(graph, node) for node in graph.values(claim, "attributedTo")
                  if "Person" in graph.types.get(node, ()) or "Person" in self.global_types.get(node, ())}
        sources = people_first(self._names(graph, claim, "attributedTo"), people)
        source_text = graph.first(claim, "sourceText")
        return {
            "subject": self._name(graph, graph.first(claim, "claimSubject")),
            "statement": statement.value if statement is not None else "",
            "number": int(value.value) if value is not None else None,
            "qualifier": _words(_local(qualifier)).replace(" ", "_") if qualifier is not None else "exact",
            "attributed_to": sources[0] if sources else (source_text.value if source_text is not None else None),
            "evidence": self._evidence(graph, claim),
        }

    def _actors(self, graph: _Graph) -> list[dict]:
        typed = {s for name in ACTOR_TYPES for s in graph.subjects(name)}
        roles = defaultdict(list)
        for role in graph.subjects("Role"):
            holder, role_name = graph.first(role, "holder"), graph.first(role, "roleName")
            if holder is None or role_name is None:
                continue
            entry = {"role": role_name.value}
            for key, prop in (("of", "roleOf"), ("in", "roleIn")):
                name = self._name(graph, graph.first(role, prop))
                if name:
                    entry[key] = name
            roles[holder].append(entry)
        actors = []
        for actor in typed | graph.mentioned:
            name = self._name(graph, actor)
            if not name:
                continue
            types = graph.types.get(actor) or self.global_types.get(actor, set())
            actor_type = next((label for cls, label in ACTOR_TYPES.items() if cls in types), None)
            aliases = sorted({alias.value for alias in graph.values(actor, "alias")} - {name})
            entry = {"name": name, "type": actor_type, "aliases": aliases}
            if roles.get(actor):
                entry["roles"] = sorted(roles[actor], key=lambda r: (r["role"], r.get("of", ""), r.get("in", "")))
            actors.append(entry)
        facts = [s for name in (*EXCHANGE_KINDS, "Claim") for s in graph.subjects(name)]
        texts = unnamed_sources(t.value for fact in facts for t in graph.values(fact, "sourceText"))
        actors.extend(unnamed_source_actors(texts, {entry["name"] for entry in actors}))
        return sorted(actors, key=lambda entry: entry["name"])


def people_first(names: list[str], people: set[str]) -> list[str]:
    """A claim's sources with the people first ("X, spokesperson for the ministry, said": X, then
    the ministry), each part in name order: the first is the claim's ``attributed_to``."""
    return sorted(names, key=lambda name: name not in people)


def eval_facts(minter: IriMinter, document: Document, facts: ArticleFacts,
               event_keys: dict[tuple[str, int], tuple] | None = None,
               known_names: dict[str, str] | None = None) -> dict:
    """One article's resolved facts in the eval format: what :func:`facts_from_store` reads back
    from the article's graph, without the round trip. Actors the article refers to but does not
    name take their name from ``known_names`` (the gazetteer's and resolution's names)."""
    event_keys, known_names = event_keys or {}, known_names or {}
    actors = {actor.key: actor for actor in facts.actors}

    def name(key: str | None) -> str | None:
        if key is None:
            return None
        return actors[key].name if key in actors else known_names.get(key)

    def names(keys) -> list[str]:
        return sorted({found for found in map(name, keys) if found})

    def in_text_order(items: list[tuple[str, Span | None, dict]]) -> list[dict]:
        return [entry for _, _, entry in sorted(
            items, key=lambda item: (item[1] is None, item[1].start if item[1] else 0, item[0]))]

    people = {actor.name for actor in facts.actors if actor.type == "Person"}
    negotiation_names = {n.id: n.name for n in facts.negotiations}
    roles: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for role in facts.roles:
        entry = {"role": role.role}
        if name(role.of):
            entry["of"] = name(role.of)
        if role.negotiation in negotiation_names:
            entry["in"] = negotiation_names[role.negotiation]
        roles[role.person][(role.role, role.of, role.negotiation)] = entry
    actor_entries = []
    for actor in facts.actors:
        if not actor.name:
            continue
        entry = {"name": actor.name, "type": actor.type, "aliases": sorted(set(actor.aliases) - {actor.name})}
        if roles.get(actor.key):
            entry["roles"] = sorted(roles[actor.key].values(), key=lambda r: (r["role"], r.get("of", ""), r.get("in", "")))
        actor_entries.append(entry)

    exchanges = []
    for index, exchange in enumerate(facts.exchanges):
        node = event_iri(minter, document.id, event_keys, "exchange", index).value
        by_side: dict[str, list] = defaultdict(list)
        for release in exchange.releases:
            by_side[release.side].append(release)
        released_by: dict[str, int] = {}
        qualifiers = set()
        for side, releases in by_side.items():
            count = min((str(r.count) for r in releases))  # one release node per side: its first value
            if name(side):
                released_by[name(side)] = max(int(count), released_by.get(name(side), 0))
            qualifiers.add(min(releases, key=lambda r: QUALIFIER_IRI_ORDER.index(r.qualifier)).qualifier)
        qualifier = "planned" if exchange.status == "planned" else max(qualifiers or {"exact"}, key=_qualifier_weakness)
        exchanges.append((node, exchange.evidence, {
            "id": node,
            "kind": exchange.kind,
            "date": exchange.date.isoformat() if exchange.date else None,
            "sides": names(exchange.sides),
            "released_by": released_by,
            "qualifier": qualifier,
            "categories": sorted(set(exchange.categories)),
            "intermediary": names(exchange.intermediaries),
            "transit": sorted({name(t) if t in actors else t for t in exchange.transit} - {None}),
            "source_attribution": sorted({*names(exchange.attribution.sources),
                                          *unnamed_sources([exchange.attribution.source_text])}),
            "evidence": exchange.evidence.text if exchange.evidence else None,
        }))

    negotiations = []
    for index, negotiation in enumerate(facts.negotiations):
        event = event_iri(minter, document.id, event_keys, "negotiation", index)
        node = event.value
        heads = {}  # in the order of the delegation nodes, as reading the graph back gives them
        for party, head in sorted(negotiation.heads.items(), key=lambda item: delegation_iri(minter, event, item[0]).value):
            if name(party) and name(head):
                heads[name(party)] = name(head)
        negotiations.append((node, negotiation.evidence, {
            "id": node,
            "name": negotiation.name,
            "date": negotiation.date.isoformat() if negotiation.date else None,
            "location": negotiation.location or None,
            "parties": names(negotiation.parties),
            "heads": heads,
            "host_or_mediator": names(negotiation.hosts),
            "outcomes": sorted(set(negotiation.outcomes)),
            "evidence": negotiation.evidence.text if negotiation.evidence else None,
        }))

    claims: dict[str, list] = defaultdict(list)
    for claim in facts.claims:
        claims[claim_iri(minter, document.id, claim).value].append(claim)
    claim_entries = []
    for node, group in claims.items():
        evidence = min((c.evidence for c in group if c.evidence), key=lambda span: (span.start, span.text), default=None)
        sources = people_first(names(s for c in group for s in c.attribution.sources), people)
        source_texts = sorted(c.attribution.source_text for c in group if c.attribution.source_text)
        claim_entries.append((node, evidence, {
            "subject": name(group[0].subject),
            "statement": min(c.statement for c in group),
            "number": group[0].number,
            "qualifier": min(group, key=lambda c: QUALIFIER_IRI_ORDER.index(c.qualifier)).qualifier,
            "attributed_to": sources[0] if sources else (source_texts[0] if source_texts else None),
            "evidence": evidence.text if evidence else None,
        }))
    texts = unnamed_sources(f.attribution.source_text for f in (*facts.exchanges, *facts.claims))
    actor_entries.extend(unnamed_source_actors(texts, {entry["name"] for entry in actor_entries}))
    return {
        "actors": sorted(actor_entries, key=lambda entry: entry["name"]),
        "exchanges": in_text_order(exchanges),
        "negotiations": in_text_order(negotiations),
        "claims": in_text_order(claim_entries),
    }


def unnamed_sources(texts) -> list[str]:
    """The unnamed sources among a fact's source texts that an analyst lists as actors: a source
    described by more than the word ("a source within Russia's law enforcement agencies", "a
    Trump administration source") or people described as informed ("people familiar with the
    matter"), not "officials" or "reports"."""
    return sorted({text for text in texts if text and len(text.split()) > 1
                   and re.search(r"\bsources?\b|\bfamiliar with\b|\bbriefed on\b|\bclose to\b", text, re.I)})


def unnamed_source_actors(texts: list[str], named: set[str]) -> list[dict]:
    """Actor entries for unnamed sources (typed Organization, as the gold format has them)."""
    return [{"name": text, "type": "Organization", "aliases": []} for text in texts if text not in named]


# The order of the qualifier IRIs (kg:Approximately < kg:AtLeast < kg:AtMost < kg:Exact): when one
# side's release has several, the graph gives the first.
QUALIFIER_IRI_ORDER = ("approximately", "at_least", "at_most", "exact")


def _qualifier_weakness(qualifier: str) -> int:
    return QUALIFIER_STRENGTH.index(qualifier) if qualifier in QUALIFIER_STRENGTH else len(QUALIFIER_STRENGTH)


def facts_from_store(store: pyoxigraph.Store) -> dict[str, dict]:
    """Article id -> its facts in the eval format, each read from the article's own named graph."""
    return _Reader(store).facts()


def facts_from_file(path: str | Path) -> dict[str, dict]:
    """Load a TriG or N-Quads dataset into an in-memory store and read its facts."""
    path = Path(path)
    formats = {".trig": pyoxigraph.RdfFormat.TRIG, ".nq": pyoxigraph.RdfFormat.N_QUADS,
               ".nquads": pyoxigraph.RdfFormat.N_QUADS}
    rdf_format = formats.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError("expected a dataset with named graphs: a .trig or .nq file", str(path))
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except (OSError, SyntaxError, ValueError) as error:
        raise InputError(f"cannot read the RDF dataset ({error})", str(path)) from error
    return facts_from_store(store)


def facts_text(facts: dict) -> str:
    """One article's facts as they are written to ``facts/<id>.json``: pretty, sorted keys, UTF-8."""
    return json.dumps(facts, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_facts_dir(facts: dict[str, dict], out_dir: str | Path) -> list[Path]:
    """Write ``<article-id>.json`` per article (pretty, sorted keys, UTF-8), each atomically."""
    return write_facts_texts({article_id: facts_text(article_facts) for article_id, article_facts in facts.items()}, out_dir)


def write_facts_texts(texts: dict[str, str], out_dir: str | Path) -> list[Path]:
    """Write each article's facts text (from :func:`facts_text`) to ``<article-id>.json``, each atomically."""
    return [write_facts_text(article_id, text, out_dir) for article_id, text in sorted(texts.items())]


def write_facts_text(article_id: str, text: str, out_dir: str | Path) -> Path:
    """Write one article's facts text to ``<out_dir>/<article-id>.json``, atomically (a build
    writes each as it is mapped, so that no article's facts wait in memory)."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KgbuildError(f"{out_dir}: cannot create the output folder ({error})") from error
    if not article_id or article_id in {".", ".."} or "/" in article_id or "\\" in article_id:
        raise KgbuildError(f"article id {article_id!r} cannot be a file name")
    target = out_dir / f"{article_id}.json"
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=out_dir, prefix=f".{article_id}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.chmod(handle.name, FILE_MODE)
        os.replace(handle.name, target)
    except (OSError, TypeError, ValueError) as error:
        Path(handle.name).unlink(missing_ok=True)
        raise KgbuildError(f"{target}: cannot write the facts ({error})") from error
    return target
