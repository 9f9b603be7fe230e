"""The kgbuild error hierarchy: every error a user can cause is a KgbuildError.

The CLI turns these into one line and an exit code (2: bad input or usage); anything else
is a bug and keeps its traceback.
"""


class KgbuildError(Exception):
    """Base class: something the user can fix. The message says what and how."""


class InputError(KgbuildError):
    """An input file or article cannot be read (missing, binary, undecodable, malformed)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class ArticleError(InputError):
    """An article that was read but could not be processed (an error inside extraction or
    mapping): it is reported in one line and skipped like an unreadable one."""


class ModelError(KgbuildError):
    """The spaCy model cannot be found or loaded."""


class QueryError(KgbuildError):
    """A SPARQL query is malformed or not allowed (updates are refused)."""


class StoreError(KgbuildError):
    """A triple store or SPARQL endpoint cannot be reached or refused the data."""
