"""Reference lines of the operations whose catalog entry has none (`doc_lines` is null).

The packaged catalog has no lines for the Phone Set Programming, PBX management and Analytics
operations; these are the lines of their path headings in o2g-rest-api-reference.txt (the reference
writes the /usages/licenses heading inside the previous example, L11970).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

PATH_LINES: Mapping[str, int] = MappingProxyType(
    {
        "phoneset.devices.list": 9720,
        "phoneset.devices.get": 9761,
        "phoneset.devices.reactive.set": 9798,
        "phoneset.devices.reactivestate.get": 9836,
        "phoneset.devices.addons.get": 9873,
        "phoneset.devices.associate.set": 9904,
        "phoneset.devices.campon.set": 9947,
        "phoneset.devices.dynamicstate.get": 9985,
        "phoneset.devices.lock.set": 10022,
        "phoneset.devices.pin.get": 10060,
        "phoneset.devices.pin.set": 10060,
        "phoneset.devices.programmeablekeys.list": 10146,
        "phoneset.devices.programmeablekeys.set": 10192,
        "phoneset.devices.programmeablekeys.delete": 10192,
        "phoneset.devices.programmedkeys.list": 10264,
        "phoneset.devices.softkeys.list": 10306,
        "phoneset.devices.softkeys.set": 10348,
        "phoneset.devices.softkeys.delete": 10348,
        "phoneset.prefixes.get": 10424,
        "pbx.pbxs.list": 10683,
        "pbx.pbxs.get": 10716,
        "pbx.instances.root.get": 10750,
        "pbx.instances.object.get": 10812,
        "pbx.instances.object.update": 10812,
        "pbx.instances.object.delete": 10812,
        "pbx.instances.list": 11232,
        "pbx.instances.create": 11232,
        "pbx.model.get": 11437,
        "pbx.model.object.get": 11505,
        "analytics.charging.get": 11755,
        "analytics.charging.files.list": 11830,
        "analytics.incidents.get": 11896,
        "analytics.licenses.get": 11970,
        "analytics.services.get": 12007,
    }
)
