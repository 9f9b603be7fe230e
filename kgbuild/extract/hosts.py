"""Hosts and mediators of talks: "talks hosted by X", "UN-sponsored talks", "talks co-chaired
by X", "under X's auspices", "X, whose government hosted the talks", "with X as mediator"."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import ArticleContext
from .delegations import of_several_states, people_to_the_end
from .lexicon import terms
from .syntax import antecedent, companions, coordinated, represented
from .tokens import in_lexicon, sentence_of

TALKS = terms("talks_core_nouns")


def is_hosted(token: Token) -> bool:
    """True when the talks are said to have had a host or mediator: "negotiations between A
    and B had been hosted by X", "talks co-chaired by X"."""
    verb = token.head
    if token.dep_ == "nsubjpass" and in_lexicon(verb, "host_cues"):
        return True
    if any(c.dep_ == "relcl" and in_lexicon(c, "host_cues") for c in token.children):
        return True  # "talks, which were mediated by X"
    sent = sentence_of(token)
    return any(in_lexicon(t, "host_cues") and _cue_beside_talks(t)
               for t in token.doc[max(sent.start, token.i - 3):min(sent.end, token.i + 4)])


def _cue_beside_talks(cue: Token) -> bool:
    """True when a host cue is written next to a talks noun: "UN-sponsored talks", "talks
    co-chaired by", "negotiations, mediated by"."""
    doc, sent = cue.doc, sentence_of(cue)
    after = cue.i + 1
    while after < sent.end and doc[after].text == "-":
        after += 1
    if cue.dep_ == "amod" and (after < sent.end and doc[after].lower_ in TALKS or cue.head.lower_ in TALKS):
        return True  # "UN-sponsored talks", "the US-sponsored indirect talks"
    before = cue.i - 1
    while before >= sent.start and doc[before].lower_ in ("co", "-", ","):
        before -= 1
    return before >= sent.start and doc[before].lower_ in TALKS


def _host_noun_holders(noun: Token) -> list[Token]:
    """Who a mediator noun names: "Egypt's mediation", "Qatari mediation", "mediation by
    Qatar", "under the auspices of the UN", "with Egypt as mediator", "Egypt served as
    mediator", and through the noun it modifies, "Oman's mediation efforts", "a mediation effort
    hosted by Qatar", or describes, "Venezuela, a guarantor country of the process"."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        effort = noun.head  # "Venezuela, a guarantor country of the process": the one it describes
        if effort.dep_ == "pobj" and effort.head.lower_ == "as":
            return _host_noun_holders(effort)  # "with Venezuela, Cuba and Norway as guarantor countries"
        described = [effort.head, *companions(effort), *_representing(effort.head)] if effort.dep_ == "appos" else []
        return described + [c for c in effort.children if c.dep_ == "poss"] + [
            p for acl in effort.children if acl.dep_ == "acl" and (in_lexicon(acl, "host_cues") or in_lexicon(acl, "lead_verbs"))
            for agent in acl.children if agent.dep_ == "agent" for p in agent.children if p.dep_ == "pobj"]
    holders = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")]  # "US and Saudi mediators"
    if noun.dep_ == "appos":
        holders += [noun.head, *companions(noun)]  # "Norway, a guarantor of the talks along with Cuba"
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":  # "Mexico, along with Chile and Norway, are the guarantors"
        holders += [h for s in noun.head.children if s.dep_ == "nsubj" for h in (s, *companions(s))]
    holders += [p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "of", "from")
                for p in c.children if p.dep_ == "pobj"]
    if noun.head.lower_ == "as" and noun.dep_ == "pobj":
        holder = noun.head.head
        if holder.pos_ in ("NOUN", "PROPN"):
            holders.append(holder)  # "Egypt as mediator"
        else:  # "... with Egypt as mediator", both attached to the verb; "using X as an intermediary"
            holders += [p for c in holder.children if c.dep_ == "prep" and c.lower_ == "with"
                        for p in c.children if p.dep_ == "pobj"]
            objects = [c for c in holder.children if c.dep_ == "dobj"]
            # "Egypt served as a key mediator in the talks" (but "Israel used Egypt as an intermediary")
            holders += objects or [c for c in holder.children if c.dep_ == "nsubj" and in_lexicon(holder, "serving_verbs")]
    return holders


def _sides_between(ctx: ArticleContext, talks: Token) -> set[str]:
    """The sides named with the talks ("the round of negotiations between A's and B's ministers"),
    each as its state, so that one of them taking part is not taken for a third party."""
    named = {ctx.head_actor(t) for prep in talks.subtree if prep.dep_ == "prep" and prep.lower_ == "between"
             for pobj in prep.children if pobj.dep_ == "pobj" for t in (pobj, *pobj.conjuncts, *pobj.children)}
    return {key for name in named if name for key in (name, ctx.state_of(name), ctx.person_states.get(name)) if key}


def _sides_opening_talks(nodes: dict[str, Token]) -> bool:
    """"Colombia and the ELN opened talks in Caracas": two subjects that open talks are their
    sides ("the Turkish foreign minister opened the talks" is their host)."""
    cue, host = nodes.get("cue"), nodes["host"]
    return cue is not None and in_lexicon(cue, "opening_verbs") and bool(host.conjuncts)


def _representing(person: Token) -> list[Token]:
    """The representative phrases in apposition to a name: "General X, representative of the
    Government of Venezuela, a guarantor country" -> the guarantor is Venezuela."""
    return [a for a in person.children if a.dep_ == "appos" and in_lexicon(a, "representative_nouns")]


