"""Finding clients by name as people type them: case and accents set aside ("ferreteria" finds "Ferretería")."""

from __future__ import annotations

import unicodedata

from django.db.models import Func

# The letters with marks a Spanish or English name carries, and their plain twins,
# so that SQL can fold them without an extension (PostgreSQL's unaccent needs one).
_MARKED = "ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕóòôöõÚÙÛÜúùûüÑñÇç"
_PLAIN = "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuNnCc"
assert len(_MARKED) == len(_PLAIN)


def fold(text: str) -> str:
    """Lower case, without accents: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Folded(Func):
    """`fold()` in SQL: a registered function on SQLite, translate() and lower() on PostgreSQL."""

    function = "despedida_fold"
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=f"lower(translate(%(expressions)s, '{_MARKED}', '{_PLAIN}'))",
            **extra_context,
        )


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give every new SQLite connection the fold function (see `Folded`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("despedida_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text):
    return None if text is None else fold(text)
