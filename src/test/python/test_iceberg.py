"""Iceberg tables written by pyiceberg, shared as name:iceberg:bucket:prefix next to a Delta table,
read by the official Python connector as if they were Delta tables: the rows pyiceberg itself reads
back, at every snapshot, by version and by timestamp, in both response formats."""
import datetime
import json

import delta_sharing
import pytest
import requests
from delta_sharing.protocol import DeltaSharingProfile, Table
from delta_sharing.rest_client import DataSharingRestClient

from conftest import FIXTURE_BUCKET


@pytest.fixture(scope="module")
def lake(server, iceberg_tables, s3_orders_table, tmp_path_factory):
    specs = [f"{name}:iceberg:{FIXTURE_BUCKET}:{t.prefix}" for name, t in iceberg_tables.items()]
    server.cli("share", "create", "lake", "db", *specs, f"orders_delta:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    return str(server.profile("lake", tmp_path_factory.mktemp("lake")))


def rows(df):
    records = df.to_dict("records")
    for r in records:
        for k, v in r.items():
            if hasattr(v, "to_pydatetime"):
                r[k] = v.to_pydatetime()
    return sorted(records, key=lambda r: r["id"])


def normalized(expected):
    return [{k: (v.astimezone(datetime.timezone.utc) if isinstance(v, datetime.datetime) else v) for k, v in r.items()}
            for r in expected]


def test_share_info_names_the_metadata_file_and_why(server, lake, iceberg_tables):
    info = server.cli_json("share", "info", "lake")
    people = next(t for t in info["tables"] if t["name"] == "people")
    detail = json.dumps(people)
    assert "metadata.json" in detail and "highest metadata version" in detail, detail


def test_iceberg_tables_are_listed_beside_delta_tables(lake):
    assert sorted(t.name for t in delta_sharing.SharingClient(lake).list_all_tables()) == \
        ["codes", "events", "events_bare", "orders", "orders_delta", "people", "types"]


@pytest.mark.parametrize("name", ["events", "orders"])
def test_every_snapshot_reads_as_pyiceberg_reads_it(lake, iceberg_tables, name):
    table = iceberg_tables[name]
    latest = max(table.rows_at)
    for use_delta_format in (False, True):
        df = delta_sharing.load_as_pandas(f"{lake}#lake.db.{name}", use_delta_format=use_delta_format)
        assert rows(df) == normalized(table.rows_at[latest]), (name, use_delta_format)
    for version, expected in table.rows_at.items():
        df = delta_sharing.load_as_pandas(f"{lake}#lake.db.{name}", version=version)
        assert rows(df) == normalized(expected), (name, version)


def test_versions_are_snapshot_sequence_numbers_and_time_travel_by_timestamp(lake, iceberg_tables):
    table = iceberg_tables["orders"]
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(lake))
    assert rest.query_table_version(Table(name="orders", share="lake", schema="db")).delta_table_version == max(table.rows_at)
    for version, ms in table.commit_ms.items():
        instant = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
        df = delta_sharing.load_as_pandas(f"{lake}#lake.db.orders", timestamp=instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        # The newest snapshot at or before that millisecond; several may share it.
        same_ms = [v for v, t in table.commit_ms.items() if t == ms]
        assert rows(df) == table.rows_at[max(same_ms)]


def test_a_renamed_column_is_read_by_field_id_in_delta_format_and_refused_in_parquet(lake, iceberg_tables):
    people = iceberg_tables["people"]
    latest = max(people.rows_at)
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.people", use_delta_format=True)
    assert rows(df) == people.rows_at[latest]
    assert [r["total"] for r in rows(df)] == [1.5, 2.5, 3.5, 4.5, 5.5, 6.5], "files written before the rename keep their values"
    # A client that leaves the format to the server gets delta, the one that can express this table.
    assert rows(delta_sharing.load_as_pandas(f"{lake}#lake.db.people")) == people.rows_at[latest]
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        delta_sharing.load_as_pandas(f"{lake}#lake.db.people", use_delta_format=False)
    assert refused.value.response.status_code == 400
    assert "column mapping" in refused.value.response.json()["message"]
    # Before the rename, the snapshot's own schema still says 'amount'.
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.people", version=min(people.rows_at), use_delta_format=True)
    assert rows(df) == people.rows_at[min(people.rows_at)]


@pytest.mark.parametrize("name", ["events", "events_bare"])
def test_statistics_and_partition_values_skip_files_without_losing_rows(lake, iceberg_tables, name):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(lake))
    table = Table(name=name, share="lake", schema="db")
    everything = rest.list_files_in_table(table).add_files
    hint = json.dumps({"op": "equal", "children": [{"op": "column", "name": "country", "valueType": "string"},
                                                   {"op": "literal", "value": "FR", "valueType": "string"}]})
    kept = rest.list_files_in_table(table, jsonPredicateHints=hint).add_files
    assert len(kept) == 1 < len(everything)
    # identity(country) is a Delta partition column; day(ts) has no Delta counterpart.
    assert all(set(f.partition_values) == {"country"} for f in everything)
    assert len({f.partition_values["country"] for f in everything}) == 3
    assert all(json.loads(f.stats)["numRecords"] >= 1 for f in everything)
    if name == "events_bare":
        assert all("id" not in json.loads(f.stats).get("minValues", {}) for f in everything), "no column statistics"
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.{name}", jsonPredicateHints=hint)
    expected = [r for r in normalized(iceberg_tables[name].rows_at[max(iceberg_tables[name].rows_at)]) if r["country"] == "FR"]
    assert [r for r in rows(df) if r["country"] == "FR"] == expected


