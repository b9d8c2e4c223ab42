"""Starting from an empty store: a signed-in person without a workspace names their business and owns it.

`despedida init --no-demo` (or an account made by hand) leaves the owner in
no workspace at all; this is the step that gets them to the dashboard's
onboarding without a terminal. Someone who already belongs to a workspace
does not see it (a business is added by importing a portfolio file).
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from despedida.accounts.middleware import SESSION_KEY
from despedida.accounts.models import Language, Membership, Role, Workspace


class BusinessForm(forms.Form):
    name = forms.CharField(
        label=_("Your business's name"),
        max_length=200,
        help_text=_("As your clients know it; it signs your letters. You can change it later."),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give your business a name."))
        return name


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "business"
    slug, n = base, 2
    while Workspace._base_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@require_http_methods(["GET", "POST"])
def business_new(request):
    if request.workspace is not None:
        return redirect("web:portfolio")
    form = BusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        language = (get_language() or "es")[:2]
        with transaction.atomic():
            workspace = Workspace.objects.create(
                name=form.cleaned_data["name"],
                slug=unique_slug(form.cleaned_data["name"]),
                language=language if language in Language.values else Language.ES,
            )
            Membership.objects.create(workspace=workspace, user=request.user, role=Role.OWNER)
        request.session[SESSION_KEY] = workspace.pk
        return redirect("web:portfolio")
    return render(request, "web/no_workspace.html", {"form": form}, status=400 if form.errors else 200)
