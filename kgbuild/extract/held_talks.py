"""Whether the talks a mention names took place: talks a done release came after, talks a
release sentence speaks of as held, talks held to reach an accord and who conducted them, an
accord signed or made at a place (where its sides met), a tally of rounds (which is no round of
its own), and talks still to come."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import ArticleContext
from .hosts import TALKS
from .lexicon import terms
from .plans import is_planned_at
from .talk_places import place_named, placed_here
from .tokens import in_lexicon, is_negated, path_to_root


def led_to_a_release(token: Token) -> bool:
    """"were released after negotiations between A and B", "swapped prisoners following talks":
    talks that came before a release the sentence reports as done."""
    if token.dep_ != "pobj" or not in_lexicon(token.head, "after_words"):
        return False
    verb = token.head.head
    return verb.pos_ == "VERB" and verb.tag_ in ("VBD", "VBN") and (
        in_lexicon(verb, "release_verbs") or in_lexicon(verb, "exchange_triggers"))


def under_way(verb: Token) -> bool:
    """"Talks are continuing in Istanbul", "negotiations are under way": talks going on as the
    story is written (a present progressive, not a plan)."""
    present = any(c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") for c in verb.children)
    return present and verb.tag_ == "VBG" and not is_planned_at(verb)


def met_before_a_done_act(verb: Token) -> bool:
    """"Lukashenko freed 14 activists after meeting with a US envoy": a meeting told as what
    came before something done is done too."""
    return verb.dep_ == "pcomp" and in_lexicon(verb.head, "after_words") and verb.head.head.tag_ in ("VBD", "VBN")


def about_a_release(ctx: ArticleContext, sent: SpacySpan) -> bool:
    """The sentence speaks of a release or an exchange ("the negotiations that allowed us to
    bring Trevor home"), not of talks in general ("the nature of the negotiations")."""
    return any(ctx.sentence_has(sent, name) for name in ("exchange_triggers", "release_verbs", "homecoming_words"))


def settled_talks(token: Token) -> bool:
    """"The negotiations that allowed us to bring Trevor home", "after extensive and productive
    negotiations", "after weeks of talks involving A and B": talks the article speaks of as held,
    though it names neither their place nor always their sides (not "the ongoing negotiations", a
    process, nor talks only planned)."""
    verb = next((node for node in path_to_root(token)[1:] if node.pos_ == "VERB"), None)
    past = verb is not None and verb.tag_ == "VBD"  # "a deal that followed weeks of talks": no plan, whatever the deal was
    if token.tag_ != "NNS" or token.lower_ not in TALKS or is_negated(token) or (is_planned_at(token) and not past) \
            or any(c.dep_ == "compound" or in_lexicon(c, "process_adjectives") for c in token.children):
        return False
    # "a deal that followed weeks of talks involving A and B" (with no one named, the talks may be any)
    lasted = token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.tag_ == "NNS" \
        and in_lexicon(token.head.head, "period_nouns") and any(
            c.dep_ == "prep" and c.lower_ in ("between", "with") or c.dep_ == "acl" and in_lexicon(c, "participation_verbs")
            for c in token.children)
    return lasted or any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children) \
        or any(c.dep_ == "amod" and in_lexicon(c, "talks_extent_words") for c in token.children)


def tally_of_rounds(token: Token) -> bool:
    """"several rounds of talks since 2020", "three rounds of talks": how many rounds there were,
    not one that took place (unless a place says which)."""
    rounds = token.head.head if token.head.lower_ == "of" and in_lexicon(token.head.head, "round_nouns") else token
    return in_lexicon(rounds, "round_nouns") and rounds.tag_ == "NNS" and any(
        c.dep_ in ("amod", "nummod") and (c.like_num or in_lexicon(c, "vague_quantifiers")) for c in rounds.children)


