"""Settings, Import, CSV: invoices, payments or hours from another tool's export.

Three steps, owners only: the upload (kept under DATA_DIR/uploads, its id in
the session, as for portfolio files); the review, where the preset is
detected or chosen, every column mapped, the date order asked when the
dates leave it open, close client names confirmed, and the first rows
previewed with every problem; then the import, all or nothing, after which
the clients it changed are assessed again and the dashboard says what came in.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from despedida.accounts.access import is_owner, owner_required, workspace_of
from despedida.csv_import.fields import Kind
from despedida.csv_import.problems import CsvError
from despedida.portability.csv_messages import problem_text, summary_text
from despedida.portability.csv_store import apply_import, reassess
from despedida.portability.models import CsvImport
from despedida.workspace_settings import uploads
from despedida.workspace_settings.csv_review import AUTO, build_review, presets_for

SESSION_KEY = "settings_import_csv"
SUFFIX = ".csv"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class CsvUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            (Kind.INVOICES.value, gettext_lazy("Invoices")),
            (Kind.PAYMENTS.value, gettext_lazy("Payments")),
            (Kind.TIME.value, gettext_lazy("Hours (time tracker)")),
        ],
    )
    file = forms.FileField(label=gettext_lazy("CSV export"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return uploaded


@require_http_methods(["GET", "POST"])
def upload(request):
    """GET: the upload form (everyone may read it). POST (owners): keep the file and go to its review."""
    workspace_of(request)
    form = CsvUploadForm()
    if request.method == "POST":
        if not is_owner(request):
            raise PermissionDenied
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            _forget(request)
            uploaded = form.cleaned_data["file"]
            request.session[SESSION_KEY] = {
                "upload": uploads.save(uploaded, SUFFIX),
                "workspace": request.workspace.pk,
                "name": uploaded.name[:255],
                "kind": form.cleaned_data["kind"],
            }
            return HttpResponseRedirect(reverse("settings:import_csv_review"))
    return render(
        request,
        "workspace_settings/import_csv.html",
        {
            "form": form,
            "is_owner": is_owner(request),
            "presets": {kind: presets_for(kind) for kind in Kind},
        },
        status=400 if form.is_bound else 200,
    )


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("workspace") != request.workspace.pk:
        return None, None
    path = uploads.path_of(pending.get("upload", ""), SUFFIX)
    return (pending, path) if path is not None else (None, None)


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        uploads.discard(pending.get("upload", ""), SUFFIX)


def _choices(request) -> dict:
    """The mapper's choices from the posted form; on a first visit, none (the preset decides)."""
    if request.method != "POST":
        return {"preset": AUTO}
    post = request.POST
    preset = post.get("preset", AUTO)
    choices = {"preset": preset, "date_order": post.get("date_order", "")}
    # A changed preset takes its own columns; otherwise the mapper's say.
    if post.get("previous_preset", AUTO) == preset:
        choices["columns"] = {
            key[4:]: value for key, value in post.items() if key.startswith("col-") and key[4:].isdigit()
        }
    return choices


@owner_required
@require_http_methods(["GET", "POST"])
def review(request):
    pending, path = _pending(request)
    if path is None:
        messages.error(request, _("This upload is no longer waiting to be imported. Upload the file again."))
        return HttpResponseRedirect(reverse("settings:import_csv"))
    kind = Kind(pending["kind"])
    result = build_review(request.workspace, path.read_bytes(), kind, _choices(request))
    if request.method == "POST" and request.POST.get("action") == "import" and result.ready:
        return _import(request, pending, result)
    return render(
        request,
        "workspace_settings/import_csv_review.html",
        {
            "review": result,
            "file_name": pending["name"],
            "presets": presets_for(kind),
            "chosen_preset": result.preset.name if result.preset else "",
            "confirmed": set(request.POST.getlist("same")) if request.method == "POST" else set(),
        },
        status=200 if result.ready or request.method == "GET" else 422,
    )


def _import(request, pending, result):
    workspace = request.workspace
    accepted = set(request.POST.getlist("same"))
    try:
        summary = apply_import(workspace, result.plan, file_name=pending["name"], accepted=accepted)
    except CsvError as error:
        messages.error(request, "; ".join(problem_text(p) for p in error.problems[:20]))
        return HttpResponseRedirect(reverse("settings:import_csv_review"))
    _forget(request)
    reassess(workspace, summary.affected)
    # Said here, once: the dashboard's banner is for imports made from the command line.
    CsvImport.objects.in_workspace(workspace).filter(shown=False).update(shown=True)
    counts = summary.counts()
    text = summary_text(counts)
    if counts["clients_affected"]:
        text += " " + _("%(n)d clients assessed again.") % {"n": counts["clients_affected"]}
    messages.success(request, text)
    return HttpResponseRedirect(reverse("web:portfolio"))


@owner_required
@require_POST
def cancel(request):
    _forget(request)
    messages.success(request, _("Import cancelled; nothing was written."))
    return HttpResponseRedirect(reverse("settings:import_csv"))
