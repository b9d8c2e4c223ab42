"""From the store to the pure engines: a client's record and the workspace's calendar."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from despedida.accounts.clock import today_for
from despedida.accounts.models import Workspace
from despedida.core.assessment.thresholds import InvalidThresholds, Thresholds
from despedida.clients import models as db
from despedida.portability.exporter import header_of, load_client
from despedida.core.portfolio import model as pf


def today_in(workspace: Workspace, now: dt.datetime | None = None) -> dt.date:
    """The date on the business's calendar (its time zone), not the server's."""
    return today_for(workspace, now)


def portfolio_for(client: db.Client, as_of: dt.date) -> tuple[pf.Portfolio, pf.Client]:
    """The one-client portfolio the engines read, as of `as_of`."""
    record = load_client(client)
    portfolio = header_of(client.workspace, as_of)
    portfolio.clients.append(record)
    return portfolio, record


def thresholds_of(workspace: Workspace) -> Thresholds:
    """The workspace's thresholds; defaults if the stored overrides are unusable."""
    try:
        return Thresholds.from_mapping(workspace.thresholds or {})
    except InvalidThresholds:
        return Thresholds()


def ui_language(default: str = "es") -> str:
    """The language the page is shown in, as the engines name it (es or en)."""
    code = (get_language() or default)[:2]
    return code if code in ("es", "en") else default
