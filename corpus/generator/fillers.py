"""Names, dates, amounts and invoice numbers for generated letters, per region.

One `Fillers` per letter: a name asked twice gives the same value, dates keep
their order (date_past < date_past2 < date_past3 < today < date < date2), and
amounts are written the way the region writes them (1.850 €, $12,500 MXN,
S/ 4,500, COP 2.400.000, £1,200, US$2,150...).
"""

from __future__ import annotations

import datetime as dt
import random

FIRST = {
    "es": "Lucía Andrés Marta Tomás Carmen Javier Elena Raúl Nuria Sergio Paula Diego Laura Iñaki Rocío Álvaro "
    "Ximena Rodrigo Fernanda Alejandro Guadalupe Emiliano Valeria Santiago Camila Mateo Florencia Facundo "
    "Agustina Julián Catalina Juan Pablo Daniela Andrés Felipe Natalia Sebastián Mariana Gonzalo Renata".split(),
    "en": "Aaron Derek Nadia Emma Oliver Priya James Sophie Liam Hannah Tom Grace Marcus Chloe Ryan Megan "
    "Ethan Olivia Noah Isla George Amelia Harry Zoe Jack Ava Connor Maya Lucas Ellie".split(),
}
SURNAMES = {
    "es": "Campos Ruiz Herrera Navarro Molina Ortega Delgado Castro Vidal Romero Gutiérrez Ramírez Fernández "
    "López Martínez Sánchez Pérez Gómez Díaz Álvarez Torres Domínguez Vargas Rojas Cárdenas Mendoza".split(),
    "en": "Campbell Reed Hughes Patel Walker Turner Brooks Hayes Foster Bennett Coleman Ward Price Morgan "
    "Ellis Carter Murphy Lawson Fletcher Griffin".split(),
}
ME = {
    "es": "Irene Óscar Jon Marina Pablo Inés Carlos Beatriz Gabriel Sofía Martín Noelia Adrián Lorena "
    "Bruno Ana Ramiro Julieta Esteban Manuela".split(),
    "en": "Nadia Ben Clara Sam Rachel Owen Laura Dan Fiona Jake Maria Tessa Leo Kate Adam Holly".split(),
}
STUDIOS = {
    "es": ["Estudio Brisa", "Taller Norte", "Pixel y Papel", "Código Claro", "Lumen Estudio", "Casa Tipo",
           "Hilo Digital", "Punto Sur"],
    "en": ["Lumen Studio", "Northlight Design", "Brightline", "Oak & Ink", "Fieldwork Digital", "Tidewater Studio",
           "Plainspoken", "Harbour Creative"],
}
COMPANY_STEMS = {
    "es": "Acme Retail|Hostal Mirador|Grupo Tarsis|Café Aurora|Bodegas Lezama|Clínica Dental Sonrisas|"
    "Inmobiliaria Prado|Ferretería Ocaña|Editorial Andén|Moda Celeste|Transportes Vega|Academia Lumbre|"
    "Óptica Central|Cervecería Ría|Constructora Sierra|Hotel Las Palmas".split("|"),
    "en": "Acme Retail|Hillside Dental|Northwind Foods|Bluebell Café|Harper & Lowe|Greenway Logistics|"
    "Summit Fitness|Willow Interiors|Redline Motors|Kestrel Books|Oakridge Realty|Maple Street Bakery".split("|"),
}
COMPANY_SUFFIX = {"ES": "SL", "MX": "S.A. de C.V.", "AR": "SRL", "CO": "S.A.S.", "PE": "S.A.C.", "CL": "SpA",
                  "UK": "Ltd", "US": "LLC"}
