"""Numbers of people that a sentence gives for something other than their release: people
still held, singled out among those already released, freed per person (a rate), a group within
a counted group, people freed earlier, who refused to go home, who were taken captive, who were
aboard a lost vehicle, or the whole a released part is of. They are figures (claims), not counts."""

from __future__ import annotations

from spacy.tokens import Token

from .journeys import aboard_a_lost_vehicle, carrying_vehicle, is_homecoming, vehicle_origin
from .lexicon import terms
from .releasers import HOLDING_VERBS, custody_places
from .syntax import among_the_released, clause_verb, of_war
from .tokens import first_conjunct, in_lexicon, path_to_root, per_token, sentence_of


def not_a_release(number: Token, noun: Token, head: Token) -> bool:
    """The ``number`` of ``noun`` (its clause argument ``head``) is given for something other
    than the people's release."""
    return still_held(noun, head) or among_released(head) or is_rate(number, noun) or subset_of_a_count(noun) \
        or freed_before(noun, head) or refused(head) or taken_captive(head) or aboard_a_lost_vehicle(noun) \
        or whole_of_a_part(number, noun)


def freed_before(noun: Token, head: Token) -> bool:
    """"a helicopter carrying eight freed hostages landed": people named as already released, in
    a clause about something else that happened to them (a figure about them, not a release)."""
    if not any(c.dep_ == "amod" and c.tag_ in ("VBN", "JJ") and in_lexicon(c, "release_verbs") for c in noun.children):
        return False
    verb = clause_verb(head)
    if verb is None or in_lexicon(verb, "release_verbs") or in_lexicon(verb, "exchange_triggers"):
        return False
    vehicle = carrying_vehicle(verb)  # "a plane carrying 48 freed detainees left Djibouti": the release itself
    return vehicle is None or vehicle_origin(vehicle, verb) is None


def refused(head: Token) -> bool:
    """"Two women refused to return": people who chose not to go home (a figure, not a release)."""
    verb = clause_verb(head)
    return verb is not None and (in_lexicon(verb, "refusal_verbs") or (verb.dep_ == "xcomp" and in_lexicon(verb.head, "refusal_verbs")))


def taken_captive(head: Token) -> bool:
    """"31 Thai citizens were kidnapped in the attack, most of whom were released": the people
    were taken; a release the sentence adds of some of them has no figure of its own."""
    verb = clause_verb(head)
    return verb is not None and head.dep_ in ("nsubj", "nsubjpass") and head.head.i == verb.i \
        and in_lexicon(verb, "capture_verbs")


def whole_of_a_part(number: Token, noun: Token) -> bool:
    """"Hamas has returned only four of the 28 bodies", "released two hostages, from about 200
    people abducted": the 28 and the 200 are the whole the counted people are part of, not people
    released (a claim); the four and the two are counted."""
    if number.head.i != noun.i or noun.dep_ != "pobj":
        return False
    prep = noun.head
    return prep.lower_ == "of" and prep.head.like_num or prep.lower_ == "from" and any(
        c.dep_ == "dobj" and (c.like_num or any(g.dep_ == "nummod" for g in c.children)) for c in prep.head.children)


def subset_of_a_count(noun: Token) -> bool:
    """"The Houthis released 181 people, including 15 Saudis": a group within a counted group,
    not a release of its own (nor of the Saudis' state)."""
    noun = first_conjunct(noun)
    verb = noun.head
    if noun.dep_ == "dobj" and in_lexicon(verb, "inclusion_verbs") and any(c.tag_ == "MD" for c in verb.children) and any(
            s.dep_ == "nsubj" and in_lexicon(s, "exchange_nouns") for s in verb.children):
        return True  # "the release will include seven Saudi nationals": who is to be among the released
    if noun.dep_ == "dobj" and in_lexicon(verb, "inclusion_verbs") and verb.dep_ == "relcl":
        # "the release of 123 prisoners in Belarus, which included five Ukrainians" (the clause hung on the nearest noun)
        return any(c.dep_ == "nummod" for node in path_to_root(verb.head)[:3] for c in node.children)
    if _among_them_before(noun):
        return True  # "released 52 prisoners, among them two Latvian citizens"
    if noun.dep_ != "pobj" or not (in_lexicon(noun.head, "inclusion_verbs") or noun.head.lower_ == "among"):
        return False
    if noun.head.lower_ == "among" and noun.head.head.lemma_ == "be":
        return False  # "two Americans were among 26 prisoners released": the 26 are the whole
    group = noun.head.head  # "181 people, including", or "the release of 16 people -- including"
    if any(c.dep_ == "nummod" for c in group.children) or any(t.dep_ == "nummod" and t.i < noun.head.i for t in group.subtree):
        return True
    # "110 citizens were returned from the territory ..., including 72 sailors" (hung on the place)
    verb = clause_verb(group)
    return verb is not None and any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i < noun.head.i
                                    and any(g.dep_ == "nummod" for g in c.children) for c in verb.children)


