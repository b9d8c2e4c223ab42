"""The calendar feed's settings page, and the feed itself (no login: the token is the key)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from despedida.accounts import clock
from despedida.web import calendar_feed
from despedida.web.models import CalendarFeed


def calendar_settings(request, token: str | None = None):
    return render(
        request,
        "web/calendar.html",
        {
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "url": request.build_absolute_uri(reverse("web:calendar_feed", args=[token])) if token else None,
        },
    )


@require_POST
def calendar_regenerate(request):
    token = calendar_feed.regenerate(request.user)
    messages.success(request, _("New calendar address created. Any previous address no longer works."))
    # The token is shown on this response only: it is never stored in clear.
    return calendar_settings(request, token=token)


@require_POST
def calendar_revoke(request):
    calendar_feed.revoke(request.user)
    messages.success(request, _("Calendar address revoked."))
    return redirect("web:calendar")


@login_not_required
@require_GET
def calendar_ics(request, token: str):
    feed = calendar_feed.feed_for(token)
    if feed is None:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=clock.now())
    response = HttpResponse(calendar_feed.build_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="despedida.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
