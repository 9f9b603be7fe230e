"""Actors of one article: people, organizations, states and media, with every mention.

Candidates are the named entities of the parse (the gazetteer's entity_ruler runs before the
statistical NER, so known actors carry their gazetteer id). Rules then decide what is an actor:

- a known name, alias, capital ("Moscow", "the Kremlin") or demonym ("Turkish") is its gazetteer
  actor; states stand for their governments;
- unknown places (cities, regions) are not actors; nor are names in a title-case headline that
  the body never uses, nor a lone word that is part of a title ("Defense" in "Defense Minister");
- a lone surname joins the full name used elsewhere in the article ("Medinsky" -> "Vladimir
  Medinsky") when exactly one full name ends with it; an unqualified ministry ("the Defence
  Ministry") joins a qualified one of the same portfolio, or is qualified by the state named just
  before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Doc, Span as SpacySpan

from ..facts import Actor, ActorType, Mention, Span
from ..nlp.gazetteer import NOT_ACTORS, Gazetteer, GazetteerEntry, normalize_name
from ..text import slugify, strip_determiner
from .furniture import dateline_ends, is_credit_line, is_headline_like, is_line_label
from .group_names import (body_of_its_state, followers_of, group_by_its_adjective, names_an_armed_group,
                          state_by_its_government, group_names)
from .incidental import incidental_mention, named_to_describe_another, names_a_place, unit_served_in
from .institutions import add_ministry, add_state_bodies, is_ministry
from .lexicon import terms
from .mentions import (
    as_span, backed_group, before_media_noun, defined_acronyms, facility_names, inside_title, is_titled, long_forms_of_known_acronyms, name_after_acronym,
    looks_like_a_person, titles_a_name, plausible, title_positions, trimmed, untagged_titled_names,
    names_a_body, whole_person_name, with_initials_joined, with_trailing_names_split, without_initials,
)
from .name_spans import with_listed_name_parts, with_listed_name_tail, with_named_complement, with_titled_complement
from .tokens import doc_sentences, doc_tokens

NER_TYPES: dict[str, ActorType] = {"PERSON": "Person", "ORG": "Organization"}
HONORIFICS = terms("honorifics")


class ActorIndex:
    """The actors of one article and where each is mentioned.

    Event extractors use it to turn a stretch of text into an actor key (``key_at``), a phrase
    into an actor (``resolve``: names, aliases, demonyms, "the Russian side"), and to add actors
    that NER missed (``ensure``: "a source within law enforcement agencies").
    """

    def __init__(self, text: str, gazetteer: Gazetteer):
        self.text = text
        self.gazetteer = gazetteer
        self._actors: dict[str, Actor] = {}
        self._starts: list[int] = []  # mention starts, sorted
        self._mentions: list[tuple[int, int, str]] = []  # (start, end, key), parallel to _starts
        self._mentioned: set[tuple[str, Span]] = set()  # (key, span) of every mention, to skip repeats at once
        self._strong: set[str] = set()  # actors named at least once as actors, not only as a demonym
        self._units: set[str] = set()  # armed units named as where people served ("soldiers of the Navy")
        self._names: dict[str, str] = {}  # normalized name or alias -> key of the first actor that has it

    @property
    def actors(self) -> list[Actor]:
        """All actors, in order of first mention."""
        return list(self._actors.values())

    def get(self, key: str) -> Actor:
        return self._actors[key]

    def __contains__(self, key: str) -> bool:
        return key in self._actors

    def name(self, key: str) -> str:
        return self._actors[key].name

    def add_mention(self, actor: Actor, span: Span | None = None, sentence: Span | None = None,
                    incidental: bool = False) -> str:
        """Record ``actor`` (merging with an existing one of the same key) and its mention.

        An ``incidental`` mention ("three Sudanese detainees") links the text to the actor but
        does not by itself make the actor one the article reports on (see :meth:`salient`).
        """
        known = self._actors.setdefault(actor.key, actor)
        if not incidental:
            self._strong.add(actor.key)
        if known is actor:
            for name in (actor.name, *actor.aliases):
                self._names.setdefault(normalize_name(name), actor.key)
        else:
            for alias in (actor.name, *actor.aliases):
                if alias != known.name and alias not in known.aliases:
                    self._add_alias(known, alias)
        if span is not None:
            surface = span.text
            if surface != known.name and surface not in known.aliases and normalize_name(surface) != normalize_name(known.name):
                self._add_alias(known, surface)
            if (known.key, span) not in self._mentioned:
                self._mentioned.add((known.key, span))
                insort(known.mentions, Mention(span, sentence or span), key=lambda m: m.span.start)
                pos = bisect_left(self._starts, span.start)
                self._starts.insert(pos, span.start)
                self._mentions.insert(pos, (span.start, span.end, known.key))
        return known.key

    def add_known(self, entry: GazetteerEntry, span: Span | None = None, sentence: Span | None = None,
                  incidental: bool = False) -> str:
        actor = Actor(key=entry.id, name=entry.name, type=entry.type, wikidata=entry.wikidata)  # type: ignore[arg-type]
        return self.add_mention(actor, span, sentence, incidental)

    def salient(self, used: set[str] = frozenset()) -> list[Actor]:
        """The actors the article reports on: named as actors at least once, or part of a fact
        (``used``); a state known only from a nationality ("Sudanese") is left out, and so is an
        armed unit named only as where people served ("soldiers of the National Guard")."""
        return [actor for actor in self._actors.values() if actor.key in self._strong or actor.key in used]

    def served_in(self, key: str) -> None:
        """Record that a mention of ``key`` names an armed unit as where people served."""
        self._units.add(key)

    def only_served_in(self, key: str) -> bool:
        """The actor is named only as a unit where people served: no party of the story."""
        return key in self._units and key not in self._strong

    def ensure(self, name: str, type: ActorType, span: Span | None = None, sentence: Span | None = None,
               incidental: bool = False) -> str:
        """The key of the actor called ``name``, adding it (from the gazetteer when known) if absent."""
        key = self.find(name)
        if key is not None:
            return self.add_mention(self._actors[key], span, sentence, incidental)
        entry = self.gazetteer.lookup(name)
        if entry and entry.type not in NOT_ACTORS:
            return self.add_known(entry, span, sentence, incidental)
        clean = strip_determiner(name)
        return self.add_mention(Actor(key=f"{type.lower()}/{slugify(clean)}", name=clean, type=type), span, sentence,
                                incidental)

    def key_at(self, start: int, end: int) -> str | None:
        """The actor mentioned at this stretch of text (a mention inside it, or one containing it)."""
        for m_start, m_end, key in self.mentions_between(start, end):
            return key
        pos = bisect_right(self._starts, start)  # also a longer mention that starts here ("Government of Venezuela")
        for m_start, m_end, key in self._mentions[max(0, pos - 3):pos]:
            if m_start <= start and m_end >= end:
                return key
        return None

    def mentions_between(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """Mentions that lie within [start, end), in text order, as (start, end, key)."""
        pos = bisect_left(self._starts, start)
        while pos < len(self._mentions) and self._mentions[pos][0] < end:
            if self._mentions[pos][1] <= end:
                yield self._mentions[pos]
            pos += 1

    def add_alias(self, key: str, alias: str) -> None:
        """Record another name the text gives an actor ("Qatar's Ministry of Foreign Affairs")."""
        actor = self._actors[key]
        if alias != actor.name and alias not in actor.aliases:
            self._add_alias(actor, alias)

    def _add_alias(self, actor: Actor, alias: str) -> None:
        actor.aliases.append(alias)
        self._names.setdefault(normalize_name(alias), actor.key)

    def find(self, name: str) -> str | None:
        """The actor of this article that has exactly this name or alias (case, "the", "'s" ignored)."""
        return self._names.get(normalize_name(name))

    def resolve(self, phrase: str) -> str | None:
        """The actor a phrase stands for: a name or alias of an actor of this article or of the
        gazetteer, a demonym, or a phrase around one ("the Russian side", "Kyiv's delegation")."""
        norm = normalize_name(phrase)
        if not norm:
            return None
        key = self.find(phrase)
        if key is not None:
            return key
        entry = self.gazetteer.lookup(phrase) or self.gazetteer.demonym(phrase)
        if entry is None:
            words = [w for w in re.split(r"[\s\-]+", norm) if w]
            for size in (3, 2, 1):
                for i in range(len(words) - size + 1):
                    chunk = " ".join(words[i:i + size])
                    entry = self.gazetteer.demonym(chunk) or (self.gazetteer.lookup(chunk) if size > 1 or chunk[:1].isalpha() else None)
                    if entry and entry.type == "State":
                        break
                    entry = None
                if entry:
                    break
        if entry is None or entry.type in NOT_ACTORS:
            return None
        if entry.id in self._actors:
            return entry.id
        # a state the text never names, reached through a demonym in a phrase ("the Emirati
        # Ministry of Foreign Affairs"), is an actor of the article only if a fact uses it
        unnamed = entry.type == "State" and not any(re.search(rf"\b{re.escape(name)}\b", self.text)
                                                    for name in (entry.name, *entry.aliases))
        return self.add_known(entry, incidental=unnamed)


class _Sentences:
    """The sentence of each token, computed once per article (``span.sent`` walks the parse every time)."""

    def __init__(self, doc: Doc, text: str):
        self.text = text
        self.spans = list(doc_sentences(doc))
        self.tokens = list(doc_tokens(doc))
        self.index = [0] * len(doc)
        for number, sent in enumerate(self.spans):
            self.index[sent.start:sent.end] = [number] * len(sent)
        self._as_spans: dict[int, Span] = {}
        self.dateline_ends = dateline_ends(doc)

    def number(self, span: SpacySpan) -> int:
        return self.index[span.start]

    def span(self, span: SpacySpan) -> Span:
        number = self.index[span.start]
        if number not in self._as_spans:
            self._as_spans[number] = as_span(self.spans[number], self.text)
        return self._as_spans[number]


def _trailing_space(text: str) -> str:
    """The white space a text ends with."""
    return text[len(text.rstrip()):]


def _in_byline(span: SpacySpan, sentences: _Sentences) -> bool:
    """A name in parentheses ("(AFP Photo)"), or in a dateline ("NAIROBI, Kenya (AP) —",
    "VILNIUS (Reuters) -"): where the story was filed, not who acts in it."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].text == "(" and span.end < len(doc) and (
            doc[span.end].text == ")" or doc[span.end].lower_ == "photo"):
        return True
    last = span.end - 1
    return last < sentences.dateline_ends[sentences.index[last]]


