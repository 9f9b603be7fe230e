"""Syntax helpers for argument roles, shared by the event extractors: the clause verb of a
phrase, its subjects, the noun a number counts, "in exchange for" phrases, reported speech."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .context import ArticleContext
from .dates import WEEKDAYS
from .lexicon import terms
from .tokens import in_lexicon, path_to_root, per_token, sentence_of


def entity_of(token: Token) -> Span | None:
    """The named entity the token is part of (without scanning ``doc.ents``, which spaCy rebuilds
    at every call)."""
    if not token.ent_type:
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def companions(token: Token) -> list[Token]:
    """Those a phrase names beside its head: "X, a guarantor along with Y and Z" -> Y, Z
    ("together with Y", "alongside Y"); conjuncts follow with :func:`coordinated`."""
    found = []
    for word in (c for c in token.children if c.dep_ in ("prep", "advmod") and in_lexicon(c, "companion_words")):
        preps = [word] if word.dep_ == "prep" and word.lower_ != "along" else [
            c for c in word.children if c.dep_ == "prep" and c.lower_ == "with"]
        found += [p for prep in preps for p in prep.children if p.dep_ == "pobj"]
    return found


def represented(token: Token) -> list[Token]:
    """Who a phrase of representatives stands for: "representatives of A and B" -> A, B; any
    other phrase stands for itself."""
    if in_lexicon(token, "representative_nouns"):
        named = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ in ("of", "from")
                 for p in prep.children if p.dep_ == "pobj"]
        if named:
            return [t for p in named for t in (p, *p.conjuncts)]
    return [token]


def _subjectless_list_break(token: Token) -> int | None:
    """Where a list hung on a fronted phrase stops being that phrase: the index of its first
    conjunct after a comma, when the sentence's root has no subject (in "Under an effort hosted
    by Qatar, Congo and M23 signed a declaration", Congo); None when the list is whole."""
    root = sentence_of(token).root
    if token.i >= root.i or any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return None
    return next((i for i, c in enumerate(token.conjuncts) if c.i > token.i and c.left_edge.i > 0
                 and token.doc[c.left_edge.i - 1].text == ","), None)


def coordinated(token: Token) -> list[Token]:
    """The token and its conjuncts, less those the parser took from the subject of a subjectless
    clause (see :func:`_subjectless_list_break`)."""
    cut = _subjectless_list_break(token)
    return [token, *(token.conjuncts if cut is None else token.conjuncts[:cut])]