def test_limit_hint_reads_only_as_many_files_as_needed(lake):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(lake))
    table = Table(name="events", share="lake", schema="db")
    assert len(rest.list_files_in_table(table, limitHint=1).add_files) == 1 < len(rest.list_files_in_table(table).add_files)
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.events", limit=1)
    assert len(df) == 1


def test_the_change_feed_of_appends_is_their_rows_as_inserts(lake, iceberg_tables):
    events = iceberg_tables["events"]
    first, second = sorted(events.rows_at)
    for use_delta_format in (False, True):
        df = delta_sharing.load_table_changes_as_pandas(f"{lake}#lake.db.events", starting_version=first,
                                                        use_delta_format=use_delta_format)
        assert set(df["_change_type"]) == {"insert"}
        assert sorted(df["id"]) == [r["id"] for r in events.rows_at[second]]
        assert set(df["_commit_version"]) == {first, second}
    df = delta_sharing.load_table_changes_as_pandas(f"{lake}#lake.db.events", starting_version=second)
    added = {r["id"] for r in events.rows_at[second]} - {r["id"] for r in events.rows_at[first]}
    assert sorted(df["id"]) == sorted(added)


def test_changes_from_version_0_start_at_the_first_snapshot(lake, iceberg_tables):
    """Delta readers ask for version 0 to mean "from the beginning"; Iceberg numbers snapshots from 1."""
    events = iceberg_tables["events"]
    df = delta_sharing.load_table_changes_as_pandas(f"{lake}#lake.db.events", starting_version=0)
    assert sorted(df["id"]) == [r["id"] for r in events.rows_at[max(events.rows_at)]]
    assert set(df["_commit_version"]) == set(events.rows_at)


def test_starting_version_queries_follow_appends_and_refuse_other_operations(server, lake, iceberg_tables):
    profile = json.load(open(lake))
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + profile["bearerToken"]
    people = iceberg_tables["people"]
    response = session.post(profile["endpoint"] + "/shares/lake/schemas/db/tables/people/query",
                            json={"startingVersion": min(people.rows_at)},
                            headers={"delta-sharing-capabilities": "responseformat=delta;readerfeatures=columnmapping"})
    assert response.status_code == 200, response.text
    lines = [json.loads(l) for l in response.text.splitlines()]
    assert sum(1 for l in lines if "file" in l) == len(people.rows_at), "one added file per append"
    orders = iceberg_tables["orders"]
    refused = session.get(profile["endpoint"] + "/shares/lake/schemas/db/tables/orders/changes",
                          params={"startingVersion": min(orders.rows_at)})
    assert refused.status_code == 400
    assert "'delete' snapshot" in refused.json()["message"] or "'overwrite' snapshot" in refused.json()["message"]
    # The same range as a startingVersion query: refused before a line is sent, not cut mid-stream.
    refused = session.post(profile["endpoint"] + "/shares/lake/schemas/db/tables/orders/query",
                           json={"startingVersion": min(orders.rows_at)})
    assert refused.status_code == 400, refused.text
    assert "snapshot" in refused.json()["message"] and "append" in refused.json()["message"]


