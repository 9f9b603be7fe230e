"""Where talks were held: the place a talks mention names ("in X", "X talks", "the Saudi city of
X", "the city of X, where talks ..."), the states named only to situate them, and a country named
as the venue of talks held in one of its cities."""

from __future__ import annotations

from spacy.tokens import Token

from ..facts import Negotiation
from .context import ArticleContext
from .lexicon import terms
from .syntax import entity_of
from .tokens import in_lexicon, path_to_root, sentence_of

_DELEGATION = terms("delegation_nouns")
_TRAVEL_VERBS = terms("travel_verbs")
_PLACE_LABELS = ("GPE", "LOC")
_SETTLEMENTS = terms("settlement_nouns")


def place_named(token: Token) -> str | None:
    """The place a pobj or compound names, when NER calls it a place; for "the Saudi city of
    Jeddah" and "the Omani capital Muscat", the city; for "the Dolmabahce Palace in Istanbul"
    (a building), the city it is in."""
    if token.lower_ in _SETTLEMENTS and token.is_title and token.i and token.nbor(-1).ent_type_ in _PLACE_LABELS:
        return token.doc[entity_of(token.nbor(-1)).start:token.i + 1].text  # "Mexico City", "Panama City": a name
    if token.lower_ in _SETTLEMENTS:  # before NER, which may call "Kazakh city" a place
        for child in token.children:
            if child.dep_ in ("appos", "compound") and child.i > token.i and (place := place_named(child)):
                return place
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if place := place_named(pobj):
                        return place
        # "in the Omani capital": the state's demonym, read as its name by venue_name
        return next((c.text for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i
                     and c.ent_type_ in ("NORP", "GPE")), None)
    if token.ent_type_ in _PLACE_LABELS:
        return entity_of(token).text
    if token.ent_type_ == "FAC":
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if place := place_named(pobj):
                    return place
    return None


def place_or_its_place(token: Token) -> str | None:
    """The place a phrase names, or that of the building it names: "the prime minister's residence
    in Putrajaya", "a ceremony in Doha"."""
    return place_named(token) or next((place for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
                                       for pobj in prep.children if pobj.dep_ == "pobj" and (place := place_named(pobj))), None)


def venue_name(ctx: ArticleContext, place: str | None) -> str | None:
    """The name of a place found by :func:`locate`: a demonym ("the Omani capital") is its state,
    and a building the gazetteer places in a city ("the Dolmabahce Palace") is that city."""
    gazetteer = ctx.actors.gazetteer
    entry = gazetteer.demonym(place) if place else None
    if entry is not None and entry.type == "State":
        return entry.name
    entry = gazetteer.lookup(place) if place else None
    if entry is not None and entry.type == "Place" and entry.of in gazetteer.entries:
        return gazetteer.entries[entry.of].name
    return place


def paired_name(token: Token) -> Token | None:
    """The name hyphenated to ``token`` ("US-Russia talks", "Armenia-Azerbaijan talks"): the two
    name the sides, not the place. None when there is none."""
    doc = token.doc
    for dash, other in ((token.i - 1, token.i - 2), (token.i + 1, token.i + 2)):
        if 0 <= other < len(doc) and doc[dash].text == "-" and doc[other].ent_type_ in ("GPE", "NORP", "ORG"):
            return doc[other]
    return None


def verb_of_pobj(token: Token) -> Token | None:
    """The verb a talks noun is the goal of: "returned to the negotiating table", "sat at the
    table", "travelled to the talks"."""
    verb = token.head.head
    if verb.pos_ == "ADV" and verb.dep_ == "advmod":
        verb = verb.head  # "went back to the table"
    if token.dep_ != "pobj" or token.head.lower_ not in ("to", "at") or verb.pos_ != "VERB":
        return None
    setting = in_lexicon(token, "talks_setting_nouns")
    return verb if verb.lemma_ in _TRAVEL_VERBS or (setting and in_lexicon(verb, "talks_verbs")) else None


def subjectless_root(token: Token) -> Token | None:
    """The sentence's verb when the parser hung the talks noun, its subject, on an earlier
    phrase: "With Petro and Diaz-Canel present, the third round of talks closed in Havana" (a
    subject before the talks noun is a misread dateline, "Havana, June 9 --")."""
    root = sentence_of(token).root
    if token.dep_ not in ("appos", "conj") or root.pos_ != "VERB" or root.i < token.i or any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i for c in root.children):
        return None
    return root


def _delegation_sent(token: Token) -> tuple[Token, ...]:
    """A delegation noun and the verb that leads or sends it ("who led the US delegation to X"):
    where either goes "to" is where the delegation met the other side."""
    if token.lower_ not in terms("delegation_nouns"):
        return ()
    led = token.dep_ == "dobj" and in_lexicon(token.head, "delegation_verbs")
    return (token, token.head) if led else (token,)