def _about_talks(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """True when a sentence's mediation is of talks, peace or an accord ("Oman's mediation efforts
    to bring peace"), not of a release ("UAE mediation freed 200 prisoners")."""
    return ctx.sentence_has(sent, "talks_nouns") or ctx.sentence_has(sent, "peace_nouns") or (
        ctx.sentence_has(sent, "accord_nouns") and not ctx.sentence_has(sent, "people_nouns"))


def hosts_in(ctx: ArticleContext, sent: SpacySpan) -> dict[str, str | None]:
    """Hosts and mediators of talks, each with the person who acted for it when a person is
    named ("Turkish Foreign Minister X opened the session": Turkey, by X): a host cue beside a
    talks noun ("UN-sponsored talks"), a mediator noun ("X's mediation", "with X as mediator"),
    and the dependency patterns of ``nlp/patterns/negotiations.jsonl`` ("talks hosted by X",
    "X hosted the talks")."""
    found: dict[str, str | None] = {}

    def add(tok: Token) -> None:
        key = person = ctx.head_actor(tok)
        if key and ctx.actors.get(key).type == "Person":
            key = ctx.person_states.get(key)
        else:
            person = None
        if key and not found.get(key):
            found[key] = person

    def add_all(tok: Token) -> None:
        for part in coordinated(antecedent(tok)):
            for named in represented(part):  # "representatives of the AU and IGAD"
                add(named)

    for token in ctx.tokens_in(sent, "host_cues", "host_nouns"):
        if in_lexicon(token, "host_cues") and _cue_beside_talks(token):
            # "UN-sponsored talks", "talks co-chaired by X and Y" (however the parser attached them)
            if token.dep_ == "amod" and token.i >= 2 and token.nbor(-1).text == "-":
                add(token.nbor(-2))
            for agent in (c for c in token.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    add_all(pobj)
            continue
        if in_lexicon(token, "host_nouns") and token.pos_ in ("NOUN", "PROPN") and _about_talks(ctx, sent):
            for part in _host_noun_holders(token):
                add_all(part)
    for match in ctx.patterns_in(sent, "negotiations"):  # "talks hosted by X", "X hosted the talks"
        if "host" in match.nodes and not _sides_opening_talks(match.nodes) and not (
                in_lexicon(match.nodes["cue"], "chairing_verbs") and of_several_states(ctx, people_to_the_end(ctx, match.nodes["host"]))):
            # (not "the meeting was co-chaired by A's minister and B's minister": they lead their sides)
            add_all(match.nodes["host"])
        if "mediator" in match.nodes:  # "X and Y have been spearheading efforts to secure a deal": unless they are its sides
            sides = set(ctx.explicit_sides) | (_sides_between(ctx, match.nodes["talks"]) if "talks" in match.nodes else set())
            for part in coordinated(antecedent(match.nodes["mediator"])):
                if ctx.head_actor(part) not in sides and ctx.person_states.get(ctx.head_actor(part)) not in sides:
                    add(part)
    return found
