"""The client record: clients, contracts, projects, invoices, time, messages, events.

Every field of the portfolio file (format `despedida.portfolio/1`) has a
home here; keys this version does not understand are kept in `extra`.
Money is a DecimalField beside a currency; instants are aware datetimes,
with the offset they were written in kept for a faithful export.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from despedida.accounts.models import Workspace, WorkspaceOwned, WorkspaceQuerySet, currency_validator, extra_field
from despedida.core.portfolio import model as pf

MONEY = {"max_digits": 18, "decimal_places": 4}


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former")


class StrategicValue(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    HIGH = "high", _("High")


class Client(WorkspaceOwned):
    key = models.SlugField(_("id"), max_length=120, help_text=_("Stable identifier used in the portfolio file."))
    name = models.CharField(_("name"), max_length=200)
    tax_id = models.CharField(
        _("tax id"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("NIF/CIF, RFC, RUT, CUIT or VAT number, as the client writes it."),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.ACTIVE)
    language = models.CharField(
        _("language"), max_length=2, blank=True, choices=[("es", _("Spanish")), ("en", _("English"))]
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True, null=True)
    contact_email = models.EmailField(_("contact email"), blank=True, null=True)
    has_contact = models.BooleanField(default=False)
    strategic_value = models.CharField(
        _("strategic value"), max_length=4, choices=StrategicValue.choices, default=StrategicValue.NONE
    )
    extra = extra_field()
    contact_extra = extra_field()
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="client_key_unique_in_workspace")]
        indexes = [models.Index(fields=["workspace", "stage"]), models.Index(fields=["workspace", "name"])]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return self.name


class RecordQuerySet(WorkspaceQuerySet):
    def in_workspace(self, workspace: Workspace) -> RecordQuerySet:
        # An import writes a client's new rows with the workspace already set but
        # hangs them from a client it keeps hidden until its final swap
        # (portability/staging.py): a row is the workspace's only while its client is.
        return super().in_workspace(workspace).filter(client__workspace=workspace)


class ClientOwned(WorkspaceOwned):
    """A row of a client's record; carries the workspace too, so scoping is one filter (and the client's)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    extra = extra_field()
    position = models.PositiveIntegerField(default=0)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Contract(ClientOwned):
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="contract")
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scope_defined = models.BooleanField(_("scope defined"), default=False)
    deposit_requested = models.BooleanField(_("deposit requested"), default=False)
    deposit_paid_on = models.DateField(_("deposit paid on"), null=True, blank=True)
    deposit_refused = models.BooleanField(_("deposit refused"), default=False)
    late_fee_clause = models.BooleanField(_("late-payment clause"), default=False)
    change_order_clause = models.BooleanField(_("change-order clause"), default=False)
    silence_approval_days = models.PositiveSmallIntegerField(
        _("silence counts as approval after (days)"), null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"), null=True, blank=True)

    class Meta(ClientOwned.Meta):
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FeeType(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Hourly")
    RETAINER = "retainer", _("Monthly retainer")


class Project(ClientOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="projects")
    key = models.CharField(_("id"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    fee_type = models.CharField(_("fee type"), max_length=10, choices=FeeType.choices, default=FeeType.FIXED)
    fee = models.DecimalField(_("fee"), **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal(0))])

    class Meta(ClientOwned.Meta):
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="project_key_unique_in_client")]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name


class Milestone(ClientOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta(ClientOwned.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name


class Invoice(ClientOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invoices")
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="invoices", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=120)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_validator])

    class Meta(ClientOwned.Meta):
        constraints = [models.UniqueConstraint(fields=["client", "number"], name="invoice_number_unique_in_client")]
        indexes = [models.Index(fields=["workspace", "due_on"])]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number


class Payment(ClientOwned):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal(0))])

    class Meta(ClientOwned.Meta):
        verbose_name = _("payment")
        verbose_name_plural = _("payments")


class Reminder(ClientOwned):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    on = models.DateField(_("sent on"))

    class Meta(ClientOwned.Meta):
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")


class TimeKind(models.TextChoices):
    WORK = "work", _("Work")
    CHASING = "chasing", _("Chasing payment or answers")
    MEETING = "meeting", _("Meeting")
    ADMIN = "admin", _("Admin")


