"""Web pages: the article without what surrounds it on a news site, and the page's metadata."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from kgbuild.corpus import read_documents
from kgbuild.errors import InputError

from .webpage_fixtures import BOILERPLATE, PAGE_FILES, PAGES, TWINS, built_facts, without_event_ids


def _read(path):
    [document] = read_documents([path], strict=True)
    return document


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_a_page_gives_every_paragraph_of_its_article_and_nothing_around_it(page):
    document, twin = _read(page), _read(TWINS / f"{page.stem}.txt")
    assert document.text.split("\n\n") == twin.text.strip().split("\n\n")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    around = [line.strip() for element in soup.select(BOILERPLATE) for line in element.get_text("\n").splitlines()]
    around = [line for line in around if len(line) > 3]  # "|", "·" and the like
    assert len(around) >= 5
    assert [line for line in around if line in document.text] == []


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_a_page_gives_its_publication_date_title_url_and_site(page):
    document, twin = _read(page), _read(TWINS / f"{page.stem}.txt")
    assert document.published is not None
    assert (document.published, document.title, document.url, document.publisher) == \
        (twin.published, twin.title, twin.url, twin.publisher)


def test_a_page_trafilatura_finds_no_article_in_is_read_as_its_visible_text(tmp_path):
    (tmp_path / "short.html").write_text(
        "<html><head><title>Talks end</title><meta property='article:published_time' content='2024-03-05'></head>"
        "<body><ul><li>Delegations met in Geneva.</li><li>They will meet again.</li></ul></body></html>",
        encoding="utf-8")
    document = _read(tmp_path / "short.html")
    assert document.text == "Delegations met in Geneva.\n\nThey will meet again."
    assert (document.title, document.published.isoformat()) == ("Talks end", "2024-03-05")


def test_a_page_with_no_text_is_one_error_and_the_others_are_read(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><script>var x = 'Hamas';</script></body></html>",
                                         encoding="utf-8")
    (tmp_path / "good.txt").write_text("Kyiv said 12 civilians were returned.", encoding="utf-8")
    errors: list[InputError] = []
    assert [d.id for d in read_documents([tmp_path], on_error=errors.append)] == ["good"]
    assert [str(e) for e in errors] == [f"{tmp_path / 'empty.html'}: no text in HTML"]


@pytest.mark.model
def test_the_facts_of_each_page_are_those_of_the_same_article_as_plain_text(nlp):
    from_pages = built_facts([PAGES], nlp)
    from_text = built_facts([TWINS], nlp)
    assert sorted(from_pages) == sorted(from_text) == sorted(p.stem for p in PAGE_FILES)
    for article_id, facts in from_pages.items():
        assert facts["exchanges"] or facts["negotiations"], article_id  # something to compare
        assert without_event_ids(facts) == without_event_ids(from_text[article_id]), article_id
    # the related links of the wire story name other conflicts' sides: none of them is an actor
    assert not {"Hamas", "Israel", "Armenia", "Azerbaijan"} & {a["name"] for a in from_pages["venezuela-us-swap"]["actors"]}

