"""Exchanges across sentences: sentences that refer back ("the UAE was identified as the
intermediary in this exchange") or continue one (a breakdown, the sources) add to the exchange
they are about (reports of one event are merged in :mod:`.exchange_merge`)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Span as SpacySpan, Token

from ..facts import Attribution, Exchange, Release
from .context import ArticleContext
from .counts import people_noun
from .exchange_details import (day_of_the_story, exchange_date, intermediaries_in, later_categories, neutral_carriers,
                               story_transit, transit_in)
from .exchange_merge import Found, absorb
from .lexicon import terms
from .numbers import number_at
from .releasers import military_people
from .tokens import in_lexicon, is_negated, path_to_root

LISTING_WORDS = terms("listing_words")


def cumulative(text: str) -> bool:
    """The sentence gives a running total ("since the war began", "so far", "to date")."""
    lowered = f" {text.lower()} "
    return any(f" {cue} " in lowered for cue in terms("cumulative_cues"))


def copy_attribution(attribution: Attribution) -> Attribution:
    return Attribution(list(attribution.sources), attribution.source_text, attribution.mode, attribution.cue)


def reference_kind(sent: SpacySpan) -> str | None:
    """The kind of exchange a sentence points back to ("this exchange", "the list",
    "the released soldiers"), or None when it points to none."""
    determiners = terms("reference_determiners")
    for token in sent:
        if not in_lexicon(token, "reference_nouns"):
            continue
        target = token.head if token.dep_ == "amod" else token
        dets = [c.lower_ for c in target.children if c.dep_ in ("det", "poss", "amod")]
        if not any(d in determiners for d in dets) or any(d in terms("earlier_event_adjectives") for d in dets):
            continue  # (not "the previous exchange": another, earlier event)
        if in_lexicon(token, "list_nouns"):
            return "list_handover"
        if in_lexicon(target, "remains_nouns"):
            return "remains_return"
        return "prisoner_exchange"
    return None


def completion_mention(sent: SpacySpan) -> Token | None:
    """An exchange said to have happened without numbers: "the latest of which occurred on
    Wednesday", "the swap took place in Ankara", "the sides exchanged prisoners"."""
    for token in sent:
        if token.pos_ != "VERB" or is_negated(token):
            continue
        if any(c.dep_ == "aux" and (c.lower_ in terms("modal_cues") or c.lower_ in terms("plan_cues")) for c in token.children):
            continue
        if in_lexicon(token, "completion_verbs") and token.tag_ in ("VBD", "VBN", "VBZ"):
            if token.lemma_ in terms("phrasal_completion_verbs") and not any(c.lower_ in terms("completion_particles") for c in token.children):
                continue
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if token.dep_ == "relcl":
                subjects.append(token.head)
            # "the first round of swaps began on Monday": the round is a swap
            subjects += [p for s_ in subjects if in_lexicon(s_, "round_nouns") for prep in s_.children
                         if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]
            if any(t.lower_ == "which" for s_ in subjects for t in s_.subtree):
                subjects.extend(t for t in sent if t.i < token.i and in_lexicon(t, "exchange_nouns"))
            if any(is_negated(s) for s in subjects):
                continue
            if any(c.dep_ == "amod" and in_lexicon(c, "earlier_event_adjectives") for s in subjects for c in s.children):
                continue  # "the previous exchange took place on 6 May": another, earlier event
            if any(c.dep_ == "nummod" for s in subjects for c in s.children):
                continue  # "one of more than 70 repatriations that have taken place": a tally, not one event
            if any(in_lexicon(s, "exchange_nouns") and (s.lower_ not in terms("ambiguous_exchange_nouns") or _of_people(s))
                   for s in subjects):
                return token  # "the swap took place", "the release of detainees took place in April"
            # "the ICRC had completed the release", "the sides carried out another swap", "held a prisoner swap"
            if any(c.dep_ == "dobj" and in_lexicon(c, "exchange_nouns") and not is_negated(c) and (
                    token.lemma_ not in terms("occurrence_verbs")
                    or token.lemma_ == "hold" and c.lower_ not in terms("ambiguous_exchange_nouns")) for c in token.children):
                return token
        if token.lemma_ in terms("swap_verbs") and token.tag_ == "VBD":
            objects = [c for c in token.children if c.dep_ == "dobj" and in_lexicon(c, "people_nouns")]
            if objects and not any(c.like_num for o in objects for c in o.children):
                return token
        if in_lexicon(token, "release_verbs") and token.tag_ == "VBD" and _mutual_release(token):
            return token
        if _release_without_figure(token):
            return token
    return None