@pytest.fixture(scope="module")
def deletes(server, iceberg_delete_tables, tmp_path_factory):
    from conftest import ICEBERG_LOCAL_BUCKET
    specs = [f"{name}:iceberg:{ICEBERG_LOCAL_BUCKET}:{t.prefix}" for name, t in iceberg_delete_tables.items()]
    server.cli("share", "create", "deletes", "db", *specs)
    return str(server.profile("deletes", tmp_path_factory.mktemp("deletes")))


@pytest.mark.parametrize("name", ["pdel", "dv3"])
def test_deleted_rows_are_never_served_and_deletes_travel_as_deletion_vectors(deletes, iceberg_delete_tables, name):
    expected = next(iter(iceberg_delete_tables[name].rows_at.values()))
    assert len(expected) == (4 if name == "pdel" else 3), "pyiceberg applies the deletes it reads back"
    df = delta_sharing.load_as_pandas(f"{deletes}#deletes.db.{name}", use_delta_format=True)
    assert rows(df) == expected
    # Again: now listed from the spooled file list, deletion vectors included.
    assert rows(delta_sharing.load_as_pandas(f"{deletes}#deletes.db.{name}", use_delta_format=True)) == expected
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        delta_sharing.load_as_pandas(f"{deletes}#deletes.db.{name}", use_delta_format=False)
    assert refused.value.response.status_code == 400
    assert "deletion vectors" in refused.value.response.json()["message"]


def test_the_version_before_the_deletes_has_every_row_and_reads_as_parquet(deletes, iceberg_delete_tables):
    version = next(iter(iceberg_delete_tables["pdel"].rows_at)) - 1  # the append the deletes followed
    df = delta_sharing.load_as_pandas(f"{deletes}#deletes.db.pdel", version=version, use_delta_format=False)
    assert sorted(df["id"]) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("name", ["pdel", "dv3"])
def test_the_protocol_declares_the_deletion_vectors_the_files_carry(deletes, name):
    """Delta Spark applies deletion vectors only when the table's protocol has the feature."""
    profile = json.load(open(deletes))
    response = requests.post(profile["endpoint"] + f"/shares/deletes/schemas/db/tables/{name}/query", json={},
                             headers={"Authorization": "Bearer " + profile["bearerToken"],
                                      "delta-sharing-capabilities": "responseformat=delta;readerfeatures=deletionvectors"})
    assert response.status_code == 200, response.text
    lines = [json.loads(l) for l in response.text.splitlines()]
    protocol = lines[0]["protocol"]["deltaProtocol"]
    assert "deletionVectors" in protocol["readerFeatures"] and protocol["minReaderVersion"] == 3, protocol
    assert any(l["file"]["deltaSingleAction"]["add"].get("deletionVector") for l in lines if "file" in l)


@pytest.mark.parametrize("use_delta_format", [False, True])
def test_identity_partition_values_come_from_the_manifest_as_partition_values(deletes, iceberg_delete_tables, use_delta_format):
    """A migrated file does not hold its partition columns: their values reach recipients as Delta
    partition values, as Iceberg readers take them from the manifest."""
    expected = next(iter(iceberg_delete_tables["imported"].rows_at.values()))
    df = delta_sharing.load_as_pandas(f"{deletes}#deletes.db.imported", use_delta_format=use_delta_format)
    got = [{**r, "day": r["day"].date() if isinstance(r["day"], datetime.datetime) else r["day"]} for r in rows(df)]
    assert got == expected


def test_the_changes_of_appends_are_served_though_the_table_later_got_equality_deletes(deletes):
    """Only reading the snapshot that holds them needs the deletes applied; the appends before it do not."""
    first = delta_sharing.load_table_changes_as_pandas(f"{deletes}#deletes.db.eqdel", starting_version=1, ending_version=1)
    assert sorted(first["id"]) == [1, 2, 3, 4, 5, 6] and set(first["_change_type"]) == {"insert"}


def test_equality_deletes_are_refused_naming_compaction(deletes):
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        delta_sharing.load_as_pandas(f"{deletes}#deletes.db.eqdel", use_delta_format=True)
    assert refused.value.response.status_code == 400
    message = refused.value.response.json()["message"]
    assert "equality deletes" in message and "compact" in message


