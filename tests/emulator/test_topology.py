"""The topology loader: the bundled file loads; each malformed file is rejected naming the field at fault."""

from __future__ import annotations

import pathlib

import pytest
import yaml

from o2g_conformance.emulator.core.topology import TopologyError, default_topology_path, load_topology
from o2g_conformance.emulator.server import EmulatorServer
from tests.emulator.emulator_support import Api

GOOD = {
    "administrators": [{"login": "admin", "password": "pw"}],
    "nodes": [
        {
            "id": 1,
            "name": "N1",
            "users": [
                {
                    "login": "oxe1000",
                    "companyPhone": "1000",
                    "firstName": "A",
                    "lastName": "B",
                    "secretCode": "1234",
                    "devices": [{"number": "1000"}],
                },
                {
                    "login": "oxe1001",
                    "companyPhone": "1001",
                    "firstName": "C",
                    "lastName": "D",
                    "secretCode": "4321",
                    "devices": [{"number": "1001", "type": "SIP"}],
                },
            ],
        }
    ],
}


def _write(tmp_path: pathlib.Path, data: object) -> pathlib.Path:
    p = tmp_path / "topology.yaml"
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return p


def _variant(change: str) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    users = data["nodes"][0]["users"]
    if change == "missing lastName":
        del users[0]["lastName"]
    elif change == "bad login":
        users[0]["login"] = "alice"
    elif change == "duplicate number":
        users[1]["devices"].append({"number": "1000"})
    elif change == "duplicate login":
        users[1]["login"] = "oxe1000"
    elif change == "bad secret code":
        users[0]["secretCode"] = "12ab"
    elif change == "no administrators":
        data["administrators"] = []
    elif change == "unknown field":
        users[0]["nickname"] = "x"
    elif change == "bad device type":
        users[0]["devices"][0]["type"] = "FAX"
    elif change == "first device not company phone":
        users[0]["devices"] = [{"number": "1999"}]
    return data


def test_the_bundled_topology_loads() -> None:
    topo = load_topology(default_topology_path())
    assert [a.login for a in topo.administrators] == ["admin", "operator"]
    assert topo.administrators[0].supervisor and not topo.administrators[1].supervisor
    assert len(topo.users()) == 10
    assert topo.node_of("oxe70120") is not None and topo.node_of("oxe70120").id == 7  # type: ignore[union-attr]


def test_a_minimal_file_loads_with_defaults(tmp_path: pathlib.Path) -> None:
    topo = load_topology(_write(tmp_path, GOOD))
    assert topo.server.productName == "O2G Solution"
    assert [u.login for u in topo.users()] == ["oxe1000", "oxe1001"]
    assert topo.users()[0].devices[0].type == "ALE"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("missing lastName", "nodes.0.users.0.lastName: Field required"),
        ("bad login", "nodes.0.users.0.login"),
        ("duplicate number", "duplicate login or device number '1000'"),
        ("duplicate login", "duplicate login or device number 'oxe1000'"),
        ("bad secret code", "nodes.0.users.0.secretCode"),
        ("no administrators", "administrators"),
        ("unknown field", "nodes.0.users.0.nickname"),
        ("bad device type", "nodes.0.users.0.devices.0.type"),
        ("first device not company phone", "first device must be the company phone 1000"),
    ],
)
def test_a_malformed_topology_is_rejected_naming_the_field(tmp_path: pathlib.Path, change: str, named: str) -> None:
    path = _write(tmp_path, _variant(change))
    with pytest.raises(TopologyError) as caught:
        load_topology(path)
    message = str(caught.value)
    assert str(path) in message and named in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("nodes: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("just a string", "expected a mapping"),
        ("", "expected a mapping"),
    ],
)
def test_a_file_that_is_not_a_yaml_mapping_is_rejected(tmp_path: pathlib.Path, text: str, named: str) -> None:
    with pytest.raises(TopologyError, match=named):
        load_topology(_write(tmp_path, text))


def test_a_missing_file_is_rejected(tmp_path: pathlib.Path) -> None:
    with pytest.raises(TopologyError, match="cannot read it"):
        load_topology(tmp_path / "absent.yaml")


API = "/api/rest/1.0"


# -- the node's services: hunting groups, desk-sharing sets, call center -------------------------------------

