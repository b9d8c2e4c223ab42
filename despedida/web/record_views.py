"""Creating and editing a client's record in the browser: client, contract, projects, milestones.

Every save assesses the client again, so the page that follows is current.
Any member of the workspace may keep the record, as with the quick forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from despedida.accounts.scoping import get_scoped_or_404
from despedida.assessment.stored import recompute_client
from despedida.clients import models as db
from despedida.web.record_forms import ClientForm, ContractForm, MilestoneForm, ProjectForm


def _workspace(request):
    if request.workspace is None:
        raise Http404
    return request.workspace


def _page(request, *, title: str, form, client=None, status: int = 200, intro: str = ""):
    return render(
        request, "web/record_form.html", {"title": title, "form": form, "client": client, "intro": intro}, status=status
    )


def _saved(request, client: db.Client, text: str):
    recompute_client(client)
    messages.success(request, text)
    return redirect("web:client", key=client.key)


@require_http_methods(["GET", "POST"])
def client_new(request):
    workspace = _workspace(request)
    form = ClientForm(request.POST or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            client = form.save()
            return _saved(request, client, _("Client added. Add a contract and a project to judge it fully."))
    return _page(
        request,
        title=_("New client"),
        form=form,
        status=400 if form.errors else 200,
        intro=_("Only the name is needed; everything else can come later, by hand or from an import."),
    )


@require_http_methods(["GET", "POST"])
def client_edit(request, key: str):
    client = get_scoped_or_404(request, db.Client, key=key)
    form = ClientForm(request.POST or None, instance=client, workspace=client.workspace)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            return _saved(request, client, _("Saved. The assessment is up to date."))
    return _page(
        request,
        title=_("Edit %(name)s") % {"name": client.name},
        form=form,
        client=client,
        status=400 if form.errors else 200,
    )


@require_POST
def client_archive(request, key: str):
    """Archive a client: it becomes a former client, its record kept whole."""
    client = get_scoped_or_404(request, db.Client, key=key)
    with transaction.atomic():
        client.stage = db.Stage.FORMER
        client.save(update_fields=["stage", "updated_at"])
        return _saved(
            request, client, _("Archived: %(name)s is now a former client. Its record is kept.") % {"name": client.name}
        )


@require_http_methods(["GET", "POST"])
def contract_edit(request, key: str):
    client = get_scoped_or_404(request, db.Client, key=key)
    instance = db.Contract.objects.filter(client=client).first()
    form = ContractForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(client)
            return _saved(request, client, _("Contract saved. The assessment is up to date."))
    return _page(
        request,
        title=_("Contract with %(name)s") % {"name": client.name},
        form=form,
        client=client,
        status=400 if form.errors else 200,
        intro=_("Tick what the signed contract says. Each protection answers a warning sign."),
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, key: str, pk: int | None = None):
    client = get_scoped_or_404(request, db.Client, key=key)
    project = get_scoped_or_404(request, db.Project, pk=pk, client=client) if pk is not None else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(client)
            return _saved(request, client, _("Project saved. The assessment is up to date."))
    title = _("New project for %(name)s") % {"name": client.name} if project is None else project.name
    return _page(
        request,
        title=title,
        form=form,
        client=client,
        status=400 if form.errors else 200,
        intro=_("To archive a project, set its status to done or cancelled."),
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, key: str, project_pk: int, pk: int | None = None):
    client = get_scoped_or_404(request, db.Client, key=key)
    project = get_scoped_or_404(request, db.Project, pk=project_pk, client=client)
    milestone = get_scoped_or_404(request, db.Milestone, pk=pk, project=project) if pk is not None else None
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(project)
            return _saved(request, client, _("Milestone saved. The assessment is up to date."))
    title = (_("New milestone in %(project)s") % {"project": project.name}) if milestone is None else milestone.name
    return _page(request, title=title, form=form, client=client, status=400 if form.errors else 200)
