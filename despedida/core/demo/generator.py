"""A synthetic but realistic portfolio, for demos, tests and benchmarks.

`generate_document()` returns a whole portfolio document (format
`despedida.portfolio/1`, money as decimal strings); `write_demo()` streams
the same document as JSON text, one client per line, so a file of 10,000
clients (about two million rows) never sits in memory. Both are pure
functions of (clients, seed, as_of): the only source of chance is one
`random.Random(seed)`, nothing depends on the clock or on set ordering, so
the same arguments give the same bytes on any machine and any day.

The studio is Spanish. About seven clients in ten are healthy; the rest
show the warning signs of the domain at realistic rates, alongside the
moderators (big accounts, passive income, strategic value, prospects,
former clients, protections that worked). Twelve fixed profiles
(`MANDATORY`) are placed among the first 40 clients, so any demo of 12
clients or more shows every sign at least once.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from despedida.core.assessment.signals import CODES as SIGNAL_CODES
from despedida.core.demo import names as W
from despedida.core.letters.formatting import MONTHS
from despedida.core.portfolio.model import FORMAT

DEFAULT_AS_OF = dt.date(2026, 11, 22)
TERMS_DAYS = 30
BUSINESS = {
    "name": "Estudio Alameda",
    "currency": "EUR",
    "language": "es",
    "timezone": "Europe/Madrid",
    "target_hourly_rate": "45.00",
    "payment_terms_days": TERMS_DAYS,
}
SIGNS = SIGNAL_CODES
HEALTHY_SHARE = 0.70
# A client who is not ghosting never leaves a request unanswered longer than
# this at `as_of`; a ghosting client has been silent at least 21 days.
QUIET_DAYS = 14


@dataclass(frozen=True, slots=True)
class Profile:
    """What a demo client is like; the history is drawn to match."""

    stage: str = "active"
    signs: frozenset[str] = frozenset()
    origin: str | None = None  # "es", "latam" or "en"; None draws one
    strategic: str = "none"
    big_account: bool = False
    passive_income: bool = False  # good money for little work, pays late
    terms_fixed: bool = False  # paid late until a protection was added
    remedies_tried: bool = False  # team mistreatment: talked, then reassigned
    ultimatum: bool = False  # ghosting: check-in and ultimatum sent, deadline passed


def _p(*signs: str, **kw) -> Profile:
    return Profile(signs=frozenset(signs), **kw)


MANDATORY = (
    _p("late_payment", big_account=True, strategic="high"),
    _p("unpaid_overdue", "ghosting", ultimatum=True),
    _p("no_contract", "scope_creep"),
    _p("deposit_refused", stage="prospect"),
    _p("slow_feedback", "poor_feedback", strategic="high"),
    _p("haggling", "low_profitability", origin="en"),
    _p("team_mistreatment", "advice_rejected", remedies_tried=True),
    _p("late_payment", passive_income=True),
    _p(terms_fixed=True),
    _p("ghosting", "team_mistreatment", origin="latam"),
    _p("ethics"),
    _p(stage="former"),
)
SIGN_WEIGHTS = (
    ("late_payment", 30),
    ("unpaid_overdue", 14),
    ("no_contract", 10),
    ("slow_feedback", 12),
    ("poor_feedback", 10),
    ("scope_creep", 14),
    ("haggling", 8),
    ("team_mistreatment", 5),
    ("advice_rejected", 7),
    ("ghosting", 8),
    ("low_profitability", 10),
    ("ethics", 1),
)
NEEDS_ACTIVE_WORK = frozenset({"no_contract", "ghosting", "ethics", "scope_creep"})


# ---------------------------------------------------------------- public API


def generate_document(clients: int = 40, seed: int = 7, as_of: dt.date | None = None) -> dict:
    """The whole demo portfolio as a JSON-ready dict."""
    as_of = as_of or DEFAULT_AS_OF
    return {
        "format": FORMAT,
        "as_of": as_of.isoformat(),
        "business": dict(BUSINESS),
        "clients": list(iter_clients(clients, seed, as_of)),
    }


def write_demo(stream: TextIO, clients: int, seed: int, as_of: dt.date | None = None) -> None:
    """Write the document of `generate_document()` as JSON, one client per line."""
    as_of = as_of or DEFAULT_AS_OF
    clients_iter = iter_clients(clients, seed, as_of)  # refuses a bad count before writing
    head = _ENCODER.encode({"format": FORMAT, "as_of": as_of.isoformat(), "business": BUSINESS})
    stream.write(head[:-1] + ', "clients": [')
    separator = "\n"
    for client in clients_iter:
        stream.write(separator)
        stream.write(_ENCODER.encode(client))
        separator = ",\n"
    stream.write("\n]}\n" if separator == ",\n" else "]}\n")


def iter_clients(clients: int, seed: int, as_of: dt.date | None = None) -> Iterator[dict]:
    """The demo's clients, one JSON-ready dict at a time."""
    if clients < 0:
        raise ValueError("clients must be zero or more")
    return _clients(clients, seed, as_of or DEFAULT_AS_OF)


def _clients(clients: int, seed: int, as_of: dt.date) -> Iterator[dict]:
    rng = random.Random(seed)
    today = as_of.toordinal()
    names: set[str] = set()
    ids: set[str] = set()
    for number, profile in enumerate(_profiles(rng, clients), start=1):
        yield _client(rng, today, number, profile, names, ids)


# ----------------------------------------------------------------- profiles


