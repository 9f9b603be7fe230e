"""Counts of released people in a sentence: a number bound to a people noun ("146 Russian
soldiers", "the remains of 3,000 soldiers", "a list of 640 prisoners"), a formula ("a thousand
for a thousand") or a mirror ("an equal number of Ukrainian prisoners"), each with a direction
from the parse: who releases (the subject of "returned", the agent of "held by") or whose people
they are ("Russian soldiers", "returned to Russia", "from each side")."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan, Token

from .context import ArticleContext
from .count_filters import held_in_custody, not_a_release, of_the_whole
from .count_lists import told_by_a, with_others_joined, without_breakdowns
from .journeys import carrying_vehicle, is_homecoming, per_vehicle
from .lexicon import mapping, terms
from .numbers import is_number_word, number_at
from .plans import is_planned_at
from .releasers import find_releaser, owner_of
from .syntax import clause_verb, counted_noun, entity_of, figure_after_a_day, in_exchange_for, named_before_the_others
from .tallies import more_of_the_same, running_total
from .tokens import in_lexicon, is_negated, path_to_root, per_token, sentence_of

SKIPPED_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}


def not_a_count(token: Token) -> bool:
    """The number is a date, time, sum or rank, as the entity recogniser reads it, or a multiple
    ("three times as many prisoners"); but a figure read alone as a date that counts a plural noun
    is no year ("the bodies of 1212 fallen soldiers"), nor one without a percent sign a percentage."""
    if token.i + 1 < len(token.doc) and in_lexicon(token.doc[token.i + 1], "multiplier_words"):
        return True
    if token.ent_type_ == "DATE" and token.dep_ == "nummod" and token.head.tag_ == "NNS" and token.like_num \
            and token.ent_iob_ == "B" and (token.i + 1 == len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I"):
        return False
    if figure_after_a_day(token):
        return False  # "on Saturday 64 prisoners", read as one date
    if token.ent_type_ == "DATE" and token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS") \
            and all(t.like_num or t.text in ("-", "–") for t in entity_of(token)):
        return False  # "Forty-six Turks", a number in words read as a date
    if token.ent_type_ == "PERCENT" and not any(in_lexicon(t, "percent_words") for t in token.doc[token.i + 1:token.i + 3]):
        return False  # "released 60 Azerbaijanis", read as a percentage with no percent sign or word
    return token.ent_type_ in SKIPPED_ENTS


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
    batch: bool = False  # "in the second batch, three were handed over": a part of the day's release
    joint: bool = False  # "8 Russians held in the US, Germany and Norway": several holders' release, no one side's


def people_noun(ctx: ArticleContext, token: Token) -> bool:
    """A noun for people: a word of people_nouns, a nationality ("Ukrainians"), or any plural that
    the text says were held ("four kidnapped geologists", "engineers who had been abducted")."""
    if in_lexicon(token, "people_nouns") or (token.lower_ in terms("people_adjectives") and any(c.dep_ == "nummod" for c in token.children)) \
            or held_in_custody(token):
        return True  # "14 wounded were released", "400 in custody"
    word = token.lower_
    if word.endswith("s") and ctx.actors.gazetteer.demonym(word[:-1]) is not None:
        return True
    return token.tag_ == "NNS" and any(c.dep_ in ("amod", "acl", "relcl") and in_lexicon(c, "captivity_words")
                                       for c in token.children)


def _kind(noun: Token, container: Token | None) -> str:
    if container is not None and in_lexicon(container, "list_nouns"):
        return "list_handover"
    if in_lexicon(noun, "remains_nouns") or (container is not None and in_lexicon(container, "remains_nouns")) \
            or any(c.dep_ == "amod" and in_lexicon(c, "dead_modifiers") for c in noun.children) \
            or any(t.i + 2 < len(t.doc) and t.doc[t.i + 1].tag_ == "POS" and in_lexicon(t.doc[t.i + 2], "remains_nouns")
                   for t in (noun, *noun.conjuncts)):
        return "remains_return"  # "the bodies of 69 soldiers", "100 fallen servicemen", "6,060 soldiers' remains"
    if in_lexicon(noun, "civilian_nouns") and not _detained_citizens(noun):
        return "civilian_return"
    return "prisoner_exchange"


def _detained_citizens(noun: Token) -> bool:
    """"10 jailed U.S. citizens", "five US citizens ... in a prisoner swap": a state's citizens
    held as prisoners abroad, freed in a prisoner exchange (not civilians returned from a war zone)."""
    if not in_lexicon(noun, "citizen_nouns"):
        return False
    # "three citizens (both governments said) were wrongfully detained": the held clause may be
    # reported; "three nationals who were taken hostage", "two citizens kidnapped in Sulu": captives
    if any(c.dep_ in ("amod", "acl", "relcl") and (in_lexicon(c, "captivity_words") or in_lexicon(c, "capture_verbs") or c.dep_ == "relcl"
                                                   and any(in_lexicon(v, "captivity_words") for v in c.children)) for c in noun.children):
        return True
    counted = [noun, noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.like_num else [noun]
    if any(p.dep_ == "pobj" and in_lexicon(p, "military_nouns") for holder in counted for inc in holder.children
           if inc.dep_ == "prep" and in_lexicon(inc, "inclusion_verbs") for p in inc.children):
        return True  # "185 of its citizens, including soldiers of the Armed Forces": prisoners of war among them
    verb = clause_verb(noun)
    if verb is not None and in_lexicon(verb, "swap_verbs") and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return True  # "the two citizens had been exchanged for a convicted smuggler": traded as prisoners
    return _names_a_prisoner_swap(sentence_of(noun).root)  # "a prisoner swap", "a detainee exchange", "a prisoner swap deal"


@per_token
def _names_a_prisoner_swap(root: Token) -> bool:
    """The sentence of ``root`` names a swap by the people it moves ("a prisoner swap"): once per sentence."""
    return any(t.dep_ == "compound" and in_lexicon(t, "people_nouns") and not in_lexicon(t, "civilian_nouns")
               and any(in_lexicon(n, "exchange_nouns") for n in (t.head, *t.head.children) if n is t.head or n.dep_ == "compound")
               for t in sentence_of(root))


def _container(noun: Token) -> Token | None:
    """"list" in "a list of 640 prisoners", "remains" in "the remains of 3,000 soldiers"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
        holder = noun.head.head
        if in_lexicon(holder, "list_nouns") or in_lexicon(holder, "remains_nouns") \
                or holder.lower_ in terms("group_nouns"):
            return holder
    return None


