"""Text folding and slugs shared by every stage: the gazetteer's name lookup, cross-article
resolution, IRIs and the scorer all start from :func:`fold`, so a name compares the same way
wherever it is looked at."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def fold(text: str) -> str:
    """``text`` without accents and case: "Erdoğan" -> "erdogan", "Straße" -> "strasse"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def slugify(text: str) -> str:
    """ASCII slug used in keys and IRIs: "Recep Tayyip Erdoğan" -> "recep-tayyip-erdogan".

    Letters with no ASCII form ("Ł", Cyrillic, Arabic) would vanish and let different names
    collide, so such a slug gets a short hash of the original text.
    """
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if ascii_text != decomposed and any(c.isalnum() and not c.isascii() for c in decomposed):
        slug = f"{slug}-{hashlib.sha1(text.encode()).hexdigest()[:8]}".lstrip("-")
    return slug or "x"


def strip_determiner(text: str) -> str:
    """The text without a leading article ("the Ministry of Defense" -> "Ministry of Defense")."""
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