PROJECTS = {
    "es": ["la tienda online", "el rediseño de la web", "la app de reservas", "la campaña de primavera",
           "el catálogo de 2026", "la identidad corporativa", "el mantenimiento de la web", "la migración a Shopify",
           "la redacción de la web", "el vídeo corporativo", "la contabilidad mensual", "la traducción del manual",
           "la estrategia de redes", "el boletín mensual", "el panel de control", "la intranet"],
    "en": ["the online shop", "the website redesign", "the booking app", "the spring campaign",
           "the 2026 catalogue", "the brand identity", "the website maintenance", "the Shopify migration",
           "the website copy", "the company video", "the monthly bookkeeping", "the manual translation",
           "the social media plan", "the monthly newsletter", "the admin dashboard", "the intranet"],
}
MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "en": "January February March April May June July August September October November December".split(),
}
WEEKDAYS = {
    "es": "lunes martes miércoles jueves viernes sábado domingo".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
}
NUMBER_WORDS = {
    "es": "dos tres cuatro cinco seis siete ocho".split(),
    "en": "two three four five six seven eight".split(),
}
# (low, high, step) of a typical invoice in the region's currency.
MAGNITUDE = {"ES": (300, 9000, 10), "MX": (5000, 150000, 100), "AR": (100000, 3000000, 1000),
             "CO": (1000000, 20000000, 10000), "PE": (1000, 20000, 10), "CL": (200000, 5000000, 1000),
             "UK": (300, 9000, 10), "US": (300, 12000, 10)}


def _group(value: int, sep: str) -> str:
    digits = f"{value:,}"
    return digits.replace(",", sep)


def money(region: str, value: int, rng: random.Random, style: int) -> str:
    """An amount the way `region` writes it; `style` picks one of the region's habits."""
    dot, comma = _group(value, "."), _group(value, ",")
    styles = {
        "ES": [f"{dot} €", f"{dot} €", f"{dot},00 €", f"{value} euros", f"EUR {dot}", f"{dot} EUR"],
        "MX": [f"${comma} MXN", f"MX${comma}", f"{comma} pesos", f"MXN {comma}", f"${comma}.00 MXN", f"$ {comma} MXN"],
        "AR": [f"${dot}", f"ARS {dot}", f"{dot} pesos", f"$ {dot}", f"ARS {dot},00", f"$ {dot} ARS"],
        "CO": [f"${dot}", f"COP {dot}", f"{dot} pesos", f"${dot} COP", f"COP$ {dot}", f"$ {dot}"],
        "PE": [f"S/ {comma}", f"S/. {comma}.00", f"PEN {comma}", f"{comma} soles", f"S/{comma}", f"S/ {comma}.00"],
        "CL": [f"${dot}", f"CLP {dot}", f"{dot} pesos", f"$ {dot} CLP", f"CLP$ {dot}", f"${dot}"],
        "UK": [f"£{comma}", f"£{comma}.00", f"GBP {comma}", f"£{comma}", f"{comma} pounds", f"€{comma}"],
        "US": [f"${comma}", f"US${comma}", f"USD {comma}", f"${comma}.00", f"{comma} dollars", f"CA${comma}"],
    }[region]
    return styles[style % len(styles)]


