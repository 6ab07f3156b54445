"""Root descriptor `GET /api/rest` (o2g-rest-api-reference.txt L39-74)."""

from __future__ import annotations

from ...core.dispatch import Context, Reply, operation
from ...ha.pair import pair_of


@operation("root.descriptor.get", session=False)
async def get_descriptor(ctx: Context) -> Reply:
    b = ctx.backend
    info = b.topology.server
    auth = "/api/rest/authenticate?version=1.0"
    pair = pair_of(b)  # an HA pair is in HA mode when ROXE_HA allows it (L339-343, L484)
    ha_mode = pair.licensed() if pair is not None else info.haMode
    return Reply(
        200,
        {
            "serverInfo": {
                "productName": info.productName,
                "productType": info.productType,
                "productVersion": {"major": info.major, "minor": info.minor},
                "haMode": ha_mode,
            },
            # Absolute URLs built from the public host and port: clients follow them verbatim (wire-facts).
            "versions": [
                {"id": "1.0", "status": "CURRENT", "publicUrl": b.base_url + auth, "internalUrl": b.base_url + auth}
            ],
        },
    )
