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
from bisect import bisect_left, insort
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..facts import Actor, ActorType, Mention, Span
from ..nlp.gazetteer import NOT_ACTORS, Gazetteer, GazetteerEntry, normalize_name, slugify
from .lexicon import terms

NER_TYPES: dict[str, ActorType] = {"PERSON": "Person", "ORG": "Organization"}
# A lone capitalised word just before one of these is part of a title or a place, not an actor.
TITLE_HEADS = terms("title_heads")
PLACE_HEADS = terms("place_heads")
FACILITY_HEADS = terms("facility_heads")
ARMED_UNIT_WORDS = terms("armed_unit_words")
INSTITUTION_NOUNS = terms("institution_nouns")
PEOPLE_NOUNS = terms("released_people_nouns")
MEDIA_NOUNS = terms("media_nouns")
ORGANIZATION_WORDS = terms("organization_words")
PLACE_PREPOSITIONS = terms("place_prepositions")
HONORIFICS = terms("honorifics")
_DETERMINERS = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_PORTFOLIO_STOP = terms("portfolio_stopwords")


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
        self._strong: set[str] = set()  # actors named at least once as actors, not only as a demonym
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
            if all(m.span != span for m in known.mentions):
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
        pos = bisect_left(self._starts, start)
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
        return entry.id if entry.id in self._actors else self.add_known(entry)


def strip_determiner(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)


def _trimmed(ent: SpacySpan) -> SpacySpan:
    """The entity without a leading article or a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and doc[end - 1].text in _POSSESSIVE:
        end -= 1
    return doc[start:end]


def _with_named_complement(span: SpacySpan) -> SpacySpan:
    """"the National Guard of" + "Ukraine": a name the gazetteer's ruler cut before the place it
    ends with, made whole again."""
    doc = span.doc
    if not len(span) or span[-1].lower_ not in ("of", "for") or span.end >= len(doc) or doc[span.end].ent_iob_ != "B":
        return span
    end = span.end + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[span.start:end]


def _as_span(span: SpacySpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)


class _Sentences:
    """The sentence of each token, computed once per article (``span.sent`` walks the parse every time)."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.tokens = list(doc)  # made once: spaCy builds a new Token at every doc[i]
        self.index = [0] * len(doc)
        for number, sent in enumerate(self.spans):
            self.index[sent.start:sent.end] = [number] * len(sent)
        self._as_spans: dict[int, Span] = {}
        self.dateline_ends = [dateline_end(sent) for sent in self.spans]

    def number(self, span: SpacySpan) -> int:
        return self.index[span.start]

    def span(self, span: SpacySpan) -> Span:
        number = self.index[span.start]
        if number not in self._as_spans:
            self._as_spans[number] = _as_span(self.spans[number])
        return self._as_spans[number]


def is_headline_like(sent: SpacySpan, tokens: Sequence[Token] | None = None) -> bool:
    """A title-case line ("Russian Delegation Hands Over 640 POWs"), where NER guesses badly
    (``tokens``: the sentence's tokens, when made already)."""
    words = [t for t in (sent if tokens is None else tokens) if t.is_alpha and not t.is_stop and len(t) > 1]
    if len(words) < 4:
        return False
    capitalised = sum(1 for t in words if t.text[0].isupper())
    return capitalised / len(words) >= 0.75 and not sent.text.rstrip().endswith((".", "?", "!", '"', "”"))


def is_credit_line(sent: SpacySpan, tokens: Sequence[Token] | None = None) -> bool:
    """A photo caption credit, copyright or publisher line ("PHOTO: REUTERS", "© AFP",
    "Photo by X/AFP via Getty Images"), or a lone agency name ("AFP"): page furniture, not the story."""
    lowered = sent.text.lower()
    words = [t for t in (sent if tokens is None else tokens) if t.is_alpha]
    return any(cue in lowered for cue in terms("credit_cues")) or (len(words) <= 2 and not any(t.is_lower for t in words))


def _in_byline(span: SpacySpan, sentences: _Sentences) -> bool:
    """A name in parentheses ("(AFP Photo)"), or in a dateline ("NAIROBI, Kenya (AP) —",
    "VILNIUS (Reuters) -"): where the story was filed, not who acts in it."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].text == "(" and span.end < len(doc) and (
            doc[span.end].text == ")" or doc[span.end].lower_ == "photo"):
        return True
    last = span.end - 1
    return last < sentences.dateline_ends[sentences.index[last]]


def dateline_end(sentence: SpacySpan) -> int:
    """The index just past a sentence's dateline ("NAIROBI, Kenya (AP) —"), or its start when it has none."""
    doc = sentence.doc
    for token in doc[sentence.start:min(sentence.end, sentence.start + 12)]:
        if token.text == ")" and token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "—", "–"):
            return token.i + 1
    return sentence.start


def _portfolio(name: str) -> frozenset[str]:
    words = normalize_name(name).replace("defence", "defense").split()
    return frozenset(w for w in words if w not in _PORTFOLIO_STOP)


def _is_ministry(name: str) -> bool:
    return "ministry" in name.lower()


