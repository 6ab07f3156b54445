"""An OpenAPI 3.1 description of the O2G REST API, generated from the catalog and the checks' representations.

`build_document(version)` gives the document as a dict, `document_json(version)` as text (the
`o2g-conformance openapi` command writes it). `fuzz` runs schemathesis over it against an O2G (the
emulator in the tests, a staging server with `fuzz_target`); findings the reference itself explains
are listed in `data/known-deviations.yaml`. schemathesis is imported only when a run starts.
"""

from ._deviations import Deviation, DeviationError, load_deviations, parse_deviations, unexpected
from ._document import OPENAPI_VERSION, build_document, document_json
from ._fuzz import Account, Finding, FuzzReport, fuzz
from ._schemas import JSON_PRIMITIVES, SchemaBuilder, allowance_schema
from ._staging import StagingError, fuzz_target

__all__ = [
    "JSON_PRIMITIVES",
    "OPENAPI_VERSION",
    "Account",
    "Deviation",
    "DeviationError",
    "Finding",
    "FuzzReport",
    "SchemaBuilder",
    "StagingError",
    "allowance_schema",
    "build_document",
    "document_json",
    "fuzz",
    "fuzz_target",
    "load_deviations",
    "parse_deviations",
    "unexpected",
]
