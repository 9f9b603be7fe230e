"""Mentions that link the text to an actor without making it one the story reports on: a
person named to say who someone else is ("a close ally of X"), an outlet named as a reporter's
employer, a nationality that does not stand for its state ("three Sudanese detainees"), an armed
unit named as where people served. The actor stays an actor when another mention or a fact
makes it one (:meth:`kgbuild.extract.actors.ActorIndex.salient`)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from ..nlp.gazetteer import Gazetteer, GazetteerEntry
from .furniture import credits_a_photo
from .group_names import group_noun_after
from .lexicon import terms
from .tokens import in_lexicon

ARMED_UNIT_WORDS = terms("armed_unit_words")
INSTITUTION_NOUNS = terms("institution_nouns")
PEOPLE_NOUNS = terms("released_people_nouns")


def incidental_mention(span: SpacySpan, entry: GazetteerEntry, demonym: bool, gazetteer: Gazetteer) -> bool:
    """Whether this mention of a known actor is incidental (see the module docstring): a
    nationality, a reporter's employer or a photo credit, a person named to say who another is,
    a state named as a place, a state branding a group, a unit where people served."""
    return (demonym and not institutional(span) and not group_noun_after(span, entry)) or (
        entry.type == "Media" and (employs_a_reporter(span) or credits_a_photo(span))) or (
        entry.type == "Person" and named_to_describe_another(span)) or (entry.type == "State" and names_a_place(span)) \
        or designates_a_group(span) or unit_served_in(span, gazetteer)


def named_to_describe_another(span: SpacySpan) -> bool:
    """A person named only to say who or what someone or something else is: "a close ally of
    Russian President Vladimir Putin", "an adviser to X", "X's pledge", "the Biden
    administration", "the wife of X", "under former president X" (not an actor of the story by
    this mention)."""
    root = span.root

    def describes(noun: Token) -> bool:
        return in_lexicon(noun, "association_nouns") or in_lexicon(noun, "relative_nouns")

    if root.dep_ == "poss" or (root.dep_ == "compound" and root.head.pos_ == "NOUN"):
        return describes(root.head)
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "to"):
        return describes(root.head.head)
    return root.dep_ == "pobj" and root.head.lower_ == "under"


def employs_a_reporter(span: SpacySpan) -> bool:
    """An outlet named only as a reporter's employer: "Wall Street Journal reporter Evan
    Gershkovich", "an AFP reporter saw the soldiers arrive" (the outlet does nothing in the
    story); but "an Anadolu correspondent reported" is the outlet reporting."""
    doc, end = span.doc, span.end
    while end < len(doc) and end - span.end < 3 and doc[end].lower_ in terms("media_job_nouns"):
        end += 1
    if end == span.end:
        return False
    if end < len(doc) and doc[end].ent_type_ == "PERSON":
        return True  # the reporter is named: the person is the actor
    reporter = doc[end - 1]
    return not (reporter.dep_ == "nsubj" and in_lexicon(reporter.head, "attribution_verbs"))


def institutional(demonym: SpacySpan) -> bool:
    """A demonym that stands for its state: before an office, institution or title ("Turkish
    Foreign Minister", "the Russian delegation", "Israeli government"), not before people."""
    doc = demonym.doc
    if demonym.end >= len(doc):
        return False
    after = doc[demonym.end]
    return after.lower_ in INSTITUTION_NOUNS or (after.is_title and after.pos_ != "NOUN" and after.lower_ not in PEOPLE_NOUNS)


def unit_served_in(span: SpacySpan, gazetteer: Gazetteer | None = None) -> bool:
    """An armed unit named as where people served ("servicemen of the National Guard", "members
    of the Azov Regiment, the Navy and the Air Force", and a state's army the ``gazetteer``
    knows as the state's, "prisoners of war of the Ukrainian Armed Forces": the state is the
    side): an incidental mention, not an actor of the story (the same unit acting, "the
    Sudanese Armed Forces accepted", is one, and so is an army the gazetteer ties to no state,
    "40 members of the Malian Armed Forces")."""
    node = span.root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ in ("to", "in") and node.head.head.lemma_ in terms("service_verbs"):
        return True  # "the servicemembers belonged to the Armed Forces, the State Transport Service ..."
    entry = gazetteer.lookup(span.text) if gazetteer is not None else None
    state_army = entry is not None and entry.of in gazetteer.entries and gazetteer.entries[entry.of].type == "State"
    if ARMED_UNIT_WORDS.isdisjoint(t.lower_ for t in (*span, *node.subtree)) and not state_army:
        return False  # "the Navy, the Armed Forces and the Border Guard": a list of units (not "the Malian Armed Forces")
    people = terms("people_nouns") | terms("representative_nouns")
    if node.dep_ == "pobj" and node.head.lower_ in ("of", "from", "in"):
        holder = node.head.head
        if holder.lower_ == "war" and holder.dep_ == "pobj":  # "prisoners of war of the Armed Forces"
            holder = holder.head.head
        return holder.lower_ in people or holder.lemma_.lower() in people
    return node.dep_ in ("compound", "amod", "nmod") and (node.head.lower_ in people or node.head.lemma_.lower() in people)


def designates_a_group(span: SpacySpan) -> bool:
    """A state or body named only as one that brands a group ("the PKK is considered a terrorist
    organization by Turkey, the United States and the EU"): background to the story, no actor."""
    node = span.root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ != "by":
        return False
    branded = node.head.head
    return any(c.dep_ in ("amod", "compound") and in_lexicon(c, "armed_description_words") for c in branded.children)


def names_a_place(span: SpacySpan) -> bool:
    """A state, the city that stands for it, or a name NER took for an organisation, named as
    where something happens ("crowds assembled in Ramallah", "fighting near Kyiv", "rested in
    the Mirzapur Youth Hostel Association"): a place of the story, not an actor (the same state
    acting, "Kyiv said", or a party of a fact, is one). Where
    people are held ("prisons in Germany") or talks are held ("talks held in Belarus"), the
    state holds them or hosts them."""
    node = span.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ not in terms("place_prepositions"):
        return False
    place_of = node.head.head
    return not (in_lexicon(place_of, "confinement_verbs") or in_lexicon(place_of, "custody_nouns")
                or in_lexicon(place_of, "talks_nouns"))