def accords_sought(token: Token) -> list[Token]:
    """"negotiations to secure a truce between A and B": the accords talks were held to reach
    (their sides are the talks' sides)."""
    return [d for c in token.children if c.dep_ == "acl" and c.pos_ == "VERB"
            for d in c.children if d.dep_ == "dobj" and (in_lexicon(d, "accord_nouns") or in_lexicon(d, "peace_nouns"))]


def conductor_of(token: Token) -> tuple[Token | None, bool]:
    """Who conducted the talks a talks noun names, and whether a past verb says so: "Qatar led
    the negotiations", "Egypt engaged in weeks of talks" (the parser may hang the verb on the
    name: "Qatar, with ..., engaged in ...")."""
    spell = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" and \
        in_lexicon(token.head.head, "duration_units") else token  # "weeks of talks"
    verb = spell.head if spell.dep_ == "dobj" else spell.head.head if spell.dep_ == "pobj" and spell.head.lower_ == "in" else None
    if verb is None or verb.pos_ != "VERB" or not in_lexicon(verb, "conducting_talks_verbs"):
        return None, False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ == "PROPN":
        subject = verb.head
    return subject, verb.tag_ in ("VBD", "VBN")


def still_to_come(token: Token) -> bool:
    """"talks will resume", "talks are expected to begin": talks the sentence puts in the future
    (but "talks are expected to accelerate" are under way)."""
    for node in path_to_root(token)[:4]:
        if node.pos_ == "VERB" and any(in_lexicon(v, "quickening_verbs") for v in (node, *node.children) if v is node or v.dep_ == "xcomp"):
            return False
        if any(c.lower_ in terms("future_cues") for c in node.children if c.dep_ in ("aux", "amod")):
            return True
        if in_lexicon(node, "planning_verbs") and node.pos_ == "VERB":
            return True
    return False


def scheduled(date: Token) -> bool:
    """"talks scheduled to begin in Doha on Friday", "will meet on Monday": a date of something
    still to come (its weekday lies after the article's date)."""
    return any(in_lexicon(node, "plan_frame_verbs")
               or any(c.dep_ == "aux" and c.lower_ in terms("future_cues") for c in node.children)
               for node in path_to_root(date)[1:5] if node.pos_ in ("VERB", "AUX"))


def signed_between(accord: Token) -> bool:
    """"a deal between A and B signed in Washington": an accord of two sides, signed at a place."""
    sides = [p for c in accord.children if c.dep_ == "prep" and c.lower_ == "between"
             for p in c.children if p.dep_ == "pobj"]
    # the parser may hang "signed" on the accord or on its last side
    signed_at = any(c.dep_ in ("acl", "relcl") and in_lexicon(c, "signing_verbs") and any(
        p.dep_ == "prep" and p.lower_ in ("in", "at") and any(place_named(o) for o in p.children if o.dep_ == "pobj")
        for p in c.children) for node in (accord, *sides) for c in node.children)
    return bool(sides) and signed_at


def signed_together(accord: Token) -> bool:
    """"Congo and the M23 signed a framework agreement on Saturday": two sides signing one accord
    met to sign it, wherever the text places the signing."""
    verb = accord.head
    if accord.dep_ != "dobj" or not in_lexicon(verb, "signing_verbs") or verb.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
        return False
    if any(c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in accord.children):
        return False  # "signed the Minsk agreements in 2015": a named accord of the past, told as background
    return any(c.dep_ == "nsubj" and c.conjuncts for c in verb.children)


def made_at_place(accord: Token) -> bool:
    """"a pact reached in Stockholm", "A and B reached an agreement in Istanbul" (the place hung
    on the verb or the accord): an accord made at a place, where the sides met."""
    if accord.dep_ in ("dobj", "nsubjpass") and in_lexicon(accord.head, "accord_reaching_verbs"):  # "the deal was signed in Doha"
        return placed_here(accord.head) or placed_here(accord)
    return any(c.dep_ in ("acl", "relcl") and in_lexicon(c, "accord_reaching_verbs") and placed_here(c)
               for c in accord.children)
