"""Facts and their cross-article resolution -> RDF quads (pyoxigraph terms): one named graph
per article, one for the gazetteer's actors, one for what resolution found.

Computed once, then written by thin sinks (files, stores, rdflib). The triple patterns are the
ones the shapes in ``shapes/`` check and the queries in ``queries/`` read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad
from rdflib import OWL, RDF, RDFS

from ..corpus import Document
from ..facts import Actor, ArticleFacts, Attribution, Claim, Exchange, Negotiation, Role, Span
from ..nlp.gazetteer import GazetteerEntry
from ..resolve import ExchangeReport, Resolution
from .iri import IriMinter, safe_iri
from .vocab import KG

XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA = "http://www.wikidata.org/entity/"


@cache
def term(iri: str) -> NamedNode:
    """A pyoxigraph node for a vocabulary IRI (cached: these recur in every triple)."""
    return NamedNode(str(iri))


A = term(RDF.type)
ACTOR_CLASS = {"Person": KG.Person, "Organization": KG.Organization, "State": KG.State, "Media": KG.MediaOutlet}
EXCHANGE_CLASS = {
    "prisoner_exchange": KG.PrisonerExchange, "civilian_return": KG.CivilianReturn,
    "remains_return": KG.RemainsReturn, "list_handover": KG.ListHandover,
}
EXCHANGE_LABEL = {
    "prisoner_exchange": "prisoner exchange", "civilian_return": "return of civilians",
    "remains_return": "return of remains", "list_handover": "handover of a list of prisoners",
}
QUALIFIER = {"exact": KG.Exact, "at_least": KG.AtLeast, "approximately": KG.Approximately, "at_most": KG.AtMost}
STATUS = {"completed": KG.Completed, "planned": KG.Planned}
MODE = {"asserted": KG.Asserted, "reported": KG.Reported, "alleged": KG.Alleged, "estimated": KG.Estimated}
CATEGORY = {
    "wounded": KG.Wounded, "seriously ill": KG.SeriouslyIll, "young": KG.Young, "civilians": KG.Civilians,
    "military": KG.Military, "children": KG.Children, "women": KG.Women, "elderly": KG.Elderly,
    "bodies": KG.Bodies, "foreign nationals": KG.ForeignNationals, "political prisoners": KG.PoliticalPrisoners,
}


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=term(XSD + "integer"))


def date(value) -> Literal:
    return Literal(value.isoformat(), datatype=term(XSD + "date"))


class ArticleMapper:
    """Maps the facts of one article to quads in that article's named graph."""

    def __init__(self, minter: IriMinter, document: Document, facts: ArticleFacts,
                 event_keys: dict[tuple[str, int], tuple] | None = None):
        self.minter = minter
        self.document = document
        self.facts = facts
        self.graph = minter.graph(document.id)
        self.article = minter.article(document.id)
        self.event_keys = event_keys or {}
        self._quads: list[Quad] = []
        self._spans: set[tuple[int, int]] = set()
        self._places: set[str] = set()

    def add(self, subject, predicate, obj) -> None:
        self._quads.append(Quad(subject, term(predicate), obj, self.graph))

    def quads(self) -> list[Quad]:
        """All quads of the article, in a stable order."""
        self._article()
        for actor in self.facts.actors:
            self._actor(actor)
        negotiation_iris = {n.id: self._negotiation(i, n) for i, n in enumerate(self.facts.negotiations)}
        for i, exchange in enumerate(self.facts.exchanges):
            self._exchange(i, exchange, negotiation_iris)
        for role in self.facts.roles:
            self._role(role, negotiation_iris)
        for claim in self.facts.claims:
            self._claim(claim)
        return self._quads

    def event_iri(self, kind: str, index: int) -> NamedNode:
        return event_iri(self.minter, self.document.id, self.event_keys, kind, index)

    def actor_iri(self, key: str) -> NamedNode:
        return self.minter.actor(key)

    def _article(self) -> None:
        doc, node = self.document, self.article
        self.add(node, RDF.type, term(KG.Article))
        self.add(node, KG.articleId, Literal(doc.id))
        self.add(node, KG.contentHash, Literal(doc.content_hash))
        if doc.title:
            self.add(node, KG.title, Literal(doc.title))
        if doc.url:
            self.add(node, KG.url, NamedNode(safe_iri(doc.url)))
        if doc.published:
            self.add(node, KG.published, date(doc.published))
        if doc.publisher:
            self.add(node, KG.publisherName, Literal(doc.publisher))

    def span(self, span: Span, sentence: Span | None = None) -> NamedNode:
        """The node of a stretch of text; a sentence when ``sentence`` is None or the same span."""
        is_sentence = sentence is None or sentence == span
        node = self.minter.span(self.document.id, span.start, span.end, is_sentence)
        if (span.start, span.end, is_sentence) not in self._spans:
            self._spans.add((span.start, span.end, is_sentence))
            self.add(node, RDF.type, term(KG.Sentence if is_sentence else KG.Mention))
            self.add(node, KG.inArticle, self.article)
            self.add(node, KG.beginIndex, integer(span.start))
            self.add(node, KG.endIndex, integer(span.end))
            self.add(node, KG.anchorOf, Literal(span.text))
            if not is_sentence:
                self.add(node, KG.inSentence, self.span(sentence))
        return node

    def place(self, name: str) -> NamedNode:
        node = self.minter.place(name)
        if name not in self._places:
            self._places.add(name)
            self.add(node, RDF.type, term(KG.Place))
            self.add(node, KG.name, Literal(name))
        return node

    def _actor(self, actor: Actor) -> None:
        node = self.actor_iri(actor.key)
        self.add(node, RDF.type, term(ACTOR_CLASS[actor.type]))
        self.add(node, KG.name, Literal(actor.name))
        for alias in actor.aliases:
            self.add(node, KG.alias, Literal(alias))
        if actor.wikidata:
            self.add(node, KG.wikidataId, Literal(actor.wikidata))
            self.add(node, OWL.sameAs, NamedNode(WIKIDATA + actor.wikidata))
        for mention in actor.mentions:
            self.add(node, KG.hasMention, self.span(mention.span, mention.sentence))

    def _fact(self, node: NamedNode, evidence: Span | None, attribution: Attribution | None) -> None:
        """What every fact carries: its article, evidence and attribution."""
        self.add(node, KG.reportedIn, self.article)
        if evidence is not None:
            self.add(node, KG.evidence, self.span(evidence))
        if attribution is not None:
            for source in attribution.sources:
                self.add(node, KG.attributedTo, self.actor_iri(source))
            if attribution.source_text:
                self.add(node, KG.sourceText, Literal(attribution.source_text))
            self.add(node, KG.reportingMode, term(MODE[attribution.mode]))

    def _place_or_actor(self, value: str) -> NamedNode:
        return self.actor_iri(value) if self.facts.actor(value) else self.place(value)

    def _exchange(self, index: int, exchange: Exchange, negotiations: dict[str, NamedNode]) -> None:
        node = self.event_iri("exchange", index)
        self.add(node, RDF.type, term(EXCHANGE_CLASS[exchange.kind]))
        self.add(node, KG.eventType, term(KG.ReleasePersons))
        if exchange.intermediaries:
            self.add(node, KG.eventType, term(KG.Mediate))
        self.add(node, KG.status, term(STATUS[exchange.status]))
        self.add(node, RDFS.label, Literal(self._exchange_label(exchange)))
        for side in exchange.sides:
            self.add(node, KG.side, self.actor_iri(side))
        for release in exchange.releases:
            release_node = self.minter.hashed("release", str(node.value), self.document.id, release.side)
            self.add(node, KG.release, release_node)
            self.add(release_node, RDF.type, term(KG.Release))
            self.add(release_node, KG.releasedBy, self.actor_iri(release.side))
            self.add(release_node, KG.count, integer(release.count))
            self.add(release_node, KG.qualifier, term(QUALIFIER[release.qualifier]))
            self._fact(release_node, exchange.evidence, None)
        for category in exchange.categories:
            self.add(node, KG.category, term(CATEGORY[category]))
        for intermediary in exchange.intermediaries:
            self.add(node, KG.intermediary, self.actor_iri(intermediary))
        for transit in exchange.transit:
            self.add(node, KG.transit, self._place_or_actor(transit))
        if exchange.date:
            self.add(node, KG.date, date(exchange.date))
        if exchange.negotiation in negotiations:
            self.add(node, KG.agreedAt, negotiations[exchange.negotiation])
        self._fact(node, exchange.evidence, exchange.attribution)

    def _exchange_label(self, exchange: Exchange) -> str:
        names = [self.facts.actor(k).name if self.facts.actor(k) else k for k in exchange.sides]
        label = f"{exchange.status} {EXCHANGE_LABEL[exchange.kind]}"
        if names:
            label += " between " + " and ".join(names)
        counts = [f"{self.facts.actor(r.side).name if self.facts.actor(r.side) else r.side} released {r.count}"
                  for r in exchange.releases]
        return label + (f" ({'; '.join(counts)})" if counts else "")

    def _negotiation(self, index: int, negotiation: Negotiation) -> NamedNode:
        node = self.event_iri("negotiation", index)
        self.add(node, RDF.type, term(KG.Negotiation))
        self.add(node, KG.eventType, term(KG.Negotiate))
        self.add(node, KG.name, Literal(negotiation.name))
        self.add(node, RDFS.label, Literal(negotiation.name))
        if negotiation.location:
            self.add(node, KG.place, self.place(negotiation.location))
        if negotiation.date:
            self.add(node, KG.date, date(negotiation.date))
        self.add(node, KG.status, term(STATUS[negotiation.status]))
        for party in negotiation.parties:
            self.add(node, KG.party, self.actor_iri(party))
        for host in negotiation.hosts:
            self.add(node, KG.host, self.actor_iri(host))
        if negotiation.round is not None and negotiation.round > 0:
            self.add(node, KG.round, integer(negotiation.round))
        for outcome in negotiation.outcomes:
            self.add(node, KG.outcome, Literal(outcome))
        for party, head in sorted(negotiation.heads.items()):
            delegation = delegation_iri(self.minter, node, party)
            self.add(node, KG.delegation, delegation)
            self.add(delegation, RDF.type, term(KG.Delegation))
            self.add(delegation, KG.delegationOf, self.actor_iri(party))
            self.add(delegation, KG.headedBy, self.actor_iri(head))
            self.add(delegation, KG.atNegotiation, node)
            self._fact(delegation, negotiation.evidence, None)
        self._fact(node, negotiation.evidence, negotiation.attribution)
        return node

    def _role(self, role: Role, negotiations: dict[str, NamedNode]) -> None:
        node = self.minter.hashed("role", self.document.id, role.person, role.role, role.of, role.negotiation)
        self.add(node, RDF.type, term(KG.Role))
        self.add(node, KG.holder, self.actor_iri(role.person))
        self.add(node, KG.roleName, Literal(role.role))
        if role.of:
            self.add(node, KG.roleOf, self.actor_iri(role.of))
        if role.negotiation in negotiations:
            self.add(node, KG.roleIn, negotiations[role.negotiation])
        self._fact(node, role.evidence, None)

    def _claim(self, claim: Claim) -> None:
        node = claim_iri(self.minter, self.document.id, claim)
        self.add(node, RDF.type, term(KG.Claim))
        if claim.subject:
            self.add(node, KG.claimSubject, self.actor_iri(claim.subject))
        self.add(node, KG.statement, Literal(claim.statement))
        self.add(node, KG.value, integer(claim.number))
        self.add(node, KG.qualifier, term(QUALIFIER[claim.qualifier]))
        self._fact(node, claim.evidence, claim.attribution)


