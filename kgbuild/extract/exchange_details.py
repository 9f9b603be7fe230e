"""Details of an exchange found around its counts: intermediaries, transit countries,
categories of the people released, and the date of the event."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Exchange
from .context import ArticleContext
from .dates import resolve_date
from .lexicon import mapping, terms
from .releasers import owner_of
from .syntax import antecedent, entity_of, hyphen_prefix, misattached_origin, speaker_of_pronoun, subjects_of
from .tokens import in_lexicon, path_to_root


@functools.cache
def _category_cue_pattern() -> re.Pattern:
    """One pattern for every cue of ``category_cues``, each a whole word or phrase (longest first),
    not a possessive ("a children's hospital")."""
    cues = sorted(mapping("category_cues"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, cues)) + r")(?![\w-]|['’]s\b)")


def sentence_categories(text: str) -> set[str]:
    """The categories of people a sentence's words name ("wounded", "women", "children")."""
    cues, found = mapping("category_cues"), set()
    pattern, lowered, start = _category_cue_pattern(), text.lower(), 0
    while (match := pattern.search(lowered, start)) is not None:
        found.add(cues[match.group(1)])
        start = match.start() + 1  # cues may overlap ("seriously wounded", "wounded")
    return found


def _actors_of_phrase(ctx: ArticleContext, token: Token, listed: bool = True) -> list[str]:
    """The sides a phrase names, with those listed beside it unless ``listed`` is false (a person
    stands for their state; media name no side)."""
    keys = []
    token = antecedent(speaker_of_pronoun(token))
    for part in (token, *token.conjuncts) if listed else (token,):
        key = ctx.head_actor(part)
        if key is None:
            continue
        actor = ctx.actors.get(key)
        if actor.type == "Person":
            key = ctx.person_states.get(key)
        elif actor.type == "Media":
            key = None
        elif ctx.is_state_body(key):
            key = ctx.state_of(key)  # "mediated by Turkey's intelligence agency": Turkey mediated
        if key and key not in keys:
            keys.append(key)
    return keys


