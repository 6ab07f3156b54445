"""The packaged O2G catalog (operations, events, representations, versions): the single source of truth.

Knows nothing of pytest, HTTP clients or the emulator; everything else derives from it.
"""

from ._loader import Catalog, is_operation_id, load_catalog
from ._model import API_BASE, Event, Field, Licences, Operation, Param, Representation, Response, Section
from ._versions import (
    BASELINE,
    LATEST,
    TIMELESS_SECTIONS,
    VERSIONS,
    ApiVersion,
    VersionNeed,
    applies,
    from_product_version,
    newest,
    since_version,
    versions_from,
)

__all__ = [
    "API_BASE",
    "BASELINE",
    "LATEST",
    "TIMELESS_SECTIONS",
    "VERSIONS",
    "ApiVersion",
    "Catalog",
    "Event",
    "Field",
    "Licences",
    "Operation",
    "Param",
    "Representation",
    "Response",
    "Section",
    "VersionNeed",
    "applies",
    "from_product_version",
    "is_operation_id",
    "load_catalog",
    "newest",
    "since_version",
    "versions_from",
]