def event_iri(minter: IriMinter, article_id: str, event_keys: dict[tuple[str, int], tuple], kind: str,
              index: int) -> NamedNode:
    """An article's exchange or round of talks: the IRI of the real-world event resolution put it in."""
    return minter.hashed("event", *event_keys.get((kind, index), (article_id, kind, index)))


def claim_iri(minter: IriMinter, article_id: str, claim: Claim) -> NamedNode:
    """The same figure about the same subject is one claim however many articles report it (each
    article's graph adds its statement, source and evidence); without a subject a figure is only
    the article's own."""
    if claim.subject:
        return minter.hashed("claim", claim.subject, claim.number, claim.qualifier)
    return minter.hashed("claim", article_id, claim.evidence.start if claim.evidence else 0, claim.number)


def delegation_iri(minter: IriMinter, negotiation: NamedNode, party: str) -> NamedNode:
    return minter.hashed("delegation", str(negotiation.value), party)


def article_quads(minter: IriMinter, document: Document, facts: ArticleFacts,
                  event_keys: dict[tuple[str, int], tuple] | None = None) -> list[Quad]:
    """The quads of one article's named graph."""
    return ArticleMapper(minter, document, facts, event_keys).quads()


def gazetteer_quads(minter: IriMinter, entries: Iterable[GazetteerEntry]) -> Iterator[Quad]:
    """The shared graph: the gazetteer's description of the known actors the articles name."""
    graph = minter.shared_graph()
    for entry in sorted(entries, key=lambda e: e.id):
        node = minter.actor(entry.id)
        yield Quad(node, A, term(ACTOR_CLASS[entry.type]), graph)
        yield Quad(node, term(KG.name), Literal(entry.name), graph)
        for alias in entry.aliases:
            yield Quad(node, term(KG.alias), Literal(alias), graph)
        if entry.wikidata:
            yield Quad(node, term(KG.wikidataId), Literal(entry.wikidata), graph)
            yield Quad(node, term(OWL.sameAs), NamedNode(WIKIDATA + entry.wikidata), graph)


