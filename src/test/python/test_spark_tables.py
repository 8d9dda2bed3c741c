"""Tables written by Delta Spark, read with the official Python connector. Tables that use deletion
vectors or column mapping cannot be expressed in the parquet response format: the server refuses
them there rather than hand out rows that were deleted or columns under physical names."""
import json

import delta_sharing
import pytest
import requests

from conftest import FIXTURE_BUCKET, SPARK_TABLES


@pytest.fixture(scope="module")
def spark_profile(server, spark_tables, tmp_path_factory):
    server.cli("share", "create", "spark", "delta",
               *[f"{name}:delta:{FIXTURE_BUCKET}:spark/{name}/" for name in SPARK_TABLES + ["spark_clone"]])
    return str(server.profile("spark", tmp_path_factory.mktemp("spark-profiles")))


def normalised(records):
    out = []
    for r in records:
        out.append({k: (None if v is None or v != v else str(v)) for k, v in r.items()})  # v != v: NaN
    return sorted(out, key=lambda r: int(r["id"]))


@pytest.mark.parametrize("table, reason", [("spark_dv", "deletion vectors"), ("spark_cm", "column mapping")])
def test_parquet_format_refuses_tables_it_cannot_express(spark_profile, table, reason):
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.{table}", use_delta_format=False)
    assert refused.value.response.status_code == 400
    body = refused.value.response.json()
    assert body["errorCode"] == "UNSUPPORTED_OPERATION"
    assert reason in body["message"]


def test_partition_values_that_need_escaping_read_back_exactly(spark_profile, spark_tables):
    df = delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.spark_escaped")
    assert normalised(df.to_dict("records")) == normalised(spark_tables["spark_escaped"])


@pytest.mark.parametrize("table", SPARK_TABLES)
def test_the_delta_format_reads_every_spark_table(spark_profile, spark_tables, table):
    df = delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.{table}", use_delta_format=True)
    assert normalised(df.to_dict("records")) == normalised(spark_tables[table])


@pytest.mark.parametrize("table", ["spark_dv", "spark_cm", "spark_uniform"])
def test_the_connector_resolves_the_format_by_itself(spark_profile, spark_tables, table):
    df = delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.{table}")
    assert normalised(df.to_dict("records")) == normalised(spark_tables[table])


def test_a_uniform_table_is_served_from_its_delta_log_and_named_uniform_in_share_info(server, spark_profile, spark_tables):
    tables = {t["name"]: t for t in server.cli_json("share", "info", "spark")["tables"]}
    assert "UniForm" in json.dumps(tables["spark_uniform"]), tables["spark_uniform"]
    assert "UniForm" not in json.dumps(tables["spark_cm"])
    # IcebergCompatV2 asks for column mapping: readable in the delta format only, like any such table.
    df = delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.spark_uniform", use_delta_format=True)
    assert normalised(df.to_dict("records")) == normalised(spark_tables["spark_uniform"])
    assert len(df) == 4


def test_a_shallow_clone_is_refused_because_its_files_live_elsewhere(spark_profile):
    for use_delta_format in (False, True):
        with pytest.raises(requests.exceptions.HTTPError) as refused:
            delta_sharing.load_as_pandas(f"{spark_profile}#spark.delta.spark_clone", use_delta_format=use_delta_format)
        assert refused.value.response.status_code == 400
        assert "outside the table's location" in refused.value.response.json()["message"]


def test_versions_before_the_delete_have_no_deletion_vectors_and_read_as_parquet(spark_profile):
    url = f"{spark_profile}#spark.delta.spark_dv"
    assert delta_sharing.get_table_version(url) == 2  # create, insert, delete
    before = delta_sharing.load_as_pandas(url, version=1, use_delta_format=False)
    assert sorted(before["id"]) == list(range(30))
    after = delta_sharing.load_as_pandas(url, version=2, use_delta_format=True)
    assert sorted(after["id"]) == [i for i in range(30) if i % 3]


def test_hints_skip_files_of_a_column_mapped_table(spark_profile):
    """Delta Spark keys a column-mapped table's stats by physical names; hints name logical ones."""
    from harness import equal_hint, file_lines
    files = lambda body: file_lines(spark_profile, "spark", "delta", "spark_cm", body,
                                    "responseformat=delta;readerfeatures=columnmapping")
    assert len(files({"jsonPredicateHints": equal_hint("id", 4, "long")})) == 1 < len(files({}))
