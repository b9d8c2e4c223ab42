"""Check a parsed portfolio document and build the model's dataclasses.

A `Decoder` reads one document. It builds what is valid and records a
`Problem` (JSON path, short message) for everything else, so that a file is
refused with every problem listed at once. `reader.load_document` runs it
over a whole parsed document and `reader.stream_portfolio` over clients
parsed one at a time; both go through `Decoder.client`, so each rule is
written once.

Files have millions of time entries and messages. Their rows first try a
fast path made only of lookups in tables of values already accepted (dates
and amounts seen before, the client's project ids, the closed lists) and
length checks; any miss, any unknown key, falls back to the full check,
which alone reports. Texts need no check of their characters here: the
JSON guard (`jsonguard`) has replaced any bad one by `REPORTED` first.
"""

from __future__ import annotations

from . import limits
from .fields import FieldReader, is_list, is_object
from .jsonguard import REPORTED, Guard, Repeated, walk
from .model import (
    EVENT_FIELDS,
    FORMAT,
    Business,
    Client,
    Contact,
    Contract,
    Event,
    FeeType,
    Invoice,
    Message,
    Milestone,
    Payment,
    Portfolio,
    Project,
    ProjectStatus,
    Stage,
    StrategicValue,
    TimeEntry,
    TimeKind,
)
from .schema import (
    BUSINESS_KEYS,
    CLIENT_KEYS,
    CONTACT_KEYS,
    CONTRACT_KEYS,
    DIRECTIONS,
    EVENT_BASE_KEYS,
    EVENT_FIELD_PARSERS,
    EVENT_KEYS,
    EVENT_TYPES,
    FEE_TYPES,
    INVOICE_KEYS,
    LANGUAGES,
    MESSAGE_KEYS,
    MILESTONE_KEYS,
    PAYMENT_KEYS,
    PORTFOLIO_KEYS,
    PROJECT_KEYS,
    PROJECT_STATUSES,
    STAGES,
    STRATEGIC_VALUES,
    TIME_KEYS,
    TIME_KIND_OR_WORK,
    TIME_KINDS,
)
from .values import (
    Invalid,
    parse_bool,
    parse_client_id,
    parse_currency,
    parse_days,
    parse_email,
    parse_instant,
    parse_message_id,
    parse_name,
    parse_rate,
    parse_subject,
    parse_tax_id,
    parse_timezone,
)

_NAME_LENGTH = limits.NAME_LENGTH
_ID_LENGTH = limits.ID_LENGTH
_SUBJECT_LENGTH = limits.SUBJECT_LENGTH