def intermediaries_in(ctx: ArticleContext, sent: SpacySpan, handed_to: bool = True) -> list[str]:
    """Mediators named in a sentence: "mediated by X", "with the help of X", "X was identified
    as the intermediary", "X's mediation (efforts)", and unless ``handed_to`` is false, a
    neutral body people are given to ("handed over to the ICRC")."""
    found: list[str] = []
    for thanks in ctx.tokens_in(sent, "gratitude_verbs"):  # "thanking Trump for his role in the deal"
        if thanks.pos_ == "VERB" and any(in_lexicon(o, "credited_deeds") for p in thanks.children if p.dep_ == "prep"
                                         and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"):
            own = {ctx.person_states.get(k, k) for s in subjects_of(thanks) for k in _actors_of_phrase(ctx, s)}
            found.extend(k for o in thanks.children if o.dep_ == "dobj" for k in _actors_of_phrase(ctx, o)
                         if k not in found and k not in ctx.explicit_sides and ctx.person_states.get(k, k) not in own)
    for token in ctx.tokens_in(sent, "intermediary_cues", *(("release_verbs",) if handed_to else ())):
        phrases: list[Token] = []
        if in_lexicon(token, "intermediary_cues"):
            if token.pos_ in ("NOUN", "PROPN") and (token.dep_ == "compound" and token.head.pos_ == "PROPN" or token.dep_ == "appos"):
                phrases.append(token.head)  # "a plane sent by mediator Qatar", "Qatar, the mediator, said"
            elif token.dep_ == "compound" and token.head.pos_ == "NOUN":
                token = token.head  # "its mediation efforts", "used mediation efforts": the phrase's noun
            phrases.extend(c for node in path_to_root(token)[1:3] for prep in node.children if misattached_origin(prep) == token
                           for c in prep.children if c.dep_ == "pobj")  # "handed to mediators from Oman"
            after = token.nbor(1) if token.pos_ == "NOUN" and token.i + 1 < sent.end else None
            if after is not None and after.dep_ in ("prep", "agent") and after.lower_ == "by" and after.head.i != token.i:
                phrases.extend(c for c in after.children if c.dep_ == "pobj")  # "following mediation by X", hung on the verb
            for child in token.children:
                if child.dep_ == "agent" or (child.dep_ == "prep" and in_lexicon(child, "mediator_preps")):
                    phrases.extend(c for c in child.children if c.dep_ == "pobj")
                    if not any(c.dep_ == "pobj" for c in child.children):  # the name alone: its list may be another phrase's
                        named = [k for name in _name_after(child) for k in _actors_of_phrase(ctx, name, listed=False)]
                        found.extend(k for k in named if k not in found)
                elif child.dep_ == "acl" and in_lexicon(child, "lead_verbs"):  # "mediation efforts led by Qatar and Egypt"
                    phrases.extend(p for agent in child.children if agent.dep_ == "agent" for p in agent.children if p.dep_ == "pobj")
                elif child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and token.pos_ == "NOUN"):
                    phrases.append(child)
                    # "Turkish-Russian mediation": the parser hangs the first of the joined pair on the second
                    phrases.extend(g for g in child.children if g.dep_ in ("amod", "compound") and g.i == child.i - 2
                                   and g.nbor(1).text in ("-", "–", "/"))
            if not in_lexicon(token.head, "peace_nouns"):  # "a UAE-mediated exchange" (not "a UN-brokered ceasefire")
                phrases.extend(hyphen_prefix(token))
            if token.pos_ == "VERB" and not phrases and token.dep_ not in ("pcomp", "acl", "xcomp"):
                phrases.extend(c for c in token.children if c.dep_ == "nsubj")
            elif token.pos_ == "VERB" and not phrases and token.dep_ == "pcomp" and token.head.lower_ == "in" \
                    and in_lexicon(token.head.head, "succeeding_verbs"):  # "the UAE said it had succeeded in mediating"
                phrases.extend(c for c in token.head.head.children if c.dep_ == "nsubj")
            if token.pos_ == "VERB" and token.dep_ == "pcomp" and token.head.lower_ == "for" \
                    and in_lexicon(token.head.head, "gratitude_verbs"):
                # "thanking Oman and Belgium for helping free the trio": the ones thanked helped
                phrases.extend(c for c in token.head.head.children if c.dep_ == "dobj")
            if token.pos_ == "NOUN" and all(p.pos_ == "PRON" for p in phrases) and token.dep_ == "pobj" \
                    and token.head.lower_ == "for" and token.head.head.pos_ == "VERB":
                # "thanking the UAE for its mediation": the one thanked mediated; "expressed gratitude
                # to the UAE leadership for their assistance": the one the thanks go to
                phrases = [c for c in token.head.head.children if c.dep_ == "dobj"] or phrases
                phrases = [t for p in phrases for t in (_thanked(p) if in_lexicon(p, "gratitude_nouns") else [p])]
            if token.pos_ == "NOUN" and not any(_actors_of_phrase(ctx, p) for p in phrases):
                # "X had used mediation efforts of a humanitarian nature": the verb's subject
                node = token.head if token.dep_ == "pobj" and token.head.lower_ == "as" else token
                verb = node.head if node.dep_ in ("prep", "attr") or (
                    node.dep_ == "dobj" and in_lexicon(node.head, "mediation_giving_verbs")) else None
                if verb is not None and verb.pos_ in ("VERB", "AUX"):
                    phrases.extend(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
            if token.pos_ == "VERB" and phrases:  # "X mediated alongside Y"
                phrases.extend(c for prep in token.children if prep.dep_ == "prep"
                               and in_lexicon(prep, "fellow_mediator_preps") for c in prep.children if c.dep_ == "pobj")
        elif in_lexicon(token, "release_verbs") and token.pos_ == "VERB":
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"):
                for pobj in (r for c in prep.children if c.dep_ == "pobj" for r in _receivers(c)):
                    key = ctx.head_actor(pobj)
                    if key and ctx.actors.get(key).type == "Organization" and not ctx.is_state_body(key) \
                            and key not in ctx.explicit_sides:
                        found.append(key)
        for phrase in phrases:
            for key in _actors_of_phrase(ctx, phrase):
                if key not in found:
                    found.append(key)
    found.extend(key for key in _securers_for_others(ctx, sent) if key not in found)
    for verb in ctx.tokens_in(sent, "mediation_words"):
        # "the release was negotiated by Qatar": who negotiates a release the sides carry out mediates it
        if verb.pos_ == "VERB" and any(c.dep_ == "nsubjpass" and in_lexicon(c, "exchange_nouns") for c in verb.children):
            found.extend(key for agent in verb.children if agent.dep_ == "agent" for pobj in agent.children
                         if pobj.dep_ == "pobj" for key in _actors_of_phrase(ctx, pobj) if key not in found)
    return found


def _name_after(prep: Token) -> list[Token]:
    """The name right after a "by" left without its object: "an exchange mediated by Saudi Arabia,
    U.S. and Saudi officials said", where the parser makes the name the subject of "said"."""
    after = prep.doc[prep.i + 1] if prep.i + 1 < len(prep.doc) else None
    name = entity_of(after) if after is not None and after.ent_type_ in ("GPE", "ORG", "PERSON") else None
    return [name.root] if name is not None else []


def _thanked(gratitude: Token) -> list[Token]:
    """Whom thanks go to: "our gratitude to the UAE leadership"."""
    return [c for prep in gratitude.children if prep.dep_ == "prep" and prep.lower_ == "to" for c in prep.children if c.dep_ == "pobj"]


def _receivers(pobj: Token) -> list[Token]:
    """Who people were handed to: the named receiver, or the bodies a representative or a
    commission is of ("to a representative of the Catholic Church and a Red Cross official", "to a
    commission comprised of the ombudsman and the Episcopal Conference")."""
    found = []
    for part in (pobj, *pobj.conjuncts):
        found.append(part)
        if in_lexicon(part, "receiving_body_nouns"):
            found.extend(c for c in part.children if c.dep_ == "compound")  # "a Red Cross official"
            heads = [part, *(c for c in part.children if c.dep_ == "acl")]  # "comprised of"
            found.extend(m for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for o in prep.children if o.dep_ == "pobj" for m in (o, *o.conjuncts))
    return found


def _securers_for_others(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """"The U.S. secured the release of 135 Nicaraguan political prisoners": who secured the
    release of another state's people mediated it (but "Kyiv secured the release of 95 Ukrainian
    soldiers" got its own back)."""
    found = []
    for verb in ctx.tokens_in(sent, "securing_verbs"):
        for release in (c for c in verb.children if c.dep_ == "dobj" and in_lexicon(c, "exchange_nouns")):
            people = [p for prep in release.children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for p in prep.children if p.dep_ == "pobj"]
            owners = {owner_of(ctx, p) for p in people} - {None}
            if owners:  # "it secured": the pronoun's antecedent
                found.extend(key for subject in subjects_of(verb) for key in _actors_of_phrase(ctx, subject)
                             if key not in owners)
    return found


def neutral_carriers(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Neutral bodies (the ICRC, the UN) a sentence shows moving released people: "the ICRC flew
    them to Saravena", "aircraft chartered by the ICRC carried the detainees", "carried out with
    the support of the ICRC", "the ICRC has begun an operation to transfer 900 detainees". A
    neutral body frees no one of its own: what it does in an exchange, it does as intermediary."""
    neutral, found = terms("neutral_intermediaries"), []
    for ent in ctx.ents_of(sent):
        key = ctx.actors.key_at(ent.start_char, ent.end_char)  # a lookup: key_at_token may add actors
        if key not in neutral or key in found:
            continue
        head = ent.root
        if head.dep_ in ("nsubj", "nsubjpass", "poss", "compound"):
            words = [head.head, *(c for c in head.head.children if c.dep_ == "dobj")]
        elif head.dep_ == "pobj" and in_lexicon(head.head, "channel_preps"):  # "bodies released via the ICRC"
            found.append(key)
            continue
        elif head.dep_ == "pobj" and head.head.lower_ in ("by", "of", "with"):  # "chartered by X", "the support of X", "in coordination with X"
            words = [head.head.head]
        else:
            continue
        if any(in_lexicon(word, name) for word in words for name in ("carrier_words", "carrying_verbs", "vehicle_nouns")):
            found.append(key)
    return found


def transit_in(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Countries where released people pass or are handed over: "treated in Belarus", "in Ankara";
    not the home the sentence names them by ("freed Palestinians arrived in Ramallah")."""
    found = []
    homes: set[str] | None = None  # the states whose demonyms the sentence uses, found when needed
    for token in ctx.tokens_in(sent, "transit_preps"):
        if token.dep_ != "prep" or token.lower_ not in terms("transit_preps"):
            continue
        if _place_of_talks(token.head):
            continue
        if token.lower_ == "to" and not in_lexicon(token.head, "transit_movement_verbs"):
            continue  # "returned to Ukraine", "handed to the ICRC"; but "transported to Belarus"
        # "in neighboring Belarus": the parser may read the adjective as a verb with the place its object
        objects = [*(c for c in token.children if c.dep_ == "pobj"),
                   *(o for c in token.children if c.dep_ == "pcomp" and c.tag_ == "VBG" for o in c.children if o.dep_ == "dobj")]
        for pobj in objects:
            pobj = _territory_owner(pobj)  # "via the territory of Belarus"
            if token.lower_ == "on" and pobj is None:
                continue
            key = ctx.key_at_token(pobj) if pobj is not None else None
            if not key or ctx.actors.get(key).type != "State" or key in found:
                continue
            if key in ctx.war_places():
                continue  # the state the war is in ("the conflict in Sudan") is no transit
            if homes is None:
                gazetteer = ctx.actors.gazetteer
                homes = {entry.id for token in sent if token.pos_ in ("ADJ", "PROPN", "NOUN")
                         and (entry := gazetteer.demonym(token.text)) is not None}
            if key not in homes:
                found.append(key)
    return found


def story_transit(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Countries a sentence shows released people taken to or cared for in, when it is tied to no
    exchange ("its troops were transferred to Belarus", "the returning soldiers are receiving
    medical support in Belarus"): people are the subject of the movement or of the care."""
    for token in ctx.tokens_in(sent, "transit_movement_verbs", "care_nouns"):
        clause = token if token.pos_ == "VERB" and in_lexicon(token, "transit_movement_verbs") else \
            token.head if token.dep_ == "dobj" and in_lexicon(token, "care_nouns") else None
        if clause is not None and any(c.dep_ in ("nsubj", "nsubjpass") and in_lexicon(c, "people_nouns")
                                      for c in clause.children):
            return transit_in(ctx, sent)
    return []


def _place_of_talks(head: Token) -> bool:
    """The place is where talks or an accord happened, not where people passed: "talks in
    Muscat", "talks resumed in Muscat", "reached a deal in Brussels", "a pact signed in Doha"."""
    if in_lexicon(head, "talks_nouns") or in_lexicon(head, "accord_nouns") or in_lexicon(head, "accord_reaching_verbs"):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and (in_lexicon(c, "talks_nouns") or in_lexicon(c, "accord_nouns"))
               for c in head.children)


def _territory_owner(pobj: Token) -> Token | None:
    """The state a territory noun is of ("the territory of the Republic of Belarus"); the noun
    itself when it is no territory noun, None for a territory of no one named."""
    if not in_lexicon(pobj, "territory_nouns"):
        return None if pobj.head.lower_ == "on" else pobj
    return next((o for prep in pobj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for o in prep.children if o.dep_ == "pobj"), None)


def exchange_date(ctx: ArticleContext, sent: SpacySpan):
    """The day of the event a sentence reports: a date phrase of the event's own clause before
    one of the reporting verb ("said on Monday that ... the exchange completed on Sunday")."""
    days = [(_speech_date(ent.root), day) for ent in ctx.dates_of(sent)
            if (day := resolve_date(ent.text, ctx.document.published))]
    return min(days, key=lambda pair: pair[0])[1] if days else None


def day_of_the_story(ctx: ArticleContext, sent: SpacySpan):
    """"'Today 213 soldiers returned home,' Zelensky wrote": a day a later sentence gives an
    undated exchange, when it is the story's own (the day of publication), not background."""
    day = exchange_date(ctx, sent)
    return day if day is not None and day == ctx.document.published else None


def _speech_date(token: Token) -> bool:
    """True when the first verb governing a date phrase is a reporting verb ("said on Monday")."""
    verb = next((t for t in path_to_root(token)[1:] if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and in_lexicon(verb, "attribution_verbs")


def later_categories(ctx: ArticleContext, sent: SpacySpan, exchange: Exchange) -> list[str]:
    """Groups of living people a later sentence says were among the released; "civilians" in a
    prisoner exchange only when the sentence names civilians as people."""
    if exchange.kind == "remains_return":
        return []
    categories = sentence_categories(ctx.text_of(sent)) | military_with_civilians(ctx.lower_words(sent))
    if exchange.kind in ("prisoner_exchange", "list_handover") and ctx.lower_words(sent).isdisjoint(terms("civilian_words")):
        categories.discard("civilians")
    if exchange.kind == "prisoner_exchange" and ctx.sentence_has(sent, "inclusion_verbs") \
            and not ctx.lower_words(sent).isdisjoint(terms("military_nouns")):
        categories.add("military")  # "the freed captives included soldiers who defended Azovstal"
    return sorted(categories)


def military_with_civilians(words: set[str]) -> set[str]:
    """"soldiers as well as civilians", "three soldiers and two civilians": a breakdown naming
    both kinds of people (``words``: the sentence's lower-case words) names both groups."""
    if not words.isdisjoint(terms("civilian_words")) and not words.isdisjoint(terms("military_nouns")):
        return {"military", "civilians"}
    return set()