def _release_without_figure(verb: Token) -> bool:
    """"the group freed prisoners on Monday", "the bureau has begun releasing prisoners",
    "hostages were released", "the ELN has released a member of the Navy": people let go, told
    without a number (not "in the previous rounds", nor "since January": a tally)."""
    if not in_lexicon(verb, "plain_release_verbs"):
        return False
    if verb.tag_ == "VBG":  # "has begun releasing prisoners": the release is the begun clause
        if verb.dep_ != "xcomp" or not in_lexicon(verb.head, "completion_verbs") or verb.head.tag_ not in ("VBD", "VBN", "VBZ"):
            return False
    elif verb.tag_ not in ("VBD", "VBN"):
        return False
    people = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and in_lexicon(c, "people_nouns") and (
        c.tag_ == "NNS" or any(d.dep_ == "det" and in_lexicon(d, "indefinite_articles") for d in c.children))]
    earlier = any(in_lexicon(t, "earlier_event_adjectives") or in_lexicon(t, "since_words")
                  for c in verb.children if c.dep_ == "prep" for t in c.subtree)
    return bool(people) and not earlier and (verb.tag_ != "VBN" or any(c.dep_ in ("auxpass", "aux") for c in verb.children)) and not any(
        c.like_num or c.dep_ in ("nummod", "quantmod", "poss") or c.lower_ in terms("referring_determiners")
        for p in people for c in p.children)


def _of_people(noun: Token) -> bool:
    """"the release of detainees": a release or return of people, not of a statement or a film."""
    return any(p.dep_ == "pobj" and in_lexicon(p, "people_nouns") for prep in noun.children
               if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children)


