"""Exchanges: prisoner swaps, returns of civilians and remains, handovers of lists of names.

Each sentence with an exchange trigger is searched for counts: a number bound to a people noun
("146 Russian soldiers", "the remains of 3,000 soldiers", "a list of 640 prisoners"), a formula
("a thousand for a thousand") or a mirror ("an equal number of Ukrainian prisoners"). Each count
gets a direction from the parse: who releases (the subject of "returned", the agent of "held
by") or whose people they are ("Russian soldiers", "returned to Russia", "from each side").
Counts of one sentence form one exchange per kind; sentences that only refer back ("the UAE
was identified as the intermediary in this exchange") add to the exchange already found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Attribution, Exchange, Release
from .context import ArticleContext, in_lexicon, is_negated, path_to_root
from .dates import resolve_date
from .lexicon import mapping, terms
from .numbers import is_number_word, number_at

_SKIPPED_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_LISTING_WORDS = terms("listing_words")
_RECEIVE = terms("receive_verbs")
_HOLD = terms("holding_verbs")


@dataclass
class Count:
    """A number of people (or remains, or names on a list) one side lets go."""

    value: int
    qualifier: str
    anchor: Token  # the token whose path decides status (noun, container or number)
    kind: str
    noun: Token | None = None
    owner: str | None = None
    releaser: str | None = None
    each_side: bool = False
    mirror: bool = False
    linked: bool = False  # inside an "in exchange for ..." phrase
    mutual: list[str] = field(default_factory=list)  # "Russia and Ukraine agreed to exchange ..."


def _people_noun(ctx: ArticleContext, token: Token) -> bool:
    if in_lexicon(token, "people_nouns"):
        return True
    word = token.lower_
    return word.endswith("s") and ctx.actors.gazetteer.demonym(word[:-1]) is not None


def _kind(noun: Token, container: Token | None) -> str:
    if container is not None and in_lexicon(container, "list_nouns"):
        return "list_handover"
    if in_lexicon(noun, "remains_nouns") or (container is not None and in_lexicon(container, "remains_nouns")):
        return "remains_return"
    if in_lexicon(noun, "civilian_nouns"):
        return "civilian_return"
    return "prisoner_exchange"


def _container(noun: Token) -> Token | None:
    """"list" in "a list of 640 prisoners", "remains" in "the remains of 3,000 soldiers"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
        holder = noun.head.head
        if in_lexicon(holder, "list_nouns") or in_lexicon(holder, "remains_nouns") \
                or holder.lower_ in ("number", "minimum", "total", "group", "batch"):
            return holder
    return None


def _clause_verb(token: Token) -> Token | None:
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head.pos_ in ("VERB", "AUX"):
        return node.head
    if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ == "VERB":
        return node.head.head
    return None


def _subject_keys(ctx: ArticleContext, verb: Token) -> list[str]:
    node = verb
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj",):
                # "... Saudi nationals, and the government freed 706": a misparse makes the
                # released people a conjoined subject; people nouns never release anyone
                keys = [ctx.state_of(ctx.head_actor(t)) for t in (child, *child.conjuncts)
                        if not in_lexicon(t, "people_nouns")]
                return [k for k in keys if k]
        if node.dep_ == "conj" and node.i > 0 and (key := ctx.state_of(ctx.key_at_token(node.doc[node.i - 1]))):
            return [key]  # "..., and Ukraine freed 65": the subject misparsed as a conjunct
        if node.dep_ in ("xcomp", "conj", "advcl", "relcl") and node.head.i != node.i:
            node = node.head
        else:
            break
    return []


def _owner(ctx: ArticleContext, noun: Token) -> str | None:
    """Whose people these are: "Russian soldiers", "citizens of X", "Ukrainians", "returned to X"."""
    verb = _clause_verb(noun)
    if verb is not None and in_lexicon(verb, "release_verbs"):
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if key := ctx.state_of(ctx.head_actor(pobj)):
                    return key
    word = noun.lower_
    if word.endswith("s") and (entry := ctx.actors.gazetteer.demonym(word[:-1])) is not None:
        return ctx.actors.resolve(entry.name)
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and (key := ctx.state_of(ctx.key_at_token(child))):
            return key
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if key := ctx.state_of(ctx.head_actor(pobj)):
                    return key
    return None


