"""Who sits at the talks: the people who held them ("A and his counterpart B held talks"),
the two sides of an envoy meeting ("A met B in Muscat"), the state a meeting is held in when it
is one of those who met, and the signatories of an accord (each heads their side)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import ArticleContext
from .syntax import represented, speaker_of_pronoun, subjects_of
from .talk_places import placed_here, state_of_place
from .tokens import in_lexicon, sentence_of


def talk_leaders(ctx: ArticleContext, token: Token, held: bool) -> list[str]:
    """People who held the talks themselves ("Azerbaijan's foreign minister X and his Armenian
    counterpart Y held talks", and when the talks are ``held``, "the meeting of Deputy Prime
    Minister X and his counterpart Y took place"): each leads their state's delegation. A meeting
    only asked for ("a request for a meeting between A and B") has no leaders."""
    holders = [subject for subject in token.head.children if subject.dep_ == "nsubj"] if (
        token.dep_ == "dobj" and in_lexicon(token.head, "talks_verbs")) else []
    if held:
        holders += [pobj for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("of", "between")
                    for pobj in prep.children if pobj.dep_ == "pobj"]
    leaders = [key for holder in holders for key in ctx.keys_in(holder.subtree) if ctx.actors.get(key).type == "Person"]
    # "the meeting was held under the chairmanship of A, Deputy Prime Minister of X, and B, ... of
    # Y": chairs of different states lead their own sides (the names to the end of the sentence:
    # the parser may hang the second on the verb)
    chairs = [key for node in (token, token.head) for prep in node.children if prep.dep_ == "prep"
              for office in prep.children if office.dep_ == "pobj" and in_lexicon(office, "chairing_nouns")
              for key in people_to_the_end(ctx, office)]
    # "the meeting was co-chaired by A's minister X and B's minister Y" (the parser may split
    # "co-chaired" and hang the meeting on the auxiliary): the subject's chairing verb just after it
    chairing = next((t for t in token.doc[token.i + 1:min(token.i + 8, sentence_of(token).end)] if in_lexicon(t, "chairing_verbs")
                     and t.pos_ == "VERB"), None) if token.dep_ in ("nsubj", "nsubjpass") else None
    chairs += [key for agent in (chairing.children if chairing is not None else ()) if agent.dep_ == "agent"
               for by in agent.children if by.dep_ == "pobj" for key in people_to_the_end(ctx, by)]
    if of_several_states(ctx, chairs):
        leaders += [key for key in chairs if key not in leaders]
    # "today's Pashinyan-Aliyev meeting": the people of different states the talks are named after
    named = [key for key in ctx.keys_in(token.doc[token.left_edge.i:token.i]) if ctx.actors.get(key).type == "Person"]
    if len({ctx.state_of(key) for key in named} - {None}) >= 2:
        leaders += [key for key in named if key not in leaders]
    return leaders


def people_to_the_end(ctx: ArticleContext, start: Token) -> list[str]:
    """The people named from ``start`` to the end of its sentence: the chairs of "under the
    chairmanship of A, ... of X, and B, ... of Y" (the parser may hang the second on the verb)."""
    return [key for key in ctx.keys_in(start.doc[start.i:sentence_of(start).end]) if ctx.actors.get(key).type == "Person"]


def of_several_states(ctx: ArticleContext, people: list[str]) -> bool:
    """The people act for two states or more: chairs who each lead their own side, not hosts."""
    return len({ctx.state_of(key) for key in people} - {None}) >= 2


def meeting_sides(ctx: ArticleContext, verb: Token) -> list[Token]:
    """The two sides of an envoy meeting: "Kellogg met Lukashenko", "A met with B in Muscat",
    "A and his counterpart B met in Geneva", "A freed them after meeting with B", "the envoy
    visited Lukashenko" (a person visited; "visited Minsk" is no meeting): the subjects and
    objects of a meeting verb, when they are actors of different states."""
    if verb.pos_ != "VERB":
        return []
    visit = in_lexicon(verb, "visiting_verbs") and any(
        c.dep_ == "dobj" and (key := ctx.head_actor(c)) and ctx.actors.get(key).type == "Person" for c in verb.children)
    if not (in_lexicon(verb, "meeting_verbs") or visit or in_lexicon(verb, "agreeing_verbs") and placed_here(verb)):
        return []
    subjects = [speaker_of_pronoun(s) for s in subjects_of(verb)]  # "Grenell said he had met ...": Grenell
    if subjects and ctx.in_dateline(subjects[0]):  # "ABU DHABI — On July 10, A and B met": the dateline read as a subject
        rest = [c for c in verb.children if c.dep_ == "nsubj" and not ctx.in_dateline(c)]
        subjects = [rest[0], *rest[0].conjuncts] if rest else []
    if not subjects and verb.dep_ == "pcomp" and in_lexicon(verb.head, "after_words"):
        subjects = subjects_of(verb.head.head)  # "Lukashenko freed 14 activists after meeting with a US envoy"
    if not subjects and verb.dep_ == "ROOT":
        subjects = _pictured_person(ctx, verb)
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ != "SCONJ"]  # not "that he had met", misread
    # "negotiated the release with Iran": what was negotiated is no side, its "with" names one
    objects = [o for o in objects if ctx.head_actor(o) or not any(c.lower_ == "with" for c in o.children)]
    objects += [p for holder in (verb, *(o for o in verb.children if o.dep_ == "dobj" and o not in objects))
                for prep in holder.children if prep.dep_ == "prep" and prep.lower_ == "with"
                for p in prep.children if p.dep_ == "pobj"]
    if not subjects:
        return []
    objects = [_member_named(o) or o for o in objects]  # "met with a delegation that included X": X
    tokens = [*subjects, *((objects[0], *objects[0].conjuncts) if objects else ())]
    tokens = [r for t in tokens for r in represented(t)]  # "the leaders of A and B met in Abu Dhabi"
    # "his Azerbaijani counterpart Jeyhun Bayramov": the named person, not the title, and the
    # people the parser joined to that name ("the Mossad director, A, and CIA Director B met ...")
    named = [next((a for a in t.children if a.dep_ == "appos" and ctx.key_at_token(a)), t) for t in tokens]
    tokens = list(dict.fromkeys(n for t, name in zip(tokens, named) for n in (name, *(name.conjuncts if name is not t else ()))))
    # "Syrian Foreign Minister A and intelligence chief B met ...": the parser may make B the
    # subject, with A inside it; the person of the phrase whose state is known speaks for it
    tokens = [t if ctx.state_of(ctx.head_actor(t)) else _stated_in(ctx, t) for t in tokens]
    sides = {ctx.state_of(ctx.head_actor(t)) for t in tokens}
    return tokens if None not in sides and len(sides) >= 2 else []


