"""Recipients read shared Delta tables with the official Python connector (parquet response format):
rows are compared with what the writer wrote, at the latest version and by time travel."""
import json
from datetime import datetime, timezone

import delta_sharing
import requests
import pytest
from delta_sharing.protocol import DeltaSharingProfile, Table
from delta_sharing.rest_client import DataSharingRestClient

from conftest import FIXTURE_BUCKET


@pytest.fixture(scope="module")
def readers(server, s3_sales_table, tmp_path_factory):
    server.cli("share", "create", "reading", "sales",
               f"transactions:delta:{FIXTURE_BUCKET}:{s3_sales_table.prefix}",
               "employees:delta:demo:employees/")
    profile = server.profile("reading", tmp_path_factory.mktemp("profiles"))
    return str(profile)


def rows(df) -> list:
    return sorted(df.to_dict("records"), key=lambda r: r["id"])


def test_the_latest_version_reads_what_the_writer_wrote(readers, s3_sales_table):
    url = f"{readers}#reading.sales.transactions"
    latest = max(s3_sales_table.rows_at)
    assert delta_sharing.get_table_version(url) == latest
    assert rows(delta_sharing.load_as_pandas(url)) == s3_sales_table.rows_at[latest]


@pytest.mark.parametrize("version", [0, 1, 2, 3, 4, 9])
def test_time_travel_by_version_reads_that_version(readers, s3_sales_table, version):
    df = delta_sharing.load_as_pandas(f"{readers}#reading.sales.transactions", version=version)
    assert rows(df) == s3_sales_table.rows_at[version]


def test_time_travel_by_timestamp_reads_the_version_committed_then(readers, s3_sales_table):
    """A version's commit time is when its log file was written (Delta's rule without in-commit
    timestamps); files of a time-travel query carry it."""
    url = f"{readers}#reading.sales.transactions"
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(readers))
    table = Table(name="transactions", share="reading", schema="sales")
    for version in (1, 3):
        committed = rest.list_files_in_table(table, version=version).add_files[0].timestamp
        assert committed >= s3_sales_table.commit_ms[version]  # the writer stamps its commit just before writing it
        instant = datetime.fromtimestamp(committed / 1000, tz=timezone.utc)
        df = delta_sharing.load_as_pandas(url, timestamp=instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        assert rows(df) == s3_sales_table.rows_at[version]


def test_a_limit_reads_no_more_rows_than_asked(readers):
    assert len(delta_sharing.load_as_pandas(f"{readers}#reading.sales.transactions", limit=2)) == 2


def test_the_local_demo_table_is_read_through_the_servers_own_urls(readers):
    df = delta_sharing.load_as_pandas(f"{readers}#reading.sales.employees")
    assert sorted(df["name"]) == ["Ada", "Barbara", "Grace", "Ken", "Linus", "Margaret"]
    assert sorted(set(df["department"])) == ["engineering", "platform", "research"]


def test_s3_files_are_presigned_and_local_files_are_served_by_lakeshare(readers, server, minio):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(readers))
    s3_files = rest.list_files_in_table(Table(name="transactions", share="reading", schema="sales")).add_files
    assert s3_files and all(f.url.startswith(minio.endpoint + f"/{FIXTURE_BUCKET}/") and "X-Amz-Signature=" in f.url
                            for f in s3_files)
    local_files = rest.list_files_in_table(Table(name="employees", share="reading", schema="sales")).add_files
    assert local_files and all(f.url.startswith(server.url + "/_lakeshare/v1/files/") for f in local_files)
    # Partition values keep their raw form even where the path escapes them.
    assert {"us-east", "eu west", "ap/south%1"} >= {f.partition_values["region"] for f in s3_files}
    assert "ap/south%1" in {f.partition_values["region"] for f in s3_files}


def test_share_info_reports_version_files_and_a_hint_to_compact(server, readers, s3_sales_table):
    tables = {t["name"]: t["location"] for t in server.cli_json("share", "info", "reading")["tables"]}
    latest = max(s3_sales_table.rows_at)
    assert tables["transactions"]["version"] == latest
    assert tables["transactions"]["files"] == 15  # 2 left by the overwrite, then 13 one-row appends
    assert tables["transactions"]["smallFiles"] == 15
    assert any("OPTIMIZE" in hint for hint in tables["transactions"]["hints"])
    human = server.cli("share", "info", "reading").stdout
    assert "Hint: sales.transactions: 15 of 15 files are under 8 MiB" in human


@pytest.mark.parametrize("version", [None, 2, 3])
def test_the_delta_format_reads_the_same_rows(readers, s3_sales_table, version):
    url = f"{readers}#reading.sales.transactions"
    df = delta_sharing.load_as_pandas(url, version=version, use_delta_format=True)
    assert rows(df) == s3_sales_table.rows_at[max(s3_sales_table.rows_at) if version is None else version]


