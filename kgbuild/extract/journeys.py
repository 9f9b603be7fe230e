"""How news tells released people travelling home: a homecoming ("came home", "were brought
back"), a vehicle carrying them ("a flight carrying 120 detainees"), where it set out from, and a
vehicle that was lost with people aboard (a figure, not a release)."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import terms
from .tokens import in_lexicon, path_to_root


def is_homecoming(token: Token) -> bool:
    """A release told as a return: "came home", "were brought back", "arrived from captivity",
    "are on their way home", as letting go ("let 181 captives go"), as the held leaving where
    they were held ("the 13 hostages would leave Gaza"), or as freedom regained ("five officers
    regained their freedom")."""
    if token.lemma_ == "be":
        return any(way.lower_ == "way" and _towards_a_goal(way) for prep in token.children
                   if prep.dep_ == "prep" and prep.lower_ == "on" for way in prep.children)
    if token.pos_ != "VERB":
        return False
    if token.lemma_ == "go" and token.head.lemma_ == "let" and token.dep_ in ("ccomp", "xcomp"):
        return True
    if in_lexicon(token, "regaining_verbs"):
        return any(c.dep_ == "dobj" and in_lexicon(c, "freedom_nouns") for c in token.children)
    if in_lexicon(token, "leaving_verbs"):
        return any(c.dep_ == "dobj" for c in token.children) and any(
            c.dep_ == "nsubj" and in_lexicon(c, "held_people_nouns") for c in token.children)
    if not in_lexicon(token, "homecoming_verbs"):
        return False
    for child in token.children:
        if child.dep_ in ("advmod", "prt") and child.lower_ in terms("homecoming_adverbs"):
            return True
        if child.dep_ == "prep" and child.lower_ == "from" and any(g.lower_ == "captivity" for g in child.children):
            return True
    # "has brought back home 106 servicemen": the parser may hang the adverbs on the number
    return any(t.pos_ == "ADV" and t.lower_ in terms("homecoming_adverbs") for t in token.doc[token.i + 1:token.i + 3])


def _towards_a_goal(way: Token) -> bool:
    """"on their way home", "on their way to freedom": the way leads home or to freedom."""
    return any(c.dep_ in ("advmod", "npadvmod") and in_lexicon(c, "journey_goals") for c in way.children) or any(
        in_lexicon(g, "journey_goals") for prep in way.children if prep.dep_ == "prep" and prep.lower_ == "to"
        for g in prep.children if g.dep_ == "pobj")


def carrying_vehicle(token: Token) -> Token | None:
    """The vehicle a verb of carrying is said of ("a flight carrying 120 detainees", "buses
    transported the prisoners"): released people on their way home, else None."""
    if not in_lexicon(token, "carrying_verbs"):
        return None
    verbs = [token]
    for node in path_to_root(token)[1:4] if token.dep_ in ("acl", "advcl", "xcomp") else ():
        if in_lexicon(node, "vehicle_nouns"):  # "a flight carrying 120 detainees"
            return node
        if node.pos_ == "VERB":  # "the flight ... took off (at dawn) carrying 120 detainees"
            verbs.append(node)
            break
    return next((c for verb in verbs for c in verb.children if c.dep_ == "nsubj" and in_lexicon(c, "vehicle_nouns")), None)


def per_vehicle(verb: Token | None) -> bool:
    """The count is carried by several vehicles ("planes carrying 48 prisoners each")."""
    vehicle = carrying_vehicle(verb) if verb is not None else None
    return vehicle is not None and vehicle.tag_ in ("NNS", "NNPS")


def aboard_a_lost_vehicle(noun: Token) -> bool:
    """"The crash of a plane that Moscow says was carrying 65 Ukrainian soldiers", "shot down the
    plane carrying prisoners": people aboard a vehicle that was lost (a figure, not a release)."""
    path = path_to_root(noun)[1:8]
    vehicle = next((t for t in path if in_lexicon(t, "vehicle_nouns")), None) or next(
        (c for t in path for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and in_lexicon(c, "vehicle_nouns")), None)
    if vehicle is None:
        return False
    around = [vehicle.head, *((vehicle.head.head,) if vehicle.head.lower_ == "of" else ()), *vehicle.children, *path]
    return any(in_lexicon(t, "vehicle_loss_words") for t in around)


def vehicle_origin(vehicle: Token, carrying: Token) -> Token | None:
    """Where a vehicle set out from: "the flight from Abha", "a plane ... left Saudi Arabia",
    "buses ... took off from Ofer prison", "buses carried them from Ofer"."""
    places = [vehicle, carrying]
    if vehicle.dep_ == "nsubj" and in_lexicon(vehicle.head, "departure_verbs"):
        verb = vehicle.head
        places += [verb, *(c for c in verb.children if c.dep_ in ("prt", "advmod"))]
        left = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if left is not None and verb.lemma_ == "leave":
            return left
    return next((pobj for node in places for prep in node.children if prep.dep_ == "prep" and prep.lower_ == "from"
                 for pobj in prep.children if pobj.dep_ == "pobj"), None)