def extract_actors(doc: Doc, gazetteer: Gazetteer, text: str | None = None) -> ActorIndex:
    """Find the actors of a parsed article. Pure: reads ``doc``, returns a new index. ``text`` is
    the article's text when the caller has it (spaCy joins the tokens again at every doc.text)."""
    text = doc.text if text is None else text
    index = ActorIndex(text, gazetteer)
    sentences = _Sentences(doc)
    ents = doc.ents
    headline_sents = {n for n, sent in enumerate(sentences.spans)
                      if is_headline_like(sent, sentences.tokens[sent.start:sent.end])}
    credit_sents = {n for n, sent in enumerate(sentences.spans)
                    if is_credit_line(sent, sentences.tokens[sent.start:sent.end])}
    body_names = {normalize_name(ent.text) for ent in ents if sentences.number(ent) not in headline_sents}

    acronyms = _defined_acronyms(text, ents)
    person_names = {normalize_name(ent.text) for ent in ents if ent.label_ == "PERSON" and len(ent) > 1}
    person_names |= {name.split()[-1] for name in person_names}
    persons: list[tuple[SpacySpan, Span]] = []
    for ent in ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        span = _with_named_complement(_trimmed(ent))
        if not len(span):
            continue
        sentence = sentences.span(span)
        if span.text in acronyms:  # "the ELN" after "the National Liberation Army (ELN)"
            index.ensure(acronyms[span.text], "Organization", _as_span(span), sentence)
            continue
        credit = sentences.number(span) in credit_sents or _in_byline(span, sentences)
        entry = gazetteer.entries.get(ent.ent_id_) if ent.ent_id_ else None
        entry = entry or gazetteer.lookup(span.text)
        demonym = entry is None and gazetteer.demonym(span.text)
        if demonym:
            entry = demonym
        if credit:
            continue  # page furniture: not even a mention the extractors could pick up
        if entry is not None:
            if entry.type not in NOT_ACTORS:
                incidental = bool(demonym) and not _institutional(span)
                index.add_known(entry, _as_span(span), sentence, incidental)
            continue
        if ent.label_ not in NER_TYPES or not _plausible(span, ent.label_):
            continue
        if sentences.number(span) in headline_sents and normalize_name(span.text) not in body_names:
            continue
        if _inside_title(span):
            continue  # "Secretary of State", "National Security Adviser"
        if ent.label_ == "PERSON" or _looks_like_a_person(span) or normalize_name(span.text) in person_names:
            persons.append((span, sentence))  # "Kellogg" read as an organization after "Keith Kellogg"
        elif _is_ministry(span.text):
            _add_ministry(index, span, sentence)
        else:
            kind = "Media" if _before_media_noun(span) else "Organization"
            index.ensure(span.text, kind, _as_span(span), sentence, incidental=_unit_served_in(span))
    _add_persons(index, persons)
    for token in sentences.tokens if acronyms else ():  # NER often misses a bare acronym: every use of a defined one is a mention
        if token.text in acronyms:
            span = doc[token.i:token.i + 1]
            index.ensure(acronyms[token.text], "Organization", _as_span(span), sentences.span(span))
    return index


def _inside_title(span: SpacySpan) -> bool:
    """An organization-like name that is part of an office: "Secretary of State", "National
    Security Adviser", "Minister of Defence" (not "Ministry of Defence", which is an actor)."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in terms("adviser_words"):
        return True
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in terms(
        "office_title_words")


def _institutional(demonym: SpacySpan) -> bool:
    """A demonym that stands for its state: before an office, institution or title ("Turkish
    Foreign Minister", "the Russian delegation", "Israeli government"), not before people."""
    doc = demonym.doc
    if demonym.end >= len(doc):
        return False
    after = doc[demonym.end]
    return after.lower_ in INSTITUTION_NOUNS or (after.is_title and after.pos_ != "NOUN" and after.lower_ not in PEOPLE_NOUNS)


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9]{1,9})\)")


def _defined_acronyms(text: str, ents: tuple[SpacySpan, ...]) -> dict[str, str]:
    """Acronyms an article defines: "the Rapid Support Forces (RSF)" -> {"RSF": "Rapid Support Forces"}."""
    defined = {}
    for ent in ents:
        if ent.label_ == "ORG":
            match = _ACRONYM_AFTER.match(text, ent.end_char)
            name = _trimmed(ent).text
            if match and match.group(1) != name and sum(c.isupper() for c in match.group(1)) >= 2:
                defined.setdefault(match.group(1), name)
    return defined


def _before_media_noun(span: SpacySpan) -> bool:
    """An organization named as an outlet: "Al-Masirah television", "the Kommersant newspaper"."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in MEDIA_NOUNS


def _looks_like_a_person(span: SpacySpan) -> bool:
    """An "organization" that is a person's name after a description: "lawyer John Coale",
    "the assassin Vadim Krasikov" (two or three capitalised words, no organization word)."""
    if not 2 <= len(span) <= 3 or not span.start:
        return False
    before = span.doc[span.start - 1]
    return (before.pos_ == "NOUN" and before.text.islower()
            and all(t.is_title and t.is_alpha and t.lower_ not in ORGANIZATION_WORDS for t in span))


def _after_place_preposition(span: SpacySpan) -> bool:
    """The object of "in", "to", "from"... directly or as a later conjunct ("to Gedaref and Nyala")."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS | {"to", "from"}


