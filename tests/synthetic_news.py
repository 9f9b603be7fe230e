"""Synthetic news articles of realistic length and phrasing, as JSONL records, for tests and
benchmarks that need many distinct articles (benchmarks/bench_scale.py, tests/test_cluster.py).

Each article is about one of several conflicts: a lead (a completed exchange, an agreed one, a
round of talks, a return of remains or of civilians) followed by paragraphs drawn from many
templates (the figures broken down, quotes, claims about who is still held, earlier swaps, the
talks, and background that reports no event at all, as most of a news article does). Actors,
numbers, dates, places, outlets and the order of paragraphs vary with a seeded random generator,
so the same ``seed`` always gives the same articles. Written for kgbuild; our own words.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

CONFLICTS = [
    {"sides": ("Russia", "Ukraine"), "adjectives": ("Russian", "Ukrainian"), "capitals": ("Moscow", "Kyiv"),
     "mediators": ("the United Arab Emirates", "Turkey", "Qatar", "Saudi Arabia"), "venues": ("Istanbul", "Abu Dhabi", "Riyadh"),
     "people": ("Vladimir Medinsky", "Rustem Umerov"), "sources": ("the Russian Defence Ministry",
     "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War"), "held": "prisoners of war",
     "transit": "Belarus", "since": 2022},
    {"sides": ("Israel", "Hamas"), "adjectives": ("Israeli", "Palestinian"), "capitals": ("Jerusalem", "Gaza"),
     "mediators": ("Qatar", "Egypt", "the United States"), "venues": ("Doha", "Cairo"),
     "people": ("Benjamin Netanyahu", "Khalil al-Hayya"), "sources": ("the Israeli prime minister's office",
     "the Palestinian Prisoners' Society"), "held": "hostages", "transit": "the International Committee of the Red Cross",
     "since": 2023},
    {"sides": ("Armenia", "Azerbaijan"), "adjectives": ("Armenian", "Azerbaijani"), "capitals": ("Yerevan", "Baku"),
     "mediators": ("the European Union", "Georgia", "the United States"), "venues": ("Brussels", "Washington", "Tbilisi"),
     "people": ("Nikol Pashinyan", "Ilham Aliyev"), "sources": ("the Armenian Foreign Ministry",
     "the Azerbaijani State Commission on Prisoners of War"), "held": "soldiers", "transit": "Georgia", "since": 2020},
    {"sides": ("the Yemeni government", "the Houthis"), "adjectives": ("government", "Houthi"), "capitals": ("Aden", "Sanaa"),
     "mediators": ("Oman", "the United Nations", "Saudi Arabia"), "venues": ("Muscat", "Geneva"),
     "people": ("Hadi Haig", "Abdulqader al-Murtada"), "sources": ("the International Committee of the Red Cross",
     "the Houthi prisoners committee"), "held": "detainees", "transit": "the International Committee of the Red Cross",
     "since": 2015},
    {"sides": ("the Sudanese army", "the Rapid Support Forces"), "adjectives": ("army", "RSF"),
     "capitals": ("Port Sudan", "Nyala"), "mediators": ("Saudi Arabia", "the United States", "the African Union"),
     "venues": ("Jeddah", "Addis Ababa"), "people": ("Abdel Fattah al-Burhan", "Mohamed Hamdan Dagalo"),
     "sources": ("the Sudanese army", "the Rapid Support Forces"), "held": "fighters",
     "transit": "the International Committee of the Red Cross", "since": 2023},
    {"sides": ("the United States", "Russia"), "adjectives": ("American", "Russian"), "capitals": ("Washington", "Moscow"),
     "mediators": ("Turkey", "the United Arab Emirates", "Saudi Arabia"), "venues": ("Ankara", "Abu Dhabi"),
     "people": ("Steve Witkoff", "Sergei Lavrov"), "sources": ("the White House", "the Kremlin"), "held": "prisoners",
     "transit": "Turkey", "since": 2022},
    {"sides": ("the Democratic Republic of the Congo", "the M23 rebels"), "adjectives": ("Congolese", "M23"),
     "capitals": ("Kinshasa", "Goma"), "mediators": ("Qatar", "the United States", "Angola"), "venues": ("Doha", "Luanda"),
     "people": ("Felix Tshisekedi", "Bertrand Bisimwa"), "sources": ("the Congolese government", "the M23 rebels"),
     "held": "detainees", "transit": "the International Committee of the Red Cross", "since": 2022},
]
OUTLETS = ("Example Wire", "Daily Ledger", "Morning Herald", "World Report", "Evening Post", "Global Courier",
           "News Desk", "Frontline Review")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
GROUPS = ("soldiers", "civilians", "sailors", "border guards", "medics", "national guardsmen", "conscripts")
QUOTES = ("We will not stop until every one of our people is home", "This is a step, but only a small one",
          "Families have waited far too long for this day", "The agreement was honoured in full",
          "We are ready to continue if the other side keeps its word", "There can be no peace while people stay in cells",
          "Today several families can breathe again", "We thank everyone who worked quietly to make this possible")

LEADS = {
    "exchange": ("{a} and {b} exchanged {n} prisoners each {day}, in a swap mediated by {mediator}, {source} said.",
                 "{a} released {n} {held} and {b} freed {m} in return {day}, according to {source}.",
                 "In an exchange brokered by {mediator}, {n} {held} held by {b} were returned to {a} {day}, while {m} "
                 "went the other way, {source} said in a statement."),
    "planned": ("{a} and {b} agreed {day} to exchange {n} prisoners for {n} after talks in {venue} hosted by {mediator}.",
                "Negotiators from {a} and {b} reached a deal in {venue} {day} to swap {n} {held}, {source} said, "
                "though no date was set for the handover."),
    "talks": ("Delegations from {a} and {b} met in {venue} {day} for a {ordinal} round of talks hosted by {mediator}.",
              "{person_a} and {person_b} held talks in {venue} {day}, the {ordinal} such meeting this year, "
              "{source} said."),
    "remains": ("{a} handed over the bodies of {n} soldiers to {b} {day} and received {m} in return, {source} said.",
                "The remains of {n} fallen servicemen were returned to {a} {day} under an arrangement mediated by "
                "{mediator}, according to {source}."),
    "civilians": ("{n} civilians who had been held by {b} returned to {a} via {transit} {day}, {source} said.",
                  "A group of {n} civilians, among them {k} women, crossed back into {a} {day} with help from "
                  "{mediator}, according to {source}."),
}
PARAGRAPHS = (
    "Among those freed were {x} {group} and {y} civilians, some of whom had been held since {year}, {source} added.",
    "\"{quote_a},\" {person_a} said in a video message posted on Telegram.",
    "\"{quote_b},\" {person_b} told reporters in {capital_b}, without giving further details.",
    "The returned {held} were taken to hospitals near {capital_a} for medical and psychological checks before "
    "being reunited with their families.",
    "{person_a} said {b} was still holding at least {k} {held}, a figure that could not be independently verified.",
    "According to {adj_a} officials, more than {total} people remain in captivity, many of them without any contact "
    "with their relatives.",
    "It was the {ordinal} exchange between the two sides this year. {source_cap} said {total} people had been brought "
    "home since {since}.",
    "{mediator_cap} has acted as a go-between several times, and its foreign ministry said it stood ready to help "
    "again.",
    "The talks in {venue} lasted {hours} hours. {person_a}, who led the {adj_a} delegation, said the next round could "
    "take place in {month}.",
    "Officials in {capital_b} did not immediately respond to a request for comment on the figures.",
    "{source_cap} accused {b} of delaying earlier handovers, a charge {capital_b} has repeatedly rejected.",
    "Fighting continued elsewhere {day2}, with both sides reporting drone attacks on towns far from the front line.",
    "Humanitarian groups have long asked for access to detention sites on both sides and say conditions in some of "
    "them are poor.",
    "Analysts said the deal showed that channels between {capital_a} and {capital_b} still work, even as a broader "
    "settlement looks distant.",
    "Prices of food and fuel have risen sharply in the region this year, and aid agencies warn of shortages as winter "
    "approaches.",
    "Relatives of missing people gathered outside government buildings in {capital_a} on {weekday}, holding "
    "photographs and asking for news.",
    "The {adj_b} side has said in the past that it treats prisoners in line with the Geneva Conventions.",
    "Earlier this month, {a} said it had handed {b} a list of {k} names it wanted included in the next exchange.",
    "Observers from {mediator} were present at the handover, which took place near the border and lasted several "
    "hours.",
    "Local media showed buses carrying the freed men and women arriving in {capital_a} late in the evening.",
    "The government in {capital_a} has come under pressure at home over the pace of the returns. Opposition "
    "politicians say too many families still have no word on whether their relatives are alive, and that the "
    "lists of names exchanged through intermediaries are often incomplete or out of date.",
    "Diplomats familiar with the negotiations said the sequence of releases had been agreed weeks in advance, down to "
    "the order in which buses would cross and the documents each person would carry. They spoke on condition of "
    "anonymity because they were not authorised to discuss the details.",
    "Rights organisations have documented cases of people held for months without charge, and of detainees who were "
    "moved between several facilities without their families being told. Both sides deny mistreating those they hold.",
    "The war has displaced millions of people and destroyed homes, schools and hospitals across the region. "
    "Reconstruction estimates run into the hundreds of billions of dollars, and donors meeting in {venue} this year "
    "pledged only a fraction of that amount.",
    "For many of those released, the journey home was the first time in years that they had seen daylight for more "
    "than a few minutes a day, according to doctors who examined them on arrival.",
    "Negotiations on a wider ceasefire have repeatedly stalled over the sequencing of a truce, the withdrawal of "
    "forces and guarantees for civilians in contested areas, and neither side has signalled that it is ready to move "
    "first.",
)


def _count(rng: random.Random, low: int, high: int) -> str:
    """A number as news writes it: digits with thousands separators."""
    return f"{rng.randint(low, high):,}"


def _day(rng: random.Random, published: dt.date) -> str:
    """When it happened, as an article dated ``published`` would say it."""
    back = rng.randint(0, 6)
    roll = rng.random()
    if roll < 0.5:
        return "on " + WEEKDAYS[(published - dt.timedelta(days=back)).weekday()]
    if roll < 0.7:
        return "yesterday" if back else "today"
    happened = published - dt.timedelta(days=back)
    return f"on {happened.day} {happened.strftime('%B')}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def news_article(number: int, rng: random.Random) -> dict:
    """One article as a JSONL record: id, title, text, published, publisher, url."""
    conflict = rng.choice(CONFLICTS)
    a, b = conflict["sides"] if rng.random() < 0.5 else conflict["sides"][::-1]
    first = conflict["sides"].index(a)
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 2 * 365))
    n = rng.choice((rng.randint(4, 60), rng.randint(60, 400), rng.randint(400, 1200)))
    fields = {
        "a": a, "b": b, "adj_a": conflict["adjectives"][first], "adj_b": conflict["adjectives"][1 - first],
        "capital_a": conflict["capitals"][first], "capital_b": conflict["capitals"][1 - first],
        "person_a": conflict["people"][first], "person_b": conflict["people"][1 - first],
        "source": conflict["sources"][rng.randint(0, 1)], "held": conflict["held"], "transit": conflict["transit"],
        "mediator": rng.choice(conflict["mediators"]), "venue": rng.choice(conflict["venues"]),
        "n": f"{n:,}", "m": f"{max(1, n + rng.choice((0, 0, -3, 5, 12))):,}", "k": _count(rng, 2, 60),
        "group": rng.choice(GROUPS),
        "total": _count(rng, 1200, 9000), "year": rng.randint(conflict["since"], published.year),
        "since": conflict["since"], "ordinal": rng.choice(ORDINALS),
        "hours": rng.randint(2, 9), "month": (published + dt.timedelta(days=rng.randint(20, 60))).strftime("%B"),
        "day": _day(rng, published), "day2": _day(rng, published), "weekday": rng.choice(WEEKDAYS),
    }
    x = rng.randint(2, n - 2)
    quote_a, quote_b = rng.sample(QUOTES, 2)
    fields |= {"x": f"{x:,}", "y": f"{n - x:,}", "quote_a": quote_a, "quote_b": quote_b}
    fields |= {"source_cap": _capitalized(fields["source"]), "mediator_cap": _capitalized(fields["mediator"])}
    kind = rng.choice(tuple(LEADS))
    lead = _capitalized(rng.choice(LEADS[kind]).format(**fields))
    body = [paragraph.format(**fields) for paragraph in rng.sample(PARAGRAPHS, rng.randint(12, 20))]
    title = {"exchange": f"{_capitalized(a)} and {b} swap prisoners", "planned": f"{_capitalized(a)} and {b} agree on a swap",
             "talks": f"Talks between {a} and {b} in {fields['venue']}", "remains": f"{_capitalized(a)} and {b} return the dead",
             "civilians": f"Civilians return to {a}"}[kind]
    article_id = f"news-{number:07d}"
    return {"id": article_id, "title": title, "text": "\n\n".join([title, lead, *body]),
            "published": published.isoformat(), "publisher": rng.choice(OUTLETS),
            "url": f"https://news.example.org/{published:%Y/%m/%d}/{article_id}"}


def news_articles(count: int, seed: int = 0) -> Iterator[dict]:
    """``count`` articles, the same for the same ``seed``."""
    rng = random.Random(seed)
    for number in range(count):
        yield news_article(number, rng)


def write_news_jsonl(path: Path, count: int, seed: int = 0) -> int:
    """Write ``count`` articles to the JSONL file ``path``; returns the number of words written."""
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for record in news_articles(count, seed):
            words += len(record["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words
