"""The database router of the read replica: reads inside ``replica_reads()`` go to the
replica alias when one is configured; every write, every read outside the block, reads of
sessions and of the task queue, and reads inside an open transaction go to default."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.core.replica import ReplicaRouter, replica_alias, replica_reads

router = ReplicaRouter()


@pytest.fixture
def with_replica(settings):
    settings.READ_REPLICA_ALIAS = "replica"


def test_without_a_replica_everything_is_default(settings):
    settings.READ_REPLICA_ALIAS = ""
    assert replica_alias() is None
    with replica_reads():
        assert router.db_for_read(Group) == "default"


def test_an_alias_missing_from_databases_is_ignored(settings):
    settings.READ_REPLICA_ALIAS = "reports"
    with replica_reads():
        assert router.db_for_read(Group) == "default"


def test_reads_inside_the_block_go_to_the_replica(with_replica):
    assert router.db_for_read(Group) == "default"
    with replica_reads():
        assert router.db_for_read(Group) == "replica"
        with replica_reads():
            assert router.db_for_read(Group) == "replica"
        assert router.db_for_read(Group) == "replica"
        # Sessions and the task queue are read where they are written.
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(DBTaskResult) == "default"
    assert router.db_for_read(Group) == "default"


def test_writes_always_go_to_default(with_replica):
    with replica_reads():
        instance = Group(name="x")
        instance._state.db = "replica"  # as if read from the replica
        assert router.db_for_write(Group, instance=instance) == "default"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_inside_a_transaction_reads_stay_on_default(with_replica):
    with replica_reads():
        with transaction.atomic():
            # The transaction's own writes are not on the replica yet.
            Group.objects.create(name="mới tạo")
            assert router.db_for_read(Group) == "default"
            assert Group.objects.filter(name="mới tạo").exists()
        assert router.db_for_read(Group) == "replica"
        assert Group.objects.get(name="mới tạo")._state.db == "replica"


def test_migrations_only_on_default():
    assert router.allow_migrate("default", "org") is True
    assert router.allow_migrate("replica", "org") is False
