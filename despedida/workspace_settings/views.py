"""The business profile, the thresholds, and assessing every client again.

Members read these pages; owners change them (see `access`). Whatever
the assessment depends on, once saved, assesses every client again, with
progress the page can poll (see `progress`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from despedida import page_progress as progress
from despedida.accounts.access import is_owner, owner_required, workspace_of
from despedida.assessment.models import Assessment
from despedida.assessment.stored import recompute_workspace
from despedida.clients.models import Client
from despedida.workspace_settings.forms import ProfileForm
from despedida.workspace_settings.thresholds_form import ThresholdsForm, current_values


def assess_again(request, workspace) -> int:
    """Assess every client, reporting progress under the key the page posted."""
    with progress.tracking(workspace, request.POST.get("progress", "")) as tracker:
        return recompute_workspace(workspace, progress=lambda done, total: tracker.report("assess", done, total))


def _assessed_message(count: int) -> str:
    return ngettext("%(count)d client assessed again.", "%(count)d clients assessed again.", count) % {"count": count}


@require_GET
def overview(request):
    workspace = workspace_of(request)
    latest = Assessment.objects.in_workspace(workspace).order_by("-computed_at").values_list("computed_at", flat=True)
    return render(
        request,
        "workspace_settings/overview.html",
        {
            "is_owner": is_owner(request),
            "client_count": Client.objects.in_workspace(workspace).count(),
            "assessed_at": latest.first(),
            "progress_key": progress.new_key(),
        },
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    workspace = workspace_of(request)
    owner = is_owner(request)
    form = ProfileForm(instance=workspace) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        form = ProfileForm(request.POST, instance=workspace)
        if form.is_valid():
            form.save()
            count = assess_again(request, workspace)
            messages.success(request, _("Business profile saved.") + " " + _assessed_message(count))
            return HttpResponseRedirect(reverse("settings:profile"))
        workspace.refresh_from_db()  # the page header shows the saved name, not the rejected one
    return render(
        request,
        "workspace_settings/profile.html",
        {
            "form": form,
            "is_owner": owner,
            "progress_key": progress.new_key(),
        },
    )


@require_http_methods(["GET", "POST"])
def thresholds(request):
    workspace = workspace_of(request)
    owner = is_owner(request)
    form = ThresholdsForm(stored=workspace.thresholds) if owner else None
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        form = ThresholdsForm(request.POST, stored=workspace.thresholds)
        if form.is_valid():
            workspace.thresholds = form.overrides()
            workspace.save(update_fields=["thresholds"])
            count = assess_again(request, workspace)
            messages.success(request, _("Thresholds saved.") + " " + _assessed_message(count))
            return HttpResponseRedirect(reverse("settings:thresholds"))
    return render(
        request,
        "workspace_settings/thresholds.html",
        {
            "form": form,
            "is_owner": owner,
            "sections": None if owner else current_values(workspace.thresholds),
            "customised": len(workspace.thresholds or {}),
            "progress_key": progress.new_key(),
        },
    )


@owner_required
@require_POST
def thresholds_reset(request):
    workspace = request.workspace
    workspace.thresholds = {}
    workspace.save(update_fields=["thresholds"])
    count = assess_again(request, workspace)
    messages.success(request, _("Every threshold is back to its default.") + " " + _assessed_message(count))
    return HttpResponseRedirect(reverse("settings:thresholds"))


@owner_required
@require_POST
def assess_all(request):
    count = assess_again(request, request.workspace)
    messages.success(request, _assessed_message(count))
    return HttpResponseRedirect(reverse("settings:overview"))


PHASES = {
    "start": lambda done, total: _("Starting…"),
    "import": lambda done, total: _("Importing clients: %(done)s of %(total)s") % {"done": done, "total": total},
    "assess": lambda done, total: _("Assessing clients: %(done)s of %(total)s") % {"done": done, "total": total},
    "mail": lambda done, total: _("Reading mail: %(done)s of %(total)s messages") % {"done": done, "total": total},
}


@require_GET
def progress_status(request, key: str):
    """How far the action `key` of this workspace got, as JSON for the page's script."""
    report = progress.read(workspace_of(request), key)
    if report is None or report.get("phase") not in PHASES:
        return JsonResponse({"phase": None})
    done, total = report.get("done") or 0, report.get("total")
    message = PHASES[report["phase"]](
        formats.number_format(done, force_grouping=True), formats.number_format(total or 0, force_grouping=True)
    )
    return JsonResponse({"phase": report["phase"], "done": done, "total": total, "message": message})


@require_POST
@owner_required
def demo_refresh(request):
    """Regenerate the demo portfolio as of today; a real workspace is refused (404)."""
    from despedida.portability.demo_store import refresh_demo

    workspace = workspace_of(request)
    if not workspace.is_demo:
        raise Http404
    result = refresh_demo(workspace)
    messages.success(
        request,
        _("The demo was regenerated as of %(date)s: %(count)d clients.")
        % {"date": formats.date_format(result.workspace.demo_as_of, "DATE_FORMAT"), "count": result.clients},
    )
    return HttpResponseRedirect(reverse("web:portfolio"))