def _profiles(rng: random.Random, n: int) -> Iterator[Profile]:
    fixed_count = min(n, len(MANDATORY))
    slots = rng.sample(range(min(n, 40)), fixed_count)
    fixed = dict(zip(slots, MANDATORY))
    rest = n - fixed_count
    healthy_fixed = sum(1 for p in MANDATORY[:fixed_count] if not p.signs)
    # Most fixed profiles are troubled; draw the rest healthier so the whole
    # portfolio stays near HEALTHY_SHARE.
    p_healthy = min(0.92, max(HEALTHY_SHARE, (HEALTHY_SHARE * n - healthy_fixed) / rest)) if rest else 0.0
    for i in range(n):
        yield fixed[i] if i in fixed else _random_profile(rng, p_healthy)


def _random_profile(rng: random.Random, p_healthy: float) -> Profile:
    r = rng.random()
    stage = "prospect" if r < 0.06 else "former" if r < 0.15 else "active"
    r = rng.random()
    strategic = "high" if r < 0.08 else "low" if r < 0.22 else "none"
    healthy = rng.random() < p_healthy
    r = rng.random()
    active = stage == "active"
    if stage == "prospect":
        return Profile(stage, frozenset() if healthy else frozenset({"deposit_refused"}), strategic=strategic)
    if healthy:
        return Profile(
            stage, strategic=strategic, big_account=active and r < 0.015, terms_fixed=active and 0.015 <= r < 0.04
        )
    count = 1 if r < 0.6 else 2 if r < 0.9 else 3
    pool = [(s, w) for s, w in SIGN_WEIGHTS if active or s not in NEEDS_ACTIVE_WORK]
    signs = set()
    for _ in range(count):
        pick = rng.random() * sum(w for _, w in pool)
        for i, (sign, weight) in enumerate(pool):
            pick -= weight
            if pick < 0:
                signs.add(sign)
                del pool[i]
                break
    # Passive income is good money for little work: never the unprofitable kind.
    passive = rng.random() < 0.1 and active and "low_profitability" not in signs
    if passive:
        signs.add("late_payment")
    return Profile(
        stage,
        frozenset(signs),
        strategic=strategic,
        big_account=active and not passive and rng.random() < 0.015,
        passive_income=passive,
        remedies_tried=rng.random() < 0.5,
        ultimatum=rng.random() < 0.5,
    )


# -------------------------------------------------------------- small helpers

_ENCODER = json.JSONEncoder(ensure_ascii=False)
_ISO: dict[int, str] = {}
_OFFSET: dict[int, str] = {}
_CLOCK = [f"T{m // 60:02d}:{m % 60:02d}:00" for m in range(1440)]
_HOURS = [f"{q // 4}{('', '.25', '.5', '.75')[q % 4]}" for q in range(200)]


def _milestone(name: str, due: int, delivered: int | None, approved: int | None) -> dict:
    return {
        "name": name,
        "due_on": _iso(due),
        "delivered_on": None if delivered is None else _iso(delivered),
        "approved_on": None if approved is None else _iso(approved),
    }


def _iso(day: int) -> str:
    text = _ISO.get(day)
    if text is None:
        text = _ISO[day] = dt.date.fromordinal(day).isoformat()
    return text


def _madrid_offset(day: int) -> str:
    """UTC offset in Madrid on a day, for times of day between 07:00 and 23:00."""
    offset = _OFFSET.get(day)
    if offset is None:
        year = dt.date.fromordinal(day).year
        # Summer time runs from the last Sunday of March to the last Sunday
        # of October (ordinal % 7 == 0 is a Sunday).
        start = dt.date(year, 3, 31).toordinal()
        end = dt.date(year, 10, 31).toordinal()
        summer = start - start % 7 <= day < end - end % 7
        offset = _OFFSET[day] = "+02:00" if summer else "+01:00"
    return offset


def _instant(stamp: int) -> str:
    day, minute = divmod(stamp, 1440)
    return _iso(day) + _CLOCK[minute] + _madrid_offset(day)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _weekday(day: int) -> int:
    """The day itself, or the Monday after a weekend."""
    wd = (day - 1) % 7
    return day + 2 if wd == 5 else day + 1 if wd == 6 else day


def _weekday_back(day: int) -> int:
    """The day itself, or the Friday before a weekend."""
    wd = (day - 1) % 7
    return day - 1 if wd == 5 else day - 2 if wd == 6 else day


def _months(first: int, last: int) -> Iterator[tuple[int, int, int, int]]:
    """(first day, last day, year, month) of each month overlapping [first, last]."""
    d = dt.date.fromordinal(first)
    year, month = d.year, d.month
    start = dt.date(year, month, 1).toordinal()
    while start <= last:
        year2, month2 = (year + 1, 1) if month == 12 else (year, month + 1)
        nxt = dt.date(year2, month2, 1).toordinal()
        yield start, nxt - 1, year, month
        start, year, month = nxt, year2, month2


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


# ------------------------------------------------------------------ clients


def _company(rng: random.Random, origin: str, names: set[str]) -> tuple[str, str]:
    """A company name and the part of it an id is made from."""
    for _ in range(8):
        if origin == "en":
            base = f"{rng.choice(W.EN_PROPER)} {rng.choice(W.EN_TRADES)}"
            legal = rng.choice(W.EN_LEGAL)
        else:
            trades, proper = (W.ES_TRADES, W.ES_PROPER) if origin == "es" else (W.LATAM_TRADES, W.LATAM_PROPER)
            r = rng.random()
            if r < 0.45:
                owner = rng.choice(proper)
            elif r < 0.8:
                owner = rng.choice(W.ES_LAST)
            else:
                owner = f"{rng.choice(W.ES_LAST)} y {rng.choice(W.ES_LAST)}"
            base = f"{rng.choice(trades)} {owner}"
            legal = rng.choice(W.ES_LEGAL) if origin == "es" else rng.choice(W.LATAM_LEGAL)[1]
        name = f"{base} {legal}"
        if name not in names:
            break
    names.add(name)
    return name, base


