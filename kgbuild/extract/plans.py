"""Plans: whether a count is of an exchange agreed, offered, demanded by its sides or scheduled
("agreed to free", "is to free", "will release", "a deal to exchange", "the 1,000-for-1,000
agreement") rather than one carried out ("have negotiated the release of", "freed")."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import terms
from .tokens import in_lexicon, path_to_root, per_token


def is_planned_at(anchor: Token) -> bool:
    """A plan cue governs ``anchor``: "agreed to free", "is to free", "will release", "a deal to
    exchange"; or the count names a plan ("the '1,000-for-1,000' exchange agreement", "signed a
    1,000-for-1,000 deal")."""
    path = _up_to_own_tense(anchor)
    return any(_plan_cue(node) for node in path) or _names_a_plan(anchor) or _owed(anchor) or any(
        c.dep_ == "acl" and c.tag_ == "VBN" and _plan_cue(c) for node in path[:3] for c in node.children)  # "11 hostages scheduled to go"


def _owed(anchor: Token) -> bool:
    """"There are 28 hostages that Hamas is required to return": people who are (only) described
    by a clause of plan, their sentence's verb a copula, are yet to be released."""
    noun = anchor.head if anchor.dep_ == "nummod" else anchor
    verb = next((node for node in path_to_root(noun)[1:] if node.pos_ in ("VERB", "AUX")), None)
    return verb is not None and in_lexicon(verb, "existential_verbs") and any(
        c.dep_ == "relcl" and _plan_cue(c) and not in_lexicon(c, "demand_verbs") for c in noun.children)  # not "whose release X called for"


def _up_to_own_tense(anchor: Token) -> list[Token]:
    """The anchor and its heads, up to a verb in the past tense joined to another or under it
    ("they would limit their attacks and released the crew", "demanded a faster pace, which
    slowed after it released 20": the release has its own tense, not the modal's)."""
    path = path_to_root(anchor)
    for index, node in enumerate(path):
        if node.dep_ in ("conj", "advcl") and node.tag_ == "VBD":
            return path[:index + 1]
    return path


def _names_a_plan(anchor: Token) -> bool:
    """The count is a modifier of a plan noun, through modifiers only."""
    node = anchor
    while node.dep_ in terms("modifier_deps") and node.head.i != node.i:
        node = node.head
        if in_lexicon(node, "plan_nouns"):
            return True
    return False


@per_token
def _plan_cue(node: Token) -> bool:
    plan, modals = terms("plan_cues"), terms("modal_cues")
    if node.dep_ == "xcomp" and node.head.lemma_ == "be" and any(c.lower_ == "to" for c in node.children):
        return True  # "Hamas is to free 33 hostages"
    if node.dep_ == "ROOT" and node.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return True  # a headline's "Houthis to free 900 detainees": they will
    if node.dep_ == "pcomp" and node.head.lower_ == "with" and node.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return True  # "agreed on a swap, with each side to hand over 1,200 prisoners": they will
    if (node.lemma_ == "be" or in_lexicon(node, "plan_frame_verbs")) and any(
            c.dep_ in ("xcomp", "advcl") and any(g.lower_ == "to" and (c.dep_ == "xcomp" or g.dep_ == "aux") for g in c.children)
            for c in node.children):
        return True  # "150 prisoners are to be released", "20 children are set to be returned", "X is set to free"
    if in_lexicon(node, "achieved_plan_verbs") and node.tag_ in ("VBD", "VBN") and not any(
            c.dep_ in ("aux", "auxpass") and (c.lower_ in plan or c.lower_ in modals) for c in node.children):
        return False  # "we've negotiated the release of 16 people": won, not planned
    if node.lemma_.lower() in plan and node.pos_ in ("VERB", "AUX", "ADJ") and node.dep_ != "amod":
        return True
    if node.dep_ == "advcl" and node.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children) and any(
            c.dep_ == "acomp" and c.lemma_.lower() in plan for c in node.head.children):
        return True  # "we are ready at this stage to transfer 2,239 more": the infinitive hung on the copula
    if node.dep_ in ("acl", "relcl") and in_lexicon(node.head, "plan_nouns") and node.tag_ != "VBN":
        return True  # "a deal to exchange 1,000 prisoners each" (not "the agreements reached in Istanbul")
    if node.dep_ == "advcl" and any(c.lower_ == "to" for c in node.children) and any(
            c.dep_ == "dobj" and in_lexicon(c, "plan_nouns") for c in node.head.children):
        return True  # "reached a deal in Jeddah to swap 229 fighters": the deal's infinitive, hung on the verb
    if in_lexicon(node, "plan_content_verbs") and node.tag_ != "VBD":
        # "the first stage of the plan involves the release of 35 captives": the plan's content; "the
        # agreement concluded on Wednesday provides the exchange of ...", the participle read as the verb
        holder = node.head if node.dep_ == "ccomp" and not any(c.dep_ == "nsubj" for c in node.children) else node
        if any(c.dep_ == "nsubj" and (in_lexicon(c, "plan_nouns") or in_lexicon(c, "plan_part_nouns")) for c in holder.children):
            return True
    if node.dep_ == "prep" and node.lower_ in terms("topic_preps") and in_lexicon(node.head, "talks_nouns"):
        return True  # "talks over the release of captives that include 181 people": what the talks are about
    if node.dep_ == "prep" and (node.lower_ in terms("topic_preps") or in_lexicon(node, "inclusion_verbs")) and any(
            in_lexicon(n, "plan_nouns") for n in (node.head, *(p for of in node.head.children if of.lower_ == "of" for p in of.children))):
        return True  # "reached an agreement on an exchange of 1,000 for 1,000", "a number of agreements, including a swap"
    if node.dep_ == "prep" and node.lower_ == "for" and (in_lexicon(node.head, "plan_nouns") or in_lexicon(node.head, "deadline_nouns")):
        return True  # "the deadline set in the agreement for the return of all 48 hostages": what the deal is for
    return any(child.dep_ in ("aux", "auxpass", "amod") and (child.lower_ in plan or child.lower_ in modals)
               for child in node.children)


def agreed_exchange(sent) -> str | None:
    """The kind of exchange a sentence says was agreed without numbers ("we agreed on an
    all-for-all exchange of seriously wounded prisoners", "agreed to continue exchanges of sick
    soldiers"), or None: a plan of its own, or a detail of the counted plan of the same kind."""
    for verb in sent:
        if verb.pos_ != "VERB" or not in_lexicon(verb, "agreeing_verbs") or any(c.dep_ == "neg" for c in verb.children):
            continue
        if any(c.dep_ == "mark" and in_lexicon(c, "after_words") for c in verb.children):
            continue  # "crossed the front line after the two governments agreed to the repatriation": it happened
        for node in verb.subtree:
            if node.i != verb.i and in_lexicon(node, "exchange_nouns") and node.lower_ not in terms("ambiguous_exchange_nouns") \
                    or node.pos_ == "VERB" and node.dep_ in ("xcomp", "ccomp") and in_lexicon(node, "swap_verbs"):
                bodies = any(in_lexicon(t, "remains_nouns") for t in node.subtree)
                return "remains_return" if bodies else "prisoner_exchange"
    return None
