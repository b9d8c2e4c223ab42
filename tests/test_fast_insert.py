"""Bulk writes by plain statements read back through the ORM exactly as the ORM would have written them.

`insert_alike` and `update_rows` take other paths on PostgreSQL (arrays and
unnest) than on SQLite (VALUES lists); the suite runs this on both.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.conf import settings

from despedida.clients.models import Client
from despedida.fast_insert import insert_alike, update_rows
from despedida.mailbox.models import LedgerEntry, Mailbox, Security, Source, Status

pytestmark = pytest.mark.django_db

# On SQLite, also the way taken before SQLite 3.33 (no UPDATE ... FROM): a prepared UPDATE per row.
SQLITE_WAYS = ["current", "before 3.33"] if "sqlite" in settings.DATABASES["default"]["ENGINE"] else ["current"]
MADRID = dt.timezone(dt.timedelta(hours=1))
AT = dt.datetime(2026, 11, 20, 9, 30, 15, tzinfo=MADRID)


@pytest.fixture
def mailbox(norte):
    return Mailbox.objects.create(workspace=norte, host="127.0.0.1", port=143, security=Security.NONE, username="u")


def test_rows_alike_but_for_one_column_are_each_inserted_as_the_orm_reads_them(norte, mailbox):
    columns = (
        "workspace", "source", "mailbox", "folder", "uidvalidity", "uid", "status", "reason", "attempts",
        "message_id", "client", "counterparts", "updated_at",
    )  # fmt: skip
    shared = (norte.pk, Source.IMAP, mailbox.pk, "Enviados/2026", 77, Status.FETCHED, "", 1, "", None, "", AT)

    assert insert_alike(LedgerEntry, columns, shared, "uid", [5, 9, 12]) == 3
    assert insert_alike(LedgerEntry, columns, shared, "uid", []) == 0

    rows = LedgerEntry.objects.order_by("uid")
    assert list(rows.values_list("uid", "folder", "uidvalidity", "status", "attempts", "mailbox_id")) == [
        (uid, "Enviados/2026", 77, Status.FETCHED, 1, mailbox.pk) for uid in (5, 9, 12)
    ]
    assert {row.updated_at for row in rows} == {AT}


@pytest.mark.parametrize("way", SQLITE_WAYS)
def test_rows_updated_by_key_take_each_their_own_values_and_nothing_else_changes(norte, mailbox, way, monkeypatch):
    if way == "before 3.33":
        monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    acme = Client.objects.create(workspace=norte, key="acme", name="Acme")
    rows = [
        LedgerEntry.objects.create(
            workspace=norte, source=Source.IMAP, mailbox=mailbox, folder="INBOX", uidvalidity=1, uid=uid, attempts=2
        )
        for uid in (1, 2, 3)
    ]
    later = AT + dt.timedelta(days=1, microseconds=250)
    columns = ("status", "reason", "message_id", "client", "counterparts", "updated_at")

    update_rows(
        LedgerEntry,
        columns,
        [
            (rows[0].pk, Status.STORED, "", "a@x.example", acme.pk, "", later),
            (rows[2].pk, Status.FAILED, "no_date", "", None, " ñandú@x.example ", AT),
        ],
    )

    found = {row.uid: row for row in LedgerEntry.objects.all()}
    assert (found[1].status, found[1].message_id, found[1].client_id, found[1].updated_at) == (
        Status.STORED,
        "a@x.example",
        acme.pk,
        later,
    )
    assert (found[3].status, found[3].reason, found[3].client_id, found[3].counterparts, found[3].updated_at) == (
        Status.FAILED,
        "no_date",
        None,
        " ñandú@x.example ",
        AT,
    )
    assert (found[2].status, found[2].attempts) == (Status.FETCHED, 2)
    assert all(row.attempts == 2 for row in found.values())
