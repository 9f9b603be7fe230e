"""kgbuild: knowledge graphs of conflict diplomacy from news, every fact with its source."""

__version__ = "0.1.0"