def _mutual_release(verb: Token) -> bool:
    """"Iran and Sweden freed prisoners in a swap", "the two sides released detainees": both
    sides let people go, without a number (a swap said with a verb of release)."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and in_lexicon(c, "people_nouns")]
    if not objects or any(c.like_num or c.dep_ == "nummod" for o in objects for c in o.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    in_a_swap = any(p.dep_ == "pobj" and in_lexicon(p, "swap_verbs") for prep in verb.children if prep.dep_ == "prep"
                    for p in prep.children)
    return in_a_swap or any(s.conjuncts or any(c.lower_ in terms("both_sides_modifiers") for c in s.children) for s in subjects)


def hedged(token: Token) -> bool:
    """A reference inside a call, plan or wish ("called for the release of ...")."""
    plan = terms("plan_cues")
    return any(node.lemma_.lower() in plan for node in path_to_root(token)[1:])


def background(sent: SpacySpan) -> bool:
    root = sent.root
    return any(c.dep_ == "aux" and c.lower_ in terms("modal_cues") for c in root.children)


def attach_references(ctx: ArticleContext, exchanges: list[Found], references, attributions) -> None:
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
                exchange = Exchange(kind=kind, sides=sorted(ctx.sides()), date=exchange_date(ctx, sent),
                                    attribution=copy_attribution(attributions[index]), evidence=ctx.span(sent))
                # "the exchange of prisoners of war began on Monday": who was exchanged, without numbers
                exchange.categories = later_categories(ctx, sent, exchange) if kind != "remains_return" else ["bodies"]
                if kind == "prisoner_exchange" and any(military_people(t) for t in ctx.tokens_in(sent, "people_nouns")):
                    exchange.categories = sorted({*exchange.categories, "military"})
                exchanges.append(Found(exchange, index))
            continue
        exchange = target.exchange
        if completion or (target.sentence > index and exchange.status == "completed"):
            # "X and Y announced their first exchange in months on Friday", a lead before the counts
            exchange.date = exchange.date or exchange_date(ctx, sent)
        listing = any(t.lemma_ in LISTING_WORDS for t in sent)  # "among them", "included"
        details = Exchange(kind=exchange.kind, sides=[], categories=later_categories(ctx, sent, exchange) if listing else [],
                           attribution=copy_attribution(attributions[index]))
        absorb(exchange, details)
        if _mirrors(ctx, sent) and len(exchange.releases) == 1:
            release = exchange.releases[0]
            for side in exchange.sides:
                if side != release.side:
                    exchange.releases.append(Release(side, release.count, release.qualifier))
        target.refs.append(index)


def _reference_target(exchanges: list[Found], index: int, kind: str, completion: bool) -> Found | None:
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


def in_return(sent: SpacySpan) -> bool:
    """The sentence gives one half of a trade whose other half came before: "in return",
    "in exchange" with no "for ..." after it."""
    return any(t.lower_ in terms("return_nouns") and t.dep_ == "pobj" and t.head.lower_ == "in"
               and not any(c.lower_ == "for" for c in t.children) for t in sent)


def _mirrors(ctx: ArticleContext, sent: SpacySpan) -> bool:
    return any(label == "EQUAL" for label, _, _ in ctx.matches_in(sent))


def continues(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """A sentence that goes on about released people without counting them anew: it names the
    released ("the freed men", "the prisoners, most of them women"), a side's people on their
    way ("Ukrainian PoWs were filmed arriving") or a release, and is not negated, hedged or
    modal background."""
    if not (ctx.sentence_has(sent, "exchange_triggers") or ctx.sentence_has(sent, "people_nouns")):
        return False
    tokens = ctx.tokens_of(sent)
    if background(sent) or any(t.dep_ == "neg" or (t.dep_ == "det" and t.lower_ == "no") for t in tokens):
        return False
    for token in tokens:
        if in_lexicon(token, "exchange_triggers") and not is_negated(token) and not hedged(token) \
                and not _future(token):
            return True
        if people_noun(ctx, token) and token.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in ("the", "those", "these") for c in token.children):
            return True
    # "Ukrainian PoWs were filmed arriving in coaches on Wednesday": a side's people on their way home
    return any(people_noun(ctx, token) and (token.tag_ in ("NNS", "NNPS") or token.text.endswith("s")) and any(
        c.dep_ in ("amod", "compound") and ctx.actors.gazetteer.demonym(c.text) is not None for c in token.children)
        for token in tokens) and any(in_lexicon(t, "homecoming_verbs") and t.pos_ == "VERB" for t in tokens)


def people_number(ctx: ArticleContext, token: Token) -> bool:
    """A number that counts people ("24 more hostages"): a sentence with one states a figure of its own."""
    return token.like_num and token.dep_ in ("nummod", "quantmod") and people_noun(ctx, token.head)


def _future(token: Token) -> bool:
    """A mention inside a future or modal clause ("talks will take place after an exchange")."""
    cues = terms("modal_cues") | terms("plan_cues")
    return any(c.dep_ == "aux" and c.lower_ in cues for node in path_to_root(token) for c in node.children)


def _continuation_targets(exchanges: list[Found]) -> Callable[[int], Found | None]:
    """For a continuation sentence, the exchange it adds to: the last counted exchange before it
    (the largest of its sentence's: "185 soldiers, as well as 20 civilians"), else the article's
    only exchange. Found by bisection over the counted exchanges listed once (an article of
    thousands of exchanges and continuations stays linear)."""
    largest: dict[int, Found] = {}  # sentence -> its counted exchange with the largest count
    for found in exchanges:
        if found.exchange.releases:
            best = largest.get(found.sentence)
            if best is None or max(r.count for r in found.exchange.releases) > max(r.count for r in best.exchange.releases):
                largest[found.sentence] = found
    sentences = sorted(largest)
    only = exchanges[0] if len(exchanges) == 1 else None

    def target(index: int) -> Found | None:
        at = bisect_left(sentences, index)
        return largest[sentences[at - 1]] if at else only
    return target


def attach_continuations(ctx: ArticleContext, exchanges: list[Found], continuations: list[int],
                          attributions: list[Attribution]) -> None:
    """Details stated in later sentences (who said it, who mediated, where the released went,
    which groups they were) join the exchange the sentence continues."""
    target_of = _continuation_targets(exchanges)
    for index in continuations:
        target = target_of(index)
        if target is None or index in target.refs or index == target.sentence:
            continue
        exchange = target.exchange
        largest = max((r.count for r in exchange.releases), default=0)
        if any(people_number(ctx, t) and (number_at(t) or (0,))[0] > largest for t in ctx.sents[index]):
            continue  # a figure larger than the exchange is a claim or background of its own
        absorb(exchange, Exchange(kind=exchange.kind, sides=[], categories=later_categories(ctx, ctx.sents[index], exchange),
                                   date=day_of_the_story(ctx, ctx.sents[index]) if exchange.status == "completed" else None,
                                   attribution=copy_attribution(attributions[index])))
        target.refs.append(index)

def attach_details(ctx: ArticleContext, exchanges: list[Found]) -> None:
    """Intermediaries and transit countries from each exchange's own and referring sentences;
    a mediator thanked or credited in a sentence tied to no exchange ("X announced the success
    of its mediation efforts") mediated the article's lead event, its first completed exchange;
    a neutral body the story shows moving people (:func:`neutral_carriers`) was the intermediary
    of every completed exchange."""
    linked = {index for item in exchanges for index in (item.sentence, *item.refs)}
    lead = next((item for item in exchanges if item.exchange.status == "completed"), None)
    carriers = list(dict.fromkeys(key for sent in ctx.sents if not background(sent) for key in neutral_carriers(ctx, sent))) \
        if lead is not None else []
    passed = list(dict.fromkeys(key for index, sent in enumerate(ctx.sents) if index not in linked and not background(sent)
                                for key in story_transit(ctx, sent))) if lead is not None else []
    for item in exchanges:
        exchange = item.exchange
        unlinked = [index for index in _mediation_mentions(ctx) if index not in linked] if item is lead else []
        for index in (item.sentence, *item.refs, *unlinked):
            sent = ctx.sents[index]
            for key in intermediaries_in(ctx, sent, handed_to=index not in unlinked):
                if key not in exchange.sides and key not in exchange.intermediaries:
                    exchange.intermediaries.append(key)
            if index == item.sentence and exchange.status == "completed":  # the ICRC moved the people anywhere in the story
                exchange.intermediaries.extend(key for key in carriers
                                               if key not in exchange.sides and key not in exchange.intermediaries)
            if index in unlinked:
                continue
            for key in [*transit_in(ctx, sent), *(passed if item is lead and index == item.sentence else ())]:
                if key not in exchange.sides and key not in exchange.transit:
                    exchange.transit.append(key)


def _mediation_mentions(ctx: ArticleContext) -> list[int]:
    """Sentences that credit someone with an exchange ("the success of its mediation efforts in
    completing a new prisoner exchange", "used mediation efforts to facilitate the deal", "our
    gratitude to the UAE for their assistance"): a mediation word beside an exchange, a deal or
    thanks, and no talks or peace the mediation could be for."""
    return [index for index, sent in enumerate(ctx.sents)
            if ctx.sentence_has(sent, "intermediary_cues")
            and (ctx.sentence_has(sent, "reference_nouns") or ctx.sentence_has(sent, "accord_nouns")
                 or ctx.sentence_has(sent, "gratitude_verbs") or ctx.sentence_has(sent, "gratitude_nouns")
                 or _mediated_without_object(ctx, sent))
            and not ctx.sentence_has(sent, "talks_nouns") and not ctx.sentence_has(sent, "peace_nouns")
            and not background(sent)]


def _mediated_without_object(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """"Egypt, Qatar and Turkey mediated alongside the United States": a mediation verb with a
    subject and nothing mediated named, so it is the story's own event that was mediated."""
    return any(token.pos_ == "VERB" and in_lexicon(token, "intermediary_cues")
               and any(c.dep_ == "nsubj" for c in token.children)
               and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in token.children)
               for token in ctx.tokens_in(sent, "intermediary_cues"))