CENTRE = {
    "pilots": [{"number": "5500", "name": "HELP", "queue": "5510", "rules": [{"number": 3, "name": "DAY"}]}],
    "queues": [{"number": "5510", "name": "Q_HELP", "group": "5520"}],
    "processingGroups": [{"number": "5520", "name": "PG_HELP", "reasons": ["Break"], "supervisor": "oxe1001"}],
    "otherGroups": [{"number": "5530", "name": "PG_MUTUAL", "type": "MutualAid"}],
    "operators": [
        {"login": "oxe1000", "type": "AGENT", "groups": ["5520"], "skills": [{"number": 4, "level": 1}]},
        {"login": "oxe1001", "type": "SUPERVISOR", "groups": ["5520"]},
    ],
}


def _with_services(**services: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data["nodes"][0].update(services)
    return data


def test_the_bundled_topology_declares_the_reference_services() -> None:
    node = load_topology(default_topology_path()).nodes[0]
    assert [(g.number, g.members) for g in node.huntingGroups] == [
        ("79100", ("oxe70128", "oxe70129")),
        ("79101", ()),
        ("79102", ()),
    ]
    assert node.deskSharingSets == ("70600", "70601")
    assert [p.number for p in node.callCenter.pilots] == ["79200", "79201"]
    assert [o.login for o in node.callCenter.operators] == ["oxe70125", "oxe70126", "oxe70127", "oxe70128"]


def test_a_topology_without_services_has_none(tmp_path: pathlib.Path) -> None:
    node = load_topology(_write(tmp_path, GOOD)).nodes[0]
    assert node.huntingGroups == () and node.deskSharingSets == () and node.callCenter.pilots == ()


@pytest.mark.parametrize(
    ("services", "named"),
    [
        ({"huntingGroups": [{"number": "5600", "members": ["oxe9999"]}]}, "oxe9999 is not a user of node 1"),
        ({"deskSharingSets": ["1000"]}, "desk-sharing set '1000' is also a user's device"),
        (
            {"callCenter": {**CENTRE, "queues": [{"number": "5510", "name": "Q", "group": "5599"}]}},
            "unknown processing",
        ),
        ({"callCenter": {**CENTRE, "pilots": [{**CENTRE["pilots"][0], "queue": "5599"}]}}, "unknown queue 5599"),  # type: ignore[index, dict-item]
        (
            {
                "callCenter": {
                    **CENTRE,
                    "operators": [{"login": "oxe1000", "type": "AGENT", "groups": ["5520"], "preferred": "5521"}],
                }
            },
            "preferred group 5521",
        ),
        (
            {"callCenter": {**CENTRE, "operators": [{"login": "oxe7777", "type": "AGENT", "groups": ["5520"]}]}},
            "oxe7777 is not a user",
        ),
    ],
)
def test_a_service_naming_what_the_node_lacks_is_rejected(
    tmp_path: pathlib.Path, services: dict[str, object], named: str
) -> None:
    with pytest.raises(TopologyError, match=named):
        load_topology(_write(tmp_path, _with_services(**services)))


def test_the_emulator_serves_the_call_center_and_hunting_groups_of_its_topology(tmp_path: pathlib.Path) -> None:
    """A foreign topology's CCD and hunting groups, not the bundled ones, answer through the API."""
    path = _write(
        tmp_path, _with_services(huntingGroups=[{"number": "5600", "members": ["oxe1001"]}], callCenter=CENTRE)
    )
    server = EmulatorServer(topology=path, port=0).start()
    try:
        api = Api(server.url)
        admin = api.session(("admin", "pw"))
        pilots = admin.get(f"{API}/acd/1/pilots").json()
        assert [p["number"] for p in pilots["pilotList"]] == ["5500"]
        groups = api.session(("oxe1001", "4321")).get(f"{API}/telephony/huntingGroups").json()
        assert groups == {"hgList": ["5600"], "currentHg": "5600"}
        assert api.session(("oxe1000", "1234")).get(f"{API}/telephony/huntingGroups").json() == {"hgList": ["5600"]}
        agent = api.session(("oxe1000", "1234")).get(f"{API}/acd/agent/config").json()
        assert agent["processingGroups"]["groups"] == ["5520"] and agent["type"] == "AGENT"
        api.close()
    finally:
        server.stop()