def extract_actors(doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> ActorIndex:
    """Find the actors of a parsed article. Pure: reads ``doc``, returns a new index. ``text`` is
    the article's text when the caller has it (spaCy joins the tokens again at every doc.text)."""
    text = doc.text if text is None else text
    index = ActorIndex(text, gazetteer)
    sentences = _Sentences(doc, text)
    ents = with_trailing_names_split(with_initials_joined(doc.ents), lambda name: gazetteer.lookup(name) is not None)
    headline_sents = {n for n, sent in enumerate(sentences.spans)
                      if is_headline_like(sent, sentences.tokens[sent.start:sent.end])}
    credit_sents = {n for n, sent in enumerate(sentences.spans)
                    if is_credit_line(sent, sentences.tokens[sent.start:sent.end], text)}
    # "Ruzanna Vartanyan holds a photograph of her son. Photo: AFP": the caption the credit closes
    # (not a paragraph the photo line only follows: the line break may end the sentence before it)
    credit_sents |= {n - 1 for n in credit_sents if n and text[sentences.spans[n].start_char:].lower().startswith("photo")
                     and "\n" not in _trailing_space(text[sentences.spans[n - 1].start_char:sentences.spans[n].start_char])}
    body_names = {normalize_name(ent.text) for ent in ents if sentences.number(ent) not in headline_sents}

    acronyms = defined_acronyms(text, ents)
    known_long_forms = long_forms_of_known_acronyms(acronyms, gazetteer)
    acronyms = {acronym: known_long_forms[name].name if name in known_long_forms else name for acronym, name in acronyms.items()}
    named_once = Counter(normalize_name(ent.text) for ent in ents)  # how often each name is written
    person_names = {normalize_name(ent.text) for ent in ents if ent.label_ == "PERSON" and len(ent) > 1 and not names_a_body(ent)}
    person_names |= {part for name in person_names for part in (name.split()[0], name.split()[-1])}
    persons: list[tuple[SpacySpan, Span]] = []
    facilities = facility_names(ents)
    inside_until = 0  # the end of a name that took in the entities after it ("... for Yemen")
    groups = group_names(doc)
    for ent in ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP") or ent.start < inside_until:
            continue
        span = with_named_complement(trimmed(ent))
        if ent.label_ == "ORG":
            span = name_after_acronym(ent) or with_titled_complement(with_listed_name_parts(with_listed_name_tail(span)))
            inside_until = span.end
        if ent.label_ == "PERSON" and len(span):
            span = whole_person_name(span)
        if not len(span):
            continue
        if ent.label_ in ("PERSON", "ORG") and span.text in groups and not gazetteer.lookup(span.text):
            index.ensure(groups[span.text].text, "Organization", as_span(span, index.text), sentences.span(span))
            continue  # "Polisario", in an article that names the Polisario Front
        sentence = sentences.span(span)
        if (backed := backed_group(span)) is not None:
            # "Russian-backed separatists" is a group of its own; "Iran-backed Houthi militias" are the Houthis
            if backed[-1].lower_ in terms("armed_group_nouns") and not any(t.ent_type_ for t in backed[len(span) + 2:]):
                index.ensure(backed.text, "Organization", as_span(backed, index.text), sentence)
            continue
        if span.text in acronyms:  # "the ELN" after "the National Liberation Army (ELN)"
            index.ensure(acronyms[span.text], "Organization", as_span(span, index.text), sentence)
            continue
        credit = sentences.number(span) in credit_sents or _in_byline(span, sentences)
        entry = gazetteer.entries.get(ent.ent_id_) if ent.ent_id_ else None
        entry = entry or gazetteer.lookup(span.text) or known_long_forms.get(span.text) or group_by_its_adjective(gazetteer, span) or body_of_its_state(gazetteer, span) \
            or (gazetteer.lookup(without_initials(span.text)) if ent.label_ == "PERSON" else None)
        demonym = entry is None and gazetteer.demonym(span.text)
        if demonym:
            entry = demonym
        entry = entry or state_by_its_government(gazetteer, span)
        if credit:
            continue  # page furniture: not even a mention the extractors could pick up
        if entry is None and (followers := followers_of(span)) is not None:
            # "Khalifa Haftar's militias": the armed group of a leader no state is known for
            name = f"{span[-1].text}{followers[len(span)].text} {followers[-1].text}"
            index.ensure(name, "Organization", as_span(followers, index.text), sentence)
            continue
        if entry is not None:
            if entry.type not in NOT_ACTORS:
                index.add_known(entry, as_span(span, index.text), sentence, incidental_mention(span, entry, bool(demonym), gazetteer))
            continue
        if ent.label_ != "GPE" and names_an_armed_group(span, gazetteer) and plausible(span, "ORG"):
            # "Abu Sayyaf rebels", "the Ansar Dine militants": the name before the group noun is the
            # group's, whatever NER took it for (a nationality, a person)
            index.ensure(span.text, "Organization", as_span(span, index.text), sentence)
            continue
        if ent.label_ not in NER_TYPES or not plausible(span, ent.label_) or normalize_name(span.text) in facilities \
                or is_line_label(span) or ent.label_ == "ORG" and titles_a_name(span) and named_once[normalize_name(span.text)] <= 1:
            continue
        line = sentences.number(span)
        if line in headline_sents and normalize_name(span.text) not in body_names and not (
                ent.label_ == "PERSON" and is_titled(span, sentences.tokens[sentences.spans[line].start:sentences.spans[line].end])):
            continue
        if inside_title(span):
            continue  # "Secretary of State", "National Security Adviser"
        if ent.label_ == "PERSON" and not names_a_body(span) or looks_like_a_person(span) or normalize_name(span.text) in person_names:
            persons.append((span, sentence))  # "Kellogg" read as an organization after "Keith Kellogg"
        elif is_ministry(span.text):
            add_ministry(index, span, sentence)
        else:
            kind = "Media" if before_media_noun(span) else "Organization"
            if kind == "Media" and len(span) > 2 and gazetteer.demonym(span[0].text) \
                    and span[1].lower_ not in terms("outlet_name_endings") and span[1:].text.lower() not in terms("outlet_name_endings"):
                span = span[1:]  # "the Iranian Fars News Agency" (but "Ukrainian News Agency", "Saudi Press Agency" are names)
            served_in = unit_served_in(span, gazetteer)
            key = index.ensure(span.text, kind, as_span(span, index.text), sentence, incidental=served_in or names_a_place(span))
            if served_in:
                index.served_in(key)
    _add_persons(index, persons)
    for name in groups.values():  # "The Ogaden Front" untagged, or tagged as a place
        if not gazetteer.lookup(name[0].text) and index.key_at(name.start_char, name.end_char) is None \
                and sentences.number(name) not in credit_sents:
            index.ensure(name.text, "Organization", as_span(name, index.text), sentences.span(name))
    for number in sorted(credit_sents):  # "AFP" or "REUTERS" alone on a line: the agency the story comes from
        words = [t for t in sentences.tokens[sentences.spans[number].start:sentences.spans[number].end] if t.is_alpha]
        entry = gazetteer.lookup(" ".join(t.text for t in words)) if words else None
        if entry is not None and entry.type == "Media" and words[-1].i - words[0].i == len(words) - 1:
            name = doc[words[0].i:words[-1].i + 1]
            index.add_known(entry, as_span(name, index.text), sentences.span(name))
    _add_untagged_surnames(index, doc, sentences)
    for number in sorted({sentences.index[i] for i in title_positions(doc)}):
        sent = sentences.spans[number]
        for start, end in untagged_titled_names(sentences.tokens[sent.start:sent.end], number in headline_sents):
            name = as_span(doc[start:end], index.text)
            index.ensure(name.text, "Person", name, sentences.span(doc[start:end]))
    add_state_bodies(index, ents, sentences.span)
    for token in sentences.tokens if acronyms else ():  # NER often misses a bare acronym: every use of a defined one is a mention
        if token.text in acronyms:
            span = doc[token.i:token.i + 1]
            index.ensure(acronyms[token.text], "Organization", as_span(span, index.text), sentences.span(span))
    return index


def _add_untagged_surnames(index: ActorIndex, doc: Doc, sentences: _Sentences) -> None:
    """A surname NER left untagged ("Tsikhanouskaya wrote on her X account" after "Sviatlana
    Tsikhanouskaya") is the person the article named in full, when one person has that surname."""
    owners: dict[str, list[str]] = {}
    for actor in index.actors:
        if actor.type == "Person" and " " in actor.name:
            owners.setdefault(actor.name.split()[-1], []).append(actor.key)
    surnames = {name: keys[0] for name, keys in owners.items() if len(keys) == 1}
    for token in sentences.tokens if surnames else ():
        if token.ent_type_ or token.pos_ != "PROPN" or token.text not in surnames:
            continue
        span = doc[token.i:token.i + 1]
        index.add_mention(index.get(surnames[token.text]), as_span(span, index.text), sentences.span(span))


def _add_persons(index: ActorIndex, persons: list[tuple[SpacySpan, Span]]) -> None:
    """Add people; a lone surname (or given name) joins the one full name that ends (or begins)
    with it, else is dropped unless an honorific introduces it (a bare capitalised word is more
    often a misread place)."""
    full_names = {}
    for span, _ in persons:
        if len(span) > 1:
            full_names.setdefault(normalize_name(span.text), span.text)
    for span, sentence in persons:
        if len(span) > 1:
            index.ensure(span.text, "Person", as_span(span, index.text), sentence, incidental=named_to_describe_another(span))
            continue
        surname = normalize_name(span.text)
        # "Putin" after "Vladimir Putin"; "Abiy" after "Abiy Ahmed" (a given name used alone)
        owners = [full for full in full_names if full.split()[-1] == surname] \
            or [full for full in full_names if full.split()[0] == surname]
        if len(owners) == 1:
            key = index.ensure(full_names[owners[0]], "Person")
            index.add_mention(index.get(key), as_span(span, index.text), sentence)
        elif not owners and span.start > 0 and span.doc[span.start - 1].lower_.rstrip(".") in HONORIFICS:
            index.ensure(span.text, "Person", as_span(span, index.text), sentence)
