"""Settings of the test suite: the project's, plus a ``replica`` database alias that
mirrors ``default`` (the same test database), so that the routing of the dashboards' reads
to a replica is tested (motcua/core/tests/test_replica.py). Routing stays off
(``READ_REPLICA_ALIAS`` empty) unless a test switches it on."""

from motcua.settings import *  # noqa: F403
from motcua.settings import DATABASES

if "replica" not in DATABASES:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