def named_before_the_others(noun: Token) -> int:
    """How many people a coordination names before "N other NOUNs" ("reporter John Smith and three
    other dual citizens": 1), whom the figure leaves out."""
    if not any(c.dep_ == "amod" and in_lexicon(c, "others_modifiers") for c in noun.children):
        return 0
    named = sum(t.i < noun.i and t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in noun.conjuncts)
    if named or noun.dep_ not in ("nsubj", "nsubjpass"):
        return named
    # "Journalist A of party P, jailed in V, former legislator B, ..., and three other people were
    # released": the parser gives the verb two subjects, or hangs the verb on the first name; the
    # names are those that first subject or name holds
    verb = noun.head
    firsts = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < noun.i]
    if verb.dep_ == "relcl" and verb.head.i < noun.i and verb.head.ent_type_ == "PERSON":
        firsts.append(verb.head)
    return len({t.i for first in firsts for t in first.subtree
                if t.i < noun.i and t.ent_iob_ == "B" and t.ent_type_ == "PERSON"})


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for ("Qatar and Egypt, who have been facilitating the
    talks"), else the token itself."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def figure_after_a_day(number: Token) -> bool:
    """"exchanged on Thursday 185 service members": a figure right after a weekday, which the
    parser hangs on the day and the entity recogniser may read as part of it, counts what follows."""
    doc = number.doc
    return 0 < number.i < len(doc) - 1 and doc[number.i - 1].lower_ in WEEKDAYS and number.head.i == number.i - 1 \
        and doc[number.i + 1].ent_iob_ != "I" and doc[number.i + 1].pos_ in ("NOUN", "VERB", "ADJ")


def of_war(prep: Token) -> bool:
    """The "of war" of "prisoners of war": a kind of prisoner, not a group named among them."""
    return prep.lower_ == "of" and any(g.lower_ == "war" for g in prep.children)


def listed(token: Token) -> list[Token]:
    """The token and the names listed with it: its conjuncts, and in a headline's "Russia,
    Ukraine exchanged 200 POWs" (a comma for "and") the place name the parser hung on it."""
    names = [token, *token.conjuncts]
    beside = [c for c in token.children if c.dep_ in ("appos", "nmod")]  # hung on it
    beside += [c for c in token.head.children if c.dep_ == token.dep_ and c.i != token.i]  # or a second subject
    for other in beside:
        if other.ent_type_ == token.ent_type_ == "GPE" and abs(other.i - token.i) == 2 \
                and token.doc[min(other.i, token.i) + 1].text == ",":
            names.append(other)
    return names


def hyphen_prefix(participle: Token) -> list[Token]:
    """The word before the hyphen of a participle that modifies a noun ("UAE" in "a UAE-mediated
    exchange", "Russian" in "a Russian-brokered deal"); empty for any other token."""
    if participle.pos_ != "VERB" or participle.dep_ != "amod":
        return []
    return [c for c in participle.children if c.dep_ in ("npadvmod", "amod", "compound") and c.i < participle.i]


def subjects_of(verb: Token) -> list[Token]:
    """The subjects of a verb with their conjuncts (of the verb it completes: "are set to meet");
    for a subjectless root, the list the parser hung on a fronted phrase ("Last month in
    Montreux, the rebels and the government agreed")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "xcomp":  # "are set to meet", "agreed to free": the raised subject
        # (the object when there is one: "urged both parties to accelerate")
        # (a misparse may give the governing verb a second subject far before it: the nearest is the one)
        subjects = [c for c in verb.head.children if c.dep_ == "dobj" and verb.head.i < c.i < verb.i] or [
            c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")][-1:]
    if subjects:
        return [subjects[0], *subjects[0].conjuncts]
    if verb.dep_ != "ROOT":
        return []
    for token in sentence_of(verb):
        if token.i < verb.i and token.dep_ == "pobj" and (cut := _subjectless_list_break(token)) is not None:
            return [c for c in token.conjuncts[cut:] if c.i < verb.i]
    return []


def _allies(token: Token) -> bool:
    """"other Palestinian groups", "allied factions": companions of the actor they follow."""
    return token.dep_ == "conj" and any(c.dep_ == "amod" and in_lexicon(c, "ally_modifiers") for c in token.children)


def clause_verb(token: Token) -> Token | None:
    """The verb whose subject or object the phrase headed by ``token`` is (through conjuncts,
    appositions and one preposition), else None."""
    node = token
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("nsubj", "nsubjpass") and not in_lexicon(node.head, "release_verbs"):
        # "50 hostages are expected to be freed by Hamas": the subject of the verb it is raised from
        raised = next((c for c in node.head.children if c.dep_ == "xcomp" and in_lexicon(c, "release_verbs")), None)
        if raised is not None:
            return raised
    if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head.pos_ in ("VERB", "AUX"):
        return node.head
    if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ == "VERB":
        return node.head.head
    return None


def subject_keys(ctx: ArticleContext, verb: Token) -> list[str]:
    """The sides the subject of ``verb`` names, looking up through xcomp, conj, advcl and relcl
    clauses ("agreed to free": the subject of "agreed"; "is set to free": of "is set")."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ == "nsubj" or (node is not verb and c.dep_ == "nsubjpass")]
        for child in subjects:
            # "... Saudi nationals, and the government freed 706": people nouns never release anyone
            # "Hamas and other Palestinian groups": the others are its allies, not a second side;
            # "Kyiv said it had brought home 230": the pronoun is the speaker
            child = speaker_of_pronoun(child)
            if child.tag_ in ("NNS", "NNPS") and in_lexicon(child, "side_nouns"):
                return []  # "Yemen's warring parties agree to free": both sides, not the state named
            # "negotiators from A and B reached a deal to swap ...": the sides they represent ("militants
            # freed two hostages": the article's armed group, not released people)
            keys = [ctx.state_of(ctx.head_actor(named)) for t in listed(child)
                    if (not in_lexicon(t, "people_nouns") or in_lexicon(t, "armed_group_anaphora")) and not _allies(t)
                    for named in represented(t)]
            if any(keys) or len(subjects) == 1:
                return list(dict.fromkeys(k for k in keys if k))
        if subjects:
            return []  # "Jerusalem, Dec 1 (EFE).- Israeli authorities released ...": a dateline read as a second subject
        if node.i > 0 and (node.dep_ == "conj" or node.dep_ == "advcl" and node.doc[node.i - 1].dep_ == "conj") \
                and (key := ctx.state_of(ctx.key_at_token(node.doc[node.i - 1]))):
            # "..., and Ukraine freed 65", "... on Saturday and Israel released 200": the subject
            # misparsed as a conjunct (of the verb's object, or of the day)
            return [key]
        if node.dep_ == "acl" and node.head.dep_ == "ROOT" and node.head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "dobj" for c in node.children):
            # "Earlier, militants handed over the bodies": a clause read as a noun with a participle
            key = ctx.state_of(ctx.head_actor(node.head))
            return [key] if key else []
        if node.dep_ in ("xcomp", "conj", "advcl", "relcl", "acomp", "pcomp") and node.head.i != node.i:
            node = node.head.head if node.dep_ == "pcomp" else node.head  # "began procedures in releasing 451"
        else:
            break
    return []


