"""Which actors an article's anaphors stand for: its one armed group ("the rebels", "the
militants") and its one government ("the government"), found once per article from how the
text names and describes its organisations and states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import terms
from .tokens import in_lexicon

if TYPE_CHECKING:
    from .context import ArticleContext


def armed_group_words(ctx: ArticleContext) -> dict[str, set[str]]:
    """The article's armed groups, each with the lower-case words of its names: non-state
    organisations whose name or alias says what they are ("National Liberation Army", "Rapid
    Support Forces") or that the text describes as armed."""
    words = terms("armed_group_name_words")
    known = ctx.actors.gazetteer.entries
    groups = {actor.key: {w for name in (actor.name, *actor.aliases, *(known[actor.key].aliases if actor.key in known else ()))
                          for w in name.lower().split()}
              for actor in ctx.actors.actors if actor.type == "Organization"
              and not ctx.is_state_body(actor.key) and not ctx.actors.only_served_in(actor.key)}
    return {key: names for key, names in groups.items() if not words.isdisjoint(names) or described_as_armed(ctx, key)}


def described_as_armed(ctx: ArticleContext, key: str) -> bool:
    """The text calls the organisation an armed group in apposition or before the group noun:
    "Ansaru, a Boko Haram breakaway faction", "M23, a rebel group", "the YPG terrorist
    organization", "Abu Sayyaf militants" (not "X, a human rights group")."""
    for mention in ctx.actors.get(key).mentions:
        span = ctx.doc.char_span(mention.span.start, mention.span.end)
        if span is None:
            continue
        described = [c for c in span.root.children if c.dep_ == "appos"]
        if span.root.dep_ == "appos":
            described.append(span.root.head)  # "the rebel group, the Kurdistan Workers' Party"
        if any(in_lexicon(noun, "armed_description_nouns") for noun in described):
            return True
        if span.end < len(ctx.doc) and in_lexicon(ctx.doc[span.end], "armed_group_anaphora") and span.root.ent_type_ != "NORP":
            return True  # "Abu Sayyaf militants", "Abu Sayyaf gunmen" (however parsed; not "Kurdish rebels")
        if span.root.dep_ in ("compound", "nmod"):
            described.append(span.root.head)  # "the PKK/YPG terrorist organization" (not "a Boko Haram faction")
        if any(in_lexicon(noun, "generic_group_nouns") and any(
                c.dep_ in ("amod", "compound") and in_lexicon(c, "armed_description_words") for c in noun.children)
               for noun in described):
            return True
    return False


def governed_states(ctx: ArticleContext) -> set[str]:
    """The states the article names a government of ("Yemen's government", "the Yemeni
    government", "the government of Yemen"); when none, the states the conflict is said to be in."""
    states = set()
    for token in ctx.tokens_with("government"):
        if token.lower_ != "government":
            continue
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                key = ctx.actors.key_at(child.idx, child.idx + len(child.text))
                states.add(ctx.state_of(key) if key else None)
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    key = ctx.actors.key_at(pobj.idx, pobj.idx + len(pobj.text))
                    states.add(ctx.state_of(key) if key else None)
    states.discard(None)
    return states or conflict_places(ctx)


def conflict_places(ctx: ArticleContext, holders: tuple[str, ...] = ("conflict_nouns", "people_nouns", "exchange_nouns")) -> set[str]:
    """States named as where the conflict happens ("the war in Yemen", "detainees in Yemen",
    "the release in Yemen"): the state whose government an article about it means. ``holders``
    are the lexicons of the nouns the place may be said of."""
    places = set()
    for token in ctx.tokens_with("in"):
        if token.dep_ != "prep" or token.lower_ != "in":
            continue
        holder = token.head
        if not any(in_lexicon(holder, name) for name in holders):
            continue
        for pobj in (c for c in token.children if c.dep_ == "pobj"):
            key = ctx.actors.key_at(pobj.idx, pobj.idx + len(pobj.text))
            if key and ctx.actors.get(key).type == "State":
                places.add(key)
    return places
