"""Who lets counted people go, and whose people they are: the subject of "returned", the agent
of "held by", "the release of 16 people from Russia" (the releaser); "Russian soldiers",
"citizens of X", "returned to X" (the owner, whose side gets them back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .context import ArticleContext
from .journeys import carrying_vehicle, is_homecoming, vehicle_origin
from .lexicon import terms
from .syntax import clause_verb, listed, misattached_origin, of_war, speaker_of_pronoun, subject_keys
from .tokens import in_lexicon, per_token, sentence_of

if TYPE_CHECKING:
    from .counts import Count

_RECEIVE = terms("receive_verbs")
HOLDING_VERBS = terms("holding_verbs")


def military_people(noun: Token | None) -> bool:
    """The counted people are soldiers: "servicemen", "POWs", "prisoners of war", "war prisoners"."""
    if noun is None:
        return False
    return in_lexicon(noun, "military_nouns") or any(
        of_war(c) or c.dep_ == "compound" and c.lower_ == "war"
        for c in noun.children)


def owner_of(ctx: ArticleContext, noun: Token) -> str | None:
    """Whose people these are: "Russian soldiers", "citizens of X", "Ukrainians", "returned to X"."""
    verb = clause_verb(noun)
    if verb is None and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        verb = clause_verb(noun.head.head)  # "transferred the remains of three people to Israel"
    if verb is not None and in_lexicon(verb, "release_verbs"):
        # "returned to X", however the parser attached "to X" ("the remains of three people to Israel")
        # (or on its particle: "handed back to Ukraine")
        places = (verb, noun, *((noun.head.head,) if noun.dep_ == "pobj" and noun.head.lower_ == "of" else ()),
                  *(c for c in verb.children if c.dep_ in ("prt", "advmod")))
        for prep in (c for node in places for c in node.children if c.dep_ == "prep" and c.lower_ in ("to", "with")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if prep.lower_ == "to" and (key := ctx.state_of(ctx.head_actor(pobj))):
                    return key
                if in_lexicon(pobj, "kin_nouns") and (key := _state_lived_in(ctx, pobj)):
                    return key  # "returned to their relatives in Russia", "reunited with their families in Ukraine"
    word = noun.lower_
    if word.endswith("s") and (entry := ctx.actors.gazetteer.demonym(word[:-1])) is not None:
        return ctx.actors.resolve(entry.name)
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and (key := ctx.state_of(ctx.key_at_token(child))):
            return key
        if child.dep_ == "poss" and child.pos_ == "PRON" and (key := ctx.state_of(ctx.head_actor(speaker_of_pronoun(child)))):
            return key  # "the ministry said it had secured the return of 90 of its servicemen"
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if pobj.lower_ == "war":  # "prisoners of war of the Ukrainian Armed Forces": whose army
                    pobj = next((g for p in pobj.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), pobj)
                if (key := ctx.state_of(ctx.head_actor(pobj))) and not _unit_served_in(ctx, key, noun):
                    return key
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if following is not None and following.lower_ == "from" and following.dep_ == "prep":
        # "150 prisoners from the Ukrainian side" (however the parser attaches "from"): that side's people
        for pobj in (c for c in following.children if c.dep_ == "pobj" and in_lexicon(c, "side_nouns")):
            for word in (c for c in pobj.children if c.dep_ in ("amod", "compound", "poss")):
                if key := ctx.state_of(ctx.key_at_token(word)):
                    return key
        # "33 prisoners from Haftar's militias were released": that party's people, unless the
        # verb brings them back from there ("Kyiv received 95 soldiers from Russia") or they are
        # released from there ("the release of 16 people from Russia", but not "in exchange of 15
        # prisoners from the GNA")
        brought_back = verb is not None and (verb.lemma_ in _RECEIVE or in_lexicon(verb, "homecoming_verbs")
                                             or in_lexicon(verb, "retrieval_verbs"))
        in_return = noun.dep_ == "pobj" and noun.head.head.head.lower_ == "in"
        if following.head.i == noun.i and not brought_back and (in_return or _released_from(ctx, noun) is None):
            for pobj in (c for c in following.children if c.dep_ == "pobj"):
                if (key := ctx.state_of(ctx.key_at_token(pobj))) is not None and ctx.actors.get(key).type != "Person":
                    return key
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and _homecoming(noun.head.head) and noun.head.head.dep_ == "dobj":
        # "Ukraine announced the return home of 230 soldiers": who tells of the return gets its people back
        keys = subject_keys(ctx, noun.head.head.head)
        return keys[0] if len(keys) == 1 else None
    return None


def _state_lived_in(ctx: ArticleContext, kin: Token) -> str | None:
    """The state of "(their relatives) in Ukraine"."""
    return next((key for prep in kin.children if prep.dep_ == "prep" and prep.lower_ == "in"
                 for place in prep.children if place.dep_ == "pobj" and (key := ctx.state_of(ctx.head_actor(place)))), None)


def _holders(ctx: ArticleContext, holding: Token) -> list[str]:
    """The states that held the people: "held by X", "detained in Russia"; several for "held in
    the United States, Germany and Poland" (then no one of them released the figure alone). A
    place in a state ("detained in Al Fasher", "held hostage in southwest Colombia") says where
    they were, not who held them."""
    keys = []
    for prep in (c for c in holding.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in")
                 and misattached_origin(c) is None):  # not "returned through mediation efforts by the UAE"
        held_in = prep.lower_ == "in"
        if held_in and (not in_lexicon(holding, "confinement_verbs")
                        or any(c.dep_ in ("oprd", "xcomp", "dobj", "attr") for c in holding.children)):
            continue
        for name in (n for pobj in prep.children if pobj.dep_ == "pobj" for n in listed(pobj)):
            key = ctx.key_at_token(name) if held_in else ctx.state_of(ctx.head_actor(name))
            if key and (not held_in or ctx.actors.get(key).type == "State" and not any(
                    c.dep_ in ("compound", "amod") for c in name.children)):
                keys.append(key)
    return list(dict.fromkeys(keys))


def _released_from(ctx: ArticleContext, noun: Token) -> str | None:
    """Who lets go the people of "the release of 16 people from Russia": the side after "from"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or not in_lexicon(noun.head.head, "exchange_nouns"):
        return None
    for prep in (c for node in (noun, noun.head.head) for c in node.children if c.dep_ == "prep" and c.lower_ == "from"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if (key := ctx.state_of(ctx.head_actor(pobj))) is not None:
                return key
    return None


def _releaser_of_the_release(ctx: ArticleContext, noun: Token) -> str | None:
    """Who lets go the people of a release told as a noun: "the release of 40 prisoners by X",
    "X's release of 40 prisoners", "X announced (ordered, completed) the release of 40 prisoners"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or not in_lexicon(noun.head.head, "release_nominals"):
        return None
    release = noun.head.head
    agents = [p for node in (noun, release) for c in node.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
              for p in c.children if p.dep_ == "pobj"]
    agents += [c for c in release.children if c.dep_ == "poss"]
    for agent in agents:
        if (key := ctx.state_of(ctx.head_actor(agent))) is not None:
            return key
    if release.dep_ == "dobj" and in_lexicon(release.head, "release_performing_verbs"):
        # a side, not an office of no named state ("the Ministry of Justice ordered ..."); a state
        # that announces a release may be its mediator ("Qatar announced the release of 24
        # hostages"), an armed group announces its own
        announcing = in_lexicon(release.head, "announcing_verbs")
        keys = [key for key in subject_keys(ctx, release.head) if key not in ctx.non_sides and (
            key in ctx.actors.gazetteer.entries or not _names_an_office(ctx.actors.get(key).name))
            and not (announcing and ctx.actors.get(key).type == "State")]
        return keys[0] if len(keys) == 1 else None
    return None


def _names_an_office(name: str) -> bool:
    """"Ministry of Justice", "Presidential Office": a government body, which acts for a state."""
    return any(word in terms("office_nouns") for word in name.lower().split())


def _held_in_state(ctx: ArticleContext, noun: Token) -> str | None:
    """The state of "the release of 123 prisoners in Belarus": prisoners in a state (named as a
    whole, not "the Ukrainian part of Donbas") are held by it."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or not in_lexicon(noun.head.head, "exchange_nouns") \
            or not in_lexicon(noun, "held_people_nouns"):
        return None
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "in"):
        for place in (c for c in prep.children if c.dep_ == "pobj" and not any(g.dep_ in ("compound", "amod") for g in c.children)):
            key = ctx.key_at_token(place)
            if key and ctx.actors.get(key).type == "State":
                return key
    return None


