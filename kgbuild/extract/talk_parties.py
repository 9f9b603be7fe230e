"""The sides of a talks mention: "talks between A and B", the subjects of "held talks",
"negotiations with X", delegation demonyms ("the Russian delegation"), and who conducted talks
for an accord between others (a mediator)."""

from __future__ import annotations

from spacy.tokens import Token

from .context import ArticleContext
from .held_talks import accords_sought, conductor_of, led_to_a_release, made_at_place, signed_between, signed_together
from .lexicon import terms
from .syntax import represented, subjects_of
from .talk_places import paired_name, subjectless_root, verb_of_pobj
from .tokens import in_lexicon, path_to_root

_DELEGATION = terms("delegation_nouns")
_TRAVEL_VERBS = terms("travel_verbs")


def rounded_talks(round_noun: Token) -> list[Token]:
    """The talks a round noun is a round of: "the third round of talks", "the third cycle of the
    peace dialogue table" (a talks noun, or a setting a talks noun modifies)."""
    return [g for c in round_noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj" and (
        in_lexicon(g, "talks_nouns") or any(m.dep_ == "compound" and in_lexicon(m, "talks_nouns") for m in g.children))]


def talk_parties(ctx: ArticleContext, token: Token) -> tuple[list[str], bool, list[str]]:
    """Parties of a talks mention, whether a verb says the talks took place, and who mediated
    them (one who conducted talks for an accord between others)."""
    keys: list[str] = []
    strong = False

    def add(tok: Token) -> None:
        listed = [tok, *tok.conjuncts]
        # "between A, the ICRC and the B and C governments": the parser may hang the rest of a list on an apposition
        listed += [a for t in list(listed) for c in t.children if c.dep_ == "appos" and c.conjuncts for a in (c, *c.conjuncts)]
        # "the Congolese and Rwandan governments": each conjoined modifier names a side
        modifiers = [m for t in listed for c in t.children if c.dep_ in ("amod", "compound") for m in c.conjuncts]
        # "between Israel and Hamas militants": the parser may hang the first side on the last noun
        modifiers += [m for t in listed for c in t.children if c.dep_ == "nmod" for m in (c, *c.conjuncts)]
        for t in (*listed, *modifiers):
            for named in represented(t):  # "representatives of A and B"
                key = ctx.state_of(ctx.head_actor(named))
                if key and key not in keys:
                    keys.append(key)

    in_round = token.dep_ == "pobj" and token.head.lower_ == "of" and in_lexicon(token.head.head, "round_nouns")
    # "a signing ceremony for the agreement between A and B": the accord names the sides
    holders = (token, token.head) if token.dep_ == "dobj" else (token,)  # "hosted a ceremony on Friday for the accord"
    accords = [p for holder in holders for c in holder.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
               for p in c.children if p.dep_ == "pobj" and in_lexicon(p, "accord_nouns")] + accords_sought(token)
    # "the peace talks table between A and B": the setting the talks noun modifies names the sides
    setting = token.head.children if token.dep_ == "compound" and in_lexicon(token.head, "talks_setting_nouns") else ()
    rounded = rounded_talks(token) if in_lexicon(token, "round_nouns") else []  # "the cycle of talks between A and B"
    # "negotiations held in recent days between A and B": the participle says they took place
    held = [c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN" and in_lexicon(c, "holding_talks_verbs")]
    # "the delegation that negotiated their release": a past clause on the talks noun says they took place
    done = any(c.dep_ == "relcl" and c.tag_ == "VBD" and in_lexicon(c, "talks_verbs") for c in token.children)
    strong = bool(held) or done
    for child in (*token.children, *(c for h in held for c in h.children), *(token.head.head.children if in_round else ()), *setting,
                  *(c for talks in rounded for c in talks.children),
                  *(c for accord in accords for c in accord.children)):
        if child.dep_ == "prep" and child.lower_ in ("between", "with"):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                add(pobj)
        if child.dep_ == "prep" and child.lower_ == "of" and child.head.i == token.i:
            for pobj in (c for c in child.children if c.dep_ == "pobj" and in_lexicon(c, "representative_nouns")):
                add(pobj)  # "the first meeting of foreign ministers of Russia and Ukraine"
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                keys.extend(k for k in _joint_body_states(ctx, pobj) if k not in keys)
        if child.dep_ == "acl" and in_lexicon(child, "participation_verbs"):
            for obj in (c for c in child.children if c.dep_ == "dobj"):
                add(obj)  # "a meeting in Naqoura involving representatives from A, B and C"
        if child.dep_ in ("amod", "compound", "poss", "nmod") and token.lower_ in (*_DELEGATION, "negotiators"):
            add(child)
        elif (child.dep_ == "compound" or (child.dep_ == "amod" and ctx.key_at_token(child))) and (
                partner := paired_name(child)) is not None:  # "US-Russia talks", "the Russian-Ukrainian peace talks"
            add(child)
            add(partner)
    after = token.doc[token.right_edge.i + 1] if token.right_edge.i + 1 < len(token.doc) else None
    if after is not None and after.dep_ == "advcl" and in_lexicon(after, "participation_verbs"):
        for obj in (c for c in after.children if c.dep_ == "dobj"):
            add(obj)  # the same, the participle hung on the sentence's verb
    verb = token.head
    if in_round:
        verb = verb.head.head
        if verb.dep_ == "prep" and verb.lower_ in ("for", "in"):
            verb = verb.head  # "met for a new round of talks"
    elif verb_of_pobj(token) is not None:
        verb = verb_of_pobj(token)
    elif token.dep_ == "pobj" and token.head.lower_ == "for" and in_lexicon(token.head.head, "host_cues"):
        verb = token.head.head  # "Turkey hosted the two delegations for talks"
    elif (root := subjectless_root(token)) is not None:
        verb = root
    elif token.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        verb = None
    if verb is not None and verb.dep_ == "advcl" and verb.tag_ == "VB" and not any(
            c.dep_ == "nsubj" for c in verb.children) and verb.head.pos_ == "VERB":
        verb = verb.head  # "a Saudi delegation arrived in Sanaa to hold talks": the arrival says who and when
    took_place = verb is not None and verb.lemma_ == "take" and any(
        c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    hosting = verb is not None and in_lexicon(verb, "holding_talks_verbs") and in_lexicon(verb, "host_cues")
    # "X, who led the US delegation to Minsk": a delegation led somewhere met the other side there
    led = verb is not None and token.lower_ in _DELEGATION and token.dep_ == "dobj" and in_lexicon(verb, "delegation_verbs")
    if verb is not None and verb.pos_ == "VERB" and (in_lexicon(verb, "talks_verbs") or took_place
                                                     or verb.lemma_ in _TRAVEL_VERBS or hosting or led):
        # "after holding the latest round of talks": a gerund after "after" is done too
        strong = strong or verb.tag_ in ("VBD", "VBN", "VBZ", "VBP") or (
            verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ in terms("after_words"))
        for child in verb.children:
            if child.dep_ == "nsubj" and not hosting:  # "Qatar hosted the ceremony": a host, not a side
                add(child)
            if child.dep_ == "dobj" and hosting and child.i != token.i and not in_lexicon(child, "talks_nouns"):
                add(child)  # "Brest hosted Russian and Ukrainian diplomats for the third round of talks"
            # "talks began in the Omani capital between A and B": the parser may hang the sides
            # on the verb or on its place
            places = [p for p in child.children if p.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ in ("in", "at") else []
            for prep in (c for node in (verb, *places) for c in node.children if c.dep_ == "prep" and c.lower_ == "between"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    add(pobj)
    if in_lexicon(token, "accord_nouns") and signed_between(token):
        strong = True  # "a deal between A and B signed in Washington"
    if in_lexicon(token, "accord_nouns") and made_at_place(token):
        strong = True  # "A and B swapped prisoners under deals reached in Istanbul": A and B made them
        clause = next((n for n in path_to_root(token)[1:] if n.pos_ == "VERB"), None)
        for subject in subjects_of(clause) if clause is not None else ():
            add(subject)
    if in_lexicon(token, "accord_nouns") and signed_together(token):
        strong = True  # "Congo and the M23 signed a framework agreement": the signers met
        for subject in subjects_of(token.head):
            add(subject)
    if led_to_a_release(token):
        strong = True  # "the girls were released after negotiations between A and B": the talks took place
    if hosting and verb.dep_ == "ROOT" and (host := next((ctx.head_actor(c) for c in verb.children if c.dep_ == "nsubj"), None)) \
            and ctx.actors.get(host).type == "State" and host not in keys and len(keys) >= 2:
        return keys, strong, [host]  # "Turkey hosted the Russian and Ukrainian delegations for talks in Istanbul"
    conductor, conducted = conductor_of(token)
    mediator = ctx.state_of(ctx.head_actor(conductor)) if conductor is not None and len(keys) >= 2 else None
    if mediator and mediator not in keys and ctx.actors.get(mediator).type != "Person":
        return keys, strong or conducted, [mediator]  # "Qatar engaged in talks to secure a truce between A and B"
    return keys, strong, []


def _joint_body_states(ctx: ArticleContext, body: Token) -> list[str]:
    """"the meeting of the Armenian-Azerbaijani Commission on Delimitation": the two states a
    joint body's hyphenated name pairs are the sides of its meeting."""
    gazetteer, found = ctx.actors.gazetteer, []
    for first in (c for c in body.children if c.dep_ in ("compound", "amod")):
        if (second := paired_name(first)) is None:
            continue
        for word in (first, second):
            entry = gazetteer.demonym(word.text) or gazetteer.lookup(word.text)
            if entry is not None and entry.type == "State" and (key := ctx.actors.resolve(entry.name)):
                found.append(key)
    return found


def named_between(ctx: ArticleContext, token: Token) -> list[str]:
    """"negotiations between Israel and Hamas": the sides a talks noun names itself."""
    return list(dict.fromkeys(key for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "between"
                              for pobj in prep.children if pobj.dep_ == "pobj"
                              for t in (pobj, *pobj.conjuncts) if (key := ctx.state_of(ctx.head_actor(t)))))
