"""The change data feed through the official Python connector, compared with what Delta Spark's
own table_changes returns for the same table (inserts, an update, a delete, a MERGE, OPTIMIZE)."""
import delta_sharing
import pytest
import requests
from delta_sharing.protocol import DeltaSharingProfile, Table
from delta_sharing.rest_client import DataSharingRestClient

from conftest import FIXTURE_BUCKET


@pytest.fixture(scope="module")
def cdf(server, spark_tables, tmp_path_factory):
    server.cli("share", "create", "cdf", "s", f"changes:delta:{FIXTURE_BUCKET}:spark/spark_cdf/",
               f"late:delta:{FIXTURE_BUCKET}:spark/spark_cdf_late/", f"dv:delta:{FIXTURE_BUCKET}:spark/spark_dv_cdf/")
    return str(server.profile("cdf", tmp_path_factory.mktemp("cdf")))


def rows(df):
    keep = ["id", "name", "_change_type", "_commit_version"]
    return sorted(({k: (int(r[k]) if k in ("id", "_commit_version") else r[k]) for k in keep} for r in df.to_dict("records")),
                  key=lambda r: (r["_commit_version"], r["id"], r["_change_type"]))


def spark_rows(spark_tables, start, end=None):
    expected = [r for r in spark_tables["spark_cdf.changes"]
                if r["_commit_version"] >= start and (end is None or r["_commit_version"] <= end)]
    return sorted(expected, key=lambda r: (r["_commit_version"], r["id"], r["_change_type"]))


@pytest.mark.parametrize("use_delta_format", [False, True])
@pytest.mark.parametrize("start, end", [(0, None), (2, None), (3, 4), (5, 6)])
def test_changes_match_spark_table_changes(cdf, spark_tables, use_delta_format, start, end):
    df = delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.changes", starting_version=start, ending_version=end,
                                                    use_delta_format=use_delta_format)
    assert rows(df) == spark_rows(spark_tables, start, end)


def test_changes_by_timestamp_start_at_the_first_commit_at_or_after_it(cdf, spark_tables):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(cdf))
    committed = rest.list_files_in_table(Table(name="changes", share="cdf", schema="s"), version=3).add_files[0].timestamp
    from datetime import datetime, timezone
    instant = datetime.fromtimestamp(committed / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    df = delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.changes", starting_timestamp=instant)
    assert rows(df) == spark_rows(spark_tables, 3)


def test_versions_without_change_data_are_refused_by_name(cdf):
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.late", starting_version=1)
    assert refused.value.response.status_code == 400
    assert "Change data was not recorded for version 1" in refused.value.response.json()["message"]
    df = delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.late", starting_version=2)
    assert [(int(r["id"]), r["_change_type"], int(r["_commit_version"])) for r in df.to_dict("records")] == [(2, "insert", 3)]
    with pytest.raises(requests.exceptions.HTTPError) as beyond:
        delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.changes", starting_version=99)
    assert beyond.value.response.status_code == 400


@pytest.mark.parametrize("historical", ["true", "false"])
def test_changes_read_page_by_page_equal_one_unpaged_read(cdf, historical):
    profile = DeltaSharingProfile.read_from_file(cdf)
    url = f"{profile.endpoint}/shares/cdf/schemas/s/tables/changes/changes"
    headers = {"Authorization": f"Bearer {profile.bearer_token}"}

    def summary(lines):
        out = []
        for line in lines:
            (kind, action), = line.items()
            out.append((kind, action.get("version"), action.get("id")))
        return out

    def get(**params):
        response = requests.get(url, params=dict(startingVersion=0, includeHistoricalMetadata=historical, **params),
                                headers=headers)
        assert response.status_code == 200, response.text
        return [__import__("json").loads(line) for line in response.text.splitlines()]

    unpaged = get()
    paged, heads, token, pages = [], set(), None, 0
    while True:
        lines = get(maxFiles=1, **({"pageToken": token} if token else {}))
        heads.add(str(lines[:2]))
        assert "endStreamAction" in lines[-1]
        paged += lines[2:-1]
        token = lines[-1]["endStreamAction"].get("nextPageToken")
        pages += 1
        if not token or pages > 50:
            break
    assert len(heads) == 1 and pages > 3
    assert summary(paged) == summary(unpaged[2:])


def test_changes_of_a_table_with_deletion_vectors_read_in_the_delta_format(cdf, spark_tables):
    df = delta_sharing.load_table_changes_as_pandas(f"{cdf}#cdf.s.dv", starting_version=0, use_delta_format=True)
    expected = sorted(spark_tables["spark_dv_cdf.changes"], key=lambda r: (r["_commit_version"], r["id"], r["_change_type"]))
    assert rows(df) == expected
    assert {r["_change_type"] for r in expected} == {"insert", "delete"}
