"""Every change to a client's record lands in a tamper-evident, append-only log."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from despedida.audit.ledger import head, verify_workspace
from despedida.audit.models import AppendOnlyError, AuditEntry
from despedida.clients import models as db
from despedida.core.portfolio.reader import load_document
from despedida.portability.importer import import_portfolio
from tests.portability.test_import_export import example

pytestmark = pytest.mark.django_db


def entries(workspace) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(workspace=workspace).order_by("sequence"))


def verify_command(*args, lang: str = "en") -> tuple[int, str]:
    out = io.StringIO()
    try:
        with translation.override(lang):
            call_command("audit", "verify", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def acme(norte):
    client = db.Client.objects.create(workspace=norte, key="acme", name="Acme", contact_email="ana@acme.example")
    db.Invoice.objects.create(
        workspace=norte,
        client=client,
        number="F-1",
        issued_on=dt.date(2026, 9, 1),
        due_on=dt.date(2026, 10, 1),
        amount=Decimal("1250.50"),
        currency="EUR",
    )
    return client


def test_creating_editing_and_deleting_a_record_each_leave_an_entry_saying_what_changed(norte, acme):
    invoice = db.Invoice.objects.get(client=acme)
    invoice.amount = Decimal("1300")
    invoice.save()
    invoice.save()  # nothing changed: nothing recorded
    invoice.delete()
    log = entries(norte)
    assert [(e.sequence, e.action, e.kind) for e in log] == [
        (1, "created", "client"),
        (2, "created", "invoice"),
        (3, "edited", "invoice"),
        (4, "deleted", "invoice"),
    ]
    assert log[1].changes["amount"] == [None, "1250.5"] and log[1].changes["due_on"] == [None, "2026-10-01"]
    assert log[2].changes == {"amount": ["1250.5", "1300"]}
    assert log[3].changes["number"] == ["F-1", None]
    assert all(e.actor == "system" and e.client_id == acme.pk for e in log)
    assert verify_workspace(norte.pk).intact


def test_a_change_made_on_the_web_names_the_signed_in_user(norte, acme, alice_client):
    response = alice_client.post(
        reverse("web:log", args=["acme", "payment"]),
        {
            "payment-invoice": db.Invoice.objects.get(client=acme).pk,
            "payment-on": "2026-10-15",
            "payment-amount": "500",
        },
    )
    assert response.status_code == 302
    last = entries(norte)[-1]
    assert (last.actor, last.action, last.kind, last.changes["amount"]) == (
        "user:alice",
        "created",
        "payment",
        [None, "500"],
    )


def test_an_import_records_one_entry_per_client_with_its_counts_and_the_files_digest(norte, tmp_path):
    document = example()
    path = tmp_path / "cartera.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import", str(path), workspace=norte.slug, stdout=io.StringIO(), stderr=io.StringIO())
    created = entries(norte)
    assert len(created) == len(document["clients"])
    first = created[0]
    assert (first.actor, first.action, first.kind) == ("import", "created", "client")
    assert first.changes["key"] == [None, document["clients"][0]["id"]]
    assert first.changes["invoices"] == [None, str(len(document["clients"][0].get("invoices", [])))]
    # Whoever holds the file can check it is the one imported.
    assert {e.changes["source_sha256"][1] for e in created} == {hashlib.sha256(path.read_bytes()).hexdigest()}
    # Importing again rewrites every client: one "edited" entry each.
    call_command("import", str(path), workspace=norte.slug, stdout=io.StringIO(), stderr=io.StringIO())
    again = entries(norte)[len(created) :]
    assert [e.action for e in again] == ["edited"] * len(created)
    assert verify_workspace(norte.pk).intact


def test_an_import_from_the_settings_page_names_the_user_who_uploaded_it(norte):
    from despedida.audit.recorder import acting_as

    header = load_document(example())
    with acting_as("user:alice"):
        import_portfolio(header, header.clients, workspace=norte)
    assert {e.actor for e in entries(norte)} == {"user:alice (import)"}
    assert all("source_sha256" not in e.changes for e in entries(norte))


def test_verify_prints_the_head_hash_and_count_and_exits_0_when_intact(norte, acme):
    code, out = verify_command("--workspace", norte.slug)
    count, digest = head(norte.pk)
    assert code == 0 and count == 2
    assert f"2 entries, head {digest}" in out


def test_an_update_in_the_database_makes_verify_fail_at_that_entry(norte, acme):
    db.Message.objects.create(
        workspace=norte, client=acme, at=dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), direction="in", subject="Pago"
    )
    target = AuditEntry.objects.get(workspace=norte, sequence=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor = %s WHERE id = %s", ["user:someone-else", target.pk])
    code, out = verify_command("--workspace", norte.slug)
    assert code == 1
    assert "entry 2" in out and "changed" in out
    assert "entrada 2" in verify_command("--workspace", norte.slug, lang="es")[1]


def test_a_deleted_entry_is_detected_and_named(norte, acme):
    db.Message.objects.create(
        workspace=norte, client=acme, at=dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), direction="in", subject="Pago"
    )
    for sequence, expected in ((2, "entry 2"), (3, "entry 2")):
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM audit_auditentry WHERE workspace_id = %s AND sequence = %s", [norte.pk, sequence]
            )
        code, out = verify_command("--workspace", norte.slug)
        assert code == 1 and expected in out, out


def test_removing_the_newest_entry_is_detected_too(norte, acme):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE workspace_id = %s AND sequence = 2", [norte.pk])
    code, out = verify_command("--workspace", norte.slug)
    assert code == 1 and "entry 2" in out


def test_the_application_has_no_way_to_change_or_remove_an_entry(norte, acme):
    entry = entries(norte)[0]
    entry.actor = "user:mallory"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert verify_workspace(norte.pk).intact


def test_each_workspace_has_its_own_chain(norte, sur, acme):
    db.Client.objects.create(workspace=sur, key="beta", name="Beta")
    assert [e.sequence for e in entries(sur)] == [1]
    assert entries(sur)[0].previous_hash == "0" * 64
    code, out = verify_command()
    assert code == 0 and "estudio-norte: intact, 2 entries" in out and "agencia-sur: intact, 1 entries" in out


def test_the_exported_log_verifies_offline_and_a_forged_line_is_caught(norte, acme, tmp_path):
    target = tmp_path / "audit.jsonl"
    call_command("audit", "export", workspace=norte.slug, out=str(target), stderr=io.StringIO())
    lines = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["entries"] == 2 and len(lines) == 3
    assert verify_command("--file", str(target))[0] == 0
    forged = json.loads(lines[2])
    forged["changes"]["amount"] = [None, "1"]
    target.write_text("\n".join([lines[0], lines[1], json.dumps(forged)]) + "\n", encoding="utf-8")
    code, out = verify_command("--file", str(target))
    assert code == 1 and "entry 2" in out


def test_a_rolled_back_change_leaves_no_entry(norte, acme):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        db.Client.objects.create(workspace=norte, key="gone", name="Gone")
        raise RuntimeError("changed my mind")
    assert len(entries(norte)) == 2 and verify_workspace(norte.pk).intact


def test_export_says_the_audit_log_is_not_in_the_portfolio_file_and_where_it_is(norte, acme, tmp_path):
    err = io.StringIO()
    with translation.override("en"):
        call_command("export", workspace=norte.slug, out=str(tmp_path / "p.json"), as_of="2026-11-22", stderr=err)
    count, digest = head(norte.pk)
    assert f"({count} entries, head {digest})" in err.getvalue() and "despedida audit export" in err.getvalue()