def locate(token: Token) -> str | None:
    nodes = [token]
    if (root := subjectless_root(token)) is not None:
        nodes.append(root)
    if token.head.lower_ == "of" and in_lexicon(token.head.head, "round_nouns"):  # "rounds of talks" too
        nodes.append(token.head.head)
    nodes.extend(n.head for n in list(nodes) if n.head.pos_ == "VERB")
    # "sitting face-to-face in Riyadh, as the talks began": the clause the talks' verb depends on
    nodes.extend(n.head for n in list(nodes) if n.pos_ == "VERB" and n.dep_ in ("advcl", "conj") and n.head.pos_ == "VERB")
    if verb_of_pobj(token) is not None:
        nodes.append(verb_of_pobj(token))  # "returned to the negotiating table in Jeddah"
    # "flew to Doha for talks", "sent a delegation, led by X, to Doha for talks", "hosted the
    # delegations for a third round of talks"
    journeys = tuple(n.head.head for n in nodes[:1] + [n for n in nodes[1:] if in_lexicon(n, "round_nouns")]
                     if n.head.lower_ == "for" and n.head.head.pos_ == "VERB")
    nodes.extend(journeys)
    parties = [q for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("with", "between")
               for p in prep.children if p.dep_ == "pobj" for q in (p, *p.conjuncts)]
    if token.pos_ == "VERB":  # "Witkoff met Araghchi in Muscat", the place hung on the one met
        parties.extend(c for c in token.children if c.dep_ == "dobj")
        # "Last month in Montreux, the sides agreed": the place hung on the time
        nodes.extend(c for c in token.children if c.dep_ == "npadvmod")
    nodes.extend(parties)  # "talks with the rebels in Oslo": the place may hang from the other party
    for clause in (c for c in token.children if c.dep_ == "acl" or c.dep_ == "relcl" and in_lexicon(c, "talks_verbs")):
        # "a delegation led by X in Minsk": the place may hang from the leader's name;
        # "the delegation that negotiated their release in Tehran"
        nodes.append(clause)
        nodes.extend(p for a in clause.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj")
        if clause.dep_ == "relcl":  # "that negotiated their release in Tehran": the place may hang on the object
            nodes.extend(c for c in clause.children if c.dep_ == "dobj")
    sent_to = _delegation_sent(token)
    for node in nodes:
        # "travelled to Sanaa for talks", "led the delegation to Minsk": a journey's end is where the talks are
        place_preps = terms("journey_end_preps") if node.lemma_ in _TRAVEL_VERBS or node in sent_to or node in journeys \
            else ("in", "at")
        for child in node.children:
            if child.dep_ == "compound" and node.lower_ not in _DELEGATION and node not in parties \
                    and paired_name(child) is None and (place := place_named(child)):
                return place
            if child.dep_ == "prep" and (child.lower_ in place_preps or in_lexicon(child, "island_preps")):
                # "on the island of Antigua" is a place, "talks on Gaza" a topic
                for pobj in (c for c in child.children if c.dep_ == "pobj" and (
                        child.lower_ in place_preps or c.lower_ in _SETTLEMENTS)):
                    if place := place_or_its_place(pobj):
                        return place
    for node in token.subtree:
        # "talks on a new release held in Muscat": the parser hangs "held" on the topic noun
        if (in_lexicon(node, "holding_talks_verbs") or in_lexicon(node, "signing_verbs")) and node.pos_ == "VERB":
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if place := place_named(pobj):
                        return place
    for verb in (v for v in journeys if in_lexicon(v, "host_cues")):
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            if place := place_named(subject):
                return place  # "Brest hosted Russian and Ukrainian diplomats for talks"
    for node in path_to_root(token)[:3]:
        # "the city of Jeddah, where talks ... brought the delegations together"
        if node.dep_ == "relcl" and any(c.lower_ == "where" for c in node.children):
            return place_named(node.head) or place_named(node.head.head)
    return None


def states_around_place(ctx: ArticleContext, place: str | None) -> set[str]:
    """States named only to situate the talks ("in Muscat, Oman", "the Saudi city of Jeddah",
    "in Havana" for Cuba): not sides of the talks unless the text makes them parties."""
    found: set[str] = set()
    only_a_place: dict[str, bool] = {}  # venue -> all its mentions are places (checked once per venue)
    for ent in ctx.ents:
        if place is None or ent.text != place:
            continue
        found.update(k for t in ent.root.children if t.dep_ == "appos" and (k := ctx.state_of(ctx.key_at_token(t))))
        found.update(_states_of_its_settlement(ctx, ent.root))
        venue = ctx.key_at_token(ent.root)
        if venue and venue not in only_a_place:
            only_a_place[venue] = all(_only_a_place(ctx, m.span.start) for m in ctx.actors.get(venue).mentions)
        if venue and only_a_place[venue]:
            found.add(venue)  # "talks in Havana", Cuba named nowhere else
    return found


def _states_of_its_settlement(ctx: ArticleContext, place: Token) -> set[str]:
    """"the Saudi city of Jeddah", "the Omani capital Muscat", "Egypt's resort of Sharm el-Sheikh":
    the states that qualify the settlement noun a place name belongs to."""
    settlement = next((node for node in (place.head, place.head.head) if node.lower_ in _SETTLEMENTS), None)
    if settlement is None:
        return set()
    return {k for t in settlement.children if t.dep_ in ("amod", "compound", "poss") and t.i < settlement.i
            if (k := ctx.state_of(ctx.key_at_token(t)))}


def _only_a_place(ctx: ArticleContext, start: int) -> bool:
    """True when the mention starting at this character is a place ("in Havana", "Muscat, Oman")."""
    span = ctx.doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    while token.dep_ in ("compound", "appos") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "near")


