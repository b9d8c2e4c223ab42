"""Where each remedy of a ladder is carried out: one click from the client page."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

# Remedies logged as an event in the record, with the event type to preselect.
LOGGED_AS_EVENT = {
    "talk": "conversation",
    "reassign_team": "team_reassigned",
    "price_change_order": "scope_change",
    "apply_late_fee": "terms_changed",
    "invoice_in_advance": "terms_changed",
    "sign_contract": "terms_changed",
}
# Remedies carried out by writing a letter.
WRITTEN = {
    "propose_terms": "renegotiation",
    "chase_payment": "payment_reminder",
    "formal_demand": "formal_demand",
    "silence_checkin": "checkin",
    "silence_ultimatum": "ultimatum",
    "silence_close": "closing",
    "decline": "decline",
}


def remedy_action(client, code: str) -> dict:
    """How remedy `code` is carried out for `client`: a link to follow (`href`), or,
    for a letter, a form to POST (`post_to`, with the letter's `kind`), since
    drafting a letter creates it."""
    if code in ("plan_exit", "walk_away"):
        return {"href": _try("plans:plan_new", client) or "#log-event"}
    if code in WRITTEN:
        url = _try("letters:new", client)
        if url:
            return {"post_to": url, "kind": WRITTEN[code]}
    return {"href": f"?event={LOGGED_AS_EVENT.get(code, 'conversation')}#log-event"}


def _try(name: str, client) -> str:
    try:
        return reverse(name, args=[client.pk])
    except NoReverseMatch:
        return ""
