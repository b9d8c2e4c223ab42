"""Import and export of the portfolio file.

An import is two steps: the upload is read whole and previewed (every
problem, by JSON path) without writing anything; then the owner confirms
and the same file is imported, all or nothing, and every client assessed
again. Between the two the file waits under DATA_DIR/uploads, its id in
the session (see `uploads`).
"""

from __future__ import annotations

import logging
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from despedida import page_progress as progress
from despedida.accounts.access import is_owner, owner_required, workspace_of
from despedida.accounts.clock import today_for
from despedida.assessment.stored import recompute_workspace
from despedida.audit.imports import import_source
from despedida.clients.models import Client
from despedida.core.portfolio.input_errors import InputError
from despedida.core.portfolio.reader import stream_portfolio
from despedida.portability.exporter import write_export
from despedida.portability.importer import import_portfolio
from despedida.workspace_settings import uploads
from despedida.workspace_settings.forms import UploadForm
from despedida.workspace_settings.preview import Preview, business_changes, preview_file

SESSION_KEY = "settings_import"
# An export up to this size is built in memory, a larger one on disk.
EXPORT_SPOOL_BYTES = 32 * 1024 * 1024

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def import_page(request):
    """GET: the upload form. POST (owners): keep the file and show what importing it would do."""
    workspace = workspace_of(request)
    form = UploadForm()
    if request.method == "POST":
        if not is_owner(request):
            raise PermissionDenied
        files = request.FILES  # parsing the body runs the upload handlers, the size limit first
        form = UploadForm(request.POST, files, too_large=uploads.refused(request))
        if form.is_valid():
            return _preview(request, workspace, form.cleaned_data["file"])
    return render(
        request,
        "workspace_settings/import.html",
        {
            "form": form,
            "is_owner": is_owner(request),
            "client_count": Client.objects.in_workspace(workspace).count(),
        },
        status=(413 if form.too_large else 400) if form.is_bound else 200,
    )


def _preview(request, workspace, uploaded):
    _forget_pending(request)
    upload_id = uploads.save(uploaded)
    kept = False
    try:
        preview = preview_file(uploads.path_of(upload_id), workspace)
        if preview.ok:
            request.session[SESSION_KEY] = {
                "upload": upload_id,
                "workspace": workspace.pk,
                "name": uploaded.name,
                "clients": preview.clients,
            }
            kept = True
        return _render_preview(request, preview, uploaded.name, upload_id if kept else None)
    finally:
        if not kept:
            uploads.discard(upload_id)  # nothing of a refused file is kept, whatever happened


def _render_preview(request, preview: Preview, name: str, upload_id: str | None):
    return render(
        request,
        "workspace_settings/import_preview.html",
        {
            "preview": preview,
            "file_name": name,
            "upload_id": upload_id,
            "changes": business_changes(request.workspace, preview.business) if preview.business else [],
        },
        status=200 if preview.ok else 422,
    )


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        uploads.discard(pending.get("upload", ""))


def _pending(request):
    """The upload waiting for this workspace's confirmation, if the form names it."""
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        or pending.get("workspace") != request.workspace.pk
        or pending.get("upload") != request.POST.get("upload")
    ):
        return None, None
    return pending, uploads.path_of(pending["upload"])


@owner_required
@require_POST
def import_confirm(request):
    workspace = request.workspace
    pending, path = _pending(request)
    if path is None:
        _forget_pending(request)
        messages.error(request, _("This upload is no longer waiting to be imported. Upload the file again."))
        return HttpResponseRedirect(reverse("settings:import"))
    total = pending["clients"]
    try:
        with progress.tracking(workspace, pending["upload"]) as tracker:
            try:
                header, clients = stream_portfolio(path)
                with import_source(path):
                    result = import_portfolio(
                        header,
                        clients,
                        workspace=workspace,
                        progress=lambda done: tracker.report("import", done, total),
                    )
            except InputError as error:  # the file changed on disk since its preview
                return _render_preview(request, Preview(problems=list(error.problems)), pending["name"], None)
            assessed = recompute_workspace(workspace, progress=lambda done, n: tracker.report("assess", done, n))
    finally:
        _forget_pending(request)
    messages.success(
        request,
        _("Imported %(total)d clients (%(created)d new, %(updated)d replaced); %(assessed)d clients assessed.")
        % {"total": result.clients, "created": result.created, "updated": result.updated, "assessed": assessed},
    )
    return HttpResponseRedirect(reverse("web:portfolio"))


@owner_required
@require_POST
def import_cancel(request):
    _forget_pending(request)
    messages.success(request, _("Import cancelled; nothing was written."))
    return HttpResponseRedirect(reverse("settings:import"))


@require_GET
def export_page(request):
    workspace = workspace_of(request)
    return render(
        request,
        "workspace_settings/export.html",
        {
            "client_count": Client.objects.in_workspace(workspace).count(),
            "file_name": export_file_name(workspace),
        },
    )


def export_file_name(workspace) -> str:
    return f"{workspace.slug}-{today_for(workspace).isoformat()}.json"


@require_GET
def export_download(request):
    """The workspace as a portfolio file, built whole before the response starts.

    Streamed as it was written, a failure half-way would send a truncated
    file with status 200: a backup that looks whole and is not. Built
    first (in memory, or on disk when large), a failure is an error page.
    """
    workspace = workspace_of(request)
    spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)
    try:
        write_export(workspace, today_for(workspace), spool)
    except Exception:  # noqa: BLE001 - an error page, never half a file
        spool.close()
        logger.exception("export of workspace %s failed", workspace.pk)
        return render(request, "workspace_settings/export_failed.html", status=500)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export_file_name(workspace),
        content_type="application/json; charset=utf-8",
    )
