"""Import (preview, then confirm) and export through the pages."""

from __future__ import annotations

import io
import json

from django.urls import reverse

from despedida.assessment.models import Assessment
from despedida.clients import models as db
from despedida.core.demo.generator import generate_document
from despedida.core.portfolio.reader import read_portfolio
from despedida.workspace_settings.transfer_views import SESSION_KEY
from tests.dates import AS_OF

from .conftest import confirm, upload

RECORD_MODELS = (
    db.Client,
    db.Contract,
    db.Project,
    db.Milestone,
    db.Invoice,
    db.Payment,
    db.Reminder,
    db.TimeEntry,
    db.Message,
    db.Event,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def broken(document: dict) -> dict:
    document = json.loads(json.dumps(document))
    document["business"]["currency"] = "euros"
    document["clients"][1]["stage"] = "best friend"
    document["clients"][invoiced(document)]["invoices"][0]["due_on"] = "soon"
    document["clients"][4]["id"] = document["clients"][0]["id"]
    return document


def invoiced(document: dict) -> int:
    """The index of the first client with an invoice."""
    return next(i for i, client in enumerate(document["clients"]) if client["invoices"])


def uploads_left(data_dir) -> list:
    folder = data_dir / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_preview_lists_every_problem_by_json_path_and_writes_nothing(alice_client, norte, document, data_dir):
    before = row_counts()

    response = upload(alice_client, broken(document))

    assert response.status_code == 422
    paths = [problem.path for problem in response.context["preview"].problems]
    assert "business.currency" in paths
    assert "clients[1].stage" in paths
    assert f"clients[{invoiced(document)}].invoices[0].due_on" in paths
    assert "clients[4].id" in paths
    page = response.content.decode()
    assert f"clients[{invoiced(document)}].invoices[0].due_on" in page
    assert row_counts() == before
    norte.refresh_from_db()
    assert norte.currency == "EUR"
    assert uploads_left(data_dir) == []
    assert SESSION_KEY not in alice_client.session


def test_a_file_that_is_not_json_is_refused_with_its_line_and_column(alice_client, norte):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = alice_client.post(
        reverse("settings:import"), {"file": SimpleUploadedFile("p.json", b'{"format": ', "application/json")}
    )

    assert response.status_code == 422
    assert "invalid JSON" in response.context["preview"].problems[0].message
    assert db.Client.objects.count() == 0


def test_the_preview_counts_clients_new_and_replaced_and_rows_of_each_kind(alice_client, norte, document):
    confirm(alice_client, upload(alice_client, document).context["upload_id"])
    document["clients"] = document["clients"][:4] + [dict(document["clients"][5], id="someone-new")]

    response = upload(alice_client, document)

    preview = response.context["preview"]
    assert response.status_code == 200
    assert (preview.clients, preview.new, preview.replaced, preview.untouched) == (5, 1, 4, 2)
    expected_invoices = sum(len(client["invoices"]) for client in document["clients"])
    assert preview.rows["invoices"] == expected_invoices
    assert dict(response.context["preview"].row_counts())  # labelled for the table


def test_the_preview_writes_nothing_even_for_a_good_file(alice_client, norte, document):
    response = upload(alice_client, document)

    assert response.status_code == 200
    assert db.Client.objects.count() == 0
    assert alice_client.session[SESSION_KEY]["upload"] == response.context["upload_id"]


def test_confirming_imports_the_file_assesses_every_client_and_removes_the_upload(
    alice_client, norte, document, data_dir
):
    upload_id = upload(alice_client, document).context["upload_id"]

    response = confirm(alice_client, upload_id)

    assert response.status_code == 302
    assert db.Client.objects.in_workspace(norte).count() == 6
    assert Assessment.objects.in_workspace(norte).count() == 6
    assert uploads_left(data_dir) == []
    assert SESSION_KEY not in alice_client.session
    assert not (data_dir / "progress").exists() or list((data_dir / "progress").iterdir()) == []


def test_importing_the_same_file_again_changes_nothing(alice_client, norte, document):
    confirm(alice_client, upload(alice_client, document).context["upload_id"])
    first = row_counts()
    exported = alice_client.get(reverse("settings:export_download"))
    first_file = b"".join(exported.streaming_content)

    confirm(alice_client, upload(alice_client, document).context["upload_id"])

    assert row_counts() == first
    assert b"".join(alice_client.get(reverse("settings:export_download")).streaming_content) == first_file


def test_an_upload_can_be_confirmed_only_once(alice_client, norte):
    # One client: deleting it below is how the test sees a second import, and every deleted row is audited.
    upload_id = upload(alice_client, generate_document(clients=1, seed=3, as_of=AS_OF)).context["upload_id"]
    confirm(alice_client, upload_id)
    assert db.Client.objects.count() == 1
    db.Client.objects.all().delete()

    response = confirm(alice_client, upload_id)

    assert response.status_code == 302
    assert db.Client.objects.count() == 0


def test_an_upload_id_from_another_session_is_refused(alice_client, alice, visitor, norte, document):
    upload_id = upload(alice_client, document).context["upload_id"]
    visitor.force_login(alice)  # the same person, in another browser

    response = confirm(visitor, upload_id)

    assert response.status_code == 302
    assert db.Client.objects.count() == 0


def test_cancelling_removes_the_upload(alice_client, norte, document, data_dir):
    upload(alice_client, document)

    alice_client.post(reverse("settings:import_cancel"))

    assert uploads_left(data_dir) == []
    assert db.Client.objects.count() == 0


def test_an_upload_is_imported_into_the_workspace_it_was_previewed_for(alice_client, alice, norte, sur, document):
    from despedida.accounts.models import Membership, Role

    Membership.objects.create(workspace=sur, user=alice, role=Role.OWNER)
    alice_client.post(reverse("switch_workspace", args=[norte.pk]))
    upload_id = upload(alice_client, document).context["upload_id"]
    alice_client.post(reverse("switch_workspace", args=[sur.pk]))

    confirm(alice_client, upload_id)

    assert db.Client.objects.count() == 0


def test_the_export_downloads_a_file_that_reads_back(alice_client, norte, document):
    confirm(alice_client, upload(alice_client, document).context["upload_id"])

    response = alice_client.get(reverse("settings:export_download"))
    body = b"".join(response.streaming_content)

    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="estudio-norte-')
    assert response["Content-Disposition"].endswith('.json"')
    portfolio = read_portfolio(io.BytesIO(body), name="export.json")
    assert [client.id for client in portfolio.clients] == [client["id"] for client in document["clients"]]
    norte.refresh_from_db()
    assert portfolio.business.name == norte.name == "Estudio Alameda"


def test_an_empty_workspace_exports_its_profile_and_no_clients(alice_client, norte):
    body = b"".join(alice_client.get(reverse("settings:export_download")).streaming_content)

    portfolio = read_portfolio(io.BytesIO(body))
    assert portfolio.clients == []
    assert portfolio.business.currency == "EUR"


def test_the_import_page_says_what_to_do_when_the_workspace_is_empty(alice_client, norte):
    page = alice_client.get(reverse("settings:import")).content.decode()

    assert "no clients yet" in page


def test_assess_all_reports_how_many_clients_were_assessed(alice_client, norte, document):
    confirm(alice_client, upload(alice_client, document).context["upload_id"])
    Assessment.objects.all().delete()

    response = alice_client.post(reverse("settings:assess_all"), follow=True)

    assert Assessment.objects.in_workspace(norte).count() == 6
    assert "6 clients assessed again." in response.content.decode()


def test_the_progress_of_an_action_can_be_polled_while_it_runs(alice_client, norte):
    from despedida.page_progress import Progress

    key = "abcdefghijklmnopqrst"
    Progress(norte, key).report("import", 1500, 6000)

    report = alice_client.get(reverse("settings:progress", args=[key])).json()

    assert (report["phase"], report["done"], report["total"]) == ("import", 1500, 6000)
    assert report["message"] == "Importing clients: 1,500 of 6,000"


def test_import_and_assessment_report_progress_under_the_uploads_key(alice_client, norte, document, monkeypatch):
    from despedida.page_progress import Progress

    reports = []
    monkeypatch.setattr(Progress, "report", lambda self, phase, done, total: reports.append((phase, done, total)))
    upload_id = upload(alice_client, document).context["upload_id"]

    confirm(alice_client, upload_id)

    assert reports[0] == ("start", 0, None)
    assert ("import", 6, 6) in reports
    assert ("assess", 6, 6) in reports


def test_the_pages_of_long_actions_carry_a_progress_key_and_url(alice_client, norte, document):
    preview = upload(alice_client, document)
    upload_id = preview.context["upload_id"]
    confirm(alice_client, upload_id)
    overview = alice_client.get(reverse("settings:overview"))

    assert reverse("settings:progress", args=[upload_id]) in preview.content.decode()
    key = overview.context["progress_key"]
    page = overview.content.decode()
    assert f'name="progress" value="{key}"' in page
    assert reverse("settings:progress", args=[key]) in page
