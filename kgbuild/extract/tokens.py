"""Tests on one parsed token that need nothing else of its article: lexicon membership, the
first of its conjuncts, the path to the sentence root, its sentence, negation; memos of a
function of one token, or of the Doc, for the Doc's life; and the Doc's tokens, their forms and
its sentences, listed once per Doc."""

from __future__ import annotations

import functools
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from .lexicon import terms


def in_lexicon(token: Token, name: str) -> bool:
    """True when the token's lower-case form or lemma is in the named lexicon."""
    words = terms(name)
    form, lemma = doc_forms(token.doc)[token.i]
    return form in words or lemma in words


def per_token(function):
    """Remember a function of one token for the life of its Doc (in ``doc.user_data``): a pass
    that meets the same head again (the root of a long sentence, met from each of its thousands of
    dependents) pays once, so the cost stays linear in the sentence's length."""
    key = ("kgbuild", function.__module__, function.__qualname__)

    @functools.wraps(function)
    def remembered(token: Token):
        memo = token.doc.user_data.setdefault(key, {})
        if token.i not in memo:
            memo[token.i] = function(token)
        return memo[token.i]
    return remembered


def per_doc(function):
    """Remember a function of a Doc for the Doc's life (in ``doc.user_data``): what the actors and
    the events passes both need is made once. The value is shared: a caller that changes it
    copies it first."""
    key = ("kgbuild", function.__module__, function.__qualname__)

    @functools.wraps(function)
    def remembered(doc: Doc):
        if key not in doc.user_data:
            doc.user_data[key] = function(doc)
        return doc.user_data[key]
    return remembered


@per_doc
def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens (spaCy builds a new Token at every ``doc[i]``)."""
    return list(doc)


@per_doc
def doc_sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences (``doc.sents`` walks every token)."""
    return list(doc.sents)


@per_doc
def doc_forms(doc: Doc) -> list[tuple[str, str]]:
    """The lower-case form and lemma of each of the Doc's tokens (spaCy looks each string up anew
    at every ``token.lower_``; lexicon tests read them a thousand times an article)."""
    return [(t.lower_, t.lemma_.lower()) for t in doc_tokens(doc)]


@per_doc
def _sentence_starts(doc: Doc) -> list[int]:
    return [span.start for span in doc_sentences(doc)]


def sentence_of(token: Token) -> Span:
    """The token's sentence, found by bisection over the Doc's sentences listed once
    (``token.sent`` walks the sentence anew at every call: quadratic over the counts of one long
    sentence)."""
    return doc_sentences(token.doc)[bisect_right(_sentence_starts(token.doc), token.i) - 1]


def first_conjunct(token: Token) -> Token:
    """The first of the conjuncts ``token`` belongs to ("95 soldiers, 56 guardsmen and 26 border
    guards": the soldiers), which holds the list's place in the clause; remembered per Doc, so
    the conjuncts of a list thousands long cost a walk up the chain once, not once each."""
    memo = token.doc.user_data.setdefault(("kgbuild", __name__, first_conjunct.__qualname__), {})
    chain = []
    while token.i not in memo and token.dep_ == "conj" and token.head.i != token.i:
        chain.append(token.i)
        token = token.head
    first = token.doc[memo.get(token.i, token.i)]
    for i in chain:
        memo[i] = first.i
    return first


def path_to_root(token: Token) -> list[Token]:
    """The token and its heads up to the sentence root."""
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < 40:
        path.append(path[-1].head)
    return path


def is_negated(token: Token) -> bool:
    """True when ``token`` or a verb governing it within its clause is negated ("no exchange",
    "did not release") or said to have failed ("a planned swap of 100 prisoners collapsed")."""
    for node in path_to_root(token)[:4]:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        if node.dep_ in ("nsubj", "nsubjpass") and in_lexicon(node.head, "failure_verbs"):
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp", "advcl"):
            break
    return False