class TimeEntry(ClientOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="time_entries")
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("project"),
    )
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=4, validators=[MinValueValidator(Decimal(0))])
    kind = models.CharField(_("kind"), max_length=10, choices=TimeKind.choices, default=TimeKind.WORK)
    note = models.TextField(_("note"), null=True, blank=True)

    class Meta(ClientOwned.Meta):
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")


class Direction(models.TextChoices):
    IN = "in", _("From the client")
    OUT = "out", _("To the client")


class MessageOrigin(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    SENT = "sent", _("Sent from Despedida")
    IMAP = "imap", _("From the mailbox")
    MAIL_FILE = "mail_file", _("From a mail export")


class AutoReply(models.TextChoices):
    """Mail no person wrote: it neither answers a message nor counts as the client's silence."""

    NONE = "", _("Written by a person")
    AUTO_REPLY = "auto_reply", _("Automatic reply")
    BOUNCE = "bounce", _("Delivery failure")


class Message(ClientOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="messages")
    at = models.DateTimeField(_("when"))
    # The UTC offset the instant was written in, so an export writes it back as it came.
    utc_offset_minutes = models.SmallIntegerField(default=0)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    subject = models.CharField(_("subject"), max_length=500, null=True, blank=True)
    body = models.TextField(_("body"), null=True, blank=True)
    needs_reply = models.BooleanField(_("needs a reply"), default=False)
    origin = models.CharField(max_length=10, choices=MessageOrigin.choices, default=MessageOrigin.RECORDED)
    # Mail headers, without angle brackets: the thread, and never storing one message twice.
    # (Database defaults too: the bulk import inserts rows without naming these columns.)
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True, default="", db_default="")
    in_reply_to = models.CharField(_("in reply to"), max_length=500, blank=True, default="", db_default="")
    references = models.TextField(_("references"), blank=True, default="", db_default="")
    snippet = models.CharField(_("snippet"), max_length=300, blank=True, default="", db_default="")
    auto_reply = models.CharField(
        _("automatic"), max_length=10, choices=AutoReply.choices, blank=True, default="", db_default=""
    )
    # The user said whether it needs a reply: a later sync keeps their word.
    needs_reply_set_by_user = models.BooleanField(default=False, db_default=False)

    class Meta(ClientOwned.Meta):
        ordering = ["at", "position", "id"]
        indexes = [models.Index(fields=["client", "at"]), models.Index(fields=["workspace", "message_id"])]
        verbose_name = _("message")
        verbose_name_plural = _("messages")


class EventType(models.TextChoices):
    SCOPE_CHANGE = "scope_change", _("Scope change")
    CHANGE_ORDER_REFUSED = "change_order_refused", _("Change order refused")
    RATE_RENEGOTIATION = "rate_renegotiation", _("Rate renegotiation")
    DEPOSIT_REFUSED = "deposit_refused", _("Deposit refused")
    FEEDBACK = "feedback", _("Feedback")
    TEAM_MISTREATMENT = "team_mistreatment", _("Team mistreated")
    ADVICE_REJECTED = "advice_rejected", _("Advice rejected")
    ETHICS_CONCERN = "ethics_concern", _("Ethics concern")
    CONTACT_CHANGE = "contact_change", _("New contact person")
    CONVERSATION = "conversation", _("Conversation held")
    TEAM_REASSIGNED = "team_reassigned", _("Team reassigned")
    TERMS_CHANGED = "terms_changed", _("Terms changed")
    ULTIMATUM_SENT = "ultimatum_sent", _("Ultimatum sent")


class FeedbackQuality(models.TextChoices):
    CONSTRUCTIVE = "constructive", _("Constructive")
    VAGUE = "vague", _("Vague")
    ACCUSATORY = "accusatory", _("Accusatory")


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")


class EthicsKind(models.TextChoices):
    ILLEGAL = "illegal", _("Illegal")
    UNCOMFORTABLE = "uncomfortable", _("Not comfortable with it")


class Clause(models.TextChoices):
    LATE_FEE = "late_fee", _("Late-payment penalty")
    DEPOSIT = "deposit", _("Deposit")
    CHANGE_ORDER = "change_order", _("Change orders")
    SILENCE_APPROVAL = "silence_approval", _("Silence counts as approval")
    INVOICE_IN_ADVANCE = "invoice_in_advance", _("Invoice in advance")