def _among_them_before(noun: Token) -> bool:
    """"among them" or "among those" just before the counted phrase (hung on it or before it):
    a part of the group it names."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "among" and c.i < noun.i]
    if not preps and noun.left_edge.i >= 2:
        preps = [noun.doc[noun.left_edge.i - 2]]
    return any(prep.lower_ == "among" and any(p.dep_ == "pobj" and p.pos_ in ("PRON", "DET") for p in prep.children)
               for prep in preps)


def is_rate(number: Token, noun: Token) -> bool:
    """"30 prisoners for each civilian", "three Palestinians for every Israeli freed", "the bodies
    of 15 Palestinians for every deceased Israeli returned": how many are freed per person, a term
    of the deal, not a count of people released (a claim)."""
    whole = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None  # "the bodies of 15 ..."
    verb = clause_verb(noun) or (clause_verb(whole) if whole is not None else None)
    holders = [t for t in (number, noun, whole, verb) if t is not None]

    def per_one(person: Token) -> bool:  # "each civilian", "every deceased Israeli", not "each side"
        return any(d.dep_ == "det" and in_lexicon(d, "rate_determiners") for d in person.children) \
            and not in_lexicon(person, "side_nouns") and person.lemma_.lower() not in terms("side_nouns")

    def rate(child: Token) -> bool:
        if child.dep_ == "prep" and in_lexicon(child, "rate_prepositions"):
            return any(pobj.dep_ == "pobj" and per_one(pobj) for pobj in child.children)
        # "for every deceased Israeli returned": the parser may read a clause
        return child.dep_ == "advcl" and any(m.dep_ == "mark" and in_lexicon(m, "rate_prepositions") for m in child.children) \
            and any(s.dep_ in ("nsubj", "nsubjpass") and per_one(s) for s in child.children)

    return any(rate(child) for holder in holders for child in holder.children)


@per_token
def _released_subject(verb: Token) -> bool:
    """The verb's subject is people said to be released ("the released prisoners are ..."): once per verb."""
    return any(s.dep_ == "nsubj" and any(c.dep_ in ("amod", "acl") and c.tag_ == "VBN" and in_lexicon(c, "release_verbs")
                                         for c in s.children) for s in verb.children)


def among_released(head: Token) -> bool:
    """"The released POWs include 108 members of the Azov regiment", "Among those freed were two
    journalists": a group among people already released, not a release of its own (a claim
    about the exchange); and "two Iranians released would stay in the US": what became of
    people released, told without who freed them."""
    if among_the_released(head):
        return True
    root = sentence_of(head).root
    if root.lemma_ == "be" and head.i > root.i and _released_subject(root):
        return True  # "the released prisoners are three French, two German and six Argentine citizens"
    verb = clause_verb(head)
    if verb is None:
        return False
    if head.dep_ == "nsubj" and not in_lexicon(verb, "release_verbs") and not is_homecoming(verb):
        return any(c.dep_ in ("amod", "acl") and c.tag_ == "VBN" and in_lexicon(c, "release_verbs")
                   and not any(a.dep_ == "agent" for a in c.children) for c in head.children)
    if first_conjunct(head).dep_ != "dobj" or not in_lexicon(verb, "inclusion_verbs"):
        return False
    # "the prisoners of war transferred to Saudi Arabia comprised five British nationals": the
    # participle may hang on "war"
    return any(c.dep_ in ("amod", "acl") and c.tag_ == "VBN" and in_lexicon(c, "release_verbs")
               for subject in verb.children if subject.dep_ == "nsubj"
               for noun in (subject, *(o for p in subject.children if of_war(p) for o in p.children)) for c in noun.children)


def still_held(noun: Token, head: Token) -> bool:
    """"the 26 journalists still held by Russia must be released": people still held, whose
    release is only called for, or who "remain in custody", are a figure about captivity, not a
    count of people released ("all 20 hostages still held were released" is one)."""
    held = any(c.dep_ in ("acl", "relcl") and c.lemma_ in HOLDING_VERBS and any(
        a.dep_ == "advmod" and in_lexicon(a, "continuation_adverbs") for a in c.children) for c in noun.children)
    verb = clause_verb(head)
    if verb is None and head.dep_ == "pobj" and head.head.lower_ == "of":
        verb = clause_verb(head.head.head)  # "the bodies of 24 hostages are still in Gaza"
    if verb is not None and verb.lemma_ == "remain" and any(
            p.dep_ == "pobj" and in_lexicon(p, "custody_nouns") for prep in verb.children if prep.dep_ == "prep" for p in prep.children):
        return True  # "six Kenyans remain in the group's hands", "two remain in custody"
    if verb is not None and (in_lexicon(verb, "captivity_words") or verb.lemma_ in HOLDING_VERBS) and any(
            c.dep_ in ("aux", "auxpass") and c.lemma_ == "remain" for c in verb.children):
        return True  # "53 UN colleagues remain arbitrarily detained" (the parser makes "remain" the passive's auxiliary)
    if verb is not None and in_lexicon(verb, "keeping_verbs") and head.dep_ == "dobj" and head.head.i == verb.i:
        return True  # "Hamas still holds 59 captives": the people a side keeps, not a release
    if verb is not None and in_lexicon(verb, "staying_verbs") and any(
            c.dep_ == "advmod" and in_lexicon(c, "continuation_adverbs") for c in verb.children):
        return True  # "the bodies of 24 more hostages are still in Gaza"
    return held and (verb is None or any(c.tag_ == "MD" for c in verb.children))


def held_in_custody(number: Token) -> bool:
    """"400 in Israeli custody": a bare figure of people held."""
    return number.like_num and bool(custody_places(number))


def partitive(token: Token) -> bool:
    """"13 of the released hostages": a part of a group, a claim even when the figure is also a count."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def of_the_whole(token: Token) -> bool:
    """A figure of the operation something is part of: "(a flight carrying 120 detainees,) part
    of an exchange involving nearly 900 prisoners"."""
    return any(node.lower_ == "of" and node.dep_ == "prep" and in_lexicon(node.head, "part_nouns")
               for node in path_to_root(token)[1:6])
