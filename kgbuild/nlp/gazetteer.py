"""The gazetteer of known actors: canonical names, aliases, demonyms, types and Wikidata ids.

The bundled file (``data/gazetteer.jsonl``) is a general list of states, officials, institutions
and media; users extend it with their own JSONL files of the same form::

    {"id": "russia", "name": "Russia", "type": "State", "aliases": ["Moscow", "Kremlin"],
     "demonyms": ["Russian"], "wikidata": "Q159"}

A person may carry ``"of": "<state id>"``, the state they act for when the article does not
say ("presidents Vladimir Putin and Donald Trump will meet"); so may an organisation, the state
it belongs to (a ministry, an army, an intelligence service). A known organisation without one
stands for itself, whatever nationality its name carries (the Syrian Democratic Forces, FARC).
A place may carry the id of the city it is in (a palace where talks are held).

``type`` is Person, Organization, State or Media; ``Place`` marks cities and regions (venues,
front-line towns) that NER often mistakes for people or organizations; ``Ignore`` lists names that
look like actors but are not (platforms such as Telegram). Neither is an actor. Later files
override entries with the same id.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..facts import ACTOR_TYPES
from ..text import fold, slugify

BUNDLED = Path(__file__).with_name("data") / "gazetteer.jsonl"
IGNORE = "Ignore"
PLACE = "Place"
NOT_ACTORS = (IGNORE, PLACE)
_QUOTES = "\"'‘’“”«»"


@functools.lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """The lookup form of a name: case-folded, accents, quotes, possessive and leading "the" dropped."""
    text = fold(text).strip().strip(_QUOTES).strip()
    text = re.sub(r"['’]s$", "", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^the ", "", text)
    return text.replace(".", "").strip(_QUOTES + " ")


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    of: str | None = None  # the state a person acts for or a body belongs to; the city a place is in


@dataclass
class Gazetteer:
    """Known actors, looked up by any name, alias or demonym."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)
    _by_demonym: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, extra: list[str | Path] | tuple = ()) -> Gazetteer:
        """The bundled gazetteer, extended by the user's files in order."""
        gazetteer = cls()
        for path in (BUNDLED, *extra):
            gazetteer.add_file(Path(path))
        return gazetteer

    def add_file(self, path: Path) -> None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read gazetteer ({exc})", str(path)) from None
        for lineno, line in enumerate(lines, 1):
            if line.strip():
                self.add(self._parse(line, path, lineno))

    @staticmethod
    def _parse(line: str, path: Path, lineno: int) -> GazetteerEntry:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed gazetteer line ({exc.msg})", str(path), lineno) from None
        if not isinstance(record, dict) or not record.get("name"):
            raise InputError("a gazetteer entry needs at least a 'name'", str(path), lineno)
        kind = record.get("type", "Organization")
        if kind not in (*ACTOR_TYPES, *NOT_ACTORS):
            raise InputError(f"unknown actor type {kind!r} (use {', '.join(ACTOR_TYPES + NOT_ACTORS)})", str(path), lineno)
        return GazetteerEntry(
            id=slugify(record.get("id") or record["name"]),
            name=record["name"],
            type=kind,
            aliases=tuple(record.get("aliases", ())),
            demonyms=tuple(record.get("demonyms", ())),
            wikidata=record.get("wikidata"),
            of=slugify(record["of"]) if record.get("of") else None,
        )

    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.id] = entry
        for name in (entry.name, *entry.aliases):
            self._by_name[normalize_name(name)] = entry.id
        for demonym in entry.demonyms:
            self._by_demonym[normalize_name(demonym)] = entry.id

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry whose name or alias is ``name`` (case, accents, "the" and "'s" ignored)."""
        entry_id = self._by_name.get(normalize_name(name))
        return self.entries[entry_id] if entry_id else None

    def demonym(self, word: str) -> GazetteerEntry | None:
        """The state a demonym stands for: "Turkish" -> Turkey, "Azerbaijanis" -> Azerbaijan."""
        norm = normalize_name(word)
        entry_id = self._by_demonym.get(norm) or (self._by_demonym.get(norm[:-1]) if norm.endswith("s") else None)
        return self.entries[entry_id] if entry_id else None

    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's entity_ruler: every name and alias, with the entry id.

        Demonyms are left to the statistical NER: a ruler match on "Palestinian" would split
        "the Palestinian Prisoners' Club" before NER could see the whole name.
        """
        labels = {"Person": "PERSON", "Organization": "ORG", "Media": "ORG", "State": "GPE", PLACE: "GPE", IGNORE: "IGNORE"}
        patterns, seen = [], set()
        for entry in self.entries.values():
            for text in (entry.name, *entry.aliases):
                text = _without_article(text)
                if text not in seen:
                    seen.add(text)
                    patterns.append({"label": labels[entry.type], "pattern": text, "id": entry.id})
        return patterns

    def institution_patterns(self) -> list[dict]:
        """Phrase patterns, for a ruler matching on lower-case forms, of the institutions whose
        names have three words or more: news writes them in lower case too ("Russia's defence
        ministry"), and of the news agencies named after a state ("Oman News Agency"). A phrase
        matcher on LOWER costs a tenth of the token patterns it replaces."""
        patterns, seen = [], set()
        for entry in self.entries.values():
            if entry.type == "State":  # "the Oman News Agency": an outlet named after its state
                patterns += [{"label": "ORG", "pattern": f"{entry.name.lower()} {noun}"} for noun in ("news agency", "press agency")]
            if entry.type != "Organization":
                continue
            for text in (entry.name, *entry.aliases):
                text = _without_article(text).lower()
                if len(re.findall(r"[’']s\b|\w+|[^\w\s]", text)) < 3:
                    continue
                for variant in dict.fromkeys((text, text.replace("’s", "'s"), text.replace("'s", "’s"))):
                    if variant not in seen:
                        seen.add(variant)
                        patterns.append({"label": "ORG", "pattern": variant, "id": entry.id})
        return patterns


def _without_article(name: str) -> str:
    return re.sub(r"^the ", "", name, flags=re.I)
