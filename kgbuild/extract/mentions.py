"""Which named entities of a parse are mentions of actors: the span-level rules of
:mod:`kgbuild.extract.actors` (a span trimmed of articles and possessives, a place, a building,
an office title, a defined acronym; mentions that make no actor are
:mod:`kgbuild.extract.incidental`, page furniture :mod:`kgbuild.extract.furniture`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy
from spacy.attrs import LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span as SpacySpan, Token
from spacy.vocab import Vocab

from ..facts import Span

from ..nlp.gazetteer import normalize_name
from .lexicon import terms, title_ends, title_words
from .tokens import first_conjunct

ORGANIZATION_WORDS = terms("organization_words")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9]{1,9})\)")
# A lone capitalised word just before one of these is part of a title or a place, not an actor.
TITLE_HEADS = terms("title_heads")
PLACE_HEADS = terms("place_heads")
FACILITY_HEADS = terms("facility_heads")
INSTITUTION_NOUNS = terms("institution_nouns")
MEDIA_NOUNS = terms("media_nouns")
PLACE_PREPOSITIONS = terms("place_prepositions")
_DETERMINERS = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


_INITIAL = re.compile(r"[A-Z]\.?")


def with_initials_joined(ents: Sequence[SpacySpan]) -> list[SpacySpan]:
    """The entities with a name cut after a middle initial joined again: NER often reads
    "Vladimir V. Putin" as "Vladimir V." and "Putin"."""
    joined: list[SpacySpan] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if last is not None and last.label_ == ent.label_ == "PERSON" and last.end == ent.start \
                and _INITIAL.fullmatch(last[-1].text):
            joined[-1] = SpacySpan(ent.doc, last.start, ent.end, label="PERSON")
        else:
            joined.append(ent)
    return joined


_BODY_WORDS = terms("state_body_heads") | ORGANIZATION_WORDS | INSTITUTION_NOUNS


def with_trailing_names_split(ents: Sequence[SpacySpan], is_known: Callable[[str], bool]) -> list[SpacySpan]:
    """The entities with a person's name that NER ran into the body named before it split off:
    "Main Intelligence Directorate Igor Kostyukov" and "(Minister of) Defense Aleksandr Fomin"
    are an organization and a person. ``is_known`` tells a name the gazetteer has (a place)."""
    split: list[SpacySpan] = []
    for ent in ents:
        name = ent[-2:]
        if ent.label_ == "ORG" and len(ent) >= 3 and ent[-3].lower_ in _BODY_WORDS \
                and all(t.is_alpha and t.is_title and t.pos_ == "PROPN" and t.lower_ not in _BODY_WORDS
                        and not is_known(t.text) for t in name) and not is_known(name.text):
            split += [SpacySpan(ent.doc, ent.start, ent.end - 2, label="ORG"),
                      SpacySpan(ent.doc, ent.end - 2, ent.end, label="PERSON")]
        else:
            split.append(ent)
    return split


def is_titled(person: SpacySpan, tokens: Sequence[Token]) -> bool:
    """A name its title introduces on its line ("Deputy Foreign Minister Mikhail Galuzin", "Chief
    of the General Staff Igor Kostyukov", "Vladimir Medinsky, Presidential Aide"): a roster of a
    delegation, kept although the line is title-case like a headline. ``tokens``: the sentence's."""
    titles = title_ends()
    offset = tokens[0].i
    start = max((t.i + 1 for t in tokens[:person.start - offset] if "\n" in t.text), default=offset)
    end = min((t.i for t in tokens[person.end - offset:] if "\n" in t.text), default=tokens[-1].i + 1)
    line = [t for t in tokens[start - offset:end - offset] if not t.is_space]
    before = [t for t in line if t.i < person.start]
    after = [t for t in line if t.i >= person.end]
    if before and (before[-1].lower_ in titles or (before[0].lower_ in titles and not after)):
        return True
    return bool(after) and after[0].text == "," and after[-1].lower_ in titles


_PORTFOLIO_WORDS = _BODY_WORDS | terms("portfolio_stopwords")


def untagged_titled_names(tokens: Sequence[Token], headline: bool = False) -> list[tuple[int, int]]:
    """(start, end) of names NER left untagged after a title: "Deputy Minister of Defense
    Aleksandr Fomin", "Presidential Envoy Sumbu Sita Mambu", "Minister of Human Rights Majed
    Fadail". In a run of capitalised words the name follows the last title or portfolio word; in a
    title-case ``headline`` it is two words ("Envoy Ann Lee Arrives" has a verb after the name)."""
    titles, found, i = title_ends(), [], 0
    while i < len(tokens):
        end = i
        while end < len(tokens) and _capitalised(tokens[end]):
            end += 1
        if end == i:
            i += 1
            continue
        run = tokens[i:end]
        cut = max((k + 1 for k, t in enumerate(run) if t.lower_ in titles or t.lower_ in _PORTFOLIO_WORDS), default=0)
        if cut:  # "... Minister of Defense | Aleksandr Fomin", "Presidential Aide | Hikmat Hajiyev"
            titled = any(t.lower_ in titles for t in tokens[max(0, i + cut - 6):i + cut])
        else:  # "Minister of | Human Rights Majed Fadail": the portfolio is not known, the name ends the run
            titled = i >= 2 and tokens[i - 1].lower_ == "of" and tokens[i - 2].lower_ in titles and len(run) >= 4
            cut = len(run) - 2
        name = run[cut:]
        if titled and 2 <= len(name) <= (2 if headline else 3) and all(t.pos_ == "PROPN" for t in name):
            found.append((name[0].i, name[-1].i + 1))
        i = end
    return found


def title_positions(doc: Doc) -> list[int]:
    """The tokens whose lower-case form is a title word: the sentences
    :func:`untagged_titled_names` needs to read, found over the Doc's array of forms (in C)
    instead of a walk over every token."""
    hashes = _title_end_hashes(doc.vocab)
    forms = doc.to_array(LOWER)
    nearest = hashes[numpy.minimum(numpy.searchsorted(hashes, forms), len(hashes) - 1)]
    return numpy.flatnonzero(nearest == forms).tolist()


_TITLE_END_HASHES: dict[int, numpy.ndarray] = {}


def _title_end_hashes(vocab: Vocab) -> numpy.ndarray:
    """The sorted hashes of the title words, once per vocab (for a binary search of each form:
    ``numpy.isin`` compares every form with every title word)."""
    if id(vocab) not in _TITLE_END_HASHES:
        _TITLE_END_HASHES[id(vocab)] = numpy.sort(numpy.fromiter((vocab.strings[word] for word in title_ends()), dtype=numpy.uint64))
    return _TITLE_END_HASHES[id(vocab)]


def _capitalised(token: Token) -> bool:
    return not token.ent_type_ and token.is_title and token.is_alpha


def backed_group(span: SpacySpan) -> SpacySpan | None:
    """The group an entity is said to back ("Iran-backed Houthi militias", "Russian-backed
    separatists"): the phrase from the entity to the group noun, else None. The backer is not
    an actor of the story; a group the phrase does not name otherwise is known by it."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in ("-", "–") or doc[span.end + 1].lower_ not in terms("backing_participles"):
        return None
    participle = doc[span.end + 1]
    noun = participle.head
    if participle.dep_ != "amod" or noun.lower_ not in terms("armed_group_nouns"):
        return doc[span.start:span.end + 2]
    return doc[span.start:noun.i + 1]


def without_initials(name: str) -> str:
    """"Vladimir V. Putin" -> "Vladimir Putin"."""
    return " ".join(word for word in name.split() if not _INITIAL.fullmatch(word))


def trimmed(ent: SpacySpan) -> SpacySpan:
    """The entity without a leading article, a trailing possessive, a bracket or a reporting verb
    NER took in ("the Popular Front for the Liberation of Tigray (" before its acronym, "their
    church organization announced")."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_left_punct
                           or doc[end - 1].pos_ == "VERB" and doc[end - 1].is_lower and end - 1 > start):
        end -= 1
    return doc[start:end]


def whole_person_name(span: SpacySpan) -> SpacySpan:
    """A person's name without the honorific or description NER took in ("Sheikh Mohammed bin
    Abdulrahman", "serviceman Babirov") and with the Arabic name parts it left out before it
    ("Lolwah bint" Rashid Al Khater) or after it ("... Al Thani"), or the given name it left out
    after a description ("Azov commanders Denys" Prokopenko)."""
    doc, start, end = span.doc, span.start, span.end
    while end - start > 1 and (doc[start].lower_.rstrip(".") in terms("honorifics") or (
            doc[start].is_lower and doc[start].is_alpha and doc[start].lower_ not in terms("surname_particles"))):
        start += 1  # "Sheikh", and a description NER took in ("serviceman Babirov")
    while start >= 2 and doc[start - 1].lower_ in terms("patronymic_particles") and doc[start - 2].pos_ == "PROPN" \
            and doc[start - 2].is_title and doc[start - 2].ent_type_ not in ("GPE", "NORP", "ORG") \
            and doc[start - 2].lower_ not in title_words():
        start -= 2
    while end + 1 < len(doc) and doc[end].lower_ in terms("name_particles") and doc[end + 1].pos_ == "PROPN" \
            and doc[end + 1].text[:1].isupper() and not doc[end + 1].ent_type_:
        end += 2
    if end - start == 1 and start >= 2 and _untagged_given_name(doc[start - 1]) and doc[start - 2].is_lower \
            and doc[start].lower_ not in terms("body_name_endings"):
        start -= 1  # "commanders Denys" + "Prokopenko": the given name NER left out after a description
    return doc[start:end]


def names_a_body(span: SpacySpan) -> bool:
    """A "person" whose name ends in a word for a body or an armed unit ("Azov Regiment"), or is
    put after a word for an organisation ("the human rights organization Foro Penal"): an organisation."""
    before = span.doc[span.start - 1] if span.start else None
    return len(span) > 1 and (span[-1].lower_ in terms("body_name_endings")
                              or before is not None and before.lower_ in terms("organization_descriptor_nouns"))


def _untagged_given_name(token: Token) -> bool:
    """A capitalised proper noun NER left out that is no title, honorific or organisation word."""
    return token.pos_ == "PROPN" and token.is_title and token.is_alpha and not token.ent_type_ \
        and token.lower_ not in title_words() and token.lower_ not in terms("honorifics") and token.lower_ not in ORGANIZATION_WORDS


def as_span(span: SpacySpan, text: str) -> Span:
    """A span of the article (``text``) as facts keep it (``span.text`` would join its tokens anew)."""
    return Span(span.start_char, span.end_char, text[span.start_char:span.end_char])


def inside_title(span: SpacySpan) -> bool:
    """An organization-like name that is part of an office: "Secretary of State", "National
    Security Adviser", "Minister of Defence" (not "Ministry of Defence", which is an actor), "envoy
    for Detainee Affairs"."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in terms("adviser_words") or span[-1].lower_ in terms("adviser_words"):
        return True  # "National Security Adviser", read with the adviser or without
    if span.start >= 2 and doc[span.start - 1].lower_ == "for" and doc[span.start - 2].lower_ in terms("title_heads"):
        return True  # "the special envoy for Detainee Affairs", "Commissioner for Human Rights": a portfolio
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in terms(
        "office_title_words")


def titles_a_name(span: SpacySpan) -> bool:
    """An organisation named only to title a person: "Security Service deputy head Oleksandr
    Poklad", "the Foreign Intelligence Service deputy head X" (a title word, then a name)."""
    doc, end = span.doc, span.end
    while end < len(doc) and end - span.end < 4 and (doc[end].lower_ in title_words() or doc[end].lower_ in terms("title_modifiers")):
        end += 1
    if end > span.end and end < len(doc) and (doc[end].ent_type_ == "PERSON" or doc[end].pos_ == "PROPN"):
        return True
    # "the Commissioner for Human Rights in Russia Tatyana Moskalkova", "the head of the Office of
    # the President Andrii Yermak": an office, written as a title before the name of who holds it
    named_after = any(doc[i].ent_type_ == "PERSON" for i in range(span.end, min(len(doc), span.end + 3)))
    start = span.start
    while start > 0 and doc[start - 1].lower_ in _DETERMINERS:
        start -= 1
    office_of = start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in title_words()
    rank = all(t.lower_.rstrip(".") in terms("military_ranks") for t in span)  # "Brigadier General Turki al-Maliki"
    return named_after and (span[0].lower_ in title_words() or span.root.lower_ in title_words() or office_of or rank)


def before_media_noun(span: SpacySpan) -> bool:
    """An organization named as an outlet: "Al-Masirah television", "the Kommersant newspaper",
    "the RBC news website"; by the words an outlet's own name ends or starts with ("Petra News
    Agency", "Sky News", "Channel 12"); or after the noun ("the state news agency Petra", "Swedish news agency TT")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in MEDIA_NOUNS:
        return True
    if span.end + 1 < len(doc) and f"{doc[span.end].lower_} {doc[span.end + 1].lower_}" in terms("media_phrases"):
        return True
    words = [t.lower_ for t in span]
    endings = terms("outlet_name_endings")
    if len(words) >= 2 and (words[-1] in endings or " ".join(words[-2:]) in endings or words[0] in MEDIA_NOUNS):
        return True  # "Petra News Agency", "Sky News", "Channel 12"
    before = [t.lower_ for t in doc[max(0, span.start - 2):span.start]]
    return bool(before) and (before[-1] in MEDIA_NOUNS or " ".join(before) in terms("media_phrases"))


def looks_like_a_person(span: SpacySpan) -> bool:
    """An "organization" that is a person's name after a description or a title ("lawyer John
    Coale", "the assassin Vadim Krasikov", "Special Representative X"), before one ("Vadim
    Krasikov, a Russian", "X, one of the lawmakers") or in a list of people
    ("Emad Shargi, Morad Tahbaz and Siamak Namazi"): two or three capitalised words, no
    organization word."""
    if not 2 <= len(span) <= 3 or not all(t.is_title and t.is_alpha and t.lower_ not in ORGANIZATION_WORDS for t in span):
        return False
    before = span.doc[span.start - 1] if span.start else None
    listed = [c for c in (span.root.head, *span.root.conjuncts) if c.i not in range(span.start, span.end)
              and (span.root.dep_ == "conj" or c.head.i == span.root.i)]
    described = any(c.dep_ == "appos" and c.i >= span.end and _describes_a_person(c) for c in span.root.children)
    titled = before is not None and ((before.pos_ == "NOUN" and before.text.islower()) or before.lower_ in title_ends()) \
        and before.lower_ not in terms("organization_descriptor_nouns")  # not "the rights group Memorial"
    return titled or any(c.ent_type_ == "PERSON" for c in listed) or described


def _describes_a_person(noun: Token) -> bool:
    """An appositive that only a person takes: "a Russian", "a journalist", "spokesperson for the
    RSF", "one of the lawmakers"."""
    if noun.lower_ == "one":
        return any(p.lower_ == "of" and any(o.dep_ == "pobj" and _describes_a_person(o) for o in p.children)
                   for p in noun.children)
    return noun.ent_type_ == "NORP" or noun.lemma_.lower() in terms("person_descriptor_nouns")


def after_place_preposition(span: SpacySpan) -> bool:
    """The object of "in", "to", "from"... directly or as a later conjunct ("to Gedaref and Nyala")."""
    root = first_conjunct(span.root)
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS | {"to", "from"}


def plausible(span: SpacySpan, label: str) -> bool:
    """False for a lone word that is part of a title, a place name ("the Sumy region", "in Khan
    Younis" read as a person, "in Gedaref" read as an organization), or a span without letters."""
    if not any(c.isalpha() for c in span.text) or span.text.endswith(("-", "–")):
        return False  # no letters, or a name cut at its hyphen ("El-" of "El-Sisi")
    if label != "PERSON" and any(t.lower_ in terms("occasion_words") for t in span):
        return False  # "the Feast of Sacrifice", "Dhu el Hijjah", "Eid al-Fitr": a holiday or a month
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start else ""
    if after in PLACE_HEADS or (after and doc[span.end].lemma_ in PLACE_HEADS) or (before in PLACE_PREPOSITIONS and (label == "PERSON" or len(span) == 1)):
        return False
    if is_facility(span, after):
        return False
    if len(span) == 1 and label == "ORG" and after_place_preposition(span):
        return False
    if len(span) == 1 and label == "ORG" and span[0].lower_ in terms("people_nouns"):
        return False  # "185 POW servicemen": a word for the people, not an organization
    if label == "ORG" and all(t.lower_ in title_words() for t in span):
        return False  # "Special Envoy" before "Ric Grenell": a title, not an organization
    return not (len(span) == 1 and after in TITLE_HEADS)


def facility_names(ents: Sequence[SpacySpan]) -> set[str]:
    """Names the article uses for a building or site somewhere ("the Azovstal steelworks",
    "Azovstal, a steel plant"): the same name elsewhere ("95 are Azovstal defenders") is that site,
    not an actor."""
    found = set()
    for ent in ents:
        if ent.label_ not in ("ORG", "FAC", "PERSON") or ent.ent_id_:
            continue  # the names that could be taken for an unknown organization
        span = trimmed(ent)
        if not len(span):
            continue
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        described = [c for c in span.root.children if c.dep_ == "appos" and c.i >= span.end]
        if is_facility(span, after) or any(c.lower_ in FACILITY_HEADS for c in described):
            found.add(normalize_name(span.text))
    return found


def is_facility(span: SpacySpan, after: str) -> bool:
    """A building or site, not an actor: "the Azovstal steelworks", "Sheba Medical Center",
    "Simon Bolivar International Airport"."""
    words = [t.lower_ for t in span]
    return after in FACILITY_HEADS or words[-1] in FACILITY_HEADS or " ".join(words[-2:]) in FACILITY_HEADS


def defined_acronyms(text: str, ents: tuple[SpacySpan, ...]) -> dict[str, str]:
    """Acronyms an article defines: "the Rapid Support Forces (RSF)" -> {"RSF": "Rapid Support
    Forces"}, and "ALIMA (Alliance for International Medical Action)" -> {"ALIMA": "Alliance ..."}."""
    defined = {}
    for ent in ents:
        if ent.label_ == "ORG" and (named := name_after_acronym(ent)) is not None:
            defined.setdefault(ent[0].text, named.text)
        elif ent.label_ == "ORG":
            name = trimmed(ent)
            match = _ACRONYM_AFTER.match(text, name.end_char)
            name = name.text
            if match and match.group(1) != name and sum(c.isupper() for c in match.group(1)) >= 2:
                defined.setdefault(match.group(1), name)
    return defined


def long_forms_of_known_acronyms(acronyms: dict[str, str], gazetteer) -> dict:
    """The gazetteer entry an article's long form stands for when its acronym is the entry's and
    the two names share most words: "the Popular Front for the Liberation of Tigray (TPLF)" is
    the Tigray People's Liberation Front; "the Movement for Democracy in Chad (MDC)" is not the
    Movement for Democratic Change."""
    found = {}
    for acronym, name in acronyms.items():
        entry = gazetteer.lookup(acronym)
        words = set(normalize_name(entry.name).split()) - STOP_WORDS if entry is not None else set()
        if words and 2 * len(words & set(normalize_name(name).split())) >= len(words):
            found[name] = entry
    return found


def name_after_acronym(span: SpacySpan) -> SpacySpan | None:
    """The name in brackets after the acronym an entity starts with ("ALIMA (Alliance for
    International Medical Action)", however far NER took the span), else None."""
    if len(span) < 3 or span[1].text != "(" or not (span[0].is_upper and span[0].is_alpha and len(span[0]) >= 2):
        return None
    end = next((t.i for t in span[2:] if t.text == ")"), span.end)
    return span.doc[span[2].i:end] if end > span[2].i and span[2].is_title else None

