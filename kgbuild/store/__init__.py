"""Sinks for the graph: the embedded on-disk Oxigraph store, remote SPARQL stores, a local server."""

from .embedded import DEFAULT_STORE, LoadReport, export_store, load_dataset, load_files, open_store
from .remote import HttpSettings, load_endpoint
from .server import serve, start_server

__all__ = ["DEFAULT_STORE", "HttpSettings", "LoadReport", "export_store", "load_dataset", "load_endpoint",
           "load_files", "open_store", "serve", "start_server"]