class Fillers:
    def __init__(self, lang: str, region: str, rng: random.Random) -> None:
        self.lang, self.region, self.rng = lang, region, rng
        self.values: dict[str, str] = {}
        self.today = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(20, 330))
        self.money_style = rng.randrange(6)
        self.date_style = rng.choices(range(5), [40, 20, 20, 12, 8])[0]
        self.invoice_style = rng.randrange(7)
        self.invoice_start = rng.randint(11, 240)
        past = sorted(rng.sample(range(8, 120), 3), reverse=True)
        self.past = [self.today - dt.timedelta(days=d) for d in past]
        future = sorted(rng.sample(range(5, 75), 2))
        self.future = [self.today + dt.timedelta(days=d) for d in future]

    def date(self, day: dt.date, style: int | None = None) -> str:
        style = self.date_style if style is None else style
        month = MONTHS[self.lang][day.month - 1]
        weekday = WEEKDAYS[self.lang][day.weekday()]
        if self.lang == "es":
            forms = [f"{day.day} de {month}", f"{day.day} de {month} de {day.year}", f"{weekday} {day.day} de {month}",
                     f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}"]
        elif self.region == "UK":
            forms = [f"{day.day} {month}", f"{day.day} {month} {day.year}", f"{weekday} {day.day} {month}",
                     f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day} {month[:3]}"]
        else:
            forms = [f"{month} {day.day}", f"{month} {day.day}, {day.year}", f"{weekday}, {month} {day.day}",
                     f"{day.month}/{day.day}/{day.year}", f"{month[:3]}. {day.day}"]
        return forms[style]

    def _amount(self) -> int:
        low, high, step = MAGNITUDE[self.region]
        return self.rng.randrange(low, high, step)

    def invoice_number(self, offset: int) -> str:
        n = self.invoice_start + offset
        year = self.today.year
        styles = [f"{year}-{n:03d}", f"F-{n}", f"FAC-{year}-{n:03d}", f"A-{year}/{n:03d}", f"{n}", f"{year}/{n}", f"INV-{1000 + n}"]
        if self.lang == "en":
            styles[1], styles[2] = f"#{n}", f"INV-{year}-{n:03d}"
        return styles[self.invoice_style]

    def value(self, name: str) -> str:
        if name not in self.values:
            self.values[name] = self._make(name)
        return self.values[name]

    def _make(self, name: str) -> str:
        rng, lang = self.rng, self.lang
        if name == "client":
            return rng.choice(FIRST[lang])
        if name == "surname":
            return rng.choice(SURNAMES[lang])
        if name == "client_formal":
            title = rng.choice(["Sr.", "Sra."] if lang == "es" else (["Mr", "Ms"] if self.region == "UK" else ["Mr.", "Ms."]))
            return f"{title} {self.value('surname')}"
        if name == "me":
            first = rng.choice(ME[lang])
            return rng.choice([first, f"{first}\n{self.value('studio')}", f"{first} {rng.choice(SURNAMES[lang])}"])
        if name == "studio":
            return rng.choice(STUDIOS[lang])
        if name == "company":
            return f"{rng.choice(COMPANY_STEMS[lang])} {COMPANY_SUFFIX[self.region]}"
        if name == "project":
            return rng.choice(PROJECTS[lang])
        if name in ("date", "date2"):
            return self.date(self.future[0 if name == "date" else 1])
        if name in ("date_past", "date_past2", "date_past3"):
            return self.date(self.past[{"date_past": 0, "date_past2": 1, "date_past3": 2}[name]])
        if name == "today":
            return self.date(self.today)
        if name == "month":
            return MONTHS[lang][(self.today.month + rng.randint(0, 2)) % 12]
        if name == "month_past":
            return MONTHS[lang][(self.today.month - 2) % 12]
        if name == "weekday":
            return WEEKDAYS[lang][rng.randrange(5)]
        if name in ("amount", "amount2", "amount3", "rate", "newrate"):
            if name == "newrate":
                rate = int(self.value("rate_value"))
                return money(self.region, rate + max(1, rate // 7), rng, self.money_style)
            value = self._amount() if name != "rate" else max(1, self._amount() // 40)
            if name == "rate":
                self.values["rate_value"] = str(value)
            return money(self.region, value, rng, self.money_style)
        if name == "rate_value":
            self.value("rate")
            return self.values["rate_value"]
        if name in ("invoice", "invoice2", "invoice3"):
            return self.invoice_number({"invoice": 0, "invoice2": 1, "invoice3": 2}[name])
        if name == "invoices":
            count = rng.choice([2, 3, 3, 4])
            numbers = [self.invoice_number(5 + i) for i in range(count)]
            last = " y " if lang == "es" else rng.choice([" and ", ", and "])
            return ", ".join(numbers[:-1]) + last + numbers[-1]
        if name == "days":
            return str(rng.choice([15, 30, 30, 45, 60]))
        if name in ("n", "n2"):
            return str(rng.randint(2, 7))
        if name in ("nw", "nw2"):
            return rng.choice(NUMBER_WORDS[lang])
        if name == "hours":
            return str(rng.choice([4, 6, 8, 10, 12, 15, 20, 25, 30]))
        raise KeyError(f"unknown filler {{{name}}}")
