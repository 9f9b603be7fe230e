"""Generate ``kgbuild/rdf/vocab.py`` (the ``KG`` namespace class) from ``ontology/kgbuild.ttl``.

The ontology is the one source of ``kg:`` terms; code uses ``KG.Exchange`` etc. from the generated
module, so a term missing from the ontology fails at import time instead of producing a silent typo.

    python -m kgbuild.rdf.genvocab          # rewrite vocab.py
    python -m kgbuild.rdf.genvocab --check  # exit 1 if vocab.py is out of date
"""

from __future__ import annotations

import argparse
import keyword
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

from kgbuild.resources import ontology_file

KG_NS = Namespace("https://w3id.org/kgbuild/ns#")
VOCAB_FILE = Path(__file__).with_name("vocab.py")

# Sections of the generated class, in order: (heading, rdf:type that puts a term there).
SECTIONS: tuple[tuple[str, URIRef], ...] = (
    ("Classes", OWL.Class),
    ("Datatypes", RDFS.Datatype),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Code-list values", SKOS.Concept),
)


@dataclass(frozen=True)
class Term:
    """One ``kg:`` term with the documentation the ontology gives it."""

    name: str
    label: str
    comment: str


def ontology_terms(ontology: Graph) -> dict[str, list[Term]]:
    """The ontology's ``kg:`` terms by section heading, each section sorted by name."""
    sections: dict[str, list[Term]] = {heading: [] for heading, _ in SECTIONS}
    for subject in sorted(set(ontology.subjects())):
        if not isinstance(subject, URIRef) or not subject.startswith(KG_NS):
            continue
        name = subject[len(KG_NS):]
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"ontology term kg:{name} is not usable as a Python attribute name")
        types = set(ontology.objects(subject, RDF.type))
        heading = next((heading for heading, rdf_type in SECTIONS if rdf_type in types), None)
        if heading is None:
            raise ValueError(f"ontology term kg:{name} has no rdf:type that genvocab knows")
        label = ontology.value(subject, RDFS.label)
        comment = ontology.value(subject, RDFS.comment)
        sections[heading].append(Term(name, str(label or ""), " ".join(str(comment or "").split())))
    return sections


def render(ontology: Graph) -> str:
    """The text of vocab.py for this ontology."""
    version = ontology.value(URIRef(str(KG_NS).rstrip("#")), OWL.versionInfo)
    lines = [
        '"""The kgbuild ontology terms as a Python namespace: ``KG.Exchange``, ``KG.releasedBy``, ...',
        "",
        "GENERATED from ontology/kgbuild.ttl" + (f" (version {version})" if version else "")
        + " by ``python -m kgbuild.rdf.genvocab``; do not edit.",
        "A term that is not in the ontology raises AttributeError (``_fail = True``).",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """kg: https://w3id.org/kgbuild/ns#"""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{KG_NS}")',
    ]
    for heading, terms in ontology_terms(ontology).items():
        if not terms:
            continue
        lines += ["", f"    # --- {heading} ---"]
        for term in terms:
            doc = f"{term.label}: {term.comment}" if term.comment else term.label
            lines += textwrap.wrap(doc, width=96, initial_indent="    # ", subsequent_indent="    #   ")
            lines.append(f"    {term.name}: URIRef")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write vocab.py, or with ``--check`` report whether it is up to date (exit 1 if not)."""
    parser = argparse.ArgumentParser(prog="python -m kgbuild.rdf.genvocab", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if vocab.py differs from the ontology")
    args = parser.parse_args(argv)
    text = render(Graph().parse(ontology_file(), format="turtle"))
    current = VOCAB_FILE.read_text(encoding="utf-8") if VOCAB_FILE.exists() else None
    if args.check:
        if current != text:
            print(f"{VOCAB_FILE} is out of date: run python -m kgbuild.rdf.genvocab", file=sys.stderr)
            return 1
        return 0
    if current != text:
        VOCAB_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {VOCAB_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