def has_trigger(ctx: ArticleContext, sent: SpacySpan) -> bool:
    if ctx.sentence_has(sent, "exchange_triggers"):
        return True
    if (ctx.sentence_has(sent, "homecoming_words") or ctx.sentence_has(sent, "leaving_verbs")) \
            and any(is_homecoming(t) for t in ctx.tokens_of(sent)):
        return True
    return any(carrying_vehicle(t) is not None for t in ctx.tokens_in(sent, "carrying_verbs"))


def connected(anchor: Token) -> bool:
    """The count belongs to an exchange phrase: a trigger governs it or modifies it."""
    path = path_to_root(anchor)[1:]
    if any(in_lexicon(t, "exchange_triggers") or in_lexicon(t, "release_verbs") or is_homecoming(t)
           or carrying_vehicle(t) is not None for t in path):
        return True
    if any(c.dep_ == "compound" and in_lexicon(c, "exchange_triggers") for t in path for c in t.children):
        return True  # "an exchange operation that included 150 prisoners"
    if any(in_lexicon(t, "exchange_triggers") for t in anchor.subtree if t.i != anchor.i):
        return True
    verb = clause_verb(anchor)
    return verb is not None and any(in_lexicon(t, "exchange_triggers") for t in verb.subtree)


def find_counts(ctx: ArticleContext, sent: SpacySpan) -> list[Count]:
    """The counts of released people in one sentence."""
    counts: list[Count] = []
    used: set[int] = set()
    for label, first, end in ctx.matches_in(sent):
        if label == "FORMULA":
            numbers = [t for t in ctx.doc[first:end] if t.like_num]
            parsed = number_at(numbers[0])
            parts = {number for number in map(number_at, numbers) if number is not None}
            # "1,200-1,200": two equal figures, not a range ("100-150") nor one number ("twenty-eight")
            if parsed and len(parts) == len(numbers) and len({value for value, *_ in parts}) == 1 and all(t.i not in used for t in numbers):
                used.update(t.i for t in numbers)
                noun = ctx.doc[end - 1].head  # "the return of 6,000-for-6,000 bodies": what the formula counts
                kind = _kind(noun, _container(noun)) if people_noun(ctx, noun) else "prisoner_exchange"
                counts.append(Count(parsed[0], "exact", numbers[0], kind, each_side=True))
        elif label == "EQUAL" and end - first == 3:
            number = ctx.doc[first + 2]
            nouns = [c for p in number.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
            noun = nouns[0] if nouns else None
            count = Count(0, "exact", number, _kind(noun, None) if noun is not None else "prisoner_exchange",
                          noun=noun, mirror=True, linked=in_exchange_for(number))
            if noun is not None:
                count.owner = owner_of(ctx, noun)
            counts.append(count)
    each_side_heads, each_side_starts = set(), set()
    for label, start, end in ctx.matches_in(sent):
        if label == "EACH_SIDE":
            first = ctx.doc[start]
            each_side_heads.add(first.head.i)
            each_side_starts.add(start)
            if first.lower_ == "each":  # "each side released 100 prisoners", "each side returned 50 prisoners home"
                each_side_heads.update(c.i for c in ctx.doc[start + 2].subtree if any(g.dep_ == "nummod" for g in c.children))
    for token in ctx.number_tokens(sent):
        if token.i in used or not_a_count(token) or not is_number_word(token.text):
            continue
        parsed = number_at(token)
        if parsed is None or parsed[3] - 1 != token.i:
            continue
        value, qualifier, start, _ = parsed
        noun, head = counted_noun(token)
        split = False  # "an exchange involving 410 soldiers -- 205 from each side": each side's half
        noun = token if noun is None and held_in_custody(token) else noun  # "400 in Israeli custody": people
        if noun is not None and noun.pos_ == "PROPN" and head is None:  # "451 Sudanese Armed Forces (SAF) prisoners"
            noun, head = next(((c, noun) for c in noun.children if c.dep_ == "appos" and people_noun(ctx, c)), (noun, None))
        if noun is None and counts and more_of_the_same(token) and (
                not running_total(counts[-1].anchor) or is_planned_at(token)):
            # "returned 7,000 bodies so far and offered to transfer 3,000 more"; but "a total of 5,757
            # were freed since 2022, and an additional 536 outside the exchanges" adds to the tally
            noun, head = counts[-1].noun, token.head if token.dep_ == "nummod" else token
        elif noun is None and counts and token.dep_ == "pobj" and token.head.lower_ == "for" and in_exchange_for(token):
            noun, head = counts[-1].noun, token  # "1,700 prisoners ... in exchange for 1,200 held by government forces"
        elif split := (noun is None and bool(counts) and token.i + 1 in each_side_starts and counts[-1].value == 2 * value):
            noun, head = counts[-1].noun, token
        elif noun is None and counts and _gapped_release(token, counts[-1].anchor):
            noun, head = counts[-1].noun, token  # "Israel returned the remains of 45 Palestinians, while Hamas returned three"
        if noun is None or not people_noun(ctx, noun) or not_a_release(token, noun, head or noun) \
                or _handed_something(ctx, head or noun):
            continue
        container = _container(noun) or (_container(head) if head is not None else None)  # "the bodies of 69 of its soldiers"
        if container is not None and container.lower_ == "minimum":
            qualifier = "at_least"
        if head is None:
            # "the remains of 909 soldiers were returned", "a total of 50 hostages were freed": the
            # container is the clause's argument; "the number of prisoners" counts the prisoners
            head = container if container is not None and (
                container.lower_ not in terms("total_nouns") or clause_verb(container) is not None) else noun
        if not (connected(head) or split) or of_the_whole(head):
            continue
        value += listed_beside(ctx, noun)  # "reporter John Smith and three other citizens": four
        count = Count(value, qualifier, head, _kind(noun, container), noun=noun, linked=in_exchange_for(head),
                      batch=_in_a_batch(head))
        verb = clause_verb(head)
        # "an exchange of 1,200 POWs on each side": "on each side" may hang on the exchange the people are of
        whole = noun.head.head.i if noun.dep_ == "pobj" and noun.head.lower_ == "of" else -1
        count.each_side = bool({noun.i, head.i, whole, verb.i if verb is not None else -1} & each_side_heads) or any(
            t.i in each_side_heads for t in noun.subtree if t.lower_ in ("from", "on"))
        count.each_side = count.each_side or _for_same_number(head, value)
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
        count.each_side = count.each_side or any(  # "A and B each received 250": "each" may hang on the subject
            t.lower_ == "each" and t.dep_ != "det"
            for t in (*head.children, *(verb.children if verb is not None else ()), *(c for s in subjects for c in s.children)))
        # "100 prisoners each", "100 prisoners of war each" (however the parser attached "each"), not
        # "in each direction"
        after = range(noun.i + 1, noun.right_edge.i + 2) if noun.right_edge.i - noun.i <= 3 else (noun.i + 1,)
        count.each_side = count.each_side or any(i < len(ctx.doc) and ctx.doc[i].lower_ == "each"
                                                 and ctx.doc[i - 1].pos_ in ("NOUN", "PROPN") for i in after)
        # (but "the two sides bringing home a combined total of 300": both sides' people together)
        count.each_side = count.each_side or (verb is not None and _both_sides_subject(verb) and not (
            container is not None and container.lower_ in terms("total_nouns")))
        if count.each_side and per_vehicle(verb):
            continue  # "two planes carrying 48 prisoners each": a figure per flight, not per side
        count.owner = _owner_beside(ctx, token, noun) or owner_of(ctx, noun)
        _find_side(ctx, head, count)
        if count.releaser is None and count.owner is not None and any(
                c.dep_ in ("amod", "compound") and in_lexicon(c, "own_state_prisoner_words") for c in noun.children):
            count.releaser, count.owner = count.owner, None  # "20 Belarusian political prisoners": Belarus held them
        counts.append(count)
    _share_owners(counts)
    counts += _one_body(ctx, sent)
    return [c for c in without_breakdowns(with_others_joined(counts)) if not is_negated(c.anchor)]


def _share_owners(counts: list[Count]) -> None:
    """"Ukraine has returned home 185 of its servicemen and 20 civilians": a count joined to an
    earlier one, with no side of its own, has the earlier one's (the same verb, the same people)."""
    by_noun = {c.noun.i: c for c in counts if c.noun is not None}
    for count in counts:
        if count.noun is None or count.owner or count.releaser or count.mutual or count.noun.dep_ != "conj":
            continue
        first = by_noun.get(count.noun.head.i)
        if first is not None and first is not count:
            count.owner, count.releaser = first.owner, first.releaser


def _one_body(ctx: ArticleContext, sent: SpacySpan) -> list[Count]:
    """"Hamas handed over the remains of a deceased hostage", "the body of a captive", "the
    remains of another hostage": one person's remains, a count of one (though no figure is written)."""
    found = []
    for container in ctx.tokens_in(sent, "remains_nouns"):
        for person in (o for prep in container.children if prep.dep_ == "prep" and prep.lower_ == "of"
                       for o in prep.children if o.dep_ == "pobj"):
            if person.tag_ != "NN" or not in_lexicon(person, "held_people_nouns") or not any(
                    c.dep_ == "det" and in_lexicon(c, "one_body_determiners") for c in person.children) or not connected(container):
                continue
            count = Count(1, "exact", container, "remains_return", noun=person, linked=in_exchange_for(container))
            count.owner = owner_of(ctx, person)
            _find_side(ctx, container, count)
            found.append(count)
    return found


def _find_side(ctx: ArticleContext, head: Token, count: Count) -> None:
    """The count's releaser (:func:`find_releaser`), unless that is whose people they are or a
    neutral body: "the ICRC began an operation to transfer 900 detainees" (it carries them)."""
    find_releaser(ctx, head, count)
    if count.releaser is not None and (count.releaser == count.owner and count.kind != "list_handover"
                                       or count.releaser in terms("neutral_intermediaries")):
        count.releaser = None  # but "Pakistan handed over a list of 38 missing Pakistani personnel": its list


def _owner_beside(ctx: ArticleContext, number: Token, noun: Token) -> str | None:
    """"10 Ukrainian and four Russian children": the state of the adjective right after a figure,
    when the noun has several, is whose people the figure counts."""
    after = number.doc[number.i + 1] if number.i + 1 < len(number.doc) else None
    if after is None or after.i >= noun.i:
        return None
    shared = (after.dep_ == "amod" and after.head.i == noun.i and sum(c.dep_ in ("amod", "compound") for c in noun.children) >= 2) \
        or (noun.dep_ == "conj" and noun.head.i == after.i) \
        or (after.dep_ == "amod" and after.head.i == number.i)  # "six Armenian and two Azerbaijani civilians", however parsed
    return ctx.state_of(ctx.key_at_token(after)) if shared else None


def _gapped_release(number: Token, earlier: Token) -> bool:
    """A bare figure released in a clause joined to an earlier count's ("A freed 12 detainees and
    B released five", "..., while B returned three"): it counts the same people."""
    verb, earlier_verb = number.head, clause_verb(earlier)
    taken = number.dep_ == "dobj" or number.dep_ == "npadvmod" and number.i == verb.i + 1  # "returned 24", misread as a time
    return taken and verb.pos_ == "VERB" and in_lexicon(verb, "release_verbs") \
        and verb.dep_ in ("conj", "advcl") and earlier_verb is not None and earlier_verb.i == verb.head.i \
        and any(c.dep_ == "nsubj" for c in verb.children)


def _handed_something(ctx: ArticleContext, head: Token) -> bool:
    """"48 of the returnees had been handed sentences": the people were given something (the
    verb's object), not handed over."""
    verb = clause_verb(head)
    return verb is not None and head.dep_ == "nsubjpass" and in_lexicon(verb, "release_verbs") and any(
        c.dep_ == "dobj" and not people_noun(ctx, c) for c in verb.children)


def _in_a_batch(head: Token) -> bool:
    """"In the second batch, three hostages were handed over": a part of one day's release,
    told batch by batch (a claim; the release is the day's total)."""
    verb = clause_verb(head)
    if verb is not None and any(
            prep.dep_ == "prep" and prep.lower_ == "in" and any(in_lexicon(p, "batch_nouns") and p.tag_ == "NN"
                                                                for p in prep.children if p.dep_ == "pobj")
            for prep in verb.children):  # one batch ("in the second batch"), not the whole ("in three batches")
        return True
    # "another plane went to Abha carrying 15 prisoners", "the second bus carried 40": one vehicle of several
    vehicle = next((v for node in path_to_root(head)[1:4] if (v := carrying_vehicle(node)) is not None), None)
    return vehicle is not None and any(c.dep_ in ("det", "amod") and (
        in_lexicon(c, "further_words") or c.lower_ in mapping("ordinals")) for c in vehicle.children)


def listed_beside(ctx: ArticleContext, noun: Token) -> int:
    """People a list names beside a counted noun, whom its figure leaves out: "reporter John Smith
    and three other citizens" (one), "a Dane and two Austrians" (one)."""
    return named_before_the_others(noun) + sum(people_noun(ctx, t) or ctx.actors.gazetteer.demonym(t.lower_) is not None
                                               for t in _single_people_before(noun))


def _single_people_before(noun: Token) -> list[Token]:
    """The members of a counted noun's list that are one person told by "a" ("a Dane and two
    Austrians", "four priests, a nun and a layman"), when no other member of the list on that
    side of the counted noun has a figure."""
    before = [c for c in noun.conjuncts if c.i < noun.i]
    after = [c for c in noun.conjuncts if c.i > noun.i] if not before else []
    return [t for side in (before, after) if not any(d.dep_ == "nummod" for c in side for d in c.children)
            for t in told_by_a(side)]


def _both_sides_subject(verb: Token) -> bool:
    """"Both sides received 390 people", "the two countries freed 50 prisoners", "both sides
    exchanged 120 civilians": each side did (but "the two sides exchanged the remains of 31
    soldiers" is the swap's total)."""
    swap = in_lexicon(verb, "swap_verbs")
    return any(s.dep_ == "nsubj" and in_lexicon(s, "side_nouns") and any(
        in_lexicon(c, "both_determiners") and not (swap and in_lexicon(c, "pair_numbers")) for c in s.children) for s in verb.children)


def _for_same_number(head: Token, value: int) -> bool:
    """"a thousand prisoners were freed for a thousand": the same number on the other side."""
    verb = clause_verb(head)
    for node in (head, verb) if verb is not None else (head,):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ == "for"):
            for pobj in prep.children:
                if pobj.like_num and (parsed := number_at(pobj)) and parsed[0] == value:
                    return True
    return False


def is_planned(count: Count) -> bool:
    """The count is of a planned, agreed or offered exchange (a list handed over is one too)."""
    return count.kind == "list_handover" or is_planned_at(count.anchor)


def sentence_counts(ctx: ArticleContext) -> dict[int, list[Count]]:
    """Sentence index -> the counts of released people in it, for sentences with a trigger."""
    return {index: find_counts(ctx, sent) for index, sent in enumerate(ctx.sents) if has_trigger(ctx, sent)}
