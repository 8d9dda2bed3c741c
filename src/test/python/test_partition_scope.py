"""Partition-scoped tables through the official delta-sharing connector: two recipients with
different `country` properties, granted the same share whose table is scoped to
country = CURRENT_RECIPIENT('country'), each read only their own rows, in the parquet and the delta
response formats, in snapshots, time travel and the change data feed; a recipient without the
property reads none; a literal scope applies to a share token too."""
import json
import sys
import time

import delta_sharing
import pytest

from conftest import FIXTURE_BUCKET
from harness import start_server, stop

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent / "fixtures"))
from partitioned_tables import write_visits  # noqa: E402

PREFIX = "scope/visits"


@pytest.fixture(scope="module")
def owner(workdir, minio, s3_orders_table):
    """A server of this spec's own; the fixture bucket (made by s3_orders_table) is in MinIO."""
    process, server = start_server(workdir, minio, data_dir=workdir / "partition-scope-data",
                                   java_options=[f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3"])
    try:
        yield server
    finally:
        stop(process)


@pytest.fixture(scope="module")
def visits(minio, s3_orders_table):
    """The partitioned table with change data (see fixtures/partitioned_tables.py), written into MinIO."""
    return write_visits(f"s3://{FIXTURE_BUCKET}/{PREFIX}", storage_options=minio.storage_options())


def recipient_profile(owner, name, tmp_path, *properties):
    owner.cli("recipient", "create", name, *[a for p in properties for a in ("--property", p)])
    created = owner.cli("token", "create", "--recipient", name, "--json").stdout
    path = tmp_path / f"{name}.share"
    profile = json.loads(created)["profile"]
    path.write_text(profile if isinstance(profile, str) else json.dumps(profile))
    return str(path)


@pytest.fixture(scope="module")
def scoped(owner, visits, tmp_path_factory):
    """A share of the table scoped by the recipient's country, granted to nl, us and one without it."""
    tmp = tmp_path_factory.mktemp("scope")
    suffix = str(time.monotonic_ns())[-8:]
    share = f"visits_{suffix}"
    owner.cli("share", "create", share, "s", f"visits:delta:{FIXTURE_BUCKET}:{PREFIX}/")
    owner.cli("share", "update", share, "--partition", "s/visits=country = CURRENT_RECIPIENT('country')")
    profiles = {}
    for who, props in {"nl": ["country=nl"], "us": ["country=us"], "none": ["region=eu"]}.items():
        name = f"{who}_{suffix}"
        profiles[who] = recipient_profile(owner, name, tmp, *props)
        owner.cli("share", "grant", share, name)
    return share, profiles


def ids(df):
    return sorted(int(i) for i in df["id"])


@pytest.mark.parametrize("use_delta_format", [False, True])
def test_each_recipient_reads_only_its_own_rows(scoped, use_delta_format):
    share, profiles = scoped
    url = lambda who: f"{profiles[who]}#{share}.s.visits"  # noqa: E731
    nl = delta_sharing.load_as_pandas(url("nl"), use_delta_format=use_delta_format)
    us = delta_sharing.load_as_pandas(url("us"), use_delta_format=use_delta_format)
    none = delta_sharing.load_as_pandas(url("none"), use_delta_format=use_delta_format)
    assert ids(nl) == [1, 4] and set(nl["country"]) == {"nl"}
    assert ids(us) == [3, 6] and set(us["country"]) == {"us"}
    assert len(none) == 0
    # Time travel: version 1 still has nl's second row.
    assert ids(delta_sharing.load_as_pandas(url("nl"), version=1, use_delta_format=use_delta_format)) == [1, 4, 5]


@pytest.mark.parametrize("use_delta_format", [False, True])
def test_the_change_data_feed_holds_only_the_recipients_partitions(scoped, use_delta_format):
    share, profiles = scoped

    def changes(who):
        df = delta_sharing.load_table_changes_as_pandas(f"{profiles[who]}#{share}.s.visits", starting_version=0,
                                                        use_delta_format=use_delta_format)
        return sorted((int(r["id"]), r["country"], r["_change_type"], int(r["_commit_version"]))
                      for r in df.to_dict("records"))

    assert changes("nl") == [(1, "nl", "insert", 0), (4, "nl", "insert", 0), (5, "nl", "delete", 2),
                             (5, "nl", "insert", 1)]
    assert changes("us") == [(3, "us", "insert", 0), (6, "us", "insert", 1)]
    assert changes("none") == []


def test_a_literal_scope_applies_to_share_tokens_and_the_owner_sees_it(owner, visits, tmp_path):
    share = f"lit_{str(time.monotonic_ns())[-8:]}"
    owner.cli("share", "create", share, "s", f"visits:delta:{FIXTURE_BUCKET}:{PREFIX}/")
    profile = owner.profile(share, tmp_path)
    assert len(delta_sharing.load_as_pandas(f"{profile}#{share}.s.visits")) == 5
    owner.cli("share", "update", share, "--partition", "s/visits=country IN ('de','us') AND region = 'us'")
    info = owner.cli("share", "info", share).stdout
    assert "Partition scope of s/visits: country IN ('de', 'us') AND region = 'us'" in info
    assert ids(delta_sharing.load_as_pandas(f"{profile}#{share}.s.visits")) == [3, 6]
    refused = owner.cli("share", "update", share, "--partition", "s/visits=visitors = 1", check=False)
    assert refused.returncode != 0 and "visitors" in refused.stderr
    owner.cli("share", "update", share, "--partition", "s/visits=")
    assert "Partition scope" not in owner.cli("share", "info", share).stdout
    assert len(delta_sharing.load_as_pandas(f"{profile}#{share}.s.visits")) == 5
