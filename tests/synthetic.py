"""A synthetic kgbuild dataset of any number of actors, written as TriG for the report and drawing
tests: exchanges (completed and planned, some reported twice with different counts and a
kg:Disagreement), rounds of talks with hosts and delegation heads, and claims. Fictional names of
realistic lengths; ``hostile`` is used as one actor's name (e.g. to test escaping)."""

from __future__ import annotations

import random
from pathlib import Path

PREFIXES = """@base <https://w3id.org/kgbuild/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://w3id.org/kgbuild/ns#> .
"""
PLACES = ("Ruritania", "Freedonia", "Syldavia", "Borduria", "Elbonia", "Latveria", "Genovia", "Kurland",
          "Molvania", "Pottsylvania", "Vulgaria", "Carpathia", "Zembla", "Trans-Lakeland", "Orsinia")
GIVEN = ("Ivan", "Mara", "Tomas", "Leila", "Omar", "Anna", "Pavel", "Nadia", "Yusuf", "Irina", "Karim", "Olga")
FAMILY = ("Kol", "Vell", "Abdulrahman al-Murtada", "Petrenko-Vasylenko", "Haig", "Umarov", "Lind", "Sarkisian")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _actors(count: int, hostile: str) -> list[tuple[str, str, str]]:
    """(slug, type, name): a third states, a third organisations (some with long names), the rest people."""
    actors = []
    for i in range(count):
        place = PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else f" {i // len(PLACES) + 1}")
        if i % 3 == 0:
            actors.append((f"state-{i}", "State", place))
        elif i % 3 == 1:
            name = (f"Coordination Headquarters for the Treatment of Prisoners of War of {place}" if i % 2
                    else f"{place} Ministry of Defence")
            actors.append((f"org-{i}", "Organization", name))
        else:
            actors.append((f"person-{i}", "Person", f"{GIVEN[i % len(GIVEN)]} {FAMILY[i % len(FAMILY)]}"))
    if hostile and actors:
        actors[0] = (actors[0][0], actors[0][1], hostile)
    return actors


def synthetic_trig(actor_count: int = 40, seed: int = 7, hostile: str = "") -> str:
    """The TriG text: one named graph per article, every actor in at least one event."""
    rng = random.Random(seed)
    actors = _actors(actor_count, hostile)
    states = [a for a in actors if a[1] == "State"]
    others = [a for a in actors if a[1] != "State"]
    graphs = []

    def article(number: int, month: int, body: list[str]) -> None:
        aid = f"s{number}"
        date = f"2024-{month:02d}-{rng.randint(1, 28):02d}"
        head = [f'<article/{aid}> a kg:Article ; kg:articleId "{aid}" ; kg:published "{date}"^^xsd:date ;',
                f'    kg:publisherName "Outlet {number % 4}" ; kg:url <https://example.org/news/{aid}> .',
                f'<article/{aid}/s/0-10> a kg:Sentence ; kg:inArticle <article/{aid}> ; kg:beginIndex 0 ;',
                '    kg:endIndex 10 ; kg:anchorOf "A sentence." .']
        lines = [line.replace("ARTICLE", aid).replace("DATE", date) for line in body]
        names = {a for line in body for a in actors if f"<actor/{a[0]}>" in line}
        lines += [f"<actor/{slug}> a kg:{kind} ; kg:name {_literal(name)} ." for slug, kind, name in sorted(names)]
        graphs.append(f"<graph/article/{aid}> {{\n" + "\n".join(head + lines) + "\n}")

    number = 0
    mediators = iter(others * 4)
    for index in range(max(6, len(actors))):  # exchanges: every non-state actor mediates one
        if index % 3 == 0:  # a third between the same two sides, each with another mediator: a crowded pair
            a, b = states[0], (states[1:] or others)[0]
        else:
            a = states[index % len(states)]
            b = rng.choice([s for s in states if s != a] or others)
        mediator = next(mediators)
        status = "Planned" if index % 4 == 3 else "Completed"
        counts = [rng.choice((12, 50, 95, 103, 150, 300)), rng.choice((10, 50, 90, 103, 146))]
        reports = 2 if index % 5 == 0 else 1
        for report in range(reports):
            number += 1
            event = f"event/x{index}"
            count_a = counts[0] + 5 * report
            article(number, 1 + index % 12, [
                f'<{event}> a kg:PrisonerExchange ; rdfs:label "{status.lower()} prisoner exchange {index}" ;',
                f'    kg:status kg:{status} ; kg:date "DATE"^^xsd:date ; kg:side <actor/{a[0]}> , <actor/{b[0]}> ;',
                f'    kg:intermediary <actor/{mediator[0]}> ; kg:release <release/x{index}-ARTICLE-a> ,'
                f' <release/x{index}-ARTICLE-b> ;',
                '    kg:reportedIn <article/ARTICLE> ; kg:evidence <article/ARTICLE/s/0-10> ;'
                ' kg:reportingMode kg:Reported .',
                f'<release/x{index}-ARTICLE-a> a kg:Release ; kg:releasedBy <actor/{a[0]}> ; kg:count {count_a} ;',
                '    kg:qualifier kg:Exact ; kg:reportedIn <article/ARTICLE> .',
                f'<release/x{index}-ARTICLE-b> a kg:Release ; kg:releasedBy <actor/{b[0]}> ; kg:count {counts[1]} ;',
                '    kg:qualifier kg:AtLeast ; kg:reportedIn <article/ARTICLE> .'])
        if reports == 2:
            note = f"{a[2]} released: {counts[0]} (s{number - 1}) vs {counts[0] + 5} (s{number})"
            graphs.append(f"<graph/resolution> {{ <disagreement/x{index}> a kg:Disagreement ;"
                          f" kg:aboutEvent <event/x{index}> ; kg:disagreementNote {_literal(note)} . }}")
    for index in range(max(2, len(actors) // 8)):  # rounds of talks, and a claim in each article
        number += 1
        a, b = rng.sample(states, 2) if len(states) > 1 else (states[0], actors[-1])
        host = rng.choice(others)
        article(number, 1 + (3 * index) % 12, [
            f'<event/n{index}> a kg:Negotiation ; rdfs:label "talks {index}" ; kg:name "Talks in {host[2]}" ;',
            f'    kg:date "DATE"^^xsd:date ; kg:party <actor/{a[0]}> , <actor/{b[0]}> ; kg:host <actor/{host[0]}> ;',
            '    kg:reportedIn <article/ARTICLE> ; kg:evidence <article/ARTICLE/s/0-10> .',
            f'<claim/c{index}> a kg:Claim ; kg:claimSubject <actor/{a[0]}> ; kg:statement "holds {index}00 prisoners" ;',
            f'    kg:value {index}00 ; kg:qualifier kg:AtLeast ; kg:attributedTo <actor/{b[0]}> ;',
            '    kg:reportedIn <article/ARTICLE> ; kg:evidence <article/ARTICLE/s/0-10> ; kg:reportingMode kg:Alleged .'])
    return PREFIXES + "\n".join(graphs) + "\n"


def write_synthetic(folder: Path, actor_count: int = 40, hostile: str = "") -> Path:
    """Write :func:`synthetic_trig` to ``folder``/graph.trig, as a build folder has it."""
    path = folder / "graph.trig"
    path.write_text(synthetic_trig(actor_count, hostile=hostile), encoding="utf-8")
    return path
