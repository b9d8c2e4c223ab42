"""Every URL pattern of the project, walked from the resolver, tried by an outsider and by nobody.

alice owns «Estudio Norte»; charlie owns «Agencia Sur». Both workspaces hold
one object of every kind a URL can name (client, plan, step, letter, version,
review link, silence protocol, outbound message, ...). For each pattern that
names an object, charlie asks for alice's by GET and by POST, and also with
his own object in one place and alice's in another; he gets a 404 (a 405 for
the wrong method, a 403 for owner-only), never a page with alice's data, and
nothing in Estudio Norte changes. Signed-out visitors are sent to log in
everywhere except the few public pages listed in PUBLIC.

A pattern this file does not know makes `test_every_url_pattern_is_swept`
fail: a new URL needs a decision here (which object it names, or why it
names none, or why it is public).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from despedida import page_progress as progress
from despedida.accounts.clock import today_for
from despedida.accounts.models import Membership, Workspace
from despedida.audit.models import AuditEntry
from despedida.clients import models as db
from despedida.intake import decisions as intake_flow
from despedida.letters import drafts
from despedida.letters.models import LetterKind
from despedida.mailbox.models import ClientAddress, Mailbox, UnknownSender
from despedida.mailbox.models import Security as MailSecurity
from despedida.outbox import services as outbox
from despedida.outbox.models import Security, SmtpAccount
from despedida.plans import workflow
from despedida.plans.models import REPLY_KIND
from despedida.silence import protocol as silence_protocol
from despedida.silence.views import ACTIONS as SILENCE_ACTIONS
from despedida.web import calendar_feed
from despedida.web.forms import QUICK_FORMS
from despedida.workspace_settings import invitations
from tests.dates import NOW

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


# --- The decisions: what each URL pattern names ---------------------------------------------


@dataclass(frozen=True)
class Each:
    """A parameter that is not an identifier: every one of these values is tried."""

    values: tuple


# For each pattern that names an object, where each parameter comes from: "thing.attr"
# is an attribute of a workspace's World (an identifier); anything else is a plain value.
OBJECT_PATTERNS: dict[str, dict[str, Any]] = {
    "switch_workspace": {"workspace_id": "workspace.pk"},
    "web:client": {"key": "client.key"},
    "web:log": {"key": "client.key", "form_name": Each(tuple(QUICK_FORMS))},
    "web:client_edit": {"key": "client.key"},
    "web:entry_edit": {"key": "client.key", "kind": "invoice", "pk": "invoice.pk"},
    "web:entry_delete": {"key": "client.key", "kind": "invoice", "pk": "invoice.pk"},
    "web:entry_undo": {"key": "client.key", "token": "not-a-token"},
    "web:client_archive": {"key": "client.key"},
    "web:contract_edit": {"key": "client.key"},
    "web:project_new": {"key": "client.key"},
    "web:project_edit": {"key": "client.key", "pk": "project.pk"},
    "web:milestone_new": {"key": "client.key", "project_pk": "project.pk"},
    "web:milestone_edit": {"key": "client.key", "project_pk": "project.pk", "pk": "milestone.pk"},
    "web:dossier": {"key": "client.key"},
    "letters:new": {"client_pk": "client.pk"},
    "letters:edit": {"pk": "letter.pk"},
    "letters:version": {"pk": "letter.pk", "number": 1},
    "letters:send": {"pk": "letter.pk"},
    "letters:eml": {"pk": "letter.pk"},
    "documents:letter_pdf": {"pk": "letter.pk"},
    "letters:discard": {"pk": "letter.pk"},
    "letters:review_link_new": {"pk": "letter.pk"},
    "letters:review_link_revoke": {"pk": "letter.pk", "link_pk": "link.pk"},
    "plans:client": {"client_pk": "client.pk"},
    "plans:plan_new": {"client_pk": "client.pk"},
    "plans:plan": {"pk": "plan.pk"},
    "plans:plan_step_toggle": {"pk": "plan.pk", "step_pk": "step.pk"},
    "plans:plan_letter": {"pk": "plan.pk"},
    "plans:plan_reply": {"pk": "plan.pk", "kind": Each(tuple(REPLY_KIND.values()))},
    "plans:plan_reaction": {"pk": "plan.pk"},
    "plans:plan_close": {"pk": "plan.pk"},
    "lessons:lessons": {"pk": "closed_plan.pk"},
    "plans:plan_cancel": {"pk": "plan.pk"},
    "silence:silence": {"client_pk": "silent.pk"},
    "silence:silence_start": {"client_pk": "client.pk"},
    "silence:silence_action": {"pk": "protocol.pk", "action": Each(SILENCE_ACTIONS)},
    "intake:intake": {"client_pk": "prospect.pk"},
    "intake:intake_accept": {"client_pk": "prospect.pk"},
    "intake:intake_decline": {"client_pk": "prospect.pk"},
    "outbox:detail": {"pk": "message.pk"},
    "outbox:eml": {"pk": "message.pk"},
    "outbox:queue": {"pk": "message.pk"},
    "outbox:cancel": {"pk": "message.pk"},
    "outbox:mark_sent": {"pk": "message.pk"},
    "outbox:confirm": {"pk": "message.pk"},
    "mail:assign": {"pk": "unknown_sender.pk"},
    "mail:dismiss": {"pk": "unknown_sender.pk"},
    "mail:address_add": {"key": "client.key"},
    "mail:address_remove": {"pk": "client_address.pk"},
    "mail:needs_reply": {"pk": "sent_message.pk"},
    "settings:progress": {"key": "progress.key"},
    "settings:change_role": {"pk": "membership.pk"},
    "settings:remove_member": {"pk": "membership.pk"},
    "settings:revoke_invitation": {"pk": "invitation.pk"},
}

# Patterns whose answer to another workspace is a 200 that says nothing, by design:
# the progress of a long action is looked up under the asker's own workspace.
ANSWERS_NOTHING = {"settings:progress": b'{"phase": null}'}

# Pages about the signed-in user's own workspace or account: no identifier in the URL.
NO_OBJECT = {
    "logout",
    "account",
    "password_change",
    "notices_read",
    "sign_out_everywhere",
    "two_factor_setup",
    "two_factor_recovery_codes",
    "two_factor_disable",
    "two_factor_verify",
    "web:portfolio",
    "web:business_new",  # makes a workspace only for someone in none; anyone else is sent home
    "web:client_new",
    "letters:tone",
    "letters:check",
    "lessons:contract_checklist",
    "web:calendar",
    "web:calendar_regenerate",
    "web:calendar_revoke",
    "outbox:list",
    "outbox:settings",
    "outbox:test",
    "mail:settings",
    "mail:folders",
    "mail:test",
    "mail:sync",
    "mail:unknown",
    "settings:overview",
    "settings:profile",
    "settings:letterhead",
    "settings:thresholds",
    "settings:thresholds_reset",
    "settings:assess_all",
    "settings:demo_refresh",
    "settings:team",
    "settings:invite",
    "settings:import",
    "settings:import_confirm",
    "settings:import_cancel",
    "settings:import_csv",
    "settings:import_csv_review",
    "settings:import_csv_cancel",
    "settings:export",
    "settings:export_download",
}

# Reached without logging in: the login pages, the language switch, the health check,
# and the pages whose secret token in the URL is the key (World attribute holding it).
PUBLIC = {
    "login": None,
    "admin:login": None,
    "set_language": None,
    "password_reset": None,
    "password_reset_done": None,
    "password_reset_confirm": None,  # the signed token in the URL is the key; Django checks it
    "password_reset_complete": None,
    "web:healthz": None,
    "letters:review": "review_token",
    "web:calendar_feed": "calendar_token",
    "settings:join": "invitation_token",
}

# The Django admin is for the operator: staff only, whatever the object.
ADMIN_NAMESPACE = "admin"

# A plausible, valid form for each POST, so that a view missing its workspace check would act.
POST_DATA: dict[str, dict[str, str]] = {
    "switch_workspace": {"next": "/"},
    "web:log": {
        "event-type": "ethics_concern",
        "event-on": "2026-11-21",
        "event-ethics_kind": "illegal",
        "message-direction": "in",
        "message-at": "2026-11-21T10:00",
        "message-subject": "Hola",
        "invoice-number": "F-99",
        "invoice-issued_on": "2026-11-21",
        "invoice-due_on": "2026-12-21",
        "invoice-amount": "100",
        "invoice-currency": "EUR",
        "payment-on": "2026-11-21",
        "payment-amount": "10",
        "time-on": "2026-11-21",
        "time-hours": "2",
        "time-kind": "work",
    },
    "letters:new": {"kind": "termination"},
    "settings:letterhead": {"legal_name": "Cambiado SL", "signature": "x", "late-rule": "es"},
    "letters:edit": {"subject": "Cambiado", "body": "Texto cambiado."},
    "letters:send": {"how": "by_hand", "override_reason": "Urgente."},
    "letters:review_link_new": {"days": "3", "label": "x"},
    "plans:plan_new": {
        "notice_on": "2026-11-24",
        "last_work_on": "2026-11-30",
        "handover_until": "2026-12-05",
        "last_work_reason": "Acordado.",
    },
    "plans:plan_reaction": {"kind": "plead", "at": "2026-11-22T08:00", "note": "x"},
    "plans:plan_close": {"future_prospect": "no", "what_happened": "x"},
    "silence:silence_start": {"automatic": "on", "note": "x"},
    "silence:silence_action": {"note": "x", "automatic": "on"},
    "intake:intake_accept": {"note": "Aceptado igualmente."},
    "intake:intake_decline": {"note": "x"},
    "mail:address_add": {"value": "equipo@nuevo.example"},
    "mail:needs_reply": {"needs_reply": "no"},
    "settings:change_role": {"role": "owner"},
    "settings:invite": {"role": "member", "note": "x"},
}


# --- The URL patterns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str  # the full route, e.g. "letters/<int:pk>/send/"
    namespace: str
    pattern: URLPattern

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    @property
    def is_admin(self) -> bool:
        return self.namespace.split(":")[0] == ADMIN_NAMESPACE and self.key != "admin:login"


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from walk(entry, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(key=name or route, route=route, namespace=namespace, pattern=entry)


def all_routes() -> list[Route]:
    return list(walk(get_resolver()))


def build(route: Route, values: dict[str, Any]) -> str:
    """The URL of `route` with these parameter values (path converters and regex groups alike)."""

    def value(match: re.Match) -> str:
        return str(values[match.group(1)])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route.route)  # regex groups first: they hold <name> too
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    url = "/" + path.replace("^", "").replace("$", "")
    # ResolverMatch.route joins the same pieces, without the "^" anchors of inner regexes.
    reached = resolve(url).route.replace("^", "")
    assert reached == route.route.replace("^", ""), f"{route.key}: {url} reaches {reached}"
    return url


# --- Two workspaces with one object of every kind -------------------------------------------


@dataclass
class World:
    workspace: Workspace
    owner: Any
    marker: str  # a word found in this workspace's data and nowhere else
    objects: dict[str, Any] = field(default_factory=dict)
    review_token: str = ""
    calendar_token: str = ""
    invitation_token: str = ""

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def lookup(self, path: str) -> Any:
        thing, attribute = path.split(".")
        return getattr(getattr(self, thing), attribute)


def mid_job_client(workspace: Workspace, marker: str, today: dt.date) -> db.Client:
    client = db.Client.objects.create(
        workspace=workspace,
        key=f"{marker.lower()}-retail",
        name=f"{marker} Retail SL",
        language="es",
        contact_name=f"Ana {marker}",
        contact_email=f"ana@{marker.lower()}.example",
        has_contact=True,
    )
    db.Contract.objects.create(
        workspace=workspace, client=client, signed_on=today - 200 * DAY, scope_defined=True, notice_days=10
    )
    project = db.Project.objects.create(
        workspace=workspace,
        client=client,
        key="web",
        name=f"Tienda {marker}",
        started_on=today - 200 * DAY,
        fee=Decimal("6000"),
    )
    db.Milestone.objects.create(
        workspace=workspace, client=client, project=project, name="Desarrollo", due_on=today + 20 * DAY
    )
    invoice = db.Invoice.objects.create(
        workspace=workspace,
        client=client,
        project=project,
        number="F-1",
        issued_on=today - 40 * DAY,
        due_on=today - 10 * DAY,
        amount=Decimal("1500"),
        currency="EUR",
    )
    db.Payment.objects.create(
        workspace=workspace, client=client, invoice=invoice, on=today - 5 * DAY, amount=Decimal("500")
    )
    db.Reminder.objects.create(workspace=workspace, client=client, invoice=invoice, on=today - 3 * DAY)
    db.TimeEntry.objects.create(
        workspace=workspace, client=client, project=project, on=today - 2 * DAY, hours=Decimal("3")
    )
    db.Event.objects.create(
        workspace=workspace,
        client=client,
        on=today - 4 * DAY,
        type=db.EventType.CONVERSATION,
        topic=f"Reunión {marker}",
    )
    return client


def silent_client(workspace: Workspace, marker: str, now: dt.datetime) -> db.Client:
    """A client who has not answered our message of eight days ago."""
    client = db.Client.objects.create(
        workspace=workspace,
        key=f"{marker.lower()}-mudo",
        name=f"{marker} Mudo SL",
        contact_email=f"nadie@{marker.lower()}.example",
        has_contact=True,
        language="es",
    )
    project = db.Project.objects.create(
        workspace=workspace, client=client, key="app", name="App", fee_type=db.FeeType.HOURLY, fee=Decimal("50")
    )
    db.TimeEntry.objects.create(
        workspace=workspace, client=client, project=project, on=(now - 11 * DAY).date(), hours=Decimal("10")
    )
    db.Message.objects.create(
        workspace=workspace,
        client=client,
        at=now - 13 * DAY,
        direction=db.Direction.IN,
        subject="Adelante",
        body="Adelante con la app.",
    )
    db.Message.objects.create(
        workspace=workspace,
        client=client,
        at=now - 8 * DAY,
        direction=db.Direction.OUT,
        subject="Entrega",
        body="¿Nos confirma?",
        needs_reply=True,
    )
    return client


def build_world(workspace: Workspace, owner, marker: str) -> World:
    world = World(workspace=workspace, owner=owner, marker=marker)
    today = today_for(workspace)
    client = mid_job_client(workspace, marker, today)
    suggestion = workflow.suggest(client, today)
    plan = workflow.create_plan(
        client,
        as_of=today,
        notice_on=suggestion.notice_on,
        user=owner,
        last_work_on=suggestion.last_work_on,
        handover_until=suggestion.handover_until,
    )
    letter = drafts.create_draft(client, LetterKind.TERMINATION, user=owner, plan=plan)
    link, world.review_token = drafts.create_review_link(letter, user=owner)
    comment = drafts.add_comment(link, author="Jorge", body=f"Bien, {marker}.")
    reaction = workflow.record_reaction(plan, kind="plead", at=NOW - DAY, note="x", user=owner)

    former = mid_job_client(workspace, f"{marker}Antiguo", today)
    closed_plan = workflow.create_plan(
        former,
        as_of=today,
        notice_on=today + DAY,
        user=owner,
        last_work_on=today + 20 * DAY,
        handover_until=today + 30 * DAY,
    )
    lessons = workflow.close_plan(
        closed_plan,
        lessons={"signals": [], "what_happened": "x", "next_time": "y", "future_prospect": "no"},
        user=owner,
    )

    silent = silent_client(workspace, marker, NOW)
    protocol = silence_protocol.start(silent, user=owner, automatic=False)
    prospect = db.Client.objects.create(
        workspace=workspace,
        key=f"{marker.lower()}-nuevo",
        stage=db.Stage.PROSPECT,
        name=f"{marker} Nuevo SA",
        contact_email=f"hola@{marker.lower()}.example",
    )
    accepted = db.Client.objects.create(
        workspace=workspace, key=f"{marker.lower()}-aceptado", name=f"{marker} Sí SA", stage=db.Stage.PROSPECT
    )
    decision = intake_flow.accept(accepted, user=owner, note="Aceptado.")
    message = outbox.draft_message(
        workspace,
        client,
        to=client.contact_email,
        subject=f"Hola {marker}",
        body="Cuerpo.",
        kind="other",
        language="es",
    )
    account = SmtpAccount.objects.create(
        workspace=workspace,
        host="127.0.0.1",
        port=2525,
        security=Security.NONE,
        from_address=f"hola@{marker.lower()}.example",
    )
    # Mail in: a mailbox (nothing listens on its port), an unknown sender, a client's extra address.
    Mailbox.objects.create(
        workspace=workspace,
        host="127.0.0.1",
        port=9,
        security=MailSecurity.NONE,
        username=f"hola@{marker.lower()}.example",
        folders=["INBOX"],
    )
    unknown_sender = UnknownSender.objects.create(
        workspace=workspace, address=f"quien@{marker.lower()}-nuevo.example", count=2, last_at=NOW - DAY
    )
    client_address = ClientAddress.objects.create(
        workspace=workspace, client=client, value=f"equipo@{marker.lower()}.example"
    )
    world.calendar_token = calendar_feed.regenerate(owner)
    invitation, world.invitation_token = invitations.invite(workspace, by=owner, role="member", note=f"Para {marker}")
    report = SimpleNamespace(key=progress.new_key())  # an "assess all" a third of the way through
    progress.Progress(workspace, report.key).report("assess", 3, 10)
    world.objects.update(
        project=db.Project.objects.get(client=client),
        milestone=db.Milestone.objects.get(client=client),
        invoice=db.Invoice.objects.get(client=client, number="F-1"),
        workspace=workspace,
        client=client,
        plan=plan,
        step=plan.steps.order_by("position").first(),
        letter=letter,
        link=link,
        closed_plan=closed_plan,
        silent=silent,
        protocol=protocol,
        prospect=prospect,
        message=message,
        user=owner,
        comment=comment,
        reaction=reaction,
        lessons=lessons,
        decision=decision,
        account=account,
        invitation=invitation,
        progress=report,
        audit_entry=AuditEntry.objects.filter(workspace=workspace).order_by("sequence").first(),
        unknown_sender=unknown_sender,
        client_address=client_address,
        sent_message=db.Message.objects.get(client=silent, direction=db.Direction.OUT),
        membership=Membership.objects.filter(workspace=workspace).order_by("pk").last(),
    )
    return world


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Progress reports are files under DATA_DIR: each test gets its own."""
    settings.DATA_DIR = tmp_path


