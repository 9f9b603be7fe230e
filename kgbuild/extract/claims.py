"""Numeric claims that are not exchanges: how many prisoners a side holds, how many children
were deported, how many of those returned were killed where, with who holds or did it and who
says so; not the war's death tolls."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..facts import Attribution, Claim, Exchange
from .context import ArticleContext
from .count_filters import among_released, is_rate, partitive, subset_of_a_count
from .counts import SKIPPED_ENTS, listed_beside, not_a_count, people_noun
from .exchanges import demonym_only
from .lexicon import terms
from .numbers import is_number_word, number_at
from .releasers import owner_of
from .syntax import among_the_released, clause_verb, counted_noun, subjects_of
from .tallies import running_total
from .tokens import in_lexicon, path_to_root, per_token, sentence_of

_STATIVE = terms("stative_verbs")
LIST_REACH = 8  # tokens after a claim figure within which a gapped list item may hang
DETAIL_REACH = 2  # sentences back to the source of the exchange a detail of the released comes from
_ACCUSE = terms("accusation_verbs")
# the participles that make a bare figure a count of people: "among over 2,200 detained"
_PEOPLE_PARTICIPLES = ("captivity_words", "capture_verbs", "released_words")


def _claim_verb(noun: Token) -> Token | None:
    for node in path_to_root(noun)[1:5]:
        if (found := _claim_cue(node)) is not None:
            return noun.doc[found]
    for token in noun.children:
        if token.pos_ == "VERB" and in_lexicon(token, "claim_verbs"):
            return token
    return None


@per_token
def _claim_cue(node: Token) -> int | None:
    """The index of the claim verb at ``node``: the node itself or a clause it governs."""
    if node.pos_ in ("VERB", "AUX") and in_lexicon(node, "claim_verbs"):
        return node.i
    if node.lemma_ == "be" and any(c.lower_ == "still" for c in node.children):
        return node.i  # "the bodies of 24 hostages are still in Gaza": still held
    for child in node.children:
        if child.dep_ in ("xcomp", "advcl") and in_lexicon(child, "claim_verbs"):
            return child.i
    return None


def _location(ctx: ArticleContext, verb: Token) -> str | None:
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "on", "by")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if key := ctx.state_of(ctx.head_actor(pobj)):
                return key
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for pobj in (c for c in agent.children if c.dep_ == "pobj"):
            if key := ctx.state_of(ctx.head_actor(pobj)):
                return key
    return None


def _subject(ctx: ArticleContext, verb: Token, noun: Token) -> str | None:
    """Who holds or did it: the place of holding, the subject, or the accused."""
    if verb.lemma_ in _STATIVE | {"be"} and (key := _location(ctx, verb)):
        return key
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.lemma_ in _ACCUSE:
        for obj in (c for c in verb.head.head.children if c.dep_ == "dobj"):
            if key := ctx.state_of(ctx.head_actor(obj)):
                return key
    for child in verb.children:
        if child.dep_ == "nsubj" and child.i != noun.i and (key := ctx.state_of(ctx.head_actor(child))):
            return key
    if key := _location(ctx, verb):
        return key
    owner = owner_of(ctx, noun)
    others = [s for s in ctx.sides() if s != owner and not demonym_only(ctx, s)]  # not "Palestinian" alone
    if owner and others:
        return others[0]
    return _hostage_taker(ctx, noun) if verb.lemma_ in _STATIVE | {"be"} else None


def _hostage_taker(ctx: ArticleContext, noun: Token) -> str | None:
    """Hostages said to be held, with no holder named, are held by the article's one armed group
    seen releasing people (Hamas, the Houthis), when there is exactly one."""
    if noun.lemma_.lower() not in terms("hostage_nouns"):
        return None
    groups = [k for k in ctx.explicit_sides if k in ctx.actors
              and ctx.actors.get(k).type == "Organization" and not ctx.is_state_body(k)]
    return groups[0] if len(groups) == 1 else None


def _claim_number(ctx: ArticleContext, token: Token) -> tuple[int, str, int, Token | None] | None:
    """(value, qualifier, start, counted noun) when ``token`` ends a number that counts people or
    events of the story ("108 members", "12 were killed", "three rounds"), else None."""
    if not is_number_word(token.text):
        return None
    if not_a_count(token) or token.head.lemma_ == "term":  # "five life terms"
        return _prison_term(token) or _talks_length(token)
    figure = _bare_figure(token)
    if figure is None:
        return None
    value, qualifier, start = figure
    if start > 0 and in_lexicon(token.doc[start - 1], "vague_quantifiers"):
        return None  # "several thousand"
    noun, _ = counted_noun(token)
    if noun is not None and (noun.ent_type_ in SKIPPED_ENTS or noun.like_num):
        return None
    if start > 0 and value <= 3 and in_lexicon(token.doc[start - 1], "definite_determiners") and (
            noun is None or people_noun(ctx, noun)):
        return None  # "the two men discussed", "the two have spoken": people named before, not a figure
    # "six civilians, 41 soldiers and eight separatist leaders": a list of people counts people
    listed = noun is not None and noun.dep_ == "conj" and any(people_noun(ctx, c) for c in noun.conjuncts if c.i < noun.i)
    if noun is not None and (people_noun(ctx, noun) or listed or in_lexicon(noun, "claim_count_nouns")):
        one = token.dep_ == "nummod" and token.lower_ == "one"  # "one serviceman", not "one of"
        return (value, qualifier, start, noun) if value > 1 or one else None
    if (noun is None or (noun.pos_ == "PRON" and partitive(token))) and token.dep_ in ("nsubj", "nsubjpass") \
            and value > 1:
        return value, qualifier, start, None  # "12 were killed in the Luhansk region", "64 of them died"
    if noun is None and value > 1 and any(c.dep_ in ("acl", "relcl") and any(in_lexicon(c, name) for name in _PEOPLE_PARTICIPLES)
                                          for c in token.children):
        return value, qualifier, start, None  # "among over 2,200 detained after the protests", "of the 300 freed"
    if (total := _total_reached(ctx, token)) is not None:
        return value, qualifier, start, total
    return None


def _total_reached(ctx: ArticleContext, token: Token) -> Token | None:
    """The people a total counts, when ``token`` is the figure the total reaches: "the total
    number of prisoners returned has reached 4,552", "brings the total of freed Ukrainians to
    5,757", "the number of those freed stands at 390"."""
    verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ in ("to", "at") else token.head
    # "takes the total number to 973 freed": the parser may make the figure a modifier of the participle
    freed = token.head if token.dep_ == "nummod" and token.head.dep_ == "pobj" and token.head.head.lower_ in ("to", "at") \
        and in_lexicon(token.head, "released_words") else None
    if freed is not None:
        verb, token = freed.head.head, freed
    if token.dep_ == "pobj" and token.head.lower_ == "to" and not in_lexicon(verb, "total_verbs"):
        # "brings the number of detainees freed by X to 412": the parser may hang "to" on the people's verb
        verb = next((n for n in path_to_root(verb)[1:5] if in_lexicon(n, "total_verbs")), verb)
    if token.dep_ not in ("dobj", "pobj", "nummod", "attr") or not in_lexicon(verb, "total_verbs"):
        return None
    totals = [c for c in verb.children if c.dep_ in ("nsubj", "dobj") and in_lexicon(c, "total_nouns")]
    # "brought to 3,767 the total number of prisoners returned home": the parser may read the total as a clause's subject
    totals += [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj" and in_lexicon(g, "total_nouns")]
    if not totals and not any(c.dep_ == "nsubj" for c in verb.children):
        # "the total number of captives exchanged so far stood at 1,788": the parser may make the
        # participle the verb of "number", leaving "stood" without a subject
        totals = [t for t in token.doc[sentence_of(token).start:verb.i] if t.dep_ == "nsubj" and in_lexicon(t, "total_nouns")
                  and verb.i > t.head.i > t.i]
    for total in totals:
        counted = [p for prep in total.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for p in prep.children if p.dep_ == "pobj"]
        if any(people_noun(ctx, p) for p in counted):
            return counted[0]
        if freed is not None and not counted:
            return freed
    return None


def _prison_term(token: Token) -> tuple[int, str, int, Token] | None:
    """A prison sentence or a time in captivity ("sentenced to 12 years", "a 16-year sentence",
    "five life terms", "five years in captivity", "detained for more than two years", "held for 31
    months", "455 days in prison"): a claim about a prisoner of the story, though NER reads it as a
    date."""
    years = token.head
    if token.dep_ != "nummod" or years.lemma_ not in terms("duration_units") or years.dep_ == "nsubj":
        return None  # (not "two weeks have passed since the deadline": time gone by, not time held)
    if any(in_lexicon(t, "age_words") for t in years.doc[years.i + 1:years.i + 3]):
        return None  # "a 20-year-old hostage": an age, not a time held
    up = path_to_root(years)
    # the verb the duration is said of, through "for": "spent five years in captivity", "held in captivity for 20 years"
    verbs = [v for v in up[1:2] if v.pos_ == "VERB"] or [v for v in up[2:3] if v.pos_ == "VERB" and up[1].lower_ == "for"]
    held = [v for v in verbs if in_lexicon(v, "confinement_verbs") and not any(c.dep_ == "dobj" for c in v.children) and any(
        c.ent_type_ == "PERSON" or c.pos_ == "PRON" or in_lexicon(c, "people_nouns")  # people held, not talks held
        for c in (*(c for c in v.children if c.dep_ == "nsubjpass"), *subjects_of(v)))]
    if years.lemma_ == "day":  # "455 days in prison" (not "in three days", "48 days of gunfire")
        nearby = (*years.subtree, *(t for v in verbs if in_lexicon(v, "captivity_words") or v.lemma_ == "spend"
                                    for phrase in v.children if phrase.dep_ == "prep" for t in phrase.subtree))
    else:
        nearby = (*up[1:4], *years.subtree, *(t for verb in verbs for phrase in verb.children
                                              if phrase.dep_ in ("prep", "xcomp", "advcl") for t in phrase.subtree))
    if not held and not any(in_lexicon(t, "prison_term_words") or in_lexicon(t, "captivity_words") for t in nearby):
        return None
    parsed = number_at(token)
    return (parsed[0], parsed[1], parsed[2], years) if parsed else None


def _talks_length(token: Token) -> tuple[int, str, int, Token] | None:
    """How long talks ran: "after 90 minutes of talks", "the talks lasted three hours"."""
    unit = token.head
    if token.dep_ != "nummod" or not in_lexicon(unit, "talks_length_units"):
        return None
    of_talks = any(p.lower_ == "of" and any(in_lexicon(o, "talks_core_nouns") for o in p.children) for p in unit.children)
    verb = unit.head  # "the talks lasted three hours", "the negotiations, which lasted three hours"
    lasted = verb.lemma_ == "last" and (any(c.dep_ == "nsubj" and in_lexicon(c, "talks_core_nouns") for c in verb.children)
                                         or verb.dep_ == "relcl" and any(in_lexicon(n, "talks_core_nouns") for n in path_to_root(verb)[1:4]))
    parsed = number_at(token) if of_talks or lasted else None
    return (parsed[0], parsed[1], parsed[2], unit) if parsed else None


def _gapped_figure(token: Token, previous: Token) -> bool:
    """"107 of the soldiers were killed in Donetsk, 12 in Luhansk and two in Zaporizhzhia": a
    figure without a noun of its own, in a list after a claim figure, with its own place or
    time phrase; it says the same of another part."""
    gapped = token
    while gapped.dep_ == "conj" and gapped.head.like_num and gapped.head.i > previous.i:
        gapped = gapped.head
    return (gapped.dep_ in ("npadvmod", "appos", "conj", "dobj") and gapped.i > previous.i
            and gapped.head.i <= previous.i + LIST_REACH and counted_noun(token)[0] is None
            and any(c.dep_ == "prep" for c in token.children))


def _bare_figure(token: Token) -> tuple[int, str, int] | None:
    """(value, qualifier, start) of a number ending at ``token``; None for a year or an age."""
    parsed = number_at(token)
    if parsed is None or parsed[3] - 1 != token.i or re.fullmatch(r"(1[89]|20)\d\d", token.text) or _is_age(token):
        return None
    return parsed[0], parsed[1], parsed[2]


def _exchanged_people(anchor: Token, number: Token) -> bool:
    """"the exchange of 26 individuals", "Russia and Ukraine swapped 300 prisoners": the people
    an exchange moves, its count (reported by total or by side), not a claim beside it."""
    if partitive(number) or running_total(anchor) or _demanded(anchor) or _whole_of_part(number) \
            or is_rate(number, anchor) or (anchor.i != number.i and subset_of_a_count(anchor)):
        return False  # "13 of the 50 released", "4,000 since the war began", "must be freed", "four out of 28",
        # "three prisoners for every hostage", "freed 12 detainees, among them three Georgians"
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of":
        owner = anchor.head.head  # "the exchange of", "the return home of" (parsed as "home" with "return" before it)
        return any(in_lexicon(t, "exchange_triggers") for t in (owner, *(c for c in owner.children if c.dep_ == "compound")))
    return anchor.dep_ in ("dobj", "nsubjpass") and in_lexicon(anchor.head, "exchange_triggers")


def _demanded(anchor: Token) -> bool:
    """"The 26 media workers still held must be released", "calling for the release of a further
    1,150 prisoners": people someone demands be freed, a claim about them, not an exchange."""
    return any(_demand_node(node) for node in path_to_root(anchor))


@per_token
def _demand_node(node: Token) -> bool:
    """A word of demand, or a verb with one as its auxiliary ("must be released"): once per word
    (the root of a long sentence is on the path of each of its counts)."""
    return in_lexicon(node, "demand_cues") or any(c.dep_ in ("aux", "auxpass") and in_lexicon(c, "demand_cues")
                                                  for c in node.children)


def _whole_of_part(number: Token) -> bool:
    """"only four out of 28 bodies": the whole a part is taken from, a figure of its own."""
    return number.dep_ == "pobj" and number.head.lower_ == "of" and (
        number.head.head.lower_ == "out" or number.head.head.like_num)


def _war_toll(ctx: ArticleContext, sent, verb: Token, number: Token) -> bool:
    """"The war has killed more than 9,000 people": a toll of the fighting, background to the
    story, unless it counts the story's own people ("107 of the soldiers returned were killed in
    Donetsk", "the bodies returned ...; 31 were killed near Pokrovsk")."""
    return (in_lexicon(verb, "casualty_verbs") and not partitive(number)
            and not ctx.sentence_has(sent, "reference_nouns") and not ctx.sentence_has(sent, "remains_nouns"))


def _is_age(token: Token) -> bool:
    window = token.doc[max(0, token.i - 2):token.i + 3]
    return any(in_lexicon(t, "age_words") for t in window)


def extract_claims(ctx: ArticleContext, attributions: list[Attribution],
                   exchanges: list[Exchange] = (), breakdowns: frozenset[int] = frozenset()) -> list[Claim]:
    """Numeric statements about the people and events of the story that are not an exchange's
    counts: totals so far, people held, missing or killed, numbers among those released, rounds,
    and the parts of an exchange's total (``breakdowns``: the positions of their people's nouns)."""
    exchange_counts = {release.count for exchange in exchanges for release in exchange.releases}
    # "the sides exchanged the bodies of 150 soldiers" (121 and 29): an exchange's total is its own
    exchange_counts |= {sum(r.count or 0 for r in exchange.releases) for exchange in exchanges if len(exchange.releases) >= 2}
    claims: list[Claim] = []
    for index, sent in enumerate(ctx.sents):
        listed: dict[int, tuple[Claim, str]] = {}  # noun of each claim figure -> its claim and verb, for "a Romanian" after it
        previous: Token | None = None  # the sentence's last claim figure, for the gapped ones after it
        for token in ctx.number_tokens(sent):
            found = _claim_number(ctx, token)
            if found is None and previous is not None and _gapped_figure(token, previous):
                found = _bare_figure(token)
                if found is not None:
                    verb = _claim_verb(previous) or clause_verb(previous) or previous.head
                    end = max(t.i for prep in token.children if prep.dep_ == "prep" for t in prep.subtree)
                    claims.append(Claim(subject=None, statement=f"{verb.lemma_}: {ctx.doc[found[2]:end + 1].text}",
                                        number=found[0], qualifier=found[1], attribution=attributions[index],
                                        evidence=ctx.span(sent)))
                continue
            part = found is not None and found[3] is not None and found[3].i in breakdowns
            counted = found is not None and found[0] + (listed_beside(ctx, found[3]) if found[3] is not None else 0)
            if found is None or (counted in exchange_counts and not partitive(token) and not among_the_released(token)
                                 and not part):
                continue
            previous = token
            value, qualifier, start, noun = found
            anchor = noun if noun is not None and noun.i > token.i else token  # a total's people come before it
            verb = _claim_verb(anchor) or clause_verb(anchor) or anchor.head
            if _war_toll(ctx, sent, verb, token) or _exchanged_people(anchor, token) and not part:
                continue
            end = anchor.i
            end = max([end] + [t.i for t in anchor.subtree if t.i > end and t.dep_ in ("prep", "pobj")
                               and t.head.i in (end, end + 1)])
            statement = f"{verb.lemma_}: {ctx.doc[start:end + 1].text}"
            subject = _subject(ctx, verb, anchor) if anchor is not token else None
            attribution = attributions[index]
            if among_released(anchor):  # a detail of the people an exchange freed
                attribution = _carried(attributions, index)
            claims.append(Claim(subject=subject, statement=statement, number=value,
                                qualifier=qualifier, attribution=attribution, evidence=ctx.span(sent)))
            if noun is not None:
                listed[noun.i] = (claims[-1], verb.lemma_)
        claims.extend(_single_people_listed(ctx, listed, 1 in exchange_counts))
    return claims


def _single_people_listed(ctx: ArticleContext, listed: dict[int, tuple[Claim, str]], one_is_a_count: bool) -> list[Claim]:
    """"five Malaysians, four Filipinos and a Dutch national remain held": the one person of a
    nationality in a list of counted people is a figure too (1), said as its list is."""
    found: list[Claim] = []
    seen = set(listed)
    for i, (claim, verb) in listed.items():
        for single in (c for c in ctx.doc[i].conjuncts if c.i > i and c.i not in seen):
            nationality = any(ctx.actors.gazetteer.demonym(t.text) for t in (
                single, *(c for c in single.children if c.dep_ in ("amod", "compound"))))
            one = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in single.children)
            if one and nationality and not one_is_a_count and not any(c.dep_ == "nummod" for c in single.children):
                seen.add(single.i)
                start = min(t.i for t in single.subtree)
                found.append(Claim(subject=claim.subject, statement=f"{verb}: {ctx.doc[start:single.i + 1].text}",
                                   number=1, qualifier="exact", attribution=claim.attribution, evidence=claim.evidence))
    return found


def _carried(attributions: list[Attribution], index: int) -> Attribution:
    """A sentence's attribution, or when it names no source, that of the sentence shortly before
    that does: a detail of the released comes from whoever reported the exchange."""
    for before in range(index, max(-1, index - DETAIL_REACH - 1), -1):
        if attributions[before].sources or attributions[before].source_text:
            return attributions[before]
    return attributions[index]
