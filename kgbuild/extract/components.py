"""The spaCy components of kgbuild's extractors, registered by name for ``nlp.add_pipe``.

``nlp/`` builds the pipeline and knows these components only by name; spaCy finds them through
the ``spacy_factories`` entry points in pyproject.toml (and through this module's decorators
once it is imported). Each component calls a pure extraction function and stores its result on
the ``Doc``:

- ``kgbuild_actors``: ``doc._.kg_actors``, the article's :class:`ActorIndex`;
- ``kgbuild_events``: ``doc._.kg_facts``, the article's :class:`ArticleFacts`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..corpus import Document
from ..nlp.gazetteer import Gazetteer
from .actors import extract_actors
from .events import extract_events

for _name in ("kg_actors", "kg_facts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("kgbuild_actors", default_config={"gazetteer_files": []})
def make_actors_component(nlp: Language, name: str, gazetteer_files: list[str]):
    return ActorsComponent(gazetteer_files)


class ActorsComponent:
    """Stores the article's actors on ``doc._.kg_actors``; its ``gazetteer`` feeds the ruler."""

    def __init__(self, gazetteer_files: list[str]):
        self.gazetteer_files = list(gazetteer_files)
        self.gazetteer = Gazetteer.load(self.gazetteer_files)

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.kg_document
        doc._.kg_actors = extract_actors(doc, self.gazetteer, document.text if document is not None else None)
        return doc


@Language.factory("kgbuild_events")
def make_events_component(nlp: Language, name: str):
    return events_component


def events_component(doc: Doc) -> Doc:
    """Stores the article's facts on ``doc._.kg_facts`` (needs ``kgbuild_actors`` before it)."""
    document = doc._.kg_document or Document(id="doc", text=doc.text)
    facts = extract_events(doc, doc._.kg_actors, document)
    facts.actors = doc._.kg_actors.salient(facts.referenced_keys())
    doc._.kg_facts = facts
    return doc
