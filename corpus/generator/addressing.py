"""Forms of address for the generator: one bank sentence, every way of saying "you".

Spanish letters speak to the reader as tú (Spain, Mexico, Chile), usted
(formal everywhere; the default in Colombia and Peru), vos (Argentina),
vosotros (a team in Spain) or ustedes (a team in Latin America). A bank
sentence names the five forms once, `<tú|usted|vos|vosotros|ustedes>`, or
uses a shortcut for the common words (<te>, <tu>, <V:pagar>...). English
banks use `<us|uk>` for spelling.
"""

from __future__ import annotations

import re

ADDRESSES = ("tu", "usted", "vos", "vosotros", "ustedes")

SHORTCUTS = {
    "te": "te|le|te|os|les",
    "tu": "tu|su|tu|vuestro|su",
    "tua": "tu|su|tu|vuestra|su",
    "tus": "tus|sus|tus|vuestros|sus",
    "tuas": "tus|sus|tus|vuestras|sus",
    "ti": "ti|usted|vos|vosotros|ustedes",
    "tú": "tú|usted|vos|vosotros|ustedes",
    "contigo": "contigo|con usted|con vos|con vosotros|con ustedes",
    "H": "has|ha|has|habéis|han",
}

# Present tense, in the order tú, usted, vos, vosotros, ustedes.
IRREGULAR = {
    "ser": "eres|es|sos|sois|son",
    "estar": "estás|está|estás|estáis|están",
    "ir": "vas|va|vas|vais|van",
    "haber": "has|ha|has|habéis|han",
    "tener": "tienes|tiene|tenés|tenéis|tienen",
    "venir": "vienes|viene|venís|venís|vienen",
    "decir": "dices|dice|decís|decís|dicen",
    "dar": "das|da|das|dais|dan",
    "ver": "ves|ve|ves|veis|ven",
    "enviar": "envías|envía|enviás|enviáis|envían",
    "confiar": "confías|confía|confiás|confiáis|confían",
    "incluir": "incluyes|incluye|incluís|incluís|incluyen",
}
# Stem changes (in tú, usted, ustedes only; vos and vosotros keep the stem).
STEM_CHANGE = {
    "e>ie": "pensar entender preferir empezar cerrar sentir perder querer mentir advertir comenzar",
    "o>ue": "poder recordar volver contar encontrar mover soler devolver resolver probar costar",
    "e>i": "pedir seguir repetir servir elegir conseguir corregir",
}
_ENDINGS = {
    "ar": ("as", "a", "ás", "áis", "an"),
    "er": ("es", "e", "és", "éis", "en"),
    "ir": ("es", "e", "ís", "ís", "en"),
}


def _changed_stem(verb: str, stem: str) -> str:
    for change, verbs in STEM_CHANGE.items():
        if verb in verbs.split():
            old, new = change.split(">")
            position = stem.rfind(old)
            if position >= 0:
                return stem[:position] + new + stem[position + len(old):]
    return stem


def present(verb: str) -> list[str]:
    """The five present-tense forms of a Spanish verb, in address order."""
    if verb in IRREGULAR:
        return IRREGULAR[verb].split("|")
    stem, ending = verb[:-2], verb[-2:]
    if ending not in _ENDINGS:
        raise ValueError(f"not an infinitive: {verb!r}")
    changed = _changed_stem(verb, stem)
    forms = []
    for index, suffix in enumerate(_ENDINGS[ending]):
        base = changed if ADDRESSES[index] in ("tu", "usted", "ustedes") else stem
        if verb in ("elegir", "corregir") and suffix.startswith(("a", "o")):
            base = base[:-1] + "j"
        forms.append(base + suffix)
    return forms


_MACRO = re.compile(r"<([^<>]+)>")


def _capitalised(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def expand_address(text: str, lang: str, address: str, region: str = "US") -> str:
    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if lang == "en":
            options = body.split("|")
            if len(options) != 2:
                raise ValueError(f"English <us|uk> takes two forms: {match.group()!r}")
            return options[1] if region == "UK" else options[0]
        if body.startswith(("V:", "v:")):
            return present(body[2:])[ADDRESSES.index(address)]
        key = body if body in SHORTCUTS else body[0].lower() + body[1:]
        options = (SHORTCUTS.get(key) or body).split("|")
        if len(options) != 5:
            raise ValueError(f"a form of address needs five forms: {match.group()!r}")
        return _capitalised(options[ADDRESSES.index(address)], body if key != "H" else "h")

    return _MACRO.sub(replace, text)