def test_a_table_of_an_iceberg_rest_catalog_is_shared_by_warehouse_namespace_and_name(server, rest_tables, tmp_path):
    from conftest import REST_WAREHOUSE
    orders = rest_tables["orders"]
    server.cli("share", "create", "catalog", "sales", f"orders:iceberg-rest:{REST_WAREHOUSE}:{orders.prefix}")
    profile = str(server.profile("catalog", tmp_path))
    info = json.dumps(server.cli_json("share", "info", "catalog"))
    assert "Iceberg REST catalog" in info and "metadata.json" in info, info
    latest = max(orders.rows_at)
    # Renamed after the last append: read by field id in the delta format.
    assert rows(delta_sharing.load_as_pandas(f"{profile}#catalog.sales.orders", use_delta_format=True)) == orders.rows_at[latest]
    for version, expected in orders.rows_at.items():
        df = delta_sharing.load_as_pandas(f"{profile}#catalog.sales.orders", version=version, use_delta_format=True)
        assert rows(df) == expected, version


def test_a_catalog_table_of_an_unknown_warehouse_or_table_is_reported_not_served(server, rest_tables, tmp_path):
    # "uniform" is the format's earlier name, still understood.
    server.cli("share", "create", "nowhere", "s", "ghost:uniform:nowhere:team.sales:orders", "gone:iceberg-rest:lake:team.sales:missing")
    info = server.cli_json("share", "info", "nowhere")
    text = json.dumps(info)
    assert "lakeshare.iceberg.catalogs" in text and "has no table" in text, text
    profile = str(server.profile("nowhere", tmp_path))
    with pytest.raises(requests.exceptions.HTTPError) as missing:
        delta_sharing.load_as_pandas(f"{profile}#nowhere.s.gone")
    assert missing.value.response.status_code == 404


def plain(value):
    """A pandas cell as the plain Python value pyiceberg reads back (arrays as lists, NaN as None)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, (bytes, str)):
        items = value.tolist() if hasattr(value, "tolist") else value
        return type(value)(plain(v) for v in items) if isinstance(value, tuple) else [plain(v) for v in items]
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def test_decimals_timestamps_without_zone_and_nested_columns_read_back_exactly(lake, iceberg_tables):
    """In the delta format, and in the format the connector settles on by itself (the connector's
    parquet path cannot parse timestamp_ntz, so the server picks delta when the client takes both)."""
    expected = iceberg_tables["types"].rows_at[max(iceberg_tables["types"].rows_at)]
    for use_delta_format in (None, True):
        df = delta_sharing.load_as_pandas(f"{lake}#lake.db.types", use_delta_format=use_delta_format)
        got = sorted(({k: plain(v) for k, v in r.items()} for r in df.to_dict("records")), key=lambda r: r["id"])
        for column in expected[0]:
            assert [r[column] for r in got] == [plain(r[column]) for r in expected], (column, use_delta_format)


def test_fixed_and_uuid_columns_read_back_as_their_bytes(lake, iceberg_tables):
    """A uuid is described as binary holding its 16 bytes (Delta has no uuid type). The connector's
    delta format (delta-kernel-rs) cannot read fixed-width binary, so Python reads these in parquet."""
    expected = iceberg_tables["codes"].rows_at[max(iceberg_tables["codes"].rows_at)]
    for use_delta_format in (None, False):
        got = rows(delta_sharing.load_as_pandas(f"{lake}#lake.db.codes", use_delta_format=use_delta_format))
        assert [r["code"] for r in got] == [r["code"] for r in expected], use_delta_format
        assert [r["key"] for r in got] == [r["key"].bytes if r["key"] else None for r in expected], use_delta_format
        assert got[0]["key"] == bytes.fromhex("12345678123456781234567812345678")


def test_a_secured_catalog_is_reached_with_oauth2_client_credentials_or_a_token(workdir, minio, rest_catalog, rest_tables,
                                                                                 tmp_path):
    """The REST catalog behind an OAuth2 gate, as secured catalogs are: the server exchanges its
    configured client credentials for a token, or sends its configured token; wrong ones are told."""
    from catalog_gate import CatalogGate
    from harness import start_server, stop

    gate = CatalogGate(rest_catalog, "lakeshare", "client-secret", "static-token")
    process, server = start_server(tmp_path, minio, java_options=[
        f"-Dlakeshare.iceberg.catalogs.secure.uri={gate.uri}",
        "-Dlakeshare.iceberg.catalogs.secure.credential=lakeshare:client-secret",
        f"-Dlakeshare.iceberg.catalogs.tokened.uri={gate.uri}",
        "-Dlakeshare.iceberg.catalogs.tokened.token=static-token",
        f"-Dlakeshare.iceberg.catalogs.wrong.uri={gate.uri}",
        "-Dlakeshare.iceberg.catalogs.wrong.credential=lakeshare:not-the-secret",
        f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3"])
    try:
        orders = rest_tables["orders"]
        server.cli("share", "create", "secured", "s", f"viaclient:iceberg-rest:secure:{orders.prefix}",
                   f"viatoken:iceberg-rest:tokened:{orders.prefix}", f"refused:iceberg-rest:wrong:{orders.prefix}")
        profile = str(server.profile("secured", tmp_path))
        latest = orders.rows_at[max(orders.rows_at)]
        for table in ("viaclient", "viatoken"):
            df = delta_sharing.load_as_pandas(f"{profile}#secured.s.{table}", use_delta_format=True)
            assert rows(df) == latest, table
        assert gate.token_requests >= 1, "client credentials were exchanged for a token"
        with pytest.raises(requests.exceptions.HTTPError) as refused:
            delta_sharing.load_as_pandas(f"{profile}#secured.s.refused", use_delta_format=True)
        # A catalog that refuses the server's credentials is the provider's to fix: unavailable, not missing.
        assert refused.value.response.status_code == 503
        # The recipient is told which table, never which warehouse or catalog: that is the owner's business.
        message = refused.value.response.json()["message"]
        assert "'refused'" in message and "wrong" not in message, message
        log = server.log.read_text()
        assert "client-secret" not in log and "static-token" not in log, "catalog credentials never reach the log"
    finally:
        stop(process)
        gate.close()


@pytest.mark.parametrize("name", ["events", "events_bare"])
def test_hints_on_a_day_partitioned_timestamp_skip_other_days(lake, iceberg_tables, name):
    """By the column's statistics, or, where the writer kept none (events_bare), by the partitions."""
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(lake))
    table = Table(name=name, share="lake", schema="db")
    everything = rest.list_files_in_table(table).add_files
    day = "2026-11-03T00:00:00.000Z"  # the third day: only the second append wrote it
    hint = json.dumps({"op": "greaterThanOrEqual", "children": [{"op": "column", "name": "ts", "valueType": "timestamp"},
                                                                {"op": "literal", "value": day, "valueType": "timestamp"}]})
    kept = rest.list_files_in_table(table, jsonPredicateHints=hint).add_files
    assert 0 < len(kept) < len(everything)
    latest = normalized(iceberg_tables[name].rows_at[max(iceberg_tables[name].rows_at)])
    cutoff = datetime.datetime(2026, 11, 3, tzinfo=datetime.timezone.utc)
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.{name}", jsonPredicateHints=hint)
    assert [r for r in rows(df) if r["ts"] >= cutoff] == [r for r in latest if r["ts"] >= cutoff]


