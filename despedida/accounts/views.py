from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from despedida.accounts.middleware import SESSION_KEY
from despedida.accounts.models import Membership


@login_required
@require_POST
def switch_workspace(request, workspace_id: int):
    if not Membership.objects.filter(user=request.user, workspace_id=workspace_id).exists():
        raise Http404
    request.session[SESSION_KEY] = workspace_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:portfolio")
    return HttpResponseRedirect(target)