@pytest.fixture
def worlds(norte, alice, bob, sur, charlie) -> tuple[World, World]:
    return build_world(norte, alice, "Zafiro"), build_world(sur, charlie, "Coral")


# --- Everything in a workspace, to see that nothing changed ---------------------------------

# Rows that belong to a workspace without a `workspace` column, and how to reach them.
SCOPED_THROUGH = {
    "accounts.Workspace": "pk",
    "auth.User": "memberships__workspace",
    "letters.LetterVersion": "draft__workspace",
    "letters.ReviewLink": "draft__workspace",
    "letters.ReviewComment": "link__draft__workspace",
    "exits.CalendarFeed": "user__memberships__workspace",
    "accounts.SignInEvent": "user__memberships__workspace",
    "accounts.SecurityNotice": "user__memberships__workspace",
}
# Django's own tables, which hold no workspace's data.
NOT_WORKSPACE_DATA = {
    "admin.LogEntry",
    "auth.Permission",
    "auth.Group",
    "contenttypes.ContentType",
    "sessions.Session",
    # Sign-in throttling (django-axes) and two-factor devices (django-otp):
    # per address or per user, never a workspace's data; the operator's admin only.
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
}


def scope_of(model) -> str | None:
    label = model._meta.label
    if label in SCOPED_THROUGH:
        return SCOPED_THROUGH[label]
    if any(f.name == "workspace" for f in model._meta.fields):
        return "workspace"
    return None