def test_pages_of_an_iceberg_table_hold_every_file_once(lake):
    """maxFiles pages come from the snapshot's spooled file list, as for Delta tables."""
    profile = json.load(open(lake))
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + profile["bearerToken"]
    url = profile["endpoint"] + "/shares/lake/schemas/db/tables/events/query"
    everything = {json.loads(l)["file"]["id"] for l in session.post(url, json={}).text.splitlines() if '"file"' in l}
    paged, token, pages = [], None, 0
    while True:
        body = {"maxFiles": 2, **({"pageToken": token} if token else {})}
        lines = [json.loads(l) for l in session.post(url, json=body).text.splitlines()]
        paged += [l["file"]["id"] for l in lines if "file" in l]
        token, pages = lines[-1]["endStreamAction"].get("nextPageToken"), pages + 1
        if not token:
            break
    assert sorted(paged) == sorted(everything) and len(everything) > 2 and pages == -(-len(everything) // 2)


def test_hints_skip_files_of_a_table_read_by_field_id(lake, iceberg_tables):
    """Under column mapping the stats are keyed by physical names; hints name the columns recipients see."""
    from harness import equal_hint, file_lines
    hint = equal_hint("id", 6, "long")
    files = lambda body: file_lines(lake, "lake", "db", "people", body, "responseformat=delta;readerfeatures=columnmapping")
    assert len(files({"jsonPredicateHints": hint})) == 1 < len(files({})) == len(iceberg_tables["people"].rows_at)
    df = delta_sharing.load_as_pandas(f"{lake}#lake.db.people", use_delta_format=True, jsonPredicateHints=hint)
    assert 6 in set(df["id"])