def _person(rng: random.Random, lang: str) -> tuple[str, str, str]:
    first, last = (W.EN_FIRST, W.EN_LAST) if lang == "en" else (W.ES_FIRST, W.ES_LAST)
    a, b = rng.choice(first), rng.choice(last)
    return f"{a} {b}", a, b


def _client(rng: random.Random, today: int, number: int, profile: Profile, names: set[str], ids: set[str]) -> dict:
    origin = profile.origin
    if origin is None:
        r = rng.random()
        origin = "es" if r < 0.62 else "latam" if r < 0.92 else "en"
    lang = "en" if origin == "en" else "es"
    name, base = _company(rng, origin, names)
    client_id = _unique(_slug(base), ids)
    domain = client_id.replace("-", "") + ".example"
    history = _History(rng, today, profile, number, lang)
    history.build()
    contact_name, first, last = history.contact or _person(rng, lang)
    doc = {
        "id": client_id,
        "name": name,
        "stage": profile.stage,
        "language": lang,
        "contact": {"name": contact_name, "email": f"{_slug(first)}.{_slug(last)}@{domain}"},
        "strategic_value": profile.strategic,
    }
    if history.contract is not None:
        doc["contract"] = history.contract
    doc.update(history.rows())
    return doc


# ------------------------------------------------------------------ history