def _stated_in(ctx: ArticleContext, phrase: Token) -> Token:
    """The token of ``phrase`` that names its side: a person in it whose state is known."""
    return next((n for n in phrase.subtree if (key := ctx.key_at_token(n)) and ctx.actors.get(key).type == "Person"
                 and ctx.state_of(key)), phrase)


def _member_named(delegation: Token) -> Token | None:
    """The person a delegation is said to include or be led by ("a delegation that included
    Foreign Minister X", "a delegation led by X"), whose side it is; None for any other noun."""
    if not in_lexicon(delegation, "delegation_nouns"):
        return None
    for clause in (c for c in delegation.children if c.dep_ in ("relcl", "acl")):
        if in_lexicon(clause, "inclusion_verbs"):
            return next((c for c in clause.children if c.dep_ == "dobj"), None)
        if in_lexicon(clause, "lead_verbs"):
            return next((p for a in clause.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
    return None


def _pictured_person(ctx: ArticleContext, verb: Token) -> list[Token]:
    """The subject of a caption's meeting verb that the parser hung elsewhere: "In this photo
    released by the ministry, X, left, ... meets with Y": the person named just before "left"."""
    doc = verb.doc
    for token in reversed(doc[sentence_of(verb).start:verb.i]):
        if in_lexicon(token, "photo_position_words") and token.i >= 2 and doc[token.i - 1].text == "," \
                and (key := ctx.key_at_token(doc[token.i - 2])) and ctx.actors.get(key).type == "Person":
            return [doc[token.i - 2]]
    return []


def host_at_home(ctx: ArticleContext, venue: str | None, parties: list[str]) -> str | None:
    """The state a meeting of three or more sides is held in hosts it: "the Mossad and CIA
    directors met Qatar's prime minister in Doha" (two sides met, Qatar hosted)."""
    state = state_of_place(ctx, venue) if len(parties) >= 3 else None
    key = ctx.actors.resolve(state.name) if state is not None else None
    return key if key in parties else None


def signatories(ctx: ArticleContext, sent: SpacySpan) -> list[tuple[str, str]]:
    """(side, person) for each person an accord is said to be signed by ("the declaration,
    signed by the Malian envoy X and Azawad Movement negotiator Y"): who signs heads the side."""
    found = []
    for accord in ctx.tokens_in(sent, "accord_nouns"):
        for verb in (c for c in accord.children if c.dep_ in ("acl", "relcl") and in_lexicon(c, "signing_verbs")):
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                # read the names in text order, whatever the parser made of the list: the actor
                # nearest before a name titles it ("Congolese envoy A and M23 secretary B")
                title = person = None
                for token in sorted(agent.subtree, key=lambda t: t.i):
                    key = ctx.key_at_token(token)
                    if key is None or key == person:
                        continue
                    if ctx.actors.get(key).type != "Person":
                        title = key
                        continue
                    person = key
                    side = ctx.person_states.get(person) or (ctx.state_of(title) if title else None)
                    if side:
                        found.append((side, person))
                    title = None
    return found