def counted_noun(number: Token) -> tuple[Token | None, Token | None]:
    """The noun a number counts, and the token standing for the group in the clause when that
    is the number itself ("1,200 of its soldiers were released")."""
    strength = number.head  # "the 25-strong crew", "the 25-member crew": the number counts the noun "strong" describes
    if in_lexicon(strength, "strength_words") and strength.dep_ in ("amod", "compound") and number.i + 2 == strength.i:
        return strength.head, None
    if number.dep_ in ("nummod", "quantmod", "amod", "compound"):
        noun = number.head
        while noun.like_num and noun.head.i != noun.i:
            noun = noun.head
        if noun.i == number.i + 1 and noun.lower_ in terms("more_words"):
            return None, None  # "3,000 more": more of a noun counted before (more_of_the_same)
        if noun.pos_ == "ADJ" and noun.dep_ == "amod" and noun.head.pos_ == "NOUN":
            return noun.head, None  # "10 Ukrainian and four Russian children": the first figure counts the children too
        if noun.pos_ == "ADJ" and (people := next((c for c in noun.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)):
            return people, None  # the same, parsed as "Ukrainian" and "children" joined
        if figure_after_a_day(number):
            noun = number.doc[number.i + 1]  # hung on the day before it: count what follows
            while noun.dep_ in ("compound", "amod") and noun.head.i > noun.i:
                noun = noun.head
        return noun, None
    for prep in (c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            return pobj, number
    if number.dep_ in ("dobj", "nsubj", "nsubjpass") or (number.dep_ == "pobj" and number.head.lower_ == "of"):
        # "freed 49 seriously ill and wounded Ukrainian prisoners", "the bodies of 1,245 fallen
        # soldiers": the parser may take the number for the object and hang the noun, after its
        # adjectives, elsewhere (the number then stands for the group in its clause)
        doc = number.doc
        for token in doc[number.i + 1:min(number.i + 7, sentence_of(number).end)]:
            if token.pos_ == "NOUN":
                if token.tag_ != "NNS":
                    return None, None
                return token, (number if number.dep_ == "pobj" else None)
            if token.pos_ not in ("ADJ", "ADV", "CCONJ", "PROPN", "VERB") or token.pos_ == "VERB" and token.tag_ not in ("VBN", "VBD"):
                break
    return None, None



def in_exchange_for(token: Token) -> bool:
    for node in path_to_root(token)[1:8]:
        if node.lower_ == "for" and node.dep_ == "prep" and (
                in_lexicon(node.head, "exchange_nouns") or node.head.lower_ in terms("return_nouns")):
            return True
    return False


def speaker_of_pronoun(token: Token) -> Token:
    """The subject of the reporting verb a pronoun subject stands for ("Oman said it had
    mediated the exchange": Oman), or of the clause a possessive pronoun sits in ("the UAE
    announced the success of its mediation": the UAE), or the noun a relative pronoun
    stands for, else the token itself."""
    if token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl":
        return token.head.head  # "the ICRC, which acted as a neutral intermediary": the ICRC
    if token.pos_ == "PRON" and token.dep_ == "poss":
        # the subject of the nearest clause that has one ("The Taliban released photographs,
        # showing their foreign minister": the Taliban)
        verb = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
        while verb is not None and verb.dep_ in ("advcl", "xcomp") and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head  # "..., showing their foreign minister": the clause it hangs on says whose
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
        if subject is not None and subject.pos_ == "PRON":  # "the ministry said it had secured the return of its men"
            subject = speaker_of_pronoun(subject)
        return subject if subject is not None and subject.pos_ != "PRON" else token
    if token.pos_ != "PRON" or token.dep_ not in ("nsubj", "nsubjpass"):
        return token
    clause = token.head
    if clause.dep_ == "ccomp" and in_lexicon(clause.head, "attribution_verbs"):
        # the subject nearest the reporting verb ("MEXICO CITY (AP) — The government said it ...":
        # the dateline may be read as a first subject)
        speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        return speakers[-1] if speakers else token
    if token.lower_ == "it" and clause.dep_ in ("advcl", "relcl"):
        # "urged Hamas to speed up the transfer, which has slowed since it released its captives":
        # "it" in a subordinate clause is the name an enclosing clause has for its subject
        for verb in clause.ancestors:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "dobj") and c.pos_ == "PROPN"), None)
            if subject is not None:
                return subject
    return token


