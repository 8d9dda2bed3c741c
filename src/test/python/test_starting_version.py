"""startingVersion queries (how Spark streaming follows a table), over HTTP with a profile from the
CLI: replaying the adds and removes of a range of commits onto the snapshot before it gives the
snapshot after it."""
import json

import pytest
import requests

from conftest import FIXTURE_BUCKET, SPARK_TABLES


@pytest.fixture(scope="module")
def history(server, s3_sales_table, spark_tables, tmp_path_factory):
    server.cli("share", "create", "history", "s", f"transactions:delta:{FIXTURE_BUCKET}:{s3_sales_table.prefix}",
               *[f"{name}:delta:{FIXTURE_BUCKET}:spark/{name}/" for name in SPARK_TABLES])
    profile = json.loads(server.profile("history", tmp_path_factory.mktemp("history")).read_text())
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + profile["bearerToken"]

    def query(table, capabilities=None, **body):
        headers = {"delta-sharing-capabilities": capabilities} if capabilities else {}
        response = session.post(f"{profile['endpoint']}/shares/history/schemas/s/tables/{table}/query", json=body,
                                headers=headers)
        assert response.status_code == 200, response.text
        return response, [json.loads(line) for line in response.text.splitlines()]

    return query


def test_replaying_a_range_of_commits_gives_the_later_snapshot(history):
    _, before = history("transactions", version=0)
    _, after = history("transactions", version=3)
    response, changes = history("transactions", startingVersion=1, endingVersion=3)
    assert response.headers["Delta-Table-Version"] == "1"
    assert changes[1]["metaData"]["version"] == 1
    files = {line["file"]["id"] for line in before[2:]}
    kinds = set()
    for line in changes[2:]:
        (kind, action), = line.items()
        kinds.add(kind)
        assert 1 <= action["version"] <= 3 and action["timestamp"] > 0 and action["url"]
        if kind == "add":
            files.add(action["id"])
        elif kind == "remove":
            files.discard(action["id"])
    assert kinds == {"add", "remove"}  # version 2 overwrote the table
    assert files == {line["file"]["id"] for line in after[2:]}


def test_a_delete_with_deletion_vectors_comes_as_remove_and_add_in_the_delta_format(history):
    _, changes = history("spark_dv", capabilities="responseformat=delta;readerfeatures=deletionvectors", startingVersion=1)
    actions = [(line["file"]["version"], next(iter(line["file"]["deltaSingleAction"]))) for line in changes[2:]]
    assert (2, "remove") in actions and (2, "add") in actions
    dv_adds = [line["file"] for line in changes[2:] if line["file"]["deltaSingleAction"].get("add", {}).get("deletionVector")]
    assert dv_adds and all(f["deletionVectorFileId"] for f in dv_adds)
    assert all(f["deltaSingleAction"]["add"]["deletionVector"]["storageType"] == "p" for f in dv_adds)


def test_protocol_changes_come_with_their_version_when_asked_for(server, history):
    server.cli("share", "update", "history", "--add", f"s:late:delta:{FIXTURE_BUCKET}:spark/spark_cdf_late/")
    _, lines = history("late", capabilities="responseformat=delta", startingVersion=1, includeHistoricalProtocol=True)
    assert "version" not in lines[0]["protocol"]  # the head: the protocol as of the starting version
    changes = [line["protocol"] for line in lines[1:] if "protocol" in line]
    assert [(p["version"], p["deltaProtocol"]["minWriterVersion"]) for p in changes] == [(2, 7)]
    assert "changeDataFeed" in changes[0]["deltaProtocol"]["writerFeatures"]
    _, plain = history("late", capabilities="responseformat=delta", startingVersion=1)
    assert not [line for line in plain[1:] if "protocol" in line]