def country_to_city(ctx: ArticleContext, mentions: list) -> set[str]:
    """"talks in Bern" ... "negotiations in Switzerland": a country named as the place of talks
    held in one of its cities is that city (one round, not two). Returns the states named as
    venues by their country's name (a capital may be a side's own: "met Lukashenko in Minsk")."""
    cities: dict[str, str] = {}
    venues: set[str] = set()
    for m in mentions:
        if (state := state_of_place(ctx, m.location)) and state.name != m.location:
            cities.setdefault(state.id, m.location)
    placed = _cities_placed_in(ctx)
    for m in mentions:  # "talks in Jeddah, Saudi Arabia": a city the talks are placed in, where the article puts it
        for state, names in placed.items():
            if m.location in names:
                cities.setdefault(state, m.location)
    # "signed in Havana" ... "talks in the Cuban capital": the capital the article names as a place
    for ent in ctx.ents:
        if (state := state_of_place(ctx, ent.text)) and state.name != ent.text and _only_a_place(ctx, ent.start_char):
            placed.setdefault(state.id, set()).add(ent.text)
    for m in mentions:
        if (state := state_of_place(ctx, m.location)) and state.name == m.location:
            venues.add(state.id)
            only = placed.get(state.id, set())
            m.location = cities.get(state.id) or (next(iter(only)) if len(only) == 1 else m.location)
    return venues


def _cities_placed_in(ctx: ArticleContext) -> dict[str, set[str]]:
    """The cities the article places in a country ("in Sanaa, Yemen", "SANAA, Yemen", "the Egyptian
    resort city of Sharm el-Sheikh"), by state: "the Yemeni capital" is Sanaa when Sanaa is the
    one Yemeni city named so."""
    placed: dict[str, set[str]] = {}
    ents = ctx.ents
    for ent in ents:
        if ent.label_ in _PLACE_LABELS and state_of_place(ctx, ent.text) is None:
            for state in _states_of_its_settlement(ctx, ent.root):
                placed.setdefault(state, set()).add(ent.text)
    for city, country in zip(ents, ents[1:]):
        if city.label_ != "GPE" or country.label_ != "GPE" or country.start != city.end + 1 \
                or ctx.doc[city.end].text != ",":
            continue
        state = state_of_place(ctx, country.text)
        if state is not None and state_of_place(ctx, city.text) is None:
            placed.setdefault(state.id, set()).add(city.text)
    return placed


def venue_states(ctx: ArticleContext, negotiations: list[Negotiation]) -> set[str]:
    """States that are only where talks were held ("negotiations in Switzerland", "talks in
    Bern"): not sides of the exchanges the talks agreed."""
    parties = {p for n in negotiations for p in n.parties}
    return {state.id for n in negotiations if (state := state_of_place(ctx, n.location)) and state.id not in parties}


def state_of_place(ctx: ArticleContext, place: str | None):
    """The gazetteer's state a place name stands for (the state itself or its capital), if any."""
    entry = ctx.actors.gazetteer.lookup(place) if place else None
    return entry if entry is not None and entry.type == "State" else None


def placed_here(verb: Token) -> bool:
    """True when the verb itself is placed: "agreed in Montreux", "last month in Montreux, ... agreed",
    "signed at a ceremony in Doha"."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at")
               and any(place_or_its_place(o) for o in c.children if o.dep_ == "pobj")
               for node in (verb, *(c for c in verb.children if c.dep_ == "npadvmod")) for c in node.children)
