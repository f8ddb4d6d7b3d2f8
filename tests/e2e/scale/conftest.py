"""Two Rasa servers sharing one action server, one PostgreSQL and one Redis lock store, for the
scale-out and fault tests of this folder. They run after the other end-to-end tests; the cluster
has been starting in the background meanwhile (`cluster_launch`, tests/e2e/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cluster import Cluster, ClusterLaunch


@pytest.fixture(scope="package")
def cluster(trained_model: Path, cluster_launch: ClusterLaunch) -> Iterator[Cluster]:
    try:
        yield cluster_launch.cluster()
    finally:
        cluster_launch.stop()
