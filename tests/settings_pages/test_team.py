"""The team: invitations from link to membership, roles, and the last owner."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from despedida.accounts.models import Membership, Role
from despedida.workspace_settings import invitations
from despedida.workspace_settings.models import Invitation

NEW_PASSWORD = "otoño en la sierra 2026"


def invite(alice_client, role: str = Role.MEMBER, note: str = "Dora") -> str:
    """Invite through the page; returns the link's path as shown to the owner."""
    response = alice_client.post(reverse("settings:invite"), {"role": role, "note": note})
    assert response.status_code == 200
    link = response.context["link"]
    return re.sub(r"^https?://[^/]+", "", link)


def sign_up(visitor, path: str, username: str = "dora", password: str = NEW_PASSWORD):
    return visitor.post(path, {"username": username, "password1": password, "password2": password})


def test_an_invitation_link_turns_a_visitor_into_a_member(alice_client, visitor, norte):
    path = invite(alice_client)

    page = visitor.get(path)
    response = sign_up(visitor, path)

    assert page.status_code == 200
    assert "Estudio Norte" in page.content.decode()
    assert response.status_code == 302
    dora = get_user_model().objects.get(username="dora")
    assert Membership.objects.get(user=dora, workspace=norte).role == Role.MEMBER
    assert dora.check_password(NEW_PASSWORD)
    # Signed in, in the workspace she joined.
    assert visitor.get(reverse("settings:team")).context["user"] == dora


def test_an_invitation_can_make_an_owner(alice_client, visitor, norte):
    sign_up(visitor, invite(alice_client, role=Role.OWNER))

    assert Membership.objects.get(user__username="dora").role == Role.OWNER


def test_the_token_is_stored_hashed_never_in_clear(alice_client, norte):
    path = invite(alice_client)
    token = path.rstrip("/").rsplit("/", 1)[1]

    invitation = Invitation.objects.get()
    assert len(token) >= 43  # 256 random bits
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in Invitation.objects.values().get().values()]
    assert not any(token in value for value in stored)
    assert token not in str(dict(alice_client.session))


def test_an_invitation_works_only_once(alice_client, visitor, norte):
    path = invite(alice_client)
    sign_up(visitor, path)

    second = type(visitor)(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_up(second, path, username="eve")

    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="eve").exists()


def test_an_expired_invitation_is_refused(alice_client, visitor, norte):
    path = invite(alice_client)

    with time_machine.travel(timezone.now() + invitations.VALID_FOR + dt.timedelta(minutes=1)):
        page = visitor.get(path)
        response = sign_up(visitor, path)

    assert page.status_code == 404
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="dora").exists()


def test_a_revoked_invitation_is_refused(alice_client, visitor, norte):
    path = invite(alice_client)
    invitation = Invitation.objects.get()

    alice_client.post(reverse("settings:revoke_invitation", args=[invitation.pk]))
    response = sign_up(visitor, path)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="dora").exists()


def test_an_unknown_token_gets_the_same_answer_as_a_dead_one(visitor, norte):
    response = visitor.get(reverse("settings:join", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert "Estudio Norte" not in response.content.decode()


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(alice_client, visitor, norte):
    path = invite(alice_client)

    weak = sign_up(visitor, path, password="12345678")
    strong = sign_up(visitor, path)

    assert weak.status_code == 200
    assert "password2" in weak.context["form"].errors
    assert strong.status_code == 302
    assert Membership.objects.filter(user__username="dora", workspace=norte).exists()


def test_a_taken_user_name_is_refused(alice_client, visitor, norte, bob):
    response = sign_up(visitor, invite(alice_client), username="bob")

    assert "username" in response.context["form"].errors
    assert Invitation.objects.usable().count() == 1


def test_someone_signed_in_joins_with_their_own_account(alice_client, client, charlie, norte):
    path = invite(alice_client)
    client.force_login(charlie)

    response = client.post(path)

    assert response.status_code == 302
    assert Membership.objects.get(user=charlie, workspace=norte).role == Role.MEMBER
    assert Invitation.objects.get().accepted_by == charlie


def test_the_owner_sees_pending_invitations_and_the_link_only_once(alice_client, norte):
    path = invite(alice_client, note="Dora García")

    team = alice_client.get(reverse("settings:team")).content.decode()

    assert "Dora García" in team
    assert path not in team


# Roles ------------------------------------------------------------------------


def membership(user, workspace) -> Membership:
    return Membership.objects.get(user=user, workspace=workspace)


def test_the_owner_makes_a_member_an_owner_and_back(alice_client, bob, norte):
    bobs = membership(bob, norte)

    alice_client.post(reverse("settings:change_role", args=[bobs.pk]), {"role": Role.OWNER})
    bobs.refresh_from_db()
    assert bobs.role == Role.OWNER

    alice_client.post(reverse("settings:change_role", args=[bobs.pk]), {"role": Role.MEMBER})
    bobs.refresh_from_db()
    assert bobs.role == Role.MEMBER


def test_the_last_owner_cannot_be_demoted(alice_client, alice, bob, norte):
    response = alice_client.post(
        reverse("settings:change_role", args=[membership(alice, norte).pk]), {"role": Role.MEMBER}, follow=True
    )

    assert membership(alice, norte).role == Role.OWNER
    assert "at least one owner" in response.content.decode()


def test_the_last_owner_cannot_be_removed(alice_client, alice, norte):
    alice_client.post(reverse("settings:remove_member", args=[membership(alice, norte).pk]))

    assert Membership.objects.filter(user=alice, workspace=norte, role=Role.OWNER).exists()


def test_with_two_owners_one_may_step_down(alice_client, alice, bob, norte):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)

    alice_client.post(reverse("settings:change_role", args=[membership(alice, norte).pk]), {"role": Role.MEMBER})

    assert membership(alice, norte).role == Role.MEMBER
    assert membership(bob, norte).role == Role.OWNER


def test_the_owner_removes_a_member(alice_client, bob, norte):
    response = alice_client.post(reverse("settings:remove_member", args=[membership(bob, norte).pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(user=bob, workspace=norte).exists()
    assert get_user_model().objects.filter(username="bob").exists()  # the account stays


def test_a_removed_member_can_no_longer_open_the_workspace(alice_client, bob, norte):
    from django.test import Client as WebClient

    bobs_browser = WebClient(HTTP_ACCEPT_LANGUAGE="en")
    bobs_browser.force_login(bob)
    alice_client.post(reverse("settings:remove_member", args=[membership(bob, norte).pk]))

    assert bobs_browser.get(reverse("settings:team")).status_code == 404


@pytest.mark.parametrize("role", ["admin", ""])
def test_an_unknown_role_is_refused(alice_client, bob, norte, role):
    alice_client.post(reverse("settings:change_role", args=[membership(bob, norte).pk]), {"role": role})

    assert membership(bob, norte).role == Role.MEMBER
