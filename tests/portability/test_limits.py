"""The ranges a portfolio may hold fit the store's columns, and the pages hold to them too."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from despedida.accounts.models import Membership, Role, Workspace
from despedida.assessment.models import Assessment
from despedida.assessment.stored import COLUMN_CEILING, recompute_workspace
from despedida.clients import models as db
from despedida.core.portfolio import limits
from despedida.core.portfolio.reader import read_portfolio
from despedida.web.forms import EventForm, InvoiceForm, TimeForm
from despedida.workspace_settings.forms import ProfileForm

EXAMPLE = Path(__file__).resolve().parents[1] / "portfolio" / "example.json"

# (limit, the model field that keeps it)
DECIMAL_COLUMNS = [
    (limits.MONEY, db.Invoice._meta.get_field("amount")),
    (limits.MONEY, db.Payment._meta.get_field("amount")),
    (limits.MONEY, db.Project._meta.get_field("fee")),
    (limits.HOURS, db.TimeEntry._meta.get_field("hours")),
    (limits.RATE, Workspace._meta.get_field("target_hourly_rate")),
]
TEXT_COLUMNS = [
    (limits.ID_LENGTH, db.Client._meta.get_field("key")),
    (limits.ID_LENGTH, db.Project._meta.get_field("key")),
    (limits.ID_LENGTH, db.Invoice._meta.get_field("number")),
    (limits.NAME_LENGTH, db.Client._meta.get_field("name")),
    (limits.NAME_LENGTH, db.Client._meta.get_field("contact_name")),
    (limits.EMAIL_LENGTH, db.Client._meta.get_field("contact_email")),
    (limits.NAME_LENGTH, db.Project._meta.get_field("name")),
    (limits.NAME_LENGTH, db.Milestone._meta.get_field("name")),
    (limits.SUBJECT_LENGTH, db.Message._meta.get_field("subject")),
    (limits.TOPIC_LENGTH, db.Event._meta.get_field("topic")),
    (limits.NAME_LENGTH, Workspace._meta.get_field("name")),
    (limits.TIME_ZONE_LENGTH, Workspace._meta.get_field("timezone")),
]


@pytest.mark.parametrize(("limit", "field"), DECIMAL_COLUMNS, ids=lambda x: getattr(x, "name", ""))
def test_every_accepted_amount_fits_its_column_and_sqlite_keeps_it_exactly(limit, field):
    assert limit.places <= field.decimal_places
    assert limit.digits + field.decimal_places <= field.max_digits
    # SQLite keeps a decimal as a float: exact to 15 significant digits.
    assert limit.digits + limit.places <= 15


@pytest.mark.parametrize(("length", "field"), TEXT_COLUMNS, ids=lambda x: getattr(x, "name", ""))
def test_every_accepted_text_fits_its_column(length, field):
    assert length <= field.max_length


def test_every_accepted_number_of_days_fits_its_column():
    # PositiveSmallIntegerField: up to 32767 on every database.
    for field in (Workspace._meta.get_field("payment_terms_days"), db.Contract._meta.get_field("notice_days")):
        assert field.get_internal_type() == "PositiveSmallIntegerField"
    assert limits.DAYS_MAX <= 32767


def test_the_engine_can_add_its_longest_horizon_to_the_last_day():
    assert limits.LAST_DAY + dt.timedelta(days=limits.DAYS_MAX * 3) < dt.date.max
    assert limits.FIRST_DAY - dt.timedelta(days=limits.DAYS_MAX * 3) > dt.date.min


def _max_document() -> dict:
    """The example with every value at the top of its range."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["as_of"] = "2200-12-31"
    document["business"]["target_hourly_rate"] = "9999999999.99"
    document["business"]["payment_terms_days"] = limits.DAYS_MAX
    client = document["clients"][0]
    client["contract"]["notice_days"] = limits.DAYS_MAX
    client["name"] = "N" * limits.NAME_LENGTH
    client["invoices"][0].update(amount="99999999999.9999", due_on="2200-12-31")
    client["invoices"][0]["payments"][0]["amount"] = "99999999999.9999"
    client["invoices"].append({"id": "F-2", "amount": "99999999999.9999", "issued_on": "2200-12-01"})
    client["time"] = [{"on": "2200-12-30", "hours": "0.0001"}, {"on": "1900-01-01", "hours": "999999.9999"}]
    client["messages"][0]["at"] = "2200-12-31T23:59:59-15:59"
    client["messages"][1]["at"] = "1900-01-01T00:00:00+15:59"
    return document


@pytest.mark.django_db(transaction=True)
def test_a_portfolio_at_the_top_of_every_range_imports_assesses_exports_and_shows(tmp_path, client, django_user_model):
    path = tmp_path / "max.json"
    path.write_text(json.dumps(_max_document()), encoding="utf-8")

    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    workspace = Workspace.objects.get()
    assert recompute_workspace(workspace, as_of=dt.date(2200, 12, 31)) == 1
    # Revenue over a minute of work: far beyond what the column keeps exactly.
    assessment = Assessment.objects.get()
    assert assessment.effective_hourly_rate == COLUMN_CEILING
    out = io.StringIO()
    call_command("export", workspace=workspace.slug, as_of="2200-12-31", stdout=out)
    assert read_portfolio(io.StringIO(out.getvalue())).clients[0].invoices[0].amount == Decimal("99999999999.9999")

    owner = django_user_model.objects.create_user("owner", password="a long test password 42")
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    client.force_login(owner)
    assert client.get(reverse("web:portfolio")).status_code == 200
    assert client.get(reverse("web:client", args=["acme"])).status_code == 200


@pytest.mark.parametrize("as_of", ["9999-12-31", "1899-12-31", "2026-02-30"])
def test_assess_refuses_an_as_of_out_of_range_with_exit_2(as_of, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("assess", str(EXAMPLE), as_of=as_of, stdout=io.StringIO())

    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("assess: --as-of: ")


# -- the pages write the same ranges -------------------------------------------------


@pytest.fixture
def acme(db):
    workspace = Workspace.objects.create(name="Norte", slug="norte", currency="EUR")
    return db_client(workspace)


def db_client(workspace):
    return db.Client.objects.create(workspace=workspace, key="acme", name="Acme")


def test_the_invoice_form_holds_to_the_file_s_ranges(acme):
    form = InvoiceForm(
        data={
            "number": "F-1",
            "issued_on": "9999-12-01",
            "due_on": "9999-12-31",
            "amount": "100000000000",
            "currency": "XYZ",
        },
        client=acme,
    )

    assert not form.is_valid()
    assert set(form.errors) == {"issued_on", "due_on", "amount", "currency"}


def test_the_time_and_event_forms_hold_to_the_file_s_ranges(acme):
    time = TimeForm(data={"on": "2026-11-22", "hours": "1000000", "kind": "work"}, client=acme)
    event = EventForm(
        data={"type": "feedback", "on": "2026-11-22", "quality": "vague", "delay_days": "3651"}, client=acme
    )

    assert not time.is_valid() and set(time.errors) == {"hours"}
    assert not event.is_valid() and set(event.errors) == {"delay_days"}


def test_the_profile_form_holds_to_the_file_s_ranges(db):
    workspace = Workspace.objects.create(name="Norte", slug="norte", currency="EUR")
    data = {
        "name": "Norte",
        "currency": "XYZ",
        "language": "es",
        "timezone": "Europe/Madrid",
        "payment_terms_days": "3651",
    }

    form = ProfileForm(data=data, instance=workspace)

    assert not form.is_valid()
    assert set(form.errors) == {"currency", "payment_terms_days"}
