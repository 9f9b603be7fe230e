"""Names of groups and states that NER tags in part or reads as something else: "Khalifa
Haftar's militias", "the Houthi rebels", "Abu Sayyaf rebels", "the Government of Venezuela"."""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan

from ..nlp.gazetteer import Gazetteer, GazetteerEntry
from .lexicon import terms


def followers_of(span: SpacySpan) -> SpacySpan | None:
    """"Haftar's militias", "Hemedti's fighters": the name with its possessive and group noun."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text in ("'s", "’s") and doc[span.end + 1].lower_ in terms("followers_nouns"):
        return doc[span.start:span.end + 2]
    return None


def group_names(doc: Doc) -> dict[str, SpacySpan]:
    """"the Polisario Front", "the Ogaden Front": a proper name and a capitalised word that
    names a group after it, by the name alone, each with its first mention (NER often tags the
    name alone, as a person, or a place, or misses the whole): "Polisario" then means the group
    too. Not "Armed Forces", "Southern Front": an adjective does not name a group."""
    names = {}
    group_words = terms("armed_group_name_words")
    for token in doc[1:]:
        if not token.is_title or token.lower_ not in group_words:
            continue  # (the cheap test first: most tokens are not a group word)
        before = doc[token.i - 1]
        ends = token.i + 1 == len(doc) or not doc[token.i + 1].is_title  # not "the Brooke Army Medical Center"
        if before.is_title and before.pos_ == "PROPN" and ends and not before.is_stop \
                and before.lower_ not in terms("generic_name_words") and before.ent_type_ in ("", "PERSON", "ORG", "FAC"):
            names.setdefault(before.text, doc[before.i:token.i + 1])
    return names


def group_noun_after(span: SpacySpan, entry: GazetteerEntry) -> bool:
    """"the Houthi group", when NER tags only "Houthi": the group itself, not an adjective."""
    doc = span.doc
    return entry.type == "Organization" and span.end < len(doc) and doc[span.end].lower_ in terms("armed_group_nouns")


def state_by_its_government(gazetteer: Gazetteer, span: SpacySpan) -> GazetteerEntry | None:
    """"the Government of Venezuela", "the Colombian Government": the state itself."""
    words = [t for t in span if t.lower_ not in ("the", "of")]
    if len(words) < 2 or not any(t.lower_ in terms("government_nouns") for t in words):
        return None
    rest = " ".join(t.text for t in words if t.lower_ not in terms("government_nouns"))
    entry = gazetteer.lookup(rest) or gazetteer.demonym(rest)
    return entry if entry is not None and entry.type == "State" else None


def names_an_armed_group(span: SpacySpan, gazetteer: Gazetteer) -> bool:
    """True when a name nobody knows heads a word for an armed group ("Abu Sayyaf rebels", "the
    Ansar Dine militants", "the Abu Sayyaf group"); not "forces" (armies of states are named by
    their state), not a word of a known name ("the Houthi Ansarullah movement"), not a
    description ("a Muslim rebel group", where "rebel" only modifies)."""
    doc = span.doc
    if span.end >= len(doc) or any(gazetteer.lookup(t.text) or gazetteer.demonym(t.text) for t in span) \
            or all(t.lower_ in terms("armed_description_words") for t in span):  # "Islamist militants": no name
        return False
    after = doc[span.end]
    return after.lower_ != "forces" and after.dep_ not in ("compound", "amod") and (
        after.lower_ in terms("armed_group_nouns") or after.lower_ in terms("armed_group_anaphora"))


def group_by_its_adjective(gazetteer: Gazetteer, span: SpacySpan) -> GazetteerEntry | None:
    """"the Houthi militia", "the Houthi rebels", "Houthi Ansarullah": a group noun (or another
    name of the group) after the adjective or name of a known armed group is that group, not a
    new organization."""
    if len(span) < 2:
        return None
    entry = gazetteer.demonym(span[0].text) or gazetteer.lookup(span[0].text)
    if entry is None or entry.type != "Organization":
        return None
    # the rest are group nouns or other names of the same group ("the Houthi Ansarullah movement")
    rest_named = all(t.lower_ in terms("armed_group_nouns") or gazetteer.lookup(t.text) is entry for t in span[1:])
    return entry if rest_named else None


def body_of_its_state(gazetteer: Gazetteer, span: SpacySpan) -> GazetteerEntry | None:
    """"Israel's Prison Service": a body the gazetteer knows under its state's name or demonym
    ("Israel Prison Service", "Israeli Prison Service"), written after the state's possessive."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].tag_ != "POS":
        return None
    owner = doc[span.start - 2]
    start = owner.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    state = gazetteer.lookup(doc[start:owner.i + 1].text)
    if state is None or state.type != "State":
        return None
    for prefix in (state.name, *state.demonyms):
        entry = gazetteer.lookup(f"{prefix} {span.text}")
        if entry is not None and entry.of == state.id:
            return entry
    return None