# Which typed fields each event type uses; the others must stay empty.
# The detail fields each kind of event carries: the core's definition (despedida.core.portfolio.model),
# in column names ("kind" is a column name of every row, so an ethics concern's kind is `ethics_kind`).
COLUMN_OF = {"kind": "ethics_kind"}
EVENT_FIELDS: dict[str, set[str]] = {
    EventType(kind.value): {COLUMN_OF.get(name, name) for name in names}
    for kind, names in pf.EVENT_FIELDS.items()
    if names
}
NULLABLE_TYPED_FIELDS = ("quality", "delay_days", "severity", "ethics_kind", "topic", "clause", "deadline")
# Every detail column of an event, in the order the readers and writers of the record list them.
EVENT_DETAIL_COLUMNS = (
    "priced",
    "after_contract",
    "quality",
    "delay_days",
    "severity",
    "core",
    "ethics_kind",
    "topic",
    "clause",
    "deadline",
)
# The event form asks for these; a portfolio file may leave them out (the format allows it).
REQUIRED_IN_FORMS = {EventType.FEEDBACK: "quality", EventType.TERMS_CHANGED: "clause"}
CHOICE_FIELDS = (
    ("quality", FeedbackQuality),
    ("severity", IncidentSeverity),
    ("ethics_kind", EthicsKind),
    ("clause", Clause),
)


def event_constraints() -> list[models.CheckConstraint]:
    """What `Event.clean()` checks, held by the database too, so that no path (the fast import included)
    can store an event with another kind's details or with an unknown code."""
    empty = {"delay_days": Q(delay_days__isnull=True), "deadline": Q(deadline__isnull=True)}
    checks = [models.CheckConstraint(condition=Q(type__in=EventType.values), name="event_type_is_known")]
    for name in NULLABLE_TYPED_FIELDS:
        kinds = sorted(kind for kind, names in EVENT_FIELDS.items() if name in names)
        blank = empty.get(name, Q(**{f"{name}__isnull": True}) | Q(**{name: ""}))
        checks.append(
            models.CheckConstraint(condition=blank | Q(type__in=kinds), name=f"event_{name}_only_on_its_kinds")
        )
    for name, choices in CHOICE_FIELDS:
        blank = Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
        checks.append(
            models.CheckConstraint(
                condition=blank | Q(**{f"{name}__in": choices.values}), name=f"event_{name}_is_known"
            )
        )
    return checks


class Event(ClientOwned):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="events")
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("project")
    )
    on = models.DateField(_("date"))
    type = models.CharField(_("what happened"), max_length=24, choices=EventType.choices)
    note = models.TextField(_("note"), null=True, blank=True)
    priced = models.BooleanField(_("accepted as a priced change order"), default=False)
    after_contract = models.BooleanField(_("after the contract was closed"), default=True)
    quality = models.CharField(_("quality"), max_length=12, choices=FeedbackQuality.choices, null=True, blank=True)
    delay_days = models.PositiveIntegerField(_("days to answer"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=IncidentSeverity.choices, null=True, blank=True)
    core = models.BooleanField(_("on a core topic"), default=False)
    ethics_kind = models.CharField(_("kind"), max_length=14, choices=EthicsKind.choices, null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, null=True, blank=True)
    clause = models.CharField(_("clause"), max_length=20, choices=Clause.choices, null=True, blank=True)
    deadline = models.DateField(_("reply-by date"), null=True, blank=True)

    class Meta(ClientOwned.Meta):
        ordering = ["on", "position", "id"]
        indexes = [models.Index(fields=["client", "type"])]
        constraints = event_constraints()
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        allowed = EVENT_FIELDS.get(self.type, set())
        for name in NULLABLE_TYPED_FIELDS:
            if name not in allowed and getattr(self, name) not in (None, ""):
                errors[name] = _("Not used for this kind of event.")
        if errors:
            raise ValidationError(errors)


class ClientAlias(WorkspaceOwned):
    """Another name a client goes by in imported files, confirmed once and remembered.

    `name` is the name as `csv_import.matching.normalize_name` leaves it, so
    "ACME, S.L." and "Acme SL" are one alias.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="client_alias_unique_in_workspace")]
        verbose_name = _("client alias")
        verbose_name_plural = _("client aliases")

    def __str__(self) -> str:
        return self.name
