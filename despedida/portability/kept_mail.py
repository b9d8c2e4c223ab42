"""Mail read from a mailbox survives a replace-import: it follows the client that replaces its own.

A portfolio file replaces a client's record with the file's, but the
messages read from the mailbox (IMAP) or a mail export are not the file's
to replace: the ledger says they were read, so a later sync would never
bring them back. In the swap (see `staging.swap_in`) they move to the
client that replaces theirs, after the file's own messages, with
everything they carry (origin, snippet, thread headers, the user's
needs-a-reply correction); the ledger rows follow the client like every
other reference to it.

A message of the file with the Message-ID of one kept is the same mail
written back by an export: the mailbox's copy stays and the file's goes,
so importing an export back changes nothing and keeps nothing twice.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Max

from despedida.clients import models as db

MAIL_IN = (db.MessageOrigin.IMAP.value, db.MessageOrigin.MAIL_FILE.value)


def keep_mail(pairs: list[tuple[int, int]]) -> int:
    """Move the mail-in messages of each replaced client (old) to its successor (new); returns how many."""
    messages = db.Message._base_manager
    olds = [old for old, _new in pairs]
    kept = list(messages.filter(client_id__in=olds, origin__in=MAIL_IN).values_list("client_id", "message_id"))
    if not kept:
        return 0
    successor = dict(pairs)
    ids: dict[int, set[str]] = {}
    for old, message_id in kept:
        if message_id:
            ids.setdefault(successor[old], set()).add(message_id)
    staged = (
        messages.filter(client_id__in=list(ids)).exclude(message_id="").values_list("pk", "client_id", "message_id")
    )
    copies = [pk for pk, new, message_id in staged if message_id in ids[new]]
    if copies:
        # Staged rows nothing refers to yet: a plain delete.
        messages.filter(pk__in=copies)._raw_delete(messages.db)
    moving = sorted({old for old, _message_id in kept})
    tops = dict(
        messages.filter(client_id__in=[successor[old] for old in moving])
        .values("client_id")
        .annotate(top=Max("position"))
        .values_list("client_id", "top")
    )
    # Plain SQL, one statement (as staging does): the file's messages keep their places, the mail follows.
    moves = [
        (old, successor[old], (tops.get(successor[old]) if tops.get(successor[old]) is not None else -1) + 1)
        for old in moving
    ]
    cases = " ".join(["WHEN %s THEN %s"] * len(moves))
    marks = ", ".join(["%s"] * len(moves))
    params = [v for old, _new, offset in moves for v in (old, offset)]
    params += [v for old, new, _offset in moves for v in (old, new)]
    params += [old for old, _new, _offset in moves] + list(MAIL_IN)
    table, position, client, origin = (
        connection.ops.quote_name(name) for name in (db.Message._meta.db_table, "position", "client_id", "origin")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {position} = {position} + CASE {client} {cases} END, "
            f"{client} = CASE {client} {cases} END "
            f"WHERE {client} IN ({marks}) AND {origin} IN (%s, %s)",
            params,
        )
        return cursor.rowcount
