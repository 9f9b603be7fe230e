"""Event facts of one article: exchanges, negotiations, roles and claims, with attribution."""

from __future__ import annotations

from spacy.tokens import Doc

from ..corpus import Document
from ..facts import ArticleFacts, Exchange, Negotiation
from .actors import ActorIndex
from .attribution import article_attributions
from .breakdowns import split_breakdowns
from .claims import extract_claims
from .context import ArticleContext
from .counts import sentence_counts
from .exchange_details import intermediaries_in
from .exchanges import explicit_sides, extract_exchanges
from .negotiations import extract_negotiations
from .talk_places import venue_states
from .roles import extract_roles, person_states


def extract_events(doc: Doc, actors: ActorIndex, document: Document) -> ArticleFacts:
    """All facts of a parsed article. Pure: reads ``doc`` and ``actors``, returns new facts
    (adding to ``actors`` the sources it had to name, such as "a source within ...").

    The passes run in this order, each taking what the earlier ones found as plain values:
    roles (and the states of people) -> attribution per sentence -> intermediaries ->
    negotiations (their hosts, and the roles of the people who hosted them) -> counts per sentence (less the
    breakdowns of an earlier total, and the sides seen releasing) -> exchanges -> claims (figures that are not
    exchange counts, breakdowns included)."""
    ctx = ArticleContext(doc, actors, document)
    roles = extract_roles(ctx)
    ctx = ctx.evolve(person_states=person_states(ctx, roles))
    attributions = article_attributions(ctx)
    intermediaries = {key for sent in ctx.sents if ctx.sentence_has(sent, "exchange_triggers")
                      for key in intermediaries_in(ctx, sent)}
    ctx = ctx.evolve(non_sides=intermediaries)
    negotiations, host_roles = extract_negotiations(ctx, roles, attributions)
    roles = roles + host_roles
    ctx = ctx.evolve(non_sides=intermediaries | {key for n in negotiations for key in n.hosts}
                     | venue_states(ctx, negotiations))
    counts, breakdowns = split_breakdowns(sentence_counts(ctx))
    ctx = ctx.evolve(explicit_sides=explicit_sides(ctx, counts))
    exchanges = extract_exchanges(ctx, attributions, counts, breakdowns.sentences)
    _link_planned(exchanges, negotiations)
    claims = extract_claims(ctx, attributions, exchanges, breakdowns.nouns)
    return ArticleFacts(article_id=document.id, actors=actors.actors, roles=roles, exchanges=exchanges,
                        negotiations=negotiations, claims=claims)


def _link_planned(exchanges: list[Exchange], negotiations: list[Negotiation]) -> None:
    """Planned exchanges were agreed at the article's talks: link them and record the outcome."""
    if len(negotiations) != 1:
        return
    for exchange in exchanges:
        if exchange.status != "planned":
            continue
        exchange.negotiation = negotiations[0].id
        counts = ", ".join(f"{r.side} {r.count}" for r in exchange.releases) or "numbers not given"
        negotiations[0].outcomes.append(f"planned {exchange.kind.replace('_', ' ')} ({counts})")