def called_for(anchor: Token) -> bool:
    """Someone demands that the people be freed ("calling for the release of a further 1,150
    prisoners", "urged Minsk to free 30 more"): a demand, not an exchange planned by its sides;
    but what a deal or a phase of it "calls for" is its plan."""
    for node in path_to_root(anchor)[1:]:
        if in_lexicon(node, "demand_verbs") and node.pos_ == "VERB":
            return not any(c.dep_ == "nsubj" and (_an_accord(c) or any(
                _an_accord(o) for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"))
                for c in node.children)
        if node.dep_ == "advcl" and node.tag_ == "VBD":
            return False  # "demanded that Hamas speed up the transfer, which slowed after it released 20": done before
    return False


def _an_accord(noun: Token) -> bool:
    """"the deal", "the truce", "the plan": something whose terms a count can be."""
    return in_lexicon(noun, "accord_nouns") or in_lexicon(noun, "peace_nouns") or in_lexicon(noun, "plan_nouns")


def among_the_released(token: Token) -> bool:
    """The sentence names the group of released people that ``token`` is among ("Among the freed
    civilians were eight people", however the parser attached "among"; "43 members were among
    those released"), not the group itself ("were among 26 prisoners released": the release)."""
    return any((prep.i < token.i or prep.head.lemma_ == "be") and not prep.left_edge.i <= token.i <= prep.right_edge.i
               for prep in _among_released_groups(sentence_of(token).root))


@per_token
def _among_released_groups(root: Token) -> list[Token]:
    """The "among" phrases of a sentence (its first words or its verb's) that name released people
    ("Among the Ukrainians released", "among those freed"): once per sentence."""
    sent = sentence_of(root)
    return [prep for prep in (*sent[:3], *(c for c in root.children if c.dep_ == "prep"))
            if prep.lower_ == "among" and prep.dep_ == "prep"
            and any(c.dep_ in ("amod", "acl") and c.tag_ == "VBN" and in_lexicon(c, "release_verbs")
                    for group in prep.children if group.dep_ == "pobj" for c in group.children)]


def misattached_origin(prep: Token) -> Token | None:
    """The mediator noun a "from" or "by" phrase belongs to when the parser hung it on the verb:
    "handed to mediators from Oman" (Oman's mediators, not where the people came from), "returned
    through "mediation efforts" by the UAE" (the UAE mediated; it did not release them)."""
    if prep.dep_ not in ("prep", "agent") or prep.lower_ not in ("from", "by") or prep.i == 0:
        return None
    before = prep.doc[prep.i - 1]
    before = prep.doc[before.i - 1] if before.is_quote and before.i > 0 else before
    mediation = in_lexicon(before, "intermediary_cues") or any(
        c.dep_ == "compound" and in_lexicon(c, "intermediary_cues") for c in before.children)
    return before if mediation and before.pos_ == "NOUN" and prep.head.i != before.i else None
