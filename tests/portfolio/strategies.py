"""Hypothesis strategies for portfolios.

`portfolios()` draws valid `Portfolio` dataclasses: a few clients with a few
rows each, every event type, unicode names, unknown keys kept in `extra`.
Any of them survives a trip through the file format unchanged, so other
tests can use them as realistic input:

    from tests.portfolio.strategies import portfolios

    @given(portfolios())
    def test_it_assesses_any_portfolio(portfolio): ...
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

from despedida.core.portfolio.model import (
    EVENT_FIELDS,
    Business,
    Clause,
    Client,
    Contact,
    Contract,
    Direction,
    EthicsKind,
    Event,
    EventType,
    FeedbackQuality,
    FeeType,
    IncidentSeverity,
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

# Control characters but tab and line breaks are refused (no store keeps NUL,
# and the others would reach a terminal as they are); so are lone surrogates.
_CONTROL = "".join(chr(code) for code in range(32) if chr(code) not in "\t\n\r")


def _text(**kwargs):
    """Any text a person could store: every character but control characters and lone surrogates."""
    return st.text(alphabet=st.characters(blacklist_characters=_CONTROL, blacklist_categories=("Cs",)), **kwargs)


FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2035, 12, 31)
TIMEZONES = ("UTC", "Europe/Madrid", "America/Mexico_City", "America/Argentina/Buenos_Aires", "Asia/Tokyo")
CURRENCIES = ("EUR", "USD", "MXN", "ARS", "GBP")

ALL_EVENT_FIELDS = sorted({name for fields in EVENT_FIELDS.values() for name in fields})


@cache  # building a strategy is slow; drawing from one is not
def days() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@cache
def instants() -> st.SearchStrategy[dt.datetime]:
    """Aware instants with a fixed offset of whole minutes (what a file can say)."""
    offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    )
    return st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2035, 12, 31), timezones=offsets)


@cache
def amounts(max_digits: int = 9, exponents: tuple[int, ...] = (-2, -2, -2, -1, 0, -3, 1)) -> st.SearchStrategy[Decimal]:
    """Non-negative decimals with their own exponent: 8000.00, 0.5, 6, 1E+3."""
    return st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(min_value=0, max_value=10**max_digits - 1),
        st.sampled_from(exponents),
    )


@cache
def names() -> st.SearchStrategy[str]:
    return _text(min_size=1, max_size=10)


@cache
def ids() -> st.SearchStrategy[str]:
    """Project and invoice ids: any text."""
    return _text(min_size=1, max_size=8)


@cache
def client_ids() -> st.SearchStrategy[str]:
    """Client ids: part of the client page's address, so letters, digits, - and _."""
    return st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=1, max_size=8)