def test_the_delta_format_reads_through_the_servers_own_urls(readers):
    df = delta_sharing.load_as_pandas(f"{readers}#reading.sales.employees", use_delta_format=True)
    assert sorted(df["name"]) == ["Ada", "Barbara", "Grace", "Ken", "Linus", "Margaret"]


def region_hint(region):
    return json.dumps({"op": "equal", "children": [
        {"op": "column", "name": "region", "valueType": "string"},
        {"op": "literal", "value": region, "valueType": "string"}]})


def test_json_predicate_hints_skip_other_partitions_and_lose_no_rows(readers, s3_sales_table):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(readers))
    table = Table(name="transactions", share="reading", schema="sales")
    everything = rest.list_files_in_table(table).add_files
    kept = rest.list_files_in_table(table, jsonPredicateHints=region_hint("eu west")).add_files
    assert {f.partition_values["region"] for f in kept} == {"eu west"}
    assert 0 < len(kept) < len(everything)
    latest = s3_sales_table.rows_at[max(s3_sales_table.rows_at)]
    for use_delta_format in (False, True):
        df = delta_sharing.load_as_pandas(f"{readers}#reading.sales.transactions", jsonPredicateHints=region_hint("eu west"),
                                          use_delta_format=use_delta_format)
        assert rows(df[df["region"] == "eu west"]) == [r for r in latest if r["region"] == "eu west"]


def test_statistics_skip_files_whose_values_cannot_match(readers, s3_sales_table):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(readers))
    table = Table(name="transactions", share="reading", schema="sales")
    newest_id = max(r["id"] for r in s3_sales_table.rows_at[max(s3_sales_table.rows_at)])
    hint = json.dumps({"op": "greaterThanOrEqual", "children": [
        {"op": "column", "name": "id", "valueType": "long"},
        {"op": "literal", "value": str(newest_id), "valueType": "long"}]})
    kept = rest.list_files_in_table(table, jsonPredicateHints=hint).add_files
    assert len(kept) == 1  # only the last one-row append holds that id


def test_malformed_hints_skip_nothing(readers, s3_sales_table):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(readers))
    table = Table(name="transactions", share="reading", schema="sales")
    everything = rest.list_files_in_table(table).add_files
    for hint in ("{not json", json.dumps({"op": "equal", "children": []}), json.dumps({"op": "lessThan", "valueType": "integer"})):
        assert len(rest.list_files_in_table(table, jsonPredicateHints=hint).add_files) == len(everything)


def test_an_s3_bucket_in_proxy_mode_is_streamed_through_lakeshare(server, proxied_table, tmp_path):
    server.cli("share", "create", "proxied", "s", "words:delta:proxied:words/")
    profile = str(server.profile("proxied", tmp_path))
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(profile))
    files = rest.list_files_in_table(Table(name="words", share="proxied", schema="s")).add_files
    assert files and all(f.url.startswith(server.url + "/_lakeshare/v1/files/") for f in files)
    for use_delta_format in (False, True):
        df = delta_sharing.load_as_pandas(f"{profile}#proxied.s.words", use_delta_format=use_delta_format)
        assert rows(df) == proxied_table


def test_log_files_of_s3_tables_are_kept_on_local_disk(server, readers, s3_sales_table):
    delta_sharing.load_as_pandas(f"{readers}#reading.sales.transactions", version=3)
    copies = list((server.data_dir / "log-cache").glob("*.log"))
    # At least the checkpoint at version 3 and the commits read around it; they never change.
    assert len(copies) >= 2
    sizes = {p.stat().st_size for p in copies}
    assert all(size > 0 for size in sizes)


def test_the_owner_decides_whether_history_is_shared(server, readers):
    url = f"{readers}#reading.sales.employees"
    assert len(delta_sharing.load_as_pandas(url, version=0)) == 4
    server.cli("share", "update", "reading", "--history", "sales/employees=off")
    try:
        table = next(t for t in server.cli_json("share", "info", "reading")["tables"] if t["name"] == "employees")
        assert table["historyShared"] is False
        assert " off " in next(line for line in server.cli("share", "info", "reading").stdout.splitlines() if "employees" in line)
        with pytest.raises(requests.exceptions.HTTPError) as refused:
            delta_sharing.load_as_pandas(url, version=0)
        assert refused.value.response.status_code == 400
        assert len(delta_sharing.load_as_pandas(url)) == 6  # the latest version stays readable
    finally:
        server.cli("share", "update", "reading", "--history", "sales/employees=on")
