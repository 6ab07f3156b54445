"""An OpenAPI 3.1 description of the O2G REST API, generated from the catalog and the checks' representations.

`build_document(version)` gives the document as a dict, `document_json(version)` as text (the
`o2g-conformance openapi` command writes it). Knows nothing of pytest or HTTP clients.
"""

from ._document import OPENAPI_VERSION, build_document, document_json
from ._schemas import JSON_PRIMITIVES, SchemaBuilder, allowance_schema

__all__ = [
    "JSON_PRIMITIVES",
    "OPENAPI_VERSION",
    "SchemaBuilder",
    "allowance_schema",
    "build_document",
    "document_json",
]
