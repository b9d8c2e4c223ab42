"""Who may do what: members read and get 403 on every change; outsiders see
nothing of another workspace; visitors are sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from despedida.accounts.models import Membership, Role
from despedida.workspace_settings import invitations
from despedida.workspace_settings.models import Invitation

READ_PAGES = [
    "settings:overview",
    "settings:profile",
    "settings:thresholds",
    "settings:team",
    "settings:import",
    "settings:export",
]


@pytest.fixture
def bobs_membership(bob, norte) -> Membership:
    return Membership.objects.get(user=bob, workspace=norte)


@pytest.fixture
def pending_invitation(norte, alice) -> Invitation:
    invitation, _token = invitations.invite(norte, by=alice, role=Role.MEMBER, note="dora")
    return invitation


def owner_only_posts(membership_pk: int, invitation_pk: int) -> list[tuple[str, dict]]:
    return [
        (
            reverse("settings:profile"),
            {"name": "Hijacked", "currency": "USD", "language": "en", "timezone": "UTC", "payment_terms_days": "1"},
        ),
        (reverse("settings:thresholds"), {"late_grace_days": "99"}),
        (reverse("settings:thresholds_reset"), {}),
        (reverse("settings:assess_all"), {}),
        (reverse("settings:invite"), {"role": "owner", "note": "mallory"}),
        (reverse("settings:change_role", args=[membership_pk]), {"role": "owner"}),
        (reverse("settings:remove_member", args=[membership_pk]), {}),
        (reverse("settings:revoke_invitation", args=[invitation_pk]), {}),
        (reverse("settings:import"), {}),
        (reverse("settings:import_confirm"), {"upload": "x" * 32}),
        (reverse("settings:import_cancel"), {}),
    ]


@pytest.mark.parametrize("name", READ_PAGES)
def test_a_member_can_read_every_settings_page(bob_client, name):
    assert bob_client.get(reverse(name)).status_code == 200


def test_a_member_gets_403_on_every_owner_only_post_and_nothing_changes(
    bob_client, norte, bobs_membership, pending_invitation
):
    for url, data in owner_only_posts(bobs_membership.pk, pending_invitation.pk):
        assert bob_client.post(url, data).status_code == 403, url

    norte.refresh_from_db()
    bobs_membership.refresh_from_db()
    pending_invitation.refresh_from_db()
    assert (norte.name, norte.currency, norte.thresholds) == ("Estudio Norte", "EUR", {})
    assert bobs_membership.role == Role.MEMBER
    assert pending_invitation.revoked_at is None
    assert Invitation.objects.count() == 1


def test_a_member_sees_no_forms_and_no_invitations(bob_client, pending_invitation):
    team = bob_client.get(reverse("settings:team")).content.decode()
    profile = bob_client.get(reverse("settings:profile")).content.decode()

    assert "dora" not in team
    assert reverse("settings:invite") not in team
    assert 'name="currency"' not in profile
    assert "Estudio Norte" in profile


def test_charlie_gets_404_on_alices_memberships_and_invitations(charlie_client, alice, norte, bob, pending_invitation):
    alices = Membership.objects.get(user=alice, workspace=norte)
    bobs = Membership.objects.get(user=bob, workspace=norte)

    assert charlie_client.post(reverse("settings:change_role", args=[bobs.pk]), {"role": "owner"}).status_code == 404
    assert charlie_client.post(reverse("settings:remove_member", args=[alices.pk])).status_code == 404
    assert charlie_client.post(reverse("settings:revoke_invitation", args=[pending_invitation.pk])).status_code == 404

    bobs.refresh_from_db()
    pending_invitation.refresh_from_db()
    assert bobs.role == Role.MEMBER
    assert Membership.objects.filter(pk=alices.pk).exists()
    assert pending_invitation.revoked_at is None


@pytest.mark.parametrize("name", READ_PAGES)
def test_charlie_sees_his_own_workspace_and_nothing_of_alices(charlie_client, alice, bob, norte, name):
    norte.thresholds = {"late_grace_days": 11}
    norte.save()

    page = charlie_client.get(reverse(name)).content.decode()

    assert "Estudio Norte" not in page
    assert "estudio-norte" not in page
    assert "alice" not in page and "bob" not in page


def test_charlies_export_holds_his_workspace_not_alices(charlie_client, alice, norte):
    response = charlie_client.get(reverse("settings:export_download"))
    body = b"".join(response.streaming_content).decode()

    assert "agencia-sur" in response["Content-Disposition"]
    assert "Agencia Sur" in body and "Estudio Norte" not in body


def test_charlie_cannot_read_the_progress_of_alices_actions(charlie_client, norte, sur):
    from despedida.page_progress import Progress

    Progress(norte, "k" * 20).report("import", 5, 10)

    assert charlie_client.get(reverse("settings:progress", args=["k" * 20])).json() == {"phase": None}


@pytest.mark.parametrize("name", READ_PAGES)
def test_a_visitor_is_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_workspace_gets_404(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x" * 20))

    assert client.get(reverse("settings:profile")).status_code == 404
    assert client.post(reverse("settings:assess_all")).status_code == 404
