"""IRI minting: every IRI comes from a canonical key, never from run order or raw text.

Actors are ``actor/<key>`` (gazetteer id or ``<type>/<slug>``), places ``place/<slug>``, articles
``article/<id>``, text spans ``article/<id>/s/<start>-<end>``, and events, releases, roles, claims
and delegations ``<kind>/<hash of their key>``. Whatever the input, the result is a valid IRI.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit

from pyoxigraph import NamedNode

from ..errors import KgbuildError
from ..text import slugify

DEFAULT_BASE = "https://w3id.org/kgbuild/id/"
SHARED_GRAPH = "graph/gazetteer"


def key_hash(*parts: object) -> str:
    """A short stable hash of a canonical key."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def safe_iri(text: str) -> str:
    """``text`` with the characters an IRI may not hold percent-encoded: a '%' that starts no
    escape and every '#' after the first (the fragment) included."""
    head, hash_mark, fragment = text.partition("#")
    text = head + hash_mark + fragment.replace("#", "%23")
    return quote(_STRAY_PERCENT.sub("%25", text), safe=":/?#[]@!$&'()*+,;=%~-._")


def is_shared_graph(graph) -> bool:
    """Whether ``graph`` is the gazetteer graph of a build (under any base). Every build writes
    one, so loading merges it with the one already in a store instead of replacing it."""
    return isinstance(graph, NamedNode) and re.search(f"[/#]{SHARED_GRAPH}$", graph.value) is not None


class IriMinter:
    """Mints the IRIs of one dataset under ``base``."""

    def __init__(self, base: str = DEFAULT_BASE):
        parts = urlsplit(base)
        if not parts.scheme or not (parts.netloc or parts.scheme == "urn"):
            raise KgbuildError(f"--base must be an absolute IRI such as {DEFAULT_BASE}, got {base!r}")
        if not base.endswith(("/", "#")):
            base += "/"
        try:
            NamedNode(base)
        except ValueError:
            raise KgbuildError(f"--base is not a valid IRI: {base!r}") from None
        self.base = base

    def _node(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    def article(self, article_id: str) -> NamedNode:
        return self._node(f"article/{safe_iri(article_id)}")

    def graph(self, article_id: str) -> NamedNode:
        """The named graph that holds one article's facts."""
        return self._node(f"graph/article/{safe_iri(article_id)}")

    def shared_graph(self) -> NamedNode:
        """The graph of what belongs to no single article (the gazetteer's actors)."""
        return self._node(SHARED_GRAPH)

    def resolution_graph(self) -> NamedNode:
        """The graph of cross-article results: disagreements, plan -> outcome links."""
        return self._node("graph/resolution")

    def span(self, article_id: str, start: int, end: int, sentence: bool) -> NamedNode:
        return self._node(f"article/{safe_iri(article_id)}/{'s' if sentence else 'm'}/{start}-{end}")

    def actor(self, key: str) -> NamedNode:
        return self._node("actor/" + "/".join(slugify(part) for part in key.split("/")))

    def place(self, name: str) -> NamedNode:
        return self._node(f"place/{slugify(name)}")

    def hashed(self, kind: str, *key: object) -> NamedNode:
        """Events, releases, roles, claims, delegations: ``<kind>/<hash of key>``."""
        return self._node(f"{kind}/{key_hash(*key)}")
