"""The article context is read-only: passes hand on what they found through ``evolve``."""

from __future__ import annotations

import pytest
import spacy

from kgbuild.corpus import Document
from kgbuild.extract.actors import ActorIndex
from kgbuild.extract.context import ArticleContext
from kgbuild.nlp.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def context() -> ArticleContext:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Qatar mediated. Russia and Ukraine swapped 100 prisoners each."
    return ArticleContext(nlp(text), ActorIndex(text, Gazetteer.load([])), Document(id="a", text=text))


def test_found_values_cannot_be_changed_in_place(context):
    with pytest.raises(TypeError):
        context.person_states["p"] = "s"
    with pytest.raises(AttributeError):
        context.non_sides.add("qatar")
    with pytest.raises(TypeError):
        context.explicit_sides["hamas"] = 1


def test_evolve_returns_a_new_context_and_leaves_the_old_one(context):
    evolved = context.evolve(non_sides={"qatar"}, explicit_sides={"russia": 2})
    assert evolved.non_sides == {"qatar"} and evolved.explicit_sides["russia"] == 2
    assert context.non_sides == frozenset() and dict(context.explicit_sides) == {}
    assert evolved.sents == context.sents and evolved.doc is context.doc
    with pytest.raises(TypeError):
        context.evolve(sides=["russia"])
