"""Event facts of one article: exchanges, negotiations, roles and claims, with attribution."""

from __future__ import annotations

from spacy.tokens import Doc

from ..corpus import Document
from ..facts import ArticleFacts, Exchange, Negotiation
from .actors import ActorIndex
from .attribution import article_attributions
from .claims import extract_claims
from .context import ArticleContext
from .exchanges import extract_exchanges, intermediaries_in
from .negotiations import extract_negotiations
from .roles import extract_roles


def extract_events(doc: Doc, actors: ActorIndex, document: Document) -> ArticleFacts:
    """All facts of a parsed article. Pure: reads ``doc`` and ``actors``, returns new facts
    (adding to ``actors`` the sources it had to name, such as "a source within ...")."""
    ctx = ArticleContext(doc, actors, document)
    roles = extract_roles(ctx)
    attributions = article_attributions(ctx)
    for sent in ctx.sents:
        if ctx.sentence_has(sent, "exchange_triggers"):
            ctx.non_sides.update(intermediaries_in(ctx, sent))
    negotiations = extract_negotiations(ctx, roles, attributions)
    exchanges = extract_exchanges(ctx, attributions)
    _link_planned(exchanges, negotiations)
    claims = extract_claims(ctx, attributions, exchanges)
    return ArticleFacts(article_id=document.id, actors=actors.actors, roles=roles, exchanges=exchanges,
                        negotiations=negotiations, claims=claims)


def _link_planned(exchanges: list[Exchange], negotiations: list[Negotiation]) -> None:
    """Planned exchanges were agreed at the article's talks: link them and record the outcome."""
    if len(negotiations) != 1:
        return
    for exchange in exchanges:
        if exchange.status != "planned":
            continue
        exchange.negotiation = 0
        counts = ", ".join(f"{r.side} {r.count}" for r in exchange.releases) or "numbers not given"
        negotiations[0].outcomes.append(f"planned {exchange.kind.replace('_', ' ')} ({counts})")