def snapshot(workspace: Workspace) -> dict[str, list[dict]]:
    rows = {}
    for model in apps.get_models():
        lookup = scope_of(model)
        if lookup is not None:
            rows[model._meta.label] = list(
                model.objects.filter(**{lookup: workspace.pk}).order_by("pk").distinct().values()
            )
    return rows


def changes(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


# --- The URLs of one world ------------------------------------------------------------------


def variants(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every combination of the plain values; identifiers stay as paths into a World."""
    combos: list[dict[str, Any]] = [{}]
    for name, value in spec.items():
        options = value.values if isinstance(value, Each) else (value,)
        combos = [{**combo, name: option} for combo in combos for option in options]
    yield from combos


def identifiers(spec: dict[str, Any]) -> list[str]:
    return [name for name, value in spec.items() if isinstance(value, str) and "." in value]


def object_urls(route: Route, owner_of: dict[str, World]) -> Iterator[str]:
    """The URLs of `route` with each identifier taken from the World named in `owner_of`."""
    for combo in variants(OBJECT_PATTERNS[route.key]):
        values = {
            name: owner_of[name].lookup(value) if name in identifiers(combo) else value for name, value in combo.items()
        }
        yield build(route, values)


def admin_url(route: Route, world: World) -> str:
    """Any admin URL, pointed at the world's object of the admin's model where it takes one."""
    model_admin = getattr(route.pattern.callback, "model_admin", None)
    values: dict[str, Any] = {"url": "nothing-here/", "id": world.owner.pk, "object_id": "1", "pk": "1"}
    if model_admin is not None:
        mine = [obj for obj in world.objects.values() if isinstance(obj, model_admin.model)]
        if scope_of(model_admin.model) is not None:
            assert mine, f"{route.key}: add a {model_admin.model.__name__} to build_world"
        if mine:
            values["object_id"] = mine[0].pk
    if "content_type_id" in route.params:
        values.update(content_type_id=ContentType.objects.get_for_model(db.Client).pk, object_id=world.client.pk)
    match = re.search(r"\(\?P<app_label>([^|)]+)", route.route)
    if match:
        values["app_label"] = match.group(1)
    return build(route, values)


# --- The tests ------------------------------------------------------------------------------


def test_every_url_pattern_is_swept():
    """A new URL pattern fails here until it is added to one of the tables above."""
    keys = [route.key for route in all_routes()]
    assert len(keys) == len(set(keys)), "two patterns share a name"
    known = set(OBJECT_PATTERNS) | NO_OBJECT | set(PUBLIC)
    unknown = [route.key for route in all_routes() if route.key not in known and not route.is_admin]
    assert not unknown, f"URL patterns the access sweep cannot build; decide what each names: {unknown}"
    assert known <= set(keys), f"patterns listed here that no longer exist: {sorted(known - set(keys))}"
    for route in all_routes():
        if route.key in OBJECT_PATTERNS:
            assert set(OBJECT_PATTERNS[route.key]) == set(route.params), route.key
            assert identifiers(OBJECT_PATTERNS[route.key]), f"{route.key} names no object: move it to NO_OBJECT"
        elif route.key in NO_OBJECT:
            assert not route.params, f"{route.key} takes {route.params}: say which object in OBJECT_PATTERNS"


def test_only_the_public_pages_let_anyone_in_without_logging_in():
    exempt = {route.key for route in all_routes() if getattr(route.pattern.callback, "login_required", True) is False}
    assert exempt == set(PUBLIC)


def test_every_model_is_known_to_belong_to_a_workspace_or_to_none():
    unknown = [
        m._meta.label for m in apps.get_models() if scope_of(m) is None and m._meta.label not in NOT_WORKSPACE_DATA
    ]
    assert not unknown, f"say how these rows reach a workspace (SCOPED_THROUGH) or that they don't: {unknown}"


def as_user(user) -> HttpClient:
    browser = HttpClient()
    browser.force_login(user)
    return browser


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def post_data(route: Route) -> dict[str, str]:
    return POST_DATA.get(route.key, {})


def test_the_sweep_reaches_each_of_alices_objects_when_alice_asks(worlds):
    """The URLs are right: alice gets past every lookup (so charlie's 404s come from the scoping)."""
    alice_world, _ = worlds
    alice = as_user(alice_world.owner)
    for route in all_routes():
        if route.key not in OBJECT_PATTERNS:
            continue
        for url in object_urls(route, {name: alice_world for name in route.params}):
            for method in ("get", "post"):
                with transaction.atomic():
                    response = getattr(alice, method)(url, post_data(route))
                    transaction.set_rollback(True)
                assert response.status_code not in (403, 404), f"{method.upper()} {url}: {response.status_code}"
                assert body(response) != ANSWERS_NOTHING.get(route.key), f"{method.upper()} {url} says nothing"


def test_charlie_gets_a_404_for_every_object_of_alices_workspace_and_changes_nothing(worlds):
    """
    GIVEN alice's and charlie's workspaces, each with one object of every kind
    WHEN charlie GETs and POSTs every URL naming alice's objects (alone, or mixed with his own)
    THEN each answer is a 404 (405 for the wrong method, 403 for owner-only), none shows alice's data,
         and every row of Estudio Norte is as it was
    """
    alice_world, charlie_world = worlds
    charlie = as_user(charlie_world.owner)
    before = snapshot(alice_world.workspace)
    secrets = [alice_world.marker.encode(), alice_world.client.contact_email.encode()]
    swept = 0
    for route in all_routes():
        if route.key not in OBJECT_PATTERNS:
            continue
        ids = identifiers(OBJECT_PATTERNS[route.key])
        # All of alice's, then each of her identifiers alone among charlie's own.
        mixes = [{name: alice_world for name in ids}]
        if len(ids) > 1:
            mixes += [{name: alice_world if name == hers else charlie_world for name in ids} for hers in ids]
        for owner_of in mixes:
            for url in object_urls(route, owner_of):
                statuses = set()
                for method in ("get", "post"):
                    response = getattr(charlie, method)(url, post_data(route))
                    status = response.status_code
                    if status == 200 and body(response) == ANSWERS_NOTHING.get(route.key):
                        status = 404  # as good as a 404: see ANSWERS_NOTHING
                    statuses.add(status)
                    assert status in (403, 404, 405), f"{method.upper()} {url}: {status}"
                    assert not any(secret in body(response) for secret in secrets), f"{method.upper()} {url}"
                    changed = changes(before, snapshot(alice_world.workspace))
                    assert not changed, f"{method.upper()} {url} changed {changed}"
                assert statuses & {403, 404}, f"{url}: only {statuses}"
                swept += 1
    assert swept >= 45  # a floor, so the loop can't silently sweep nothing


def test_charlies_own_pages_never_show_alices_data(worlds):
    alice_world, charlie_world = worlds
    before = snapshot(alice_world.workspace)
    secrets = [alice_world.marker.encode(), alice_world.client.contact_email.encode()]
    for route in all_routes():
        if route.key not in NO_OBJECT:
            continue
        url = build(route, {})
        for method in ("get", "post"):
            charlie = as_user(charlie_world.owner)  # a fresh session: the logout page ends it
            response = getattr(charlie, method)(url, post_data(route))
            assert response.status_code < 500
            assert not any(secret in body(response) for secret in secrets), f"{method.upper()} {url}"
    assert not changes(before, snapshot(alice_world.workspace))


def test_the_admin_sends_charlie_to_its_login_whatever_the_object(worlds):
    alice_world, charlie_world = worlds
    charlie = as_user(charlie_world.owner)
    before = snapshot(alice_world.workspace)
    for route in all_routes():
        if not route.is_admin:
            continue
        url = admin_url(route, alice_world)
        for method in ("get", "post"):
            response = getattr(charlie, method)(url)
            assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
            # The admin's logout sends a non-staff user to the admin's index, which asks to log in.
            expected = "/admin/" if route.key == "admin:logout" else "/admin/login/"
            assert response["Location"].startswith(expected), url
    assert not changes(before, snapshot(alice_world.workspace))


def url_for_anyone(route: Route, world: World) -> str:
    if route.is_admin:
        return admin_url(route, world)
    if route.key in OBJECT_PATTERNS:
        return next(object_urls(route, {name: world for name in route.params}))
    if route.key in PUBLIC and PUBLIC[route.key]:
        return build(route, {route.params[0]: getattr(world, PUBLIC[route.key])})
    return build(route, {})


def test_signed_out_visitors_are_sent_to_log_in_everywhere_but_the_public_pages(worlds, client):
    alice_world, _ = worlds
    before = snapshot(alice_world.workspace)
    for route in all_routes():
        if route.key in PUBLIC:
            continue
        url = url_for_anyone(route, alice_world)
        for method in ("get", "post"):
            response = getattr(client, method)(url, post_data(route))
            assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
            assert response["Location"].startswith(("/login/", "/admin/login/")), url
            assert alice_world.marker.encode() not in body(response)
    assert not changes(before, snapshot(alice_world.workspace))


def test_the_public_pages_answer_without_login_and_a_wrong_token_is_a_404(worlds, client):
    alice_world, _ = worlds
    assert client.get("/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/healthz").content == b"ok"
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})["Location"] == "/login/"
    for key, attribute in PUBLIC.items():
        if attribute is None:
            continue
        route = next(r for r in all_routes() if r.key == key)
        (param,) = route.params
        assert client.get(build(route, {param: getattr(alice_world, attribute)})).status_code == 200, key
        assert client.get(build(route, {param: "not-a-token"})).status_code == 404, key