class Decoder(FieldReader):
    """Reads one document; `problems` lists what was wrong, in document order."""

    def __init__(self, guard: Guard | None = None) -> None:
        super().__init__()
        # Walks a value for repeated keys and bad texts when the parser saw
        # some; without one (a document parsed elsewhere) every value is walked.
        self.guard = guard or Guard(suspect=True, sticky=True)
        self.currency: str | None = None  # the business's, for invoices without one
        self._client_ids: set[str] = set()
        self._project_ids: set[str] = set()  # of the client being read
        self._invoice_ids: set[str] = set()  # of the client being read

    # -- the document without its clients ---------------------------------

    def head(self, document: dict) -> Portfolio:
        """Format, as_of, business and unknown keys; `clients` is left empty.

        The guard walks the document but its `clients`, which `client` walks
        one at a time.
        """
        if self.guard.suspect:
            if isinstance(document, Repeated):
                self.problems.extend(walk(Repeated.keys_only(document), ""))
            rest = {key: value for key, value in document.items() if key != "clients"}
            self.problems.extend(self.guard.findings(rest, ""))
            document = {**rest, "clients": document.get("clients")} if "clients" in document else rest
        get = document.get
        found = get("format")
        if found is None:
            self.report("", "format", "required")
        elif found != FORMAT and found is not REPORTED:
            self.report("", "format", "format", format=FORMAT)
        return Portfolio(
            as_of=self.date(get("as_of"), "", "as_of"),
            business=self.business(get("business")),
            clients=[],
            format=FORMAT,
            extra=self.extra(document, PORTFOLIO_KEYS, ""),
        )

    def business(self, raw: object) -> Business:
        if not is_object(raw):
            if raw is not REPORTED:
                self.report("", "business", "required" if raw is None else "not_object")
            return Business(currency="")
        get = raw.get
        where = "business"
        name = self.field(get("name"), parse_name, where, "name", "")
        self.currency = self.field(get("currency"), parse_currency, where, "currency", None, True)
        return Business(
            name=name,
            currency=self.currency or "",
            language=self.field(get("language"), LANGUAGES.parse, where, "language", "es"),
            timezone=self.field(get("timezone"), parse_timezone, where, "timezone", "UTC"),
            target_hourly_rate=self.field(get("target_hourly_rate"), parse_rate, where, "target_hourly_rate"),
            payment_terms_days=self.field(get("payment_terms_days"), parse_days, where, "payment_terms_days", 30),
            extra=self.extra(raw, BUSINESS_KEYS, where),
        )

    def clients(self, value: object, consume: bool = False) -> list[Client]:
        """The valid clients of the list; with `consume`, each item of the
        list is dropped (set to None) once read, to free it early."""
        if value is None:
            return []
        if not is_list(value):
            if value is not REPORTED:
                self.report("", "clients", "not_list")
            return []
        clients = []
        for index, raw in enumerate(value):
            client = self.client(raw, index)
            if consume:
                value[index] = None
            if client is not None:
                clients.append(client)
        return clients

    # -- one client ----------------------------------------------------------

    def client(self, raw: object, index: int) -> Client | None:
        """The client at `clients[index]`, or None if it has a problem (reported)."""
        where = f"clients[{index}]"
        before = len(self.problems)
        if self.guard.suspect:
            self.problems.extend(self.guard.findings(raw, where))
        if not is_object(raw):
            self.not_an_object(where, raw)
            return None
        get = raw.get
        client_id = self.unique_id(get("id"), self._client_ids, where, parse_client_id)
        self._project_ids = set()
        self._invoice_ids = set()
        self.project_refs = {None: None}
        # Keyword order is the file's order, so problems are listed in it.
        # Projects come first anyway: invoices, time and events refer to them.
        client = Client(
            id=client_id,
            name=self.field(get("name"), parse_name, where, "name", None, True),
            tax_id=self.text(get("tax_id"), where, "tax_id", parse_tax_id),
            stage=self.field(get("stage"), STAGES.parse, where, "stage", Stage.ACTIVE),
            language=self.field(get("language"), LANGUAGES.parse, where, "language"),
            contact=self.object(get("contact"), self._contact, where, "contact"),
            strategic_value=self.field(
                get("strategic_value"),
                STRATEGIC_VALUES.parse,
                where,
                "strategic_value",
                StrategicValue.NONE,
            ),
            contract=self.object(get("contract"), self._contract, where, "contract"),
            projects=self.rows(get("projects"), self._project, where, "projects"),
            invoices=self.rows(get("invoices"), self._invoice, where, "invoices"),
            time=self._time_entries(get("time"), where),
            messages=self._messages(get("messages"), where),
            events=self.rows(get("events"), self._event, where, "events"),
            extra=self.extra(raw, CLIENT_KEYS, where),
        )
        return client if len(self.problems) == before else None

    def _contact(self, raw: dict, where: str) -> Contact:
        get = raw.get
        return Contact(
            name=self.text(get("name"), where, "name", parse_name),
            email=self.text(get("email"), where, "email", parse_email),
            extra=self.extra(raw, CONTACT_KEYS, where),
        )

    def _contract(self, raw: dict, where: str) -> Contract:
        get = raw.get
        flag = self._flag
        return Contract(
            signed_on=self.date(get("signed_on"), where, "signed_on"),
            scope_defined=flag(raw, where, "scope_defined"),
            deposit_requested=flag(raw, where, "deposit_requested"),
            deposit_paid_on=self.date(get("deposit_paid_on"), where, "deposit_paid_on"),
            deposit_refused=flag(raw, where, "deposit_refused"),
            late_fee_clause=flag(raw, where, "late_fee_clause"),
            change_order_clause=flag(raw, where, "change_order_clause"),
            silence_approval_days=self.field(get("silence_approval_days"), parse_days, where, "silence_approval_days"),
            notice_days=self.field(get("notice_days"), parse_days, where, "notice_days"),
            extra=self.extra(raw, CONTRACT_KEYS, where),
        )

    def _flag(self, raw: dict, where: str, key: str) -> bool:
        return self.field(raw.get(key), parse_bool, where, key, False)

    def _project(self, raw: object, base: str, index: int) -> Project | None:
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        project_id = self.unique_id(get("id"), self._project_ids, where)
        if project_id is not None:
            self.project_refs[project_id] = project_id
        return Project(
            id=project_id,
            name=self.field(get("name"), parse_name, where, "name", None, True),
            status=self.field(get("status"), PROJECT_STATUSES.parse, where, "status", ProjectStatus.ACTIVE),
            started_on=self.date(get("started_on"), where, "started_on"),
            fee_type=self.field(get("fee_type"), FEE_TYPES.parse, where, "fee_type", FeeType.FIXED),
            fee=self.amount(get("fee"), where, "fee"),
            milestones=self.rows(get("milestones"), self._milestone, where, "milestones"),
            extra=self.extra(raw, PROJECT_KEYS, where),
        )

    def _milestone(self, raw: object, base: str, index: int) -> Milestone | None:
        if type(raw) is dict and raw.keys() <= MILESTONE_KEYS:
            get = raw.get
            name = get("name")
            if type(name) is str and len(name) <= _NAME_LENGTH:
                dates = self.dates
                due, delivered, approved = get("due_on"), get("delivered_on"), get("approved_on")
                try:
                    return Milestone(
                        name,
                        None if due is None else dates[due],
                        None if delivered is None else dates[delivered],
                        None if approved is None else dates[approved],
                        {},
                    )
                except (KeyError, TypeError):
                    pass
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        date = self.date
        return Milestone(
            name=self.field(get("name"), parse_name, where, "name", None, True),
            due_on=date(get("due_on"), where, "due_on"),
            delivered_on=date(get("delivered_on"), where, "delivered_on"),
            approved_on=date(get("approved_on"), where, "approved_on"),
            extra=self.extra(raw, MILESTONE_KEYS, where),
        )

    def _invoice(self, raw: object, base: str, index: int) -> Invoice | None:
        if type(raw) is dict and raw.keys() <= INVOICE_KEYS:
            get = raw.get
            invoice_id = get("id")
            if (
                type(invoice_id) is str
                and invoice_id
                and len(invoice_id) <= _ID_LENGTH
                and invoice_id not in self._invoice_ids
            ):
                dates = self.dates
                issued, due, currency = get("issued_on"), get("due_on"), get("currency")
                try:
                    project = self.project_refs[get("project")]
                    issued = None if issued is None else dates[issued]
                    due = None if due is None else dates[due]
                    amount = self.accepted_amount(get("amount"))
                    currency = self.currency if currency is None else parse_currency(currency)
                except (KeyError, TypeError, Invalid):
                    pass
                else:
                    # Committed: payments and reminders report their own problems.
                    self._invoice_ids.add(invoice_id)
                    where = (base, index)
                    return Invoice(
                        invoice_id,
                        amount,
                        currency,
                        issued,
                        due,
                        project,
                        self.rows(get("payments"), self._payment, where, "payments"),
                        self.dates_list(get("reminders"), where, "reminders"),
                        {},
                    )
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        currency = get("currency")
        return Invoice(
            id=self.unique_id(get("id"), self._invoice_ids, where),
            project=self.project_ref(get("project"), where),
            issued_on=self.date(get("issued_on"), where, "issued_on"),
            due_on=self.date(get("due_on"), where, "due_on"),
            amount=self.amount(get("amount"), where, "amount", True),
            currency=(self.currency if currency is None else self.field(currency, parse_currency, where, "currency")),
            payments=self.rows(get("payments"), self._payment, where, "payments"),
            reminders=self.dates_list(get("reminders"), where, "reminders"),
            extra=self.extra(raw, INVOICE_KEYS, where),
        )

    def _payment(self, raw: object, base: str, index: int) -> Payment | None:
        if type(raw) is dict and raw.keys() <= PAYMENT_KEYS:
            get = raw.get
            try:
                return Payment(self.dates[get("on")], self.amounts[get("amount")], {})
            except (KeyError, TypeError):
                pass
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        return Payment(
            self.date(get("on"), where, "on", True),
            self.amount(get("amount"), where, "amount", True),
            self.extra(raw, PAYMENT_KEYS, where),
        )

    def _time_entries(self, value: object, where: str) -> list[TimeEntry]:
        """The client's time entries: the busiest rows of a file, so the fast
        path is inlined in the loop; a row it cannot take goes to `_time_entry`."""
        if type(value) is not list:
            return self.rows(value, self._time_entry, where, "time")
        dates, hours, kinds, projects = self.dates, self.hours, TIME_KIND_OR_WORK, self.project_refs
        entries: list[TimeEntry] = []
        append = entries.append
        base = None
        for index, raw in enumerate(value):
            if type(raw) is dict and raw.keys() <= TIME_KEYS:
                get = raw.get
                note = get("note")
                if note is None or type(note) is str:
                    try:
                        append(
                            TimeEntry(
                                dates[get("on")],
                                hours[get("hours")],
                                kinds[get("kind")],
                                projects[get("project")],
                                note,
                                {},
                            )
                        )
                        continue
                    except (KeyError, TypeError):
                        pass
            base = base or f"{where}.time"
            entry = self._time_entry(raw, base, index)
            if entry is not None:
                append(entry)
        return entries

    def _time_entry(self, raw: object, base: str, index: int) -> TimeEntry | None:
        if type(raw) is dict and raw.keys() <= TIME_KEYS:
            get = raw.get
            note = get("note")
            if note is None or type(note) is str:
                try:
                    return TimeEntry(
                        self.dates[get("on")],
                        self.hours[get("hours")],
                        TIME_KIND_OR_WORK[get("kind")],
                        self.project_refs[get("project")],
                        note,
                        {},
                    )
                except (KeyError, TypeError):
                    pass
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        return TimeEntry(
            self.date(get("on"), where, "on", True),
            self.hours_of(get("hours"), where, "hours", True),
            self.choice(get("kind"), TIME_KINDS, where, "kind", TimeKind.WORK),
            self.project_ref(get("project"), where),
            self.text(get("note"), where, "note"),
            self.extra(raw, TIME_KEYS, where),
        )

    def _messages(self, value: object, where: str) -> list[Message]:
        """The client's messages, with the fast path inlined as for time entries."""
        if type(value) is not list:
            return self.rows(value, self._message, where, "messages")
        messages: list[Message] = []
        append = messages.append
        base = None
        for index, raw in enumerate(value):
            if type(raw) is dict and raw.keys() <= MESSAGE_KEYS:
                get = raw.get
                subject, body, needs_reply = get("subject"), get("body"), get("needs_reply")
                if needs_reply is None:
                    needs_reply = False
                if (
                    (subject is None or (type(subject) is str and len(subject) <= _SUBJECT_LENGTH))
                    and (body is None or type(body) is str)
                    and (needs_reply is True or needs_reply is False)
                    and get("message_id") is None  # thread headers are checked by the full path
                    and get("in_reply_to") is None
                ):
                    try:
                        append(
                            Message(
                                parse_instant(get("at")), DIRECTIONS[get("direction")], subject, body, needs_reply, {}
                            )
                        )
                        continue
                    except (KeyError, TypeError, Invalid):
                        pass
            base = base or f"{where}.messages"
            message = self._message(raw, base, index)
            if message is not None:
                append(message)
        return messages

    def _message(self, raw: object, base: str, index: int) -> Message | None:
        if type(raw) is dict and raw.keys() <= MESSAGE_KEYS:
            get = raw.get
            subject, body, needs_reply = get("subject"), get("body"), get("needs_reply")
            message_id, in_reply_to = get("message_id"), get("in_reply_to")
            if needs_reply is None:
                needs_reply = False
            if (
                (subject is None or (type(subject) is str and len(subject) <= _SUBJECT_LENGTH))
                and (body is None or type(body) is str)
                and (needs_reply is True or needs_reply is False)
                and get("message_id") is None
                and get("in_reply_to") is None
            ):
                try:
                    return Message(
                        parse_instant(get("at")),
                        DIRECTIONS[get("direction")],
                        subject,
                        body,
                        needs_reply,
                        {},
                        message_id,
                        in_reply_to,
                    )
                except (KeyError, TypeError, Invalid):
                    pass
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        return Message(
            self.field(get("at"), parse_instant, where, "at", None, True),
            self.choice(get("direction"), DIRECTIONS, where, "direction", None, True),
            self.text(get("subject"), where, "subject", parse_subject),
            self.text(get("body"), where, "body"),
            self.field(get("needs_reply"), parse_bool, where, "needs_reply", False),
            self.extra(raw, MESSAGE_KEYS, where),
            self.field(get("message_id"), parse_message_id, where, "message_id"),
            self.field(get("in_reply_to"), parse_message_id, where, "in_reply_to"),
        )

    def _event(self, raw: object, base: str, index: int) -> Event | None:
        where = (base, index)
        if not is_object(raw):
            return self.not_an_object(where, raw)
        get = raw.get
        on = self.date(get("on"), where, "on", True)
        event_type = self.choice(get("type"), EVENT_TYPES, where, "type", None, True)
        project = self.project_ref(get("project"), where)
        specific = {}
        if event_type is not None:
            # A field of another type is not an error: it stays in `extra`.
            for name, default in EVENT_FIELDS[event_type].items():
                specific[name] = self.field(get(name), EVENT_FIELD_PARSERS[name], where, name, default)
        return Event(
            on=on,
            type=event_type,
            project=project,
            note=self.text(get("note"), where, "note"),
            extra=self.extra(raw, EVENT_KEYS.get(event_type, EVENT_BASE_KEYS), where),
            **specific,
        )
