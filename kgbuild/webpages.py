"""The article in a saved web page: its main text and metadata, read with trafilatura.

trafilatura keeps the article and drops what surrounds it on a news site (menus, cookie
banners, share buttons, "Related stories", sidebars, footers), which would otherwise put other
conflicts' actors into the article. It also reads the title, publication date, canonical URL and
site name from the page's meta tags and JSON-LD. A page it finds no main text in is read as all
its visible text (BeautifulSoup), as kgbuild read every page before. Nothing is fetched: the
page is parsed from the string given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .corpus import EARLIEST, LATEST

# trafilatura's output elements that hold blocks rather than text: each block in them is a paragraph.
_CONTAINERS = {"body", "div", "list", "table"}
# Only the date the page states (meta tags, JSON-LD, <time>): no guessing from the URL or the text,
# and the same bounds as every other publication date (not "today", so a build does not depend on the day).
_DATE_PARAMS = {"original_date": True, "extensive_search": False,
                "min_date": EARLIEST.isoformat(), "max_date": LATEST.isoformat()}


@dataclass(frozen=True)
class Page:
    """What a web page says about its article; values are as found (not yet validated)."""

    text: str  # paragraphs separated by a blank line
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    site_name: str | None = None


def read_page(html: str) -> Page:
    """The main text of ``html`` with its metadata; all the visible text when trafilatura finds no
    main text (the text is empty when the page has none at all)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True,
                                            date_extraction_params=_DATE_PARAMS)
    except Exception:  # noqa: BLE001 -- a page trafilatura fails on is read as visible text, never stops a build
        found = None
    paragraphs = [p for p in _paragraphs(found.body) if p] if found is not None and found.body is not None else []
    if paragraphs:
        return _page("\n\n".join(paragraphs), found)
    try:
        metadata = trafilatura.extract_metadata(html, date_config=_DATE_PARAMS, extensive=False)
    except Exception:  # noqa: BLE001 -- as above: the visible text is still read
        metadata = None
    return _page(_visible_text(html), metadata)


def _page(text: str, metadata) -> Page:
    if metadata is None:
        return Page(text)
    return Page(text, title=metadata.title, published=metadata.date, url=metadata.url, site_name=metadata.sitename)


def _paragraphs(element) -> Iterator[str]:
    """The text of each block under ``element`` (a trafilatura output tree), whitespace collapsed:
    a paragraph, heading, list item, quote or table row each; empty for a block with no text."""
    if element.tag not in _CONTAINERS:
        yield _collapsed(" ".join(element.itertext()))
        return
    yield _collapsed(element.text)
    for child in element:
        yield from _paragraphs(child)
        yield _collapsed(child.tail)


def _collapsed(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _visible_text(html: str) -> str:
    """Every heading, paragraph, list item and quote of the page (else all its text), without
    scripts, styles and the <title>."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "title"]):
        tag.decompose()
    blocks = [_collapsed(b.get_text(" ")) for b in soup.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    return "\n\n".join(b for b in blocks if b) or soup.get_text("\n", strip=True)