def _releaser(ctx: ArticleContext, head: Token, count: Count) -> None:
    """Fill ``count.releaser`` (or ``owner``/``mutual``) from the verb around ``head``."""
    verb = _clause_verb(head)
    if verb is not None and head.dep_ == "nsubj" and verb.lemma_ == "go" and _homecoming(verb):
        keys = _subject_keys(ctx, verb.head)  # "the Houthis let 181 captives go"
        count.releaser = keys[0] if len(keys) == 1 else None
    elif verb is not None and in_lexicon(verb, "release_verbs"):
        if head.dep_ == "dobj" or (head.dep_ == "conj" and head.head.dep_ == "dobj"):
            keys = _subject_keys(ctx, verb)
            if verb.lemma_ in _RECEIVE:
                # "Ukraine received 909 bodies from Russia": the receiver's people, the giver releases
                count.owner = keys[0] if len(keys) == 1 else count.owner
                for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        count.releaser = ctx.state_of(ctx.head_actor(pobj)) or count.releaser
            elif len(keys) == 1:
                count.releaser = keys[0]
            elif len(keys) > 1:
                count.mutual = keys
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                count.each_side = count.each_side or any(
                    t.lower_ == "each" for t in (*verb.children, *head.children, *(g for s in subjects for g in s.children)))
        elif head.dep_ == "nsubjpass":
            for child in verb.children:
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "from"):
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
    if count.releaser is None:
        for token in head.subtree:
            if token.lemma_ in _HOLD and token.i != head.i:
                for agent in (c for c in token.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        if key := ctx.state_of(ctx.head_actor(pobj)):
                            count.releaser = key


def _linked(token: Token) -> bool:
    for node in path_to_root(token)[1:8]:
        if node.lower_ == "for" and node.dep_ == "prep" and (
                in_lexicon(node.head, "exchange_nouns") or node.head.lower_ in ("return", "exchange")):
            return True
    return False


def _has_trigger(ctx: ArticleContext, sent: SpacySpan) -> bool:
    if ctx.sentence_has(sent, "exchange_triggers"):
        return True
    return ctx.sentence_has(sent, "homecoming_words") and any(_homecoming(t) for t in sent)


def _homecoming(token: Token) -> bool:
    """A release told as a return: "came home", "were brought back", "arrived from captivity",
    or as letting go ("let 181 captives go")."""
    if token.pos_ != "VERB":
        return False
    if token.lemma_ == "go" and token.head.lemma_ == "let" and token.dep_ in ("ccomp", "xcomp"):
        return True
    if not in_lexicon(token, "homecoming_verbs"):
        return False
    for child in token.children:
        if child.dep_ in ("advmod", "prt") and child.lower_ in ("home", "back"):
            return True
        if child.dep_ == "prep" and child.lower_ == "from" and any(g.lower_ == "captivity" for g in child.children):
            return True
    return False


def _connected(anchor: Token) -> bool:
    """The count belongs to an exchange phrase: a trigger governs it or modifies it."""
    if any(in_lexicon(t, "exchange_triggers") or in_lexicon(t, "release_verbs") or _homecoming(t)
           for t in path_to_root(anchor)[1:]):
        return True
    if any(in_lexicon(t, "exchange_triggers") for t in anchor.subtree if t.i != anchor.i):
        return True
    verb = _clause_verb(anchor)
    return verb is not None and any(in_lexicon(t, "exchange_triggers") for t in verb.subtree)


def find_counts(ctx: ArticleContext, sent: SpacySpan) -> list[Count]:
    """The counts of released people in one sentence."""
    counts: list[Count] = []
    used: set[int] = set()
    for label, first, end in ctx.matches_in(sent):
        if label == "FORMULA":
            numbers = [t for t in ctx.doc[first:end] if t.like_num]
            parsed = number_at(numbers[0])
            if parsed and all(t.i not in used for t in numbers):
                used.update(t.i for t in numbers)
                counts.append(Count(parsed[0], "exact", numbers[0], "prisoner_exchange", each_side=True))
        elif label == "EQUAL" and end - first == 3:
            number = ctx.doc[first + 2]
            nouns = [c for p in number.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
            noun = nouns[0] if nouns else None
            count = Count(0, "exact", number, _kind(noun, None) if noun is not None else "prisoner_exchange",
                          noun=noun, mirror=True, linked=_linked(number))
            if noun is not None:
                count.owner = _owner(ctx, noun)
            counts.append(count)
    each_side_heads = set()
    for label, start, end in ctx.matches_in(sent):
        if label == "EACH_SIDE":
            first = ctx.doc[start]
            each_side_heads.add(first.head.i)
            if first.lower_ == "each":  # "each side released 100 prisoners"
                each_side_heads.update(c.i for c in ctx.doc[start + 2].children if c.dep_ == "dobj")
    for token in sent:
        if token.i in used or token.ent_type_ in _SKIPPED_ENTS or not is_number_word(token.text):
            continue
        parsed = number_at(token)
        if parsed is None or parsed[3] - 1 != token.i:
            continue
        value, qualifier, start, _ = parsed
        noun, head = _counted_noun(token)
        if noun is None or not _people_noun(ctx, noun):
            continue
        container = _container(noun)
        if container is not None and container.lower_ == "minimum":
            qualifier = "at_least"
        if head is None:
            head = container if container is not None and container.lower_ not in ("number", "total") else noun
        if not _connected(head):
            continue
        count = Count(value, qualifier, head, _kind(noun, container), noun=noun, linked=_linked(head))
        verb = _clause_verb(head)
        count.each_side = bool({noun.i, head.i, verb.i if verb is not None else -1} & each_side_heads) or any(
            t.i in each_side_heads for t in noun.subtree if t.lower_ in ("from", "on"))
        count.each_side = count.each_side or _for_same_number(head, value)
        verb = _clause_verb(head)
        count.each_side = count.each_side or any(
            t.lower_ == "each" and t.dep_ != "det" for t in (*head.children, *(verb.children if verb is not None else ())))
        following = ctx.doc[noun.i + 1] if noun.i + 1 < len(ctx.doc) else None
        count.each_side = count.each_side or (following is not None and following.lower_ == "each")
        count.owner = _owner(ctx, noun)
        _releaser(ctx, head, count)
        if count.releaser is not None and count.releaser == count.owner:
            count.releaser = None
        counts.append(count)
    return [c for c in counts if not is_negated(c.anchor)]


def _for_same_number(head: Token, value: int) -> bool:
    """"a thousand prisoners were freed for a thousand": the same number on the other side."""
    verb = _clause_verb(head)
    for node in (head, verb) if verb is not None else (head,):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ == "for"):
            for pobj in prep.children:
                if pobj.like_num and (parsed := number_at(pobj)) and parsed[0] == value:
                    return True
    return False


def _counted_noun(number: Token) -> tuple[Token | None, Token | None]:
    """The noun a number counts, and the token standing for the group in the clause when that
    is the number itself ("1,200 of its soldiers were released")."""
    if number.dep_ in ("nummod", "quantmod", "amod", "compound"):
        noun = number.head
        while noun.like_num and noun.head.i != noun.i:
            noun = noun.head
        return noun, None
    for prep in (c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            return pobj, number
    return None, None


def _planned(count: Count) -> bool:
    if count.kind == "list_handover":
        return True
    plan, modals = terms("plan_cues"), terms("modal_cues")
    for node in path_to_root(count.anchor):
        if node.dep_ == "xcomp" and node.head.lemma_ == "be" and any(c.lower_ == "to" for c in node.children):
            return True  # "Hamas is to free 33 hostages"
        if node.lemma_.lower() in plan and node.pos_ in ("VERB", "AUX", "ADJ") and node.dep_ != "amod":
            return True
        if node.dep_ in ("acl", "relcl") and in_lexicon(node.head, "plan_nouns"):
            return True  # "a deal to exchange 1,000 prisoners each"
        for child in node.children:
            if child.dep_ in ("aux", "auxpass", "amod") and (child.lower_ in plan or child.lower_ in modals):
                return True
    return False


def _categories(sent: SpacySpan) -> set[str]:
    lowered = sent.text.lower()
    found = set()
    for cue, category in mapping("category_cues").items():
        if re.search(rf"(?<![\w-]){re.escape(cue)}(?![\w-])", lowered):
            found.add(category)
    return found


def _actors_of_phrase(ctx: ArticleContext, token: Token) -> list[str]:
    keys = []
    for part in (token, *token.conjuncts):
        key = ctx.head_actor(part)
        if key is None:
            continue
        actor = ctx.actors.get(key)
        if actor.type == "Person":
            key = ctx.person_states.get(key)
        elif actor.type == "Media":
            key = None
        if key and key not in keys:
            keys.append(key)
    return keys


def intermediaries_in(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Mediators named in a sentence: "mediated by X", "with the help of X", "X was identified
    as the intermediary", "X's mediation", "handed over to the ICRC"."""
    found: list[str] = []
    for token in sent:
        phrases: list[Token] = []
        if in_lexicon(token, "intermediary_cues"):
            for child in token.children:
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("of", "by", "from")):
                    phrases.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "poss" or (child.dep_ == "amod" and token.pos_ == "NOUN"):
                    phrases.append(child)
            if token.pos_ == "VERB" and not phrases and token.dep_ not in ("pcomp", "acl", "xcomp"):
                phrases.extend(c for c in token.children if c.dep_ == "nsubj")
            if token.pos_ == "NOUN" and all(p.pos_ == "PRON" for p in phrases) and token.dep_ == "pobj" \
                    and token.head.lower_ == "for" and token.head.head.pos_ == "VERB":
                # "thanking the UAE for its mediation": the one thanked mediated
                phrases = [c for c in token.head.head.children if c.dep_ == "dobj"] or phrases
            if token.pos_ == "NOUN" and not phrases:
                node = token.head if token.dep_ == "pobj" and token.head.lower_ == "as" else token
                verb = node.head if node.dep_ in ("prep", "attr") else None
                if verb is not None and verb.pos_ in ("VERB", "AUX"):
                    phrases.extend(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        elif in_lexicon(token, "release_verbs") and token.pos_ == "VERB":
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    key = ctx.head_actor(pobj)
                    if key and ctx.actors.get(key).type == "Organization" and not ctx.is_state_body(key) \
                            and key not in ctx.explicit_sides:
                        found.append(key)
        for phrase in phrases:
            for key in _actors_of_phrase(ctx, phrase):
                if key not in found:
                    found.append(key)
    return found


def transit_in(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Countries where released people pass or are handed over: "treated in Belarus", "in Ankara"."""
    found = []
    for token in sent:
        if token.dep_ != "prep" or token.lower_ not in terms("transit_preps"):
            continue
        if in_lexicon(token.head, "talks_nouns"):
            continue
        for pobj in (c for c in token.children if c.dep_ == "pobj"):
            key = ctx.key_at_token(pobj)
            if key and ctx.actors.get(key).type == "State" and key not in found:
                found.append(key)
    return found


def _date(ctx: ArticleContext, sent: SpacySpan):
    """The day of the event a sentence reports: a date phrase of the event's own clause before
    one of the reporting verb ("said on Monday that ... the exchange completed on Sunday")."""
    days = [(_speech_date(ent.root), day) for ent in sent.ents
            if ent.label_ == "DATE" and (day := resolve_date(ent.text, ctx.document.published))]
    return min(days, key=lambda pair: pair[0])[1] if days else None


def _speech_date(token: Token) -> bool:
    """True when the first verb governing a date phrase is a reporting verb ("said on Monday")."""
    verb = next((t for t in path_to_root(token)[1:] if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and in_lexicon(verb, "attribution_verbs")


def _reference_kind(sent: SpacySpan) -> str | None:
    """The kind of exchange a sentence points back to ("this exchange", "the list",
    "the released soldiers"), or None when it points to none."""
    determiners = terms("reference_determiners")
    for token in sent:
        if not in_lexicon(token, "reference_nouns"):
            continue
        target = token.head if token.dep_ == "amod" else token
        dets = [c.lower_ for c in target.children if c.dep_ in ("det", "poss", "amod")]
        if not any(d in determiners for d in dets):
            continue
        if in_lexicon(token, "list_nouns"):
            return "list_handover"
        if in_lexicon(target, "remains_nouns"):
            return "remains_return"
        return "prisoner_exchange"
    return None


def _completion_mention(sent: SpacySpan) -> Token | None:
    """An exchange said to have happened without numbers: "the latest of which occurred on
    Wednesday", "the swap took place in Ankara", "the sides exchanged prisoners"."""
    for token in sent:
        if token.pos_ != "VERB" or is_negated(token):
            continue
        if any(c.dep_ == "aux" and (c.lower_ in terms("modal_cues") or c.lower_ in terms("plan_cues")) for c in token.children):
            continue
        if in_lexicon(token, "completion_verbs") and token.tag_ in ("VBD", "VBN", "VBZ"):
            if token.lemma_ in ("take", "carry") and not any(c.lower_ in ("place", "out") for c in token.children):
                continue
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if token.dep_ == "relcl":
                subjects.append(token.head)
            if any(t.lower_ == "which" for s_ in subjects for t in s_.subtree):
                subjects.extend(t for t in sent if t.i < token.i and in_lexicon(t, "exchange_nouns"))
            if any(is_negated(s) for s in subjects):
                continue
            if any(in_lexicon(s, "exchange_nouns") and s.lower_ not in ("return", "release") for s in subjects):
                return token
            # "the ICRC had completed the release", "the sides carried out another swap"
            if token.lemma_ not in ("take", "hold", "happen", "occur") and any(
                    c.dep_ == "dobj" and in_lexicon(c, "exchange_nouns") and not is_negated(c) for c in token.children):
                return token
        if token.lemma_ in ("exchange", "swap", "trade") and token.tag_ == "VBD":
            objects = [c for c in token.children if c.dep_ == "dobj" and in_lexicon(c, "people_nouns")]
            if objects and not any(c.like_num for o in objects for c in o.children):
                return token
    return None


def _hedged(token: Token) -> bool:
    """A reference inside a call, plan or wish ("called for the release of ...")."""
    plan = terms("plan_cues")
    return any(node.lemma_.lower() in plan for node in path_to_root(token)[1:])


def _background(sent: SpacySpan) -> bool:
    root = sent.root
    return any(c.dep_ == "aux" and c.lower_ in terms("modal_cues") for c in root.children)


@dataclass
class _Found:
    exchange: Exchange
    sentence: int
    mirror: bool = False
    in_return: bool = False  # "... let 181 captives go in return": the other half of an earlier exchange
    refs: list[int] = field(default_factory=list)  # sentences that refer back to it
    values: set[int] = field(default_factory=set)  # the numbers it was found with


def _group(counts: list[Count]) -> list[list[Count]]:
    """Counts of one sentence, one group per exchange: a civilian count is its own return unless
    it is traded in an "in exchange for" phrase."""
    groups: dict[str, list[Count]] = {}
    any_linked = any(c.linked for c in counts)
    for count in counts:
        kind = count.kind
        if kind == "civilian_return" and any_linked and (count.linked or not count.mirror):
            if count.linked or not any(c.kind == "civilian_return" and c is not count for c in counts):
                kind = "prisoner_exchange" if any(c.kind == "prisoner_exchange" for c in counts) else kind
        groups.setdefault(kind, []).append(count)
    return list(groups.values())


def _releasing_groups(ctx: ArticleContext, sent: SpacySpan) -> list[str]:
    """Non-state groups a sentence names as releasing people without a count ("after Hamas
    released them"): a side of the conflict, not the demonym of the people it gets back."""
    found = []
    for token in sent:
        if token.pos_ != "VERB" or not in_lexicon(token, "exchange_triggers") or is_negated(token):
            continue
        for subject in (c for c in token.children if c.dep_ == "nsubj"):
            key = ctx.head_actor(subject)
            if key and key in ctx.actors and ctx.actors.get(key).type == "Organization" \
                    and not ctx.is_state_body(key) and key not in found:
                found.append(key)
    return found


def _group_owner(ctx: ArticleContext, owner: str | None, releaser: str | None) -> str | None:
    """The side whose people a demonym names: "Palestinian prisoners" freed by Israel are
    Hamas's side when the article's non-state party is seen releasing people and Palestine
    itself is only a demonym."""
    if owner is None or owner not in ctx.actors or ctx.actors.get(owner).type != "State":
        return owner
    gazetteer = ctx.actors.gazetteer
    if any(gazetteer.demonym(m.span.text) is None for m in ctx.actors.get(owner).mentions):
        return owner
    groups = [k for k in ctx.explicit_sides if k in ctx.actors
              and ctx.actors.get(k).type == "Organization" and not ctx.is_state_body(k)]
    return groups[0] if len(groups) == 1 and groups[0] != releaser else owner


def _releases(ctx: ArticleContext, group: list[Count]) -> tuple[list[str], list[Release]]:
    for count in group:
        count.owner = _group_owner(ctx, count.owner, count.releaser)
    releasers = [c.releaser for c in group if c.releaser]
    mutual = [k for c in group for k in c.mutual]
    owners = [c.owner for c in group if c.owner and c.releaser and c.owner != c.releaser]
    owners += [c.owner for c in group if c.owner and not c.releaser]
    preferred = releasers + mutual + owners
    sides = ctx.sides(preferred)
    releases: list[Release] = []

    def add(side: str | None, count: Count, value: int) -> None:
        if side and value and not any(r.side == side for r in releases):
            releases.append(Release(side, value, count.qualifier))

    for count in group:
        if count.mirror:
            continue
        if count.each_side:
            for side in sides:
                add(side, count, count.value)
        elif count.releaser:
            add(count.releaser, count, count.value)
        elif count.owner:
            others = [s for s in sides if s != count.owner and s not in (c.releaser for c in group if c is not count)]
            add(others[0] if others else None, count, count.value)
    unassigned = [c for c in group if not (c.mirror or c.each_side or c.releaser or c.owner)]
    if len(unassigned) == 1 and len(releases) == 1 and len(group) == 2:
        # "All 20 hostages were released, and Israel freed 1,968 prisoners in return"
        others = [s for s in sides if s != releases[0].side]
        add(others[0] if others else None, unassigned[0], unassigned[0].value)
    for count in group:
        if count.mirror and releases:
            done = {r.side for r in releases}
            for side in sides:
                if side not in done:
                    add(side, count, releases[0].count)
    return sides, releases


def sentence_counts(ctx: ArticleContext) -> dict[int, list[Count]]:
    """Sentence index -> the counts of released people in it, for sentences with a trigger."""
    return {index: find_counts(ctx, sent) for index, sent in enumerate(ctx.sents) if _has_trigger(ctx, sent)}


def explicit_sides(ctx: ArticleContext, counted: dict[int, list[Count]]) -> Counter[str]:
    """How often each actor is seen releasing people: a releaser of a count, or a non-state
    group the sentence says releases people."""
    sides: Counter[str] = Counter()
    for index, counts in counted.items():
        for count in counts:
            if count.releaser:
                sides[count.releaser] += 1
        for key in _releasing_groups(ctx, ctx.sents[index]):
            if not any(c.releaser == key for c in counts):
                sides[key] += 1
    return sides


def extract_exchanges(ctx: ArticleContext, attributions: list[Attribution],
                      counted: dict[int, list[Count]]) -> list[Exchange]:
    """The exchanges of an article, one per real event it reports, from its ``counted``
    sentences (:func:`sentence_counts`)."""
    found: list[_Found] = []
    references: list[tuple[int, str, bool]] = []  # (sentence, kind, completion)
    continuations: list[int] = []  # sentences about an exchange that add details only
    for index, sent in enumerate(ctx.sents):
        if not _has_trigger(ctx, sent) and not ctx.sentence_has(sent, "reference_nouns"):
            if _continues(ctx, sent) or any(_people_number(ctx, t) for t in sent):
                continuations.append(index)
            continue
        counts = counted.get(index, [])
        if all(c.mirror for c in counts):
            kind = _reference_kind(sent)
            if _completion_mention(sent) is not None:
                references.append((index, kind or "prisoner_exchange", True))
            elif kind and not _background(sent) and not any(
                    is_negated(t) or _hedged(t) for t in sent if in_lexicon(t, "reference_nouns")):
                references.append((index, kind, False))
            elif _continues(ctx, sent):
                continuations.append(index)
            continue
        for group in _group(counts):
            sides, releases = _releases(ctx, group)
            kind = group[0].kind if len({c.kind for c in group}) == 1 else "prisoner_exchange"
            categories = _categories(sent) | _military_with_civilians(ctx, sent)
            if kind == "civilian_return" or any(c.kind == "civilian_return" for c in group):
                categories.add("children" if any(c.noun is not None and c.noun.lower_ in ("children", "child", "minors")
                                                 for c in group if c.kind == "civilian_return") else "civilians")
            elif kind == "prisoner_exchange" and "military" not in categories \
                    and not any(c.kind == "civilian_return" for c in group):
                categories.discard("civilians")
            if any(_military_people(c.noun) for c in group if c.kind == "prisoner_exchange"):
                categories.add("military")  # "146 servicemen", "prisoners of war"
            if kind == "remains_return":
                categories = {"bodies"}
            exchange = Exchange(
                kind=kind, sides=sorted(sides), releases=releases,
                status="planned" if any(_planned(c) for c in group) else "completed",
                categories=sorted(categories), date=_date(ctx, sent),
                attribution=_copy(attributions[index]), evidence=ctx.span(sent))
            found.append(_Found(exchange, index, mirror=any(c.mirror for c in group) and len(releases) < 2,
                                in_return=len(releases) == 1 and _in_return(sent),
                                values={c.value for c in group if not c.mirror}))
    exchanges, dropped = _merge(found)
    _attach_references(ctx, exchanges, references, attributions)
    _attach_continuations(ctx, exchanges, sorted(continuations + dropped), attributions)
    _attach_details(ctx, exchanges)
    return [f.exchange for f in exchanges]


def _copy(attribution: Attribution) -> Attribution:
    return Attribution(list(attribution.sources), attribution.source_text, attribution.mode, attribution.cue)


def _pairs(exchange: Exchange) -> set[tuple[str, int]]:
    return {(r.side, r.count) for r in exchange.releases}


def _merge(found: list[_Found]) -> tuple[list[_Found], list[int]]:
    """Mentions of the same event (same kind and status, a shared side and count) become one.
    Also returns the sentences whose counts gave no side (a breakdown such as "33 soldiers and
    51 civilians came home"): they are continuations of the article's exchange."""
    merged: list[_Found] = []
    dropped: list[_Found] = []
    for item in found:
        target = next((m for m in merged if m.exchange.kind == item.exchange.kind
                       and m.exchange.status == item.exchange.status
                       and (_pairs(m.exchange) & _pairs(item.exchange)
                            or not item.exchange.releases and item.values & m.values)), None)
        if target is None and item.in_return:
            released = {r.side for r in item.exchange.releases}
            target = next((m for m in reversed(merged) if m.exchange.kind == item.exchange.kind
                           and m.exchange.status == item.exchange.status
                           and not released & {r.side for r in m.exchange.releases}), None)
        if target is None:
            if item.exchange.releases:
                merged.append(item)
            elif item.exchange.status == "completed":
                dropped.append(item)
            continue
        _absorb(target.exchange, item.exchange)
    breakdowns = []
    for item in dropped:
        earlier = [m for m in merged if m.sentence < item.sentence]
        largest = max((r.count for r in earlier[-1].exchange.releases), default=0) if earlier else 0
        if item.values and max(item.values) <= largest:
            breakdowns.append(item.sentence)
    return merged, breakdowns


def _absorb(target: Exchange, other: Exchange) -> None:
    for release in other.releases:
        if not any(r.side == release.side for r in target.releases):
            target.releases.append(release)
    for name in ("categories", "intermediaries", "transit", "sides"):
        values = getattr(target, name)
        values.extend(v for v in getattr(other, name) if v not in values)
    target.sides.sort()
    target.categories.sort()
    target.date = target.date or other.date
    sources = target.attribution.sources
    sources.extend(s for s in other.attribution.sources if s not in sources)
    if target.attribution.mode == "asserted":
        target.attribution.mode = other.attribution.mode


def _attach_references(ctx: ArticleContext, exchanges: list[_Found], references, attributions) -> None:
    """Sentences that point back to an exchange add their details to it; an exchange said to
    have happened with no numbers and no counted match becomes an exchange of its own."""
    for index, kind, completion in references:
        sent = ctx.sents[index]
        target = _reference_target(exchanges, index, kind, completion)
        if target is None and completion and not ctx.sentence_has(sent, "people_nouns"):
            # "The repatriation was carried out ...": a noun naming no people points to the
            # article's last completed exchange, of whatever kind
            target = next((f for f in reversed(exchanges) if f.sentence < index and f.exchange.status == "completed"), None)
        if target is None:
            if completion:
                exchange = Exchange(kind=kind, sides=sorted(ctx.sides()), date=_date(ctx, sent),
                                    attribution=_copy(attributions[index]), evidence=ctx.span(sent))
                exchanges.append(_Found(exchange, index))
            continue
        exchange = target.exchange
        if completion:
            exchange.date = exchange.date or _date(ctx, sent)
        listing = any(t.lemma_ in _LISTING_WORDS for t in sent)  # "among them", "included"
        details = Exchange(kind=exchange.kind, sides=[], categories=_later_categories(ctx, sent, exchange) if listing else [],
                           attribution=_copy(attributions[index]))
        _absorb(exchange, details)
        if _mirrors(ctx, sent) and len(exchange.releases) == 1:
            release = exchange.releases[0]
            for side in exchange.sides:
                if side != release.side:
                    exchange.releases.append(Release(side, release.count, release.qualifier))
        target.refs.append(index)


def _reference_target(exchanges: list[_Found], index: int, kind: str, completion: bool) -> _Found | None:
    """The exchange a referring sentence points to: the last one before it of the same kind,
    else the last one before it, else the first one after it. A sentence saying an exchange
    took place only points to a completed one (or a list, which is handed over)."""
    if completion:
        exchanges = [f for f in exchanges if f.exchange.kind == kind
                     and (f.exchange.status == "completed" or kind == "list_handover")]
    before = [f for f in exchanges if f.sentence <= index]
    same = [f for f in before if f.exchange.kind == kind]
    if same or before:
        return (same or before)[-1]
    after = [f for f in exchanges if f.exchange.kind == kind] or exchanges
    return after[0] if after else None


def _in_return(sent: SpacySpan) -> bool:
    """The sentence gives one half of a trade whose other half came before: "in return",
    "in exchange" with no "for ..." after it."""
    return any(t.lower_ in ("return", "exchange") and t.dep_ == "pobj" and t.head.lower_ == "in"
               and not any(c.lower_ == "for" for c in t.children) for t in sent)


def _mirrors(ctx: ArticleContext, sent: SpacySpan) -> bool:
    return any(label == "EQUAL" for label, _, _ in ctx.matches_in(sent))


def _continues(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """A sentence that goes on about released people without counting them anew: it names the
    released ("the freed men", "the prisoners, most of them women") or a release, and is not
    negated, hedged or modal background."""
    if not (ctx.sentence_has(sent, "exchange_triggers") or ctx.sentence_has(sent, "people_nouns")):
        return False
    if _background(sent) or any(t.dep_ == "neg" or (t.dep_ == "det" and t.lower_ == "no") for t in sent):
        return False
    for token in sent:
        if in_lexicon(token, "exchange_triggers") and not is_negated(token) and not _hedged(token) \
                and not _future(token):
            return True
        if _people_noun(ctx, token) and token.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "those", "these") for c in token.children):
            return True
    return False


def _people_number(ctx: ArticleContext, token: Token) -> bool:
    """A number that counts people ("24 more hostages"): a sentence with one states a figure of its own."""
    return token.like_num and token.dep_ in ("nummod", "quantmod") and _people_noun(ctx, token.head)


def _future(token: Token) -> bool:
    """A mention inside a future or modal clause ("talks will take place after an exchange")."""
    cues = terms("modal_cues") | terms("plan_cues")
    return any(c.dep_ == "aux" and c.lower_ in cues for node in path_to_root(token) for c in node.children)


def _continuation_target(exchanges: list[_Found], index: int) -> _Found | None:
    """The exchange a continuation sentence adds to: the last counted exchange before it,
    else the article's only exchange."""
    before = [f for f in exchanges if f.sentence < index and f.exchange.releases]
    if before:
        return before[-1]
    return exchanges[0] if len(exchanges) == 1 else None


def _attach_continuations(ctx: ArticleContext, exchanges: list[_Found], continuations: list[int],
                          attributions: list[Attribution]) -> None:
    """Details stated in later sentences (who said it, who mediated, where the released went,
    which groups they were) join the exchange the sentence continues."""
    for index in continuations:
        target = _continuation_target(exchanges, index)
        if target is None or index in target.refs or index == target.sentence:
            continue
        exchange = target.exchange
        largest = max((r.count for r in exchange.releases), default=0)
        if any(_people_number(ctx, t) and (number_at(t) or (0,))[0] > largest for t in ctx.sents[index]):
            continue  # a figure larger than the exchange is a claim or background of its own
        _absorb(exchange, Exchange(kind=exchange.kind, sides=[], categories=_later_categories(ctx, ctx.sents[index], exchange),
                                   attribution=_copy(attributions[index])))
        target.refs.append(index)


def _later_categories(ctx: ArticleContext, sent: SpacySpan, exchange: Exchange) -> list[str]:
    """Groups of living people a later sentence says were among the released; "civilians" in a
    prisoner exchange only when the sentence names civilians as people."""
    if exchange.kind == "remains_return":
        return []
    categories = _categories(sent) | _military_with_civilians(ctx, sent)
    if exchange.kind in ("prisoner_exchange", "list_handover") and not _names_civilians(sent):
        categories.discard("civilians")
    return sorted(categories)


def _names_civilians(sent: SpacySpan) -> bool:
    return any(t.lower_ in ("civilian", "civilians") for t in sent)


def _military_with_civilians(ctx: ArticleContext, sent: SpacySpan) -> set[str]:
    """"soldiers as well as civilians", "three soldiers and two civilians": a breakdown naming
    both kinds of people names both groups."""
    military = terms("military_nouns")
    if _names_civilians(sent) and any(t.lower_ in military for t in sent):
        return {"military", "civilians"}
    return set()


def _military_people(noun: Token | None) -> bool:
    """The counted people are soldiers: "servicemen", "POWs", "prisoners of war"."""
    if noun is None:
        return False
    return in_lexicon(noun, "military_nouns") or any(
        c.lower_ == "of" and any(g.lower_ == "war" for g in c.children) for c in noun.children)


def _attach_details(ctx: ArticleContext, exchanges: list[_Found]) -> None:
    """Intermediaries and transit countries from each exchange's own and referring sentences."""
    for item in exchanges:
        exchange = item.exchange
        for index in (item.sentence, *item.refs):
            sent = ctx.sents[index]
            for key in intermediaries_in(ctx, sent):
                if key not in exchange.sides and key not in exchange.intermediaries:
                    exchange.intermediaries.append(key)
            for key in transit_in(ctx, sent):
                if key not in exchange.sides and key not in exchange.intermediaries and key not in exchange.transit:
                    exchange.transit.append(key)