def _plausible(span: SpacySpan, label: str) -> bool:
    """False for a lone word that is part of a title, a place name ("the Sumy region", "in Khan
    Younis" read as a person, "in Gedaref" read as an organization), or a span without letters."""
    if not any(c.isalpha() for c in span.text):
        return False
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start else ""
    if after in PLACE_HEADS or (before in PLACE_PREPOSITIONS and (label == "PERSON" or len(span) == 1)):
        return False
    if _is_facility(span, after):
        return False
    if len(span) == 1 and label == "ORG" and _after_place_preposition(span):
        return False
    return not (len(span) == 1 and after in TITLE_HEADS)


def _unit_served_in(span: SpacySpan) -> bool:
    """An armed unit named as where people served ("servicemen of the National Guard", "members
    of the Azov Regiment, the Navy and the Air Force"): an incidental mention, not an actor of
    the story (the same unit acting, "the Sudanese Armed Forces accepted", is one)."""
    if ARMED_UNIT_WORDS.isdisjoint(t.lower_ for t in span):
        return False
    node = span.root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    people = terms("people_nouns") | terms("representative_nouns")
    if node.dep_ == "pobj" and node.head.lower_ in ("of", "from", "in"):
        holder = node.head.head
        return holder.lower_ in people or holder.lemma_.lower() in people
    return node.dep_ in ("compound", "amod", "nmod") and (node.head.lower_ in people or node.head.lemma_.lower() in people)


def _is_facility(span: SpacySpan, after: str) -> bool:
    """A building or site, not an actor: "the Azovstal steelworks", "Sheba Medical Center",
    "Simon Bolivar International Airport"."""
    words = [t.lower_ for t in span]
    return after in FACILITY_HEADS or words[-1] in FACILITY_HEADS or " ".join(words[-2:]) in FACILITY_HEADS


def _add_persons(index: ActorIndex, persons: list[tuple[SpacySpan, Span]]) -> None:
    """Add people; a lone surname joins the one full name that ends with it, else is dropped
    unless an honorific introduces it (a bare capitalised word is more often a misread place)."""
    full_names = {}
    for span, _ in persons:
        if len(span) > 1:
            full_names.setdefault(normalize_name(span.text), span.text)
    for span, sentence in persons:
        if len(span) > 1:
            index.ensure(span.text, "Person", _as_span(span), sentence)
            continue
        surname = normalize_name(span.text)
        owners = [full for full in full_names if full.split()[-1] == surname]
        if len(owners) == 1:
            key = index.ensure(full_names[owners[0]], "Person")
            index.add_mention(index.get(key), _as_span(span), sentence)
        elif not owners and span.start > 0 and span.doc[span.start - 1].lower_.rstrip(".") in HONORIFICS:
            index.ensure(span.text, "Person", _as_span(span), sentence)


def _add_ministry(index: ActorIndex, span: SpacySpan, sentence: Span) -> None:
    """A ministry: qualified ("Ukrainian Defence Ministry") as is; unqualified ("the Ministry of
    Defense") joins a qualified one of the same portfolio, else takes the state named last."""
    name = span.text
    if _names_a_state(index.gazetteer, name):
        index.ensure(name, "Organization", _as_span(span), sentence)
        return
    portfolio = _portfolio(name)
    for actor in index.actors:
        if actor.type == "Organization" and _is_ministry(actor.name) and _portfolio_without_state(index, actor.name) == portfolio:
            index.add_mention(actor, _as_span(span), sentence)
            return
    state = _state_before(index, span)
    if state is not None:
        demonyms = index.gazetteer.entries[state].demonyms
        qualified = f"{demonyms[0]} {strip_determiner(name)}" if demonyms else f"{strip_determiner(name)} of {index.name(state)}"
        index.ensure(qualified, "Organization", _as_span(span), sentence)
        return
    index.ensure(name, "Organization", _as_span(span), sentence)


def _names_a_state(gazetteer: Gazetteer, name: str) -> bool:
    """True when a demonym or state name is part of ``name`` ("Russian Foreign Ministry")."""
    for word in re.split(r"[\s\-]+|['’]s\b", name):
        entry = gazetteer.demonym(word) or gazetteer.lookup(word) if word else None
        if entry is not None and entry.type == "State":
            return True
    return False


def _portfolio_without_state(index: ActorIndex, name: str) -> frozenset[str]:
    words = _portfolio(name)
    return frozenset(w for w in words if not index.gazetteer.demonym(w) and not index.gazetteer.lookup(w))


def _state_before(index: ActorIndex, span: SpacySpan) -> str | None:
    """The state mentioned last in this sentence or the one before it."""
    sent = span.sent
    previous_start = sent.start_char
    if sent.start > 0:
        previous_start = span.doc[sent.start - 1].sent.start_char
    candidates = [key for _, _, key in index.mentions_between(previous_start, span.start_char)
                  if key in index and index.get(key).type == "State"]
    return candidates[-1] if candidates else None
