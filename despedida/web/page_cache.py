"""Whole pages (the dashboard, a client page) kept rendered for a minute, under a key that any change alters.

A repeat view then costs the session, the memberships, one query for the
page's data stamp and a cache look-up, instead of putting the page
together again (see docs/benchmarks.md, "20 users on the real server").

The key holds everything the page shows: the workspace (its row as read on
this request, so a renamed business or new settings show at once), the
member's role and the other workspaces they may switch to (the menu), the
language, the full path with its query, and a stamp of the page's data
that the caller computes so that any change shows on the next load
(`fragments.client_stamp` for a client page, `dashboard_stamp` for the
dashboard: both read from the database, so a change made by another
process, the worker, an import or a mail sync, shows too). Members of one
workspace with the same menu share a page: the page names no one.

What is never kept: the CSRF token (a placeholder is stored and this
request's token put back on the way out, as in `fragments`), a page with
messages to show (they belong to one session), an HTMX partial, anything
but a GET answered 200, and pages for a request the caller marks as not
cacheable (a form with errors, an undo offer).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import get_language

from despedida.web.fragments import RENDERING_ATTRIBUTE, filled

SECONDS = 60


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    # len() reads the stored messages without marking them shown.
    return storage is not None and len(storage) > 0


def cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not getattr(request, "htmx", False)
        and getattr(request, "workspace", None) is not None
        and not _has_messages(request)
    )


def page_key(request, kind: str, stamp: str) -> str:
    workspace = request.workspace
    row = [getattr(workspace, field.attname) for field in workspace._meta.concrete_fields]
    menu = [
        (m.workspace_id, m.workspace.name)
        for m in getattr(request, "memberships", [])
        if m.workspace_id != workspace.pk
    ]
    role = request.membership.role if request.membership is not None else ""
    material = repr((kind, workspace.pk, row, role, menu, get_language(), request.get_full_path(), stamp))
    return f"page:{kind}:{workspace.pk}:{hashlib.sha256(material.encode()).hexdigest()}"


def cached_page(
    request,
    kind: str,
    stamp: str,
    render: Callable[[], HttpResponse],
    fill: dict[str, str] | None = None,
) -> HttpResponse:
    """The page from the cache, or `render()` (with placeholders for the token) kept for SECONDS.

    `render` must put `PLACEHOLDER` where the CSRF token goes (pass it as
    `csrf_token` in the template context) and leave `fill`'s placeholders in;
    both are filled here for this request.
    """
    if not cacheable(request):
        return render()
    key = page_key(request, kind, stamp)
    entry = cache.get(key)
    if entry is None:
        setattr(request, RENDERING_ATTRIBUTE, True)
        try:
            response = render()
        finally:
            setattr(request, RENDERING_ATTRIBUTE, False)
        if response.status_code != 200 or response.streaming or _has_messages(request):
            return _filled(response.content.decode(response.charset), response, request, fill)
        html = response.content.decode(response.charset)
        # Compressed (about a tenth of the size, a fraction of a millisecond): a client page is ~90 KB of HTML.
        cache.set(key, (zlib.compress(html.encode(), 1), response["Content-Type"]), timeout=SECONDS)
        return _filled(html, response, request, fill)
    packed, content_type = entry
    return _filled(zlib.decompress(packed).decode(), HttpResponse(content_type=content_type), request, fill)


def _filled(html: str, response: HttpResponse, request, fill: dict[str, str] | None) -> HttpResponse:
    response.content = filled(html, request, fill)
    return response


def dashboard_stamp(workspace) -> tuple[int, str]:
    """The number of clients, and what changes when any client or assessment does, in one query.

    Every change to a client's record re-assesses it (in whichever process
    makes it), so the newest assessment time moves; a client added,
    removed or edited moves the counts or the newest edit time.
    """
    from despedida.assessment.models import Assessment
    from despedida.clients.models import Client

    clients = connection.ops.quote_name(Client._meta.db_table)
    assessments = connection.ops.quote_name(Assessment._meta.db_table)
    # One aggregate per table (see fragments.record_stamp for why not scalar subqueries).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, COUNT(*), MAX(updated_at), 0 FROM {clients} WHERE workspace_id = %s"
            f" UNION ALL SELECT 1, COUNT(*), MAX(computed_at), SUM(CASE WHEN stale THEN 1 ELSE 0 END)"
            f" FROM {assessments} WHERE workspace_id = %s",
            [workspace.pk] * 2,
        )
        (_c, total, edited, _z), (_a, assessed, computed, stale) = sorted(cursor.fetchall(), key=lambda r: r[0])
    row = (total, edited, assessed, computed, stale or 0)
    return row[0], "-".join(str(value).replace(" ", "T") for value in row)