def _unit_served_in(ctx: ArticleContext, key: str, noun: Token) -> bool:
    """"one soldier of the State Transport Special Service": a unit the soldiers served in, not a
    side whose people they are (an organisation the gazetteer does not know as a party)."""
    actor = ctx.actors.get(key)
    return actor.type == "Organization" and key not in ctx.actors.gazetteer.entries and military_people(noun)


def _homecoming(nominal: Token) -> bool:
    """"the return of", "the return home of", "the homecoming of": people coming back to their side."""
    return in_lexicon(nominal, "homecoming_nouns") or (
        nominal.lower_ == "home" and any(c.dep_ == "compound" and in_lexicon(c, "homecoming_nouns") for c in nominal.children))


def find_releaser(ctx: ArticleContext, head: Token, count: Count) -> None:
    """Fill ``count.releaser`` (or ``owner``/``mutual``) from the verb around ``head``."""
    verb = clause_verb(head)
    participle = next((c for c in (head.children if count.noun is None or head.like_num else count.noun.children)
                       if c.dep_ == "acl" and c.tag_ == "VBN" and in_lexicon(c, "release_verbs")), None)
    if participle is not None and (agents := [p for a in participle.children if a.dep_ == "agent"
                                              for p in a.children if p.dep_ == "pobj"]):
        # "40 hostages released by Hamas and 120 prisoners freed by Israel": each by its own agent
        count.releaser = ctx.state_of(ctx.head_actor(agents[0]))
    elif participle is not None and (origins := [p for a in participle.children if a.dep_ == "prep" and a.lower_ == "from"
                                                 and misattached_origin(a) is None for p in a.children if p.dep_ == "pobj"]):
        # "the deal will see 1,700 prisoners released from Houthi custody"
        count.releaser = ctx.state_of(ctx.head_actor(origins[0]))
    elif verb is not None and head.dep_ == "dobj" and (vehicle := carrying_vehicle(verb)) is not None:
        origin = vehicle_origin(vehicle, verb)  # "a flight carrying 120 detainees left Saudi Arabia": who let them go
        count.releaser = ctx.state_of(ctx.head_actor(origin)) if origin is not None else None
    elif verb is not None and head.dep_ == "nsubj" and verb.lemma_ == "go" and is_homecoming(verb):
        keys = subject_keys(ctx, verb.head)  # "the Houthis let 181 captives go"
        count.releaser = keys[0] if len(keys) == 1 else None
    elif verb is not None and in_lexicon(verb, "release_verbs"):
        if head.dep_ == "dobj" or (head.dep_ == "conj" and head.head.dep_ == "dobj"):
            keys = subject_keys(ctx, verb)
            if not keys and verb.dep_ == "acl" and verb.head.dep_ == "dobj" and in_lexicon(verb.head, "decree_nouns"):
                keys = subject_keys(ctx, verb.head.head)  # "Lukashenko signed a decree pardoning 30 people"
            if verb.lemma_ in _RECEIVE or (in_lexicon(verb, "retrieval_verbs") and is_homecoming(verb)) or (
                    in_lexicon(verb, "repatriation_verbs") and count.owner is None) or (
                    in_lexicon(verb, "retrieval_verbs") and count.owner is None and (_honoured_dead(count.noun) or _achieved(verb))):
                # "Ukraine received 909 bodies from Russia", "Kyiv brought home 230 soldiers", "Kyiv
                # repatriated 121 bodies" (not "50 Eritrean prisoners"), "Ukraine returned the bodies
                # of 909 fallen soldiers", "Ukraine managed to return 116 people": the receiver's
                # people, the giver releases
                count.owner = keys[0] if len(keys) == 1 else count.owner
                for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        count.releaser = ctx.state_of(ctx.head_actor(pobj)) or count.releaser
            elif len(keys) == 1 and verb.lemma_ not in terms("swap_verbs"):
                count.releaser = keys[0]  # not "Russia proposes exchanging 1,200 soldiers": a swap goes both ways
            elif len(keys) > 1:
                count.mutual = keys
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                count.each_side = count.each_side or any(
                    t.lower_ == "each" for t in (*verb.children, *head.children, *(g for s in subjects for g in s.children)))
        elif head.dep_ == "nsubjpass" or (head.dep_ == "nsubj" and verb.i != head.head.i):
            # "... are freed by X", "... are to be released by X" (the subject raised from the release)
            for child in verb.children:
                if (child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ == "from") and misattached_origin(child) is None:
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        if key := ctx.state_of(ctx.head_actor(pobj)):
                            count.releaser = key
        elif head.dep_ == "nsubj" and in_lexicon(verb, "homecoming_verbs"):
            # "207 Ukrainians came home from Russian captivity": the captor released them
            places = (verb, *(c for c in verb.children if c.dep_ in ("advmod", "prt")))
            for prep in (c for node in places for c in node.children if c.dep_ == "prep" and c.lower_ == "from"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if key := ctx.state_of(ctx.head_actor(pobj)):
                        count.releaser = key
    if count.releaser is None and count.noun is not None and _released_from(ctx, count.noun):
        count.releaser = _released_from(ctx, count.noun)  # "the release of 16 people from Russia"
    if count.releaser is None and count.noun is not None:
        count.releaser = _releaser_of_the_release(ctx, count.noun)
    if count.releaser is None and count.noun is not None and (state := _held_in_state(ctx, count.noun)):
        count.releaser = state  # "the release of 123 political prisoners in Belarus"
    if count.releaser is None:
        # "300 prisoners held by X": the captor lets them go; the parser may read the reduced
        # relative as the clause ("Three Indonesians held hostage by X saw their release")
        holders = [t for t in head.subtree if t.i != head.i]
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in HOLDING_VERBS:
            holders.append(head.head)
        for token in holders:
            # "held by X", "taken hostage by X": the captor
            if token.lemma_ in HOLDING_VERBS or in_lexicon(token, "taking_verbs") and any(in_lexicon(c, "hostage_nouns") for c in token.children):
                holders_named = _holders(ctx, token)
                if len(holders_named) == 1:
                    count.releaser = holders_named[0]
                count.joint = count.joint or len(holders_named) > 1
    if count.releaser is None and count.owner is None and count.noun is not None:
        count.releaser = _releaser_of_relative_clause(ctx, count.noun) or _custodian(ctx, count.noun) \
            or _holder_named_earlier(ctx, count.noun)
    if count.releaser is None and count.owner is None:
        count.releaser = _released_by_next(ctx, head)


def _holder_named_earlier(ctx: ArticleContext, noun: Token) -> str | None:
    """"The release of police officers kidnapped by X was confirmed after five officers regained
    their freedom": the same people named earlier in the sentence with their captor."""
    sent = sentence_of(noun)
    for same in (t for t in ctx.doc[sent.start:noun.i] if t.lemma_ == noun.lemma_ and t.pos_ == "NOUN"):
        holders = [h for c in same.children if c.dep_ == "acl" and c.lemma_ in HOLDING_VERBS for h in _holders(ctx, c)]
        if len(holders) == 1:
            return holders[0]
    return None


def _honoured_dead(noun: Token | None) -> bool:
    """"909 fallen soldiers", "fallen defenders": the dead a side honours are its own."""
    return noun is not None and any(c.dep_ == "amod" and in_lexicon(c, "honoured_dead_adjectives") for c in noun.children)


def _achieved(verb: Token) -> bool:
    """"managed to return 116 people", "succeeded in bringing back": a side gets its own back."""
    return verb.dep_ in ("xcomp", "pcomp") and (in_lexicon(verb.head, "achieving_verbs") or in_lexicon(verb.head.head, "achieving_verbs"))


def custody_places(token: Token) -> list[Token]:
    """The custody an "in" phrase on ``token`` puts people in: "400 in Israeli custody",
    "prisoners in Houthi jails"."""
    return [p for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children
            if p.dep_ == "pobj" and in_lexicon(p, "custody_nouns")]


def _custodian(ctx: ArticleContext, noun: Token) -> str | None:
    """Whose custody the people are in: the holder the custody phrase names."""
    return next((key for place in custody_places(noun) if (key := ctx.state_of(ctx.head_actor(place)))), None)


def _releaser_of_relative_clause(ctx: ArticleContext, noun: Token) -> str | None:
    """"28 hostages that Hamas is required to return", "a total of 40 detainees the Houthis
    freed": the subject of the people's relative clause of release lets them go."""
    people = [noun, *(o for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for o in prep.children if o.dep_ == "pobj")]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        people.append(noun.head.head)  # the parser may hang the clause on "a total of"
    for clause in (c for person in people for c in person.children if c.dep_ == "relcl"):
        # "28 hostages that Hamas is required to return", "five detainees that Israel said it would free"
        told = (c for c in clause.children if c.dep_ == "xcomp" or c.dep_ == "ccomp" and in_lexicon(clause, "attribution_verbs"))
        if not any(in_lexicon(v, "release_verbs") for v in (clause, *told)):
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP")), None)
        if subject is not None:
            return ctx.state_of(ctx.head_actor(subject))
    return None


def _released_by_next(ctx: ArticleContext, head: Token) -> str | None:
    """"... the release of 10 foreigners. They were released by Russian-backed separatists": the
    agent of the next sentence's release, told of the same people by a pronoun."""
    agent = _agent_of_next_release(sentence_of(head)[-1])
    return ctx.state_of(ctx.head_actor(agent)) if agent is not None else None


@per_token
def _agent_of_next_release(last: Token) -> Token | None:
    """The agent of "They were released by X" in the sentence after the one ``last`` ends: once per sentence."""
    doc = last.doc
    if last.i + 1 >= len(doc):
        return None
    subject = next((t for t in sentence_of(doc[last.i + 1]) if t.dep_ == "nsubjpass"), None)
    verb = subject.head if subject is not None else None
    if subject is None or subject.lower_ not in terms("plural_pronouns") or not in_lexicon(verb, "release_verbs"):
        return None
    return next((p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
