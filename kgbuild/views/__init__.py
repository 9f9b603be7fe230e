"""NetworkX views of a kgbuild dataset, relationship queries, analyst tables and pictures.

Load once with :func:`load_view_data` (a few whole-store index scans), then build views
(:mod:`.graphs`), ask questions (:mod:`.relations`), make tables (:mod:`.tables`), export or draw
(:mod:`.export`, :mod:`.draw`).
"""

from .data import ViewData, load_view_data, open_dataset
from .graphs import VIEWS, actor_event_graph, actor_network, build_view, mediator_graph, source_graph
from .relations import central, communities, mediators, neighbours, path, timeline
from .tables import TABLES, render_rows, table_rows

__all__ = ["TABLES", "VIEWS", "ViewData", "actor_event_graph", "actor_network", "build_view", "central",
           "communities", "load_view_data", "mediator_graph", "mediators", "neighbours", "open_dataset", "path",
           "render_rows", "source_graph", "table_rows", "timeline"]