@cache
def json_values() -> st.SearchStrategy[object]:
    """Values a JSON file can hold once read with parse_float=Decimal."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**12), max_value=10**12),
        # A JSON number with a point reads back as a Decimal; integers as int.
        amounts().filter(lambda number: number.as_tuple().exponent < 0),
        _text(max_size=10),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text(max_size=5), inner, max_size=3)),
        max_leaves=6,
    )


@cache
def extras() -> st.SearchStrategy[dict]:
    """Unknown keys ("x-" never starts a key of the format); most objects have none."""
    keys = _text(min_size=1, max_size=6).map(lambda text: "x-" + text)
    none = st.builds(dict)  # a new dict each time: st.just({}) would share one
    return st.one_of(none, none, none, st.dictionaries(keys, json_values(), max_size=2))


@cache
def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


@cache
def businesses() -> st.SearchStrategy[Business]:
    return st.builds(
        Business,
        currency=st.sampled_from(CURRENCIES),
        name=_text(max_size=20),
        language=st.sampled_from(("es", "en")),
        timezone=st.sampled_from(TIMEZONES),
        target_hourly_rate=optional(amounts(5, (-2, -1, 0, 1))),  # the store keeps 2 places
        payment_terms_days=st.integers(min_value=0, max_value=120),
        extra=extras(),
    )


@cache
def contacts() -> st.SearchStrategy[Contact]:
    return st.builds(Contact, name=optional(names()), email=optional(st.emails()), extra=extras())


@cache
def contracts() -> st.SearchStrategy[Contract]:
    return st.builds(
        Contract,
        signed_on=optional(days()),
        scope_defined=st.booleans(),
        deposit_requested=st.booleans(),
        deposit_paid_on=optional(days()),
        deposit_refused=st.booleans(),
        late_fee_clause=st.booleans(),
        change_order_clause=st.booleans(),
        silence_approval_days=optional(st.integers(min_value=0, max_value=60)),
        notice_days=optional(st.integers(min_value=0, max_value=90)),
        extra=extras(),
    )


@cache
def milestones() -> st.SearchStrategy[Milestone]:
    return st.builds(
        Milestone,
        name=_text(max_size=16),
        due_on=optional(days()),
        delivered_on=optional(days()),
        approved_on=optional(days()),
        extra=extras(),
    )


@cache
def _event_field(name: str) -> st.SearchStrategy:
    return {
        "priced": st.booleans(),
        "after_contract": st.booleans(),
        "quality": optional(st.sampled_from(FeedbackQuality)),
        "delay_days": optional(st.integers(min_value=0, max_value=90)),
        "severity": optional(st.sampled_from(IncidentSeverity)),
        "core": st.booleans(),
        "kind": optional(st.sampled_from(EthicsKind)),
        "topic": optional(_text(max_size=20)),
        "clause": optional(st.sampled_from(Clause)),
        "deadline": optional(days()),
    }[name]


@st.composite
def events(draw, project_ids: list[str]) -> Event:
    """An event with only its own type's fields set; others at their defaults.

    Its `extra` may hold a field of another type ("quality" on a scope
    change): that is how a reader keeps it.
    """
    event_type = draw(st.sampled_from(EventType))
    specific = {name: draw(_event_field(name)) for name in EVENT_FIELDS[event_type]}
    others = [name for name in ALL_EVENT_FIELDS if name not in EVENT_FIELDS[event_type]]
    extra = dict(draw(extras()))
    if draw(st.booleans()):
        extra[draw(st.sampled_from(others))] = draw(json_values())
    return Event(
        on=draw(days()),
        type=event_type,
        project=draw(optional(st.sampled_from(project_ids))) if project_ids else None,
        note=draw(optional(_text(max_size=30))),
        extra=extra,
        **specific,
    )


@st.composite
def clients(draw, client_id: str | None = None) -> Client:
    projects = draw(
        st.lists(
            st.builds(
                Project,
                id=ids(),
                name=names(),
                status=st.sampled_from(ProjectStatus),
                started_on=optional(days()),
                fee_type=st.sampled_from(FeeType),
                fee=optional(amounts(6)),
                milestones=st.lists(milestones(), max_size=2),
                extra=extras(),
            ),
            max_size=2,
            unique_by=lambda project: project.id,
        )
    )
    project_ids = [project.id for project in projects]
    project_refs = optional(st.sampled_from(project_ids)) if project_ids else st.none()
    invoices = draw(
        st.lists(
            st.builds(
                Invoice,
                id=ids(),
                amount=amounts(),
                currency=st.sampled_from(CURRENCIES),
                issued_on=optional(days()),
                due_on=optional(days()),
                project=project_refs,
                payments=st.lists(st.builds(Payment, on=days(), amount=amounts(), extra=extras()), max_size=2),
                reminders=st.lists(days(), max_size=2),
                extra=extras(),
            ),
            max_size=3,
            unique_by=lambda invoice: invoice.id,
        )
    )
    return Client(
        id=client_id if client_id is not None else draw(client_ids()),
        name=draw(names()),
        stage=draw(st.sampled_from(Stage)),
        language=draw(optional(st.sampled_from(("es", "en")))),
        contact=draw(optional(contacts())),
        strategic_value=draw(st.sampled_from(StrategicValue)),
        contract=draw(optional(contracts())),
        projects=projects,
        invoices=invoices,
        time=draw(
            st.lists(
                st.builds(
                    TimeEntry,
                    on=days(),
                    hours=amounts(3),
                    kind=st.sampled_from(TimeKind),
                    project=project_refs,
                    note=optional(_text(max_size=20)),
                    extra=extras(),
                ),
                max_size=3,
            )
        ),
        messages=draw(
            st.lists(
                st.builds(
                    Message,
                    at=instants(),
                    direction=st.sampled_from(Direction),
                    subject=optional(_text(max_size=20)),
                    body=optional(_text(max_size=40)),
                    needs_reply=st.booleans(),
                    extra=extras(),
                ),
                max_size=3,
            )
        ),
        events=draw(st.lists(events(project_ids), max_size=3)),
        extra=draw(extras()),
    )


@st.composite
def portfolios(draw, max_clients: int = 3) -> Portfolio:
    """A valid portfolio: every client, project and invoice id unique in its list."""
    keys = draw(st.lists(client_ids(), max_size=max_clients, unique=True))
    return Portfolio(
        business=draw(businesses()),
        clients=[draw(clients(key)) for key in keys],
        as_of=draw(optional(days())),
        extra=draw(extras()),
    )
