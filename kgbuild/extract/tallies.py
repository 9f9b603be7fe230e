"""Running totals: figures of many releases so far ("Russia has returned 7,000 bodies to date",
"in 2024, 1,358 Ukrainians were freed"), and bare figures of more of the same ("3,000 more"), so
that the count extractors keep a tally apart from the release of one exchange."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import terms
from .syntax import clause_verb
from .tokens import in_lexicon, path_to_root


def running_total(anchor: Token) -> bool:
    """The count is a running total, said of its verb: "Russia so far has returned 7,000 bodies",
    "have freed 300 to date", "released 2,000 since January", "before Saturday, 18 had been
    freed" (not "the largest swap since 2022", where the cue belongs to another word)."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        anchor = anchor.head.head  # "a total of 5,757 Ukrainians have been freed since 2022"
    if anchor.lemma_ == "total" and _total_of_stages(anchor):
        return True
    if any(in_lexicon(node, "tally_verbs") and any(c.dep_ == "nsubj" and in_lexicon(c, "tally_subjects") for c in node.children)
           and not any(c.tag_ == "MD" for c in node.children) for node in path_to_root(anchor)):
        # "the truce had seen 26 hostages freed in exchange for 78 prisoners": a period's tally (but
        # "the deal will see 1,700 prisoners released" is the deal's terms)
        return True
    verb = anchor.head if anchor.dep_ == "conj" and anchor.head.pos_ == "VERB" else clause_verb(anchor)  # "..., as well as five Thais"
    if verb is None:
        return False
    further = any(c.dep_ == "amod" and in_lexicon(c, "further_words") for c in anchor.children)
    if further and verb.dep_ in ("advcl", "conj") and verb.head.pos_ == "VERB" and any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj") and running_total(c) for c in verb.head.children):
        return True  # "2,100 have been freed since March, while a further 240 were released outside ...": more of that total
    # "Hamas previously released seven hostages, and Israel freed 290": the cue of the first verb holds for the second
    joined = [c for c in verb.head.children if c.dep_ == "advmod"] if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else []
    for child in (*verb.children, *(c for c in anchor.children if c.dep_ == "advcl"), *joined):
        if child.dep_ == "prep" and in_lexicon(child, "since_words"):
            return True
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and in_lexicon(m, "since_words") for m in child.children):
            return True  # "has led to the release of 4,000 captives since the war began"
        if child.dep_ in ("advmod", "prep", "npadvmod"):
            phrase = " ".join(t.lower_ for t in child.subtree)
            if phrase in terms("cumulative_cues") or _past_period(child) or _whole_year(child):
                return True
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    past_perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in verb.children)
    if perfect and any(c.dep_ == "prep" and any(o.dep_ == "pobj" and o.tag_ == "NNS" and in_lexicon(o, "exchange_nouns")
                                                 for o in c.children) for c in verb.children):
        return True  # "2,430 Ukrainians have been freed in prisoner swaps": the total of many swaps
    if perfect and any(c.dep_ in ("advcl", "conj") and in_lexicon(c, "staying_verbs") and any(n.like_num for n in c.children)
                       for c in verb.children):
        return True  # "18 hostages have been released through talks, while 44 remain in captivity": the tally so far
    if perfect and any(more_of_the_same(t) for c in verb.children if c.dep_ == "conj" for t in c.subtree if t.like_num):
        return True  # "has returned 7,000 bodies and is prepared to return 3,000 more": more than it returned so far
    return perfect and any(c.dep_ == "advmod" and in_lexicon(c, "perfect_tally_adverbs") for c in verb.children) or (
        past_perfect and any(c.dep_ == "prep" and in_lexicon(c, "tally_end_preps") for c in verb.children))


def _total_of_stages(total: Token) -> bool:
    """"Received a total of 6,057 bodies as part of the phased exchange", "fulfilled the
    agreements by transferring a total of 6,060": the sum of an operation's stages."""
    verb = clause_verb(total)
    return verb is not None and (any(in_lexicon(t, "multistage_words") for p in verb.children if p.dep_ == "prep" for t in p.subtree
                                     if t.dep_ in ("amod", "pobj") and not total.left_edge.i <= t.i <= total.right_edge.i) or (
        verb.dep_ == "pcomp" and verb.head.lower_ == "by" and any(in_lexicon(n, "fulfilment_verbs") for n in path_to_root(verb)[:5])))


def more_of_the_same(number: Token) -> bool:
    """A bare figure of more of what the sentence counted before: "3,000 more", "another 50"."""
    arguments = ("dobj", "nsubj", "nsubjpass", "pobj")
    if number.dep_ == "nummod" and number.head.i == number.i + 1 and number.head.lower_ in terms("more_words"):
        return number.head.dep_ in arguments  # "to return 3,000 more", parsed as "more" counted by 3,000
    if number.dep_ not in arguments:
        return False
    after = number.doc[number.i + 1] if number.i + 1 < len(number.doc) else None  # not "more than 7,000"
    return (after is not None and after.lower_ in terms("more_words")) or any(
        c.i < number.i and c.lower_ in terms("further_words") for c in number.children)


def _past_period(prep: Token) -> bool:
    """"over the past two weeks", "in the last three months", "during the war": a period that
    ends now, whose releases are a tally ("in the past week" alone may date one release, so a
    single week, month or year counts only after "over"; "in the conflict" is no period)."""
    if prep.dep_ != "prep" or not in_lexicon(prep, "period_preps"):
        return False
    return any(in_lexicon(p, "period_nouns") and any(in_lexicon(a, "period_adjectives") for a in p.children if a.dep_ == "amod")
               and (p.tag_ == "NNS" or prep.lower_ == "over") or in_lexicon(p, "conflict_nouns") and in_lexicon(prep, "span_preps")
               for p in prep.children if p.dep_ == "pobj")


def _whole_year(prep: Token) -> bool:
    """"In 2024, 1,358 Ukrainians were released": the releases of a whole year, a tally."""
    words = [t.text for t in prep.subtree if t.i != prep.i]
    return prep.dep_ == "prep" and in_lexicon(prep, "period_preps") and len(words) == 1 \
        and words[0].isdigit() and len(words[0]) == 4