def resolution_quads(resolution: Resolution, minter: IriMinter) -> Iterator[Quad]:
    """The graph of what no single article says: disagreements and plan -> outcome links."""
    graph = minter.resolution_graph()
    for group in resolution.exchange_clusters:
        event = minter.hashed("event", *resolution.event_keys[(group[0].article_id, "exchange", group[0].index)])
        values: dict[str, dict[int, list[ExchangeReport]]] = defaultdict(lambda: defaultdict(list))
        for report in group:
            for side, (count, _) in report.releases.items():
                values[side][count].append(report)
        for side, by_count in sorted(values.items()):
            if len(by_count) < 2:
                continue
            node = minter.hashed("disagreement", event.value, side)
            yield Quad(node, term(RDF.type), term(KG.Disagreement), graph)
            yield Quad(node, term(KG.aboutEvent), event, graph)
            parts = []
            for count, reports in sorted(by_count.items()):
                parts.append(f"{count} ({', '.join(r.article_id for r in reports)})")
                for report in reports:
                    release = minter.hashed("release", event.value, report.article_id, side)
                    yield Quad(node, term(KG.conflictingValue), release, graph)
            note = f"{resolution.actor_names.get(side, side)} released: " + " vs ".join(parts)
            yield Quad(node, term(KG.disagreementNote), Literal(note), graph)
    for done, plan in resolution.fulfils:
        yield Quad(minter.hashed("event", *done), term(KG.fulfils), minter.hashed("event", *plan), graph)