class _History:
    """One client's history, drawn to match its profile.

    Days are date ordinals; message times are minutes since the start of
    ordinal day 0, in Madrid local time. Rows are gathered as tuples and
    turned into JSON-ready dicts by `rows()`, in date order.
    """

    def __init__(self, rng: random.Random, today: int, profile: Profile, number: int, lang: str):
        self.rng = rng
        self.rand = rng.random
        self.today = today
        self.p = profile
        self.signs = profile.signs
        self.number = number
        self.lang = lang
        self.subjects = W.SUBJECTS[lang]
        self.notes = W.NOTES[lang]
        self.contact: tuple[str, str, str] | None = None  # set when the history changes it
        self.contract: dict | None = None
        self.signed: int | None = None
        self.clause: str | None = None  # the protection added, for terms_fixed
        self.deposit_paid: int | None = None
        self.projects: list[dict] = []
        self.names: dict[str, str] = {}
        self.project_ids: set[str] = set()
        self.spans: list[tuple[str, str, int, int]] = []  # (project, name, first day, last day worked)
        self.current: tuple[str, str] | None = None  # the project in progress
        self.pending: list[tuple[int, str, int, int | None]] = []  # (issued, project, cents, paid on)
        self.invoices: list[dict] = []
        self.time: list[tuple[int, int, str, str | None]] = []  # (day, quarter hours, kind, project)
        self.messages: list[tuple[int, str, str, bool]] = []  # (minute, direction, subject, needs reply)
        self.events: list[tuple[int, dict]] = []
        self.silent_from: int | None = None
        self.terms_day: int | None = None
        self.open_from: int | None = None
        self.late_so_far = 0
        self.since = self.last_day = self.work_end = self.delivery_end = today
        self.eff = 60

    def n(self, a: int, b: int) -> int:
        """A random integer in [a, b]; `randint` is three times slower."""
        return a + int(self.rand() * (b - a + 1))

    def pick(self, options):
        return options[int(self.rand() * len(options))]

    # -- the plot

    def build(self) -> None:
        p, signs, n, today = self.p, self.signs, self.n, self.today
        if p.stage == "prospect":
            self._prospect()
            return
        if p.big_account or p.terms_fixed:
            min_days = 420
        elif signs & {"late_payment", "unpaid_overdue", "ghosting", "haggling", "team_mistreatment"}:
            min_days = 240
        else:
            min_days = 90
        if p.stage == "former":
            self.last_day = today - n(45, 330)
            self.since = _weekday(self.last_day - n(150, 480))
        else:
            self.since = _weekday(today - n(min_days, 760))
        self.work_end = self.delivery_end = self.last_day
        if "ghosting" in signs:
            self.silent_from = today - (n(45, 75) if p.ultimatum else n(21, 40))
            self.delivery_end = self.silent_from - 1
            self.work_end = self.silent_from + 2
        if p.terms_fixed:
            self.terms_day = _weekday(self.since + (today - self.since) * n(40, 55) // 100)
        if "unpaid_overdue" in signs:
            self.open_from = self.last_day - n(20, 90) if p.stage == "former" else today - n(75, 200)
        self.eff = n(20, 34) if "low_profitability" in signs else n(55, 110)
        self._contract()
        self._engagements()
        self._sign_events()
        self._settle()
        self._monthly()
        if self.silent_from is not None:
            self._silence_protocol()
        if p.stage == "former":
            self._closing()
        self._answer_stale_requests()

    def _contract(self) -> None:
        p, n, r = self.p, self.n, self.rand
        signed = self.since - n(2, 12)
        if "no_contract" in self.signs:
            roll = r()
            if roll < 0.5:
                return  # nothing signed, nothing agreed
            unsigned = roll < 0.8
            self.contract = {
                "signed_on": None if unsigned else _iso(signed),
                "scope_defined": False,
                "deposit_requested": False,
                "deposit_paid_on": None,
                "late_fee_clause": False,
                "change_order_clause": False,
                "silence_approval_days": None,
                "notice_days": None if unsigned else 30,
            }
            return
        self.signed = signed
        deposit = r() < (0.2 if p.big_account else 0.55)
        if deposit:
            self.deposit_paid = signed + n(1, 8)
        self.clause = ("late_fee" if r() < 0.6 else "invoice_in_advance") if p.terms_fixed else None
        self.contract = {
            "signed_on": _iso(signed),
            "scope_defined": True,
            "deposit_requested": deposit,
            "deposit_paid_on": _iso(self.deposit_paid) if deposit else None,
            "late_fee_clause": self.clause == "late_fee" or r() < 0.2,
            "change_order_clause": r() < 0.3,
            "silence_approval_days": self.pick((7, 10, 15)) if r() < 0.1 else None,
            "notice_days": self.pick((15, 30, 30, 60)),
        }

    def _engagements(self) -> None:
        p, signs, n, r = self.p, self.signs, self.n, self.rand
        a, b = self.since, self.last_day
        ongoing = p.stage == "active"
        if p.passive_income:
            self._retainer(a, b, ongoing, fee=n(24, 50) * 5000, quarters=(8, 24))
        elif p.big_account:
            self._retainer(a, b, ongoing, fee=n(60, 100) * 10000)
            self._fixed_series(a, b, ongoing, scale=2)
        elif signs & {"slow_feedback", "poor_feedback", "scope_creep"} or r() < 0.45:
            if ongoing and not signs & NEEDS_ACTIVE_WORK and r() < 0.12:
                b, ongoing = self.today - n(5, 40), False  # between projects right now
            self._fixed_series(a, b, ongoing)
        elif r() < 0.64:
            self._retainer(a, b, ongoing)
            if r() < 0.25:
                start = n(a, max(a, b - 150))
                end = min(start + n(40, 100), self.delivery_end - 5)
                if end - start >= 30:
                    self._fixed(start, end, False)
        else:
            self._hourly(a, b, ongoing)

    # -- projects

    def _new_project(
        self, name: str, start: int | None, fee_type: str, fee: int, status: str, milestones: list[dict]
    ) -> str:
        pid = _unique(_slug(name), self.project_ids)
        self.names[pid] = name
        self.projects.append(
            {
                "id": pid,
                "name": name,
                "status": status,
                "started_on": None if start is None else _iso(start),
                "fee_type": fee_type,
                "fee": _money(fee),
                "milestones": milestones,
            }
        )
        return pid

    def _fixed_series(self, a: int, b: int, ongoing: bool, scale: int = 1) -> None:
        n = self.n
        current = b + 1
        if ongoing:
            current = max(a, b - n(10, 150))
            if self.silent_from is not None:
                current = max(a, min(current, self.silent_from - n(20, 60)))
        cursor = a
        while current - cursor > 45:
            end = min(cursor + n(40, 150), current - 5 if ongoing else b)
            if end - cursor < 30:
                if ongoing:
                    break
                end = b
            self._fixed(cursor, end, False, scale)
            if end >= b:
                break
            cursor = _weekday(end + n(5, 60))
        if ongoing:
            self._fixed(current, max(b + n(15, 90), current + n(40, 150)), True, scale)

    def _fixed(self, start: int, end: int, ongoing: bool, scale: int = 1) -> None:
        n, r = self.n, self.rand
        name, lo, hi, kind = self.pick(W.FIXED[self.lang])
        name = name.format(year=_iso(start)[:4])
        if "low_profitability" in self.signs:
            hi = (lo + hi) // 2
        fee = n(lo // 100, hi // 100) * 10000 * scale
        milestones: list[dict] = []
        pid = self._new_project(name, start, "fixed", fee, "active" if ongoing else "done", milestones)
        left = fee
        if self.deposit_paid is not None and len(self.projects) == 1:
            share = fee * 3 // 10
            self._invoice(self.signed, pid, share, paid_on=self.deposit_paid)
            left -= share
        elif r() < 0.3:
            share = fee * 3 // 10
            self._invoice(start, pid, share)
            left -= share
        labels = W.MILESTONES[self.lang][kind]
        k = len(labels)
        per = left // k
        prev, last_delivered, blocked = start + 1, None, False
        limit = self.delivery_end if ongoing else self.today
        for i, label in enumerate(labels):
            due = _weekday(start + (end - start) * (i + 1) // k)
            delivered = approved = None
            if not blocked:
                day = max(prev, _weekday(due + n(-3, 2)))
                if not ongoing:
                    day = min(day, end)
                if day <= limit:
                    delivered = prev = last_delivered = day
                    approved = self._deliver(pid, label, day, ongoing)
                    self._invoice(min(day + n(0, 2), self.today), pid, per if i < k - 1 else left - per * (k - 1))
                else:
                    blocked = True
            milestones.append(_milestone(label, due, delivered, approved))
        worked_to = last_delivered if not blocked else min(self.work_end, self.today, end)
        share = min(1.0, max(0.05, (worked_to - start) / max(1, end - start)))
        self._work(pid, start, worked_to, int(fee * share / 25 / self.eff))
        self._time(start, n(4, 8), "meeting", pid)
        self.spans.append((pid, name, start, worked_to))
        if ongoing:
            self.current = (pid, name)

    def _retainer(
        self, a: int, b: int, ongoing: bool, fee: int | None = None, quarters: tuple[int, int] | None = None
    ) -> None:
        n = self.n
        name, lo, hi = self.pick(W.RETAINER[self.lang])
        if fee is None:
            fee = n(lo // 50, hi // 50) * 5000
        milestones: list[dict] = []
        pid = self._new_project(name, a, "retainer", fee, "active" if ongoing else "done", milestones)
        months = MONTHS[self.lang]
        limit = self.delivery_end if ongoing else self.today
        blocked, worked_to = False, a
        for first, last, year, month in _months(a, b):
            self._invoice(_weekday(max(first, a)), pid, fee)
            label = W.REPORT[self.lang].format(month=months[month - 1], year=year)
            due = _weekday(last + 1)
            delivered = approved = None
            if not blocked:
                day = _weekday(due + n(-1, 2))
                if day <= limit:
                    delivered = day
                    approved = self._deliver(pid, label, day, ongoing, report=True)
                else:
                    blocked = True
            milestones.append(_milestone(label, due, delivered, approved))
            worked_to = min(last, b, self.work_end)
            q = n(*quarters) if quarters else fee * n(85, 115) // (2500 * self.eff)
            self._work(pid, max(first, a), worked_to, q)
        self._time(a, n(4, 8), "meeting", pid)
        self.spans.append((pid, name, a, worked_to))
        if ongoing:
            self.current = (pid, name)

    def _hourly(self, a: int, b: int, ongoing: bool) -> None:
        n = self.n
        name = self.pick(W.HOURLY[self.lang])
        rate = n(30, 38) if "low_profitability" in self.signs else n(50, 85)
        pid = self._new_project(name, a, "hourly", rate * 100, "active" if ongoing else "done", [])
        worked_to = a
        for first, last, _, _ in _months(a, b):
            lo, hi = max(first, a), min(last, b, self.work_end)
            if lo > hi:
                continue
            worked_to = hi
            logged = self._work(pid, lo, hi, n(32, 160) * (hi - lo + 1) // (last - first + 1))
            issued = _weekday(last + 1)
            if logged and issued <= self.today:
                self._invoice(issued, pid, logged * rate * 25)
        self._time(a, n(4, 8), "meeting", pid)
        self.spans.append((pid, name, a, worked_to))
        if ongoing:
            self.current = (pid, name)

    def _deliver(self, pid: str, label: str, day: int, ongoing: bool, report: bool = False) -> int | None:
        """Send a deliverable; return the day it was approved, if it was."""
        signs, n, r, today = self.signs, self.n, self.rand, self.today
        subject = self.pick(self.subjects["delivery"]).format(m=label)
        self._message(day, "out", subject, True)
        slow = "slow_feedback" in signs and r() < 0.8
        reply = day + (n(12, 40) if slow else n(1, 6))
        if reply > today:
            if ongoing and day >= today - 10 or day >= today:
                return None  # still waiting, not for long
            reply = n(day + 1, today)
        if self.silent_from is not None and reply >= self.silent_from:
            return None
        self._message(reply, "in", "Re: " + subject)
        poor = "poor_feedback" in signs
        if poor and r() < 0.65:
            quality = "vague" if r() < 0.55 else "accusatory"
        else:
            quality = "vague" if r() < 0.02 else "constructive"
        if poor or slow or not report or r() < 0.15:
            delay = reply - day
            note = (
                self.notes["slow"].format(d=delay)
                if delay >= 12 and r() < 0.5
                else self.pick(self.notes["feedback"][quality])
            )
            self._event(reply, "feedback", pid, note, quality=quality, delay_days=delay)
        approved = reply if quality == "constructive" else reply + n(2, 10)
        return min(approved, today)

    # -- rows

    def _work(self, pid: str, a: int, b: int, quarters: int) -> int:
        """Log `quarters` quarter-hours of work on weekdays in [a, b]; return what was logged."""
        b = min(b, self.work_end, self.today)
        if a > b:
            return 0
        n, time, logged = self.n, self.time, 0
        while logged < quarters:
            q = min(quarters - logged, n(8, 44))
            day = min(_weekday(n(a, b)), b)
            time.append((day, q, "work", pid))
            logged += q
        return logged

    def _time(self, day: int, quarters: int, kind: str, pid: str | None) -> None:
        if day <= self.today:
            self.time.append((day, quarters, kind, pid))

    def _invoice(self, issued: int, pid: str, cents: int, paid_on: int | None = None) -> None:
        if issued <= self.today:
            self.pending.append((issued, pid, cents, paid_on))

    def _message(
        self, day: int, direction: str, subject: str, needs_reply: bool = False, after: int | None = None
    ) -> int | None:
        """Record a message on `day` (or `after` a given minute, same day if it fits)."""
        if after is not None and day == after // 1440:
            minute = after % 1440 + self.n(20, 180)
            if minute >= 1380:
                day, minute = day + 1, self.n(480, 600)
        else:
            minute = self.n(480, 1199) if direction == "out" else self.n(420, 1379)
        if day > self.today or (direction == "in" and self.silent_from is not None and day >= self.silent_from):
            return None
        stamp = day * 1440 + minute
        self.messages.append((stamp, direction, subject, needs_reply))
        return stamp

    def _event(self, day: int, type_: str, pid: str | None = None, note: str | None = None, **extra) -> None:
        if day > self.today:
            return
        event = {"on": _iso(day), "type": type_}
        if pid:
            event["project"] = pid
        event.update(extra)
        if note:
            event["note"] = note
        self.events.append((day, event))

    def _project_on(self, day: int) -> str | None:
        for pid, _, first, last in reversed(self.spans):
            if first <= day <= last + 30:
                return pid
        return None

    def _day_between(self, a: int, b: int) -> int:
        return self.n(a, max(a, b))

    # -- warning signs and remedies, as events

    def _sign_events(self) -> None:
        p, signs, n, r, notes = self.p, self.signs, self.n, self.rand, self.notes
        end = min(self.work_end, self.today)
        since = self.since

        def somewhere() -> int:
            _, _, a, b = self.pick(self.spans)
            return self._day_between(max(a, since + 15), b)

        def event(day: int, type_: str, note: str | None = None, **extra) -> None:
            if day <= end:
                self._event(day, type_, self._project_on(day), note, **extra)

        if "scope_creep" in signs:
            pid, pname, a, b = self.spans[-1]
            start = self._day_between(a, a + (b - a) // 3)
            self.contact = _person(self.rng, self.lang)
            event(start, "contact_change", notes["contact_change"].format(n=self.contact[0]))
            self._message(start, "in", self.pick(self.subjects["contact"]).format(p=pname))
            days = sorted(self._day_between(start, b) for _ in range(n(3, 6)))
            for day in days:
                event(day, "scope_change", self.pick(notes["scope_unpriced"]), priced=False)
                self._message(day, "in", self.pick(self.subjects["scope"]).format(p=pname))
            for day in days[-n(1, 2) :]:
                event(min(day + n(2, 10), end), "change_order_refused", self.pick(notes["change_order_refused"]))
            if r() < 0.4:
                event(min(days[-1] + n(1, 7), end), "conversation", topic=notes["topics"]["scope"])
        elif r() < 0.2:
            day = somewhere()
            event(day, "scope_change", self.pick(notes["scope_priced"]), priced=True)
            pid = self._project_on(day)
            if pid and day + 20 <= end:
                self._invoice(day + n(5, 20), pid, n(4, 25) * 10000)
        elif r() < 0.04:
            day = somewhere()
            self.contact = _person(self.rng, self.lang)
            event(day, "contact_change", notes["contact_neutral"].format(n=self.contact[0]))

        if "haggling" in signs:
            for _ in range(n(2, 4)):
                event(somewhere(), "rate_renegotiation", self.pick(notes["rate_after"]), after_contract=True)
        elif self.signed is not None and r() < 0.1:
            self._event(
                self.signed - n(2, 10),
                "rate_renegotiation",
                None,
                self.pick(notes["rate_before"]),
                after_contract=False,
            )

        if "team_mistreatment" in signs:
            people = self.rng.sample(W.TEAM, 3)
            if p.remedies_tried:
                first = max(since + 5, end - n(150, 190))
                second = first + n(10, 30)
                talk = second + n(1, 5)
                moved = talk + n(10, 25)
                later = [moved + n(15, 40)]
                if r() < 0.5:
                    later.append(later[0] + n(5, 30))
                incident = notes["mistreatment"]
                event(first, "team_mistreatment", self.pick(incident).format(n=people[0]), severity="minor")
                event(second, "team_mistreatment", self.pick(incident).format(n=people[0]), severity="serious")
                event(talk, "conversation", topic=notes["topics"]["team"])
                event(moved, "team_reassigned", notes["reassigned"].format(n=people[0], m=people[1]))
                for day in later:
                    event(
                        min(day, end),
                        "team_mistreatment",
                        self.pick(notes["mistreatment"]).format(n=people[1]),
                        severity="serious" if r() < 0.5 else "minor",
                    )
            else:
                for _ in range(n(1, 3)):
                    event(
                        max(since + 5, end - n(0, 120)),
                        "team_mistreatment",
                        self.pick(notes["mistreatment"]).format(n=people[0]),
                        severity="serious" if r() < 0.35 else "minor",
                    )

        if "advice_rejected" in signs:
            for _ in range(n(2, 4)):
                event(somewhere(), "advice_rejected", self.pick(notes["advice_core"]), core=True)
            for _ in range(n(0, 2)):
                event(somewhere(), "advice_rejected", self.pick(notes["advice_peripheral"]), core=False)
        elif r() < 0.1:
            event(somewhere(), "advice_rejected", self.pick(notes["advice_peripheral"]), core=False)

        if "ethics" in signs:
            kind = "illegal" if r() < 0.4 else "uncomfortable"
            event(max(since + 5, end - n(0, 100)), "ethics_concern", self.pick(notes["ethics"][kind]), kind=kind)

        if "late_payment" in signs and r() < 0.4:
            event(since + (end - since) * 2 // 3, "conversation", topic=notes["topics"]["payments"])
        if "poor_feedback" in signs and r() < 0.4:
            # A call to talk it through, after the first unhelpful feedback.
            poor = [day for day, e in self.events if e["type"] == "feedback" and e["quality"] != "constructive"]
            if poor:
                event(min(poor) + n(1, 7), "conversation", topic=notes["topics"]["feedback"])
        if p.terms_fixed:
            event(self.terms_day - n(3, 10), "conversation", topic=notes["topics"]["payments"])
            note = notes["terms_late_fee"] if self.clause == "late_fee" else notes["terms_advance"]
            event(self.terms_day, "terms_changed", note, clause=self.clause)

    # -- money

    def _settle(self) -> None:
        """Number the invoices in date order, then pay, chase or leave them open."""
        n, r, today = self.n, self.rand, self.today
        self.pending.sort(key=_first)
        terms = 60 if self.p.big_account else TERMS_DAYS
        chase = (2, 6) if "low_profitability" in self.signs else (1, 3)
        if self.open_from is not None:
            # Leave at least one invoice open 30 days past due.
            old = [issued for issued, _, _, forced in self.pending if forced is None and issued + terms <= today - 30]
            if old:
                self.open_from = min(self.open_from, old[-1])
        year, seq = "", 0
        for issued, pid, cents, forced in self.pending:
            iso = _iso(issued)
            if iso[:4] != year:
                year, seq = iso[:4], 0
            seq += 1
            inv_id = f"F-{year}-{self.number:04d}-{seq:02d}"
            due = issued + terms
            self._message(issued, "out", self.pick(self.subjects["invoice"]).format(i=inv_id, p=self.names[pid]))
            if forced is not None:
                paid, part = forced, None
            else:
                paid, part = self._payment_day(issued, due)
            if paid is not None and paid > today:
                paid = None
            payments = []
            if part is not None and part <= today:
                first = cents * n(30, 60) // 100
                payments.append({"on": _iso(part), "amount": _money(first)})
                if paid is not None:
                    payments.append({"on": _iso(paid), "amount": _money(cents - first)})
            elif paid is not None:
                payments.append({"on": _iso(paid), "amount": _money(cents)})
            reminders = []
            stop = paid if paid is not None else today + 1
            day = _weekday(due + n(5, 9))
            while day < stop and day <= today and len(reminders) < 8:
                reminders.append(_iso(day))
                subject = self.pick(self.subjects["reminder"]).format(i=inv_id)
                self._message(day, "out", subject, True)
                self._time(day, n(*chase), "chasing", pid)
                if r() < 0.7:
                    self._message(day + n(1, 5), "in", "Re: " + subject)
                day = _weekday(day + n(10, 18))
            self.invoices.append(
                {
                    "id": inv_id,
                    "project": pid,
                    "issued_on": iso,
                    "due_on": _iso(due),
                    "amount": _money(cents),
                    "currency": "EUR",
                    "payments": payments,
                    "reminders": reminders,
                }
            )

    def _payment_day(self, issued: int, due: int) -> tuple[int | None, int | None]:
        """(day the invoice is paid in full or None, day of a part payment or None)."""
        p, n, r = self.p, self.n, self.rand
        if self.open_from is not None and issued >= self.open_from:
            return None, (due + n(5, 40) if r() < 0.3 else None)
        if "late_payment" in self.signs or (p.terms_fixed and issued < self.terms_day):
            if p.passive_income:
                chance, lo, hi = 0.9, 10, 45
            elif p.big_account:
                chance, lo, hi = 0.8, 10, 40
            else:
                chance, lo, hi = 0.75, 8, 30 if r() < 0.6 else 90
            if r() < chance or not self.late_so_far:
                self.late_so_far += 1
                paid = due + n(lo, hi)
                return paid, (due + n(0, (paid - due) // 2) if r() < 0.2 else None)
            return due - n(0, 10), None
        if not p.terms_fixed and r() < 0.04:
            return due + n(1, 4), None  # a few days late now and then, nobody chases
        return max(issued + 1, due - n(0, 25)), None

    # -- the month by month: meetings, admin, small talk

    def _monthly(self) -> None:
        n, r, signs = self.n, self.rand, self.signs
        low, slow = "low_profitability" in signs, "slow_feedback" in signs
        talk_end = min(self.last_day, self.today if self.silent_from is None else self.silent_from - 1)
        meet_end = min(self.work_end, self.today)
        for first, last, _, _ in _months(self.since, self.last_day):
            a, b = max(first, self.since), min(last, self.last_day)
            self._time(_weekday_back(min(b, self.today)), n(2, 4), "admin", None)
            if a <= meet_end:
                for _ in range(n(6, 10) if low else n(0, 1)):
                    day = min(_weekday(self._day_between(a, min(b, meet_end))), meet_end)
                    self._time(day, n(4, 10), "meeting", self._project_on(day))
                # A client not worth the work also needs chasing for answers and material.
                for _ in range(n(2, 4) if low else 0):
                    day = min(_weekday(self._day_between(a, min(b, meet_end))), meet_end)
                    self._time(day, n(2, 4), "chasing", self._project_on(day))
            for _ in range(n(0, 1) if slow else n(0, 2)):
                if a > talk_end:
                    break
                day = self._day_between(a, min(b, talk_end))
                pid = self._project_on(day)
                pname = self.names.get(pid, self.names[self.spans[-1][0]])
                if r() < 0.5:
                    subject = self.pick(self.subjects["client_asks"]).format(p=pname)
                    stamp = self._message(day, "in", subject)
                    if stamp is not None:
                        self._message(day + n(0, 1), "out", "Re: " + subject, after=stamp)
                else:
                    subject = self.pick(self.subjects["studio_asks"]).format(p=pname, m=pname)
                    stamp = self._message(day, "out", subject, True)
                    if stamp is not None:
                        self._message(day + (n(6, 18) if slow else n(0, 3)), "in", "Re: " + subject, after=stamp)

    # -- endings and silences

    def _silence_protocol(self) -> None:
        n, subjects = self.n, self.subjects
        silent = self.silent_from
        pid, pname = self.current or self.spans[-1][:2]
        self._message(silent, "out", self.pick(subjects["wait"]).format(p=pname), True)
        if self.p.ultimatum:
            checkin = _weekday(silent + n(10, 14))
            self._message(checkin, "out", self.pick(subjects["checkin"]).format(p=pname), True)
            self._time(checkin, 1, "chasing", pid)
            last = _weekday(checkin + n(7, 9))
            deadline = last + n(7, 10)
            subject = self.pick(subjects["ultimatum"]).format(p=pname, d=self._long_date(deadline))
            self._message(last, "out", subject, True)
            self._time(last, n(1, 2), "chasing", pid)
            self._event(last, "ultimatum_sent", pid, self.notes["ultimatum"], deadline=_iso(deadline))
        elif self.rand() < 0.5 and silent + 16 < self.today:
            checkin = _weekday(silent + n(10, 14))
            self._message(checkin, "out", self.pick(subjects["checkin"]).format(p=pname), True)
            self._time(checkin, 1, "chasing", pid)

    def _long_date(self, day: int) -> str:
        d = dt.date.fromordinal(day)
        month = MONTHS[self.lang][d.month - 1]
        return f"{d.day} de {month}" if self.lang == "es" else f"{d.day} {month}"

    def _closing(self) -> None:
        pname = self.names[self.spans[-1][0]]
        subject = self.pick(self.subjects["closing"]).format(p=pname)
        stamp = self._message(self.last_day, "out", subject)
        if stamp is not None and self.rand() < 0.6:
            self._message(self.last_day + self.n(1, 5), "in", "Re: " + subject, after=stamp)

    def _answer_stale_requests(self) -> None:
        """Clients who are not ghosting answer every request, sooner or later.

        Replies dropped along the way (a reminder left unanswered, a delivery
        still pending) would otherwise look like a silence.
        """
        ghost = self.silent_from is not None
        last = self.silent_from - 1 if ghost else self.today
        gap = 45 if "slow_feedback" in self.signs else 21
        self.messages.sort()
        replies = []
        open_day = latest = None
        subject_of = {}
        for stamp, direction, subject, needs_reply in self.messages:
            day = stamp // 1440
            if day > last:
                break
            if open_day is not None and day - open_day > gap:
                replies.append(open_day)
                open_day = latest = None
            if direction == "in":
                open_day = latest = None
            elif needs_reply:
                subject_of[day] = subject
                latest = day
                if open_day is None:
                    open_day = day
        if open_day is not None and (ghost or self.today - open_day > QUIET_DAYS - 5):
            # Answer the latest request if there is still time, which answers them all.
            replies.append(latest if latest < last else open_day)
        for day in replies:
            if day < last:
                subject = subject_of[day].removeprefix("Re: ")
                self._message(self.n(day + 1, min(day + 5, last)), "in", "Re: " + subject)

    # -- prospects

    def _prospect(self) -> None:
        n, r, today, subjects = self.n, self.rand, self.today, self.subjects
        refused = "deposit_refused" in self.signs
        first = today - (n(30, 60) if refused else n(3, 50))
        self.since = first
        name, lo, hi, kind = self.pick(W.FIXED[self.lang])
        name = name.format(year=_iso(today)[:4])
        fee = n(lo // 100, hi // 100) * 10000
        planned = today + n(7, 30)
        labels = W.MILESTONES[self.lang][kind]
        span = n(40, 120)
        milestones = [
            {
                "name": label,
                "due_on": _iso(_weekday(planned + span * (i + 1) // len(labels))),
                "delivered_on": None,
                "approved_on": None,
            }
            for i, label in enumerate(labels)
        ]
        pid = self._new_project(name, None, "fixed", fee, "proposed", milestones)
        self.spans.append((pid, name, first, first))
        subject = self.pick(subjects["inquiry"]).format(p=name)
        stamp = self._message(first, "in", subject)
        self._message(first + n(0, 1), "out", "Re: " + subject, after=stamp)
        meeting = _weekday(first + n(2, 6))
        self._time(meeting, n(4, 6), "meeting", pid)
        sent = _weekday(meeting + n(1, 5))
        self._time(sent, n(6, 16), "admin", pid)
        subject = self.pick(subjects["proposal"]).format(p=name)
        stamp = self._message(sent, "out", subject, True)
        if stamp is not None:
            self._message(sent + n(1, 5), "in", "Re: " + subject, after=stamp)
            if r() < 0.3:
                self._event(
                    sent + n(1, 5),
                    "rate_renegotiation",
                    pid,
                    self.pick(self.notes["rate_before"]),
                    after_contract=False,
                )
        if refused:
            asked = _weekday(sent + n(3, 8))
            subject = self.pick(subjects["deposit"]).format(p=name)
            stamp = self._message(asked, "out", subject, True)
            answer = asked + n(1, 4)
            self._message(answer, "in", "Re: " + subject, after=stamp)
            self._event(answer, "deposit_refused", pid, self.pick(self.notes["deposit_refused"]))
            self.contract = {
                "signed_on": None,
                "scope_defined": True,
                "deposit_requested": True,
                "deposit_paid_on": None,
                "late_fee_clause": False,
                "change_order_clause": False,
                "silence_approval_days": None,
                "notice_days": None,
            }
            if r() < 0.7:
                self.contract["deposit_refused"] = True
        self._answer_stale_requests()

    # -- output

    def rows(self) -> dict:
        self.time.sort(key=_first)
        self.messages.sort()
        self.events.sort(key=_first)
        time = []
        for day, quarters, kind, pid in self.time:
            entry = {"on": _iso(day), "hours": _HOURS[quarters], "kind": kind}
            if pid is not None:
                entry["project"] = pid
            time.append(entry)
        messages = []
        for stamp, direction, subject, needs_reply in self.messages:
            message = {"at": _instant(stamp), "direction": direction, "subject": subject}
            if direction == "out":
                message["needs_reply"] = needs_reply
            messages.append(message)
        return {
            "projects": self.projects,
            "invoices": self.invoices,
            "time": time,
            "messages": messages,
            "events": [event for _, event in self.events],
        }


def _first(row: tuple) -> int:
    return row[0]
