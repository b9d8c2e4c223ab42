"""Word lists and phrases for the demo portfolio (`demo.py`).

Plain data, no logic. Names are invented; any resemblance to a real company
is an accident of combining common words. Phrases are keyed by language
(`es`, `en`); the demo picks the client's language for everything the
client sees or says (subjects, project names) and for the studio's notes.
"""

# The studio's own people, who appear in notes about incidents.
TEAM = ("Marta", "Jorge", "Lucía", "Dani", "Irene", "Pablo", "Nerea", "Óscar")

ES_FIRST = (
    "Laura", "Carmen", "Lucía", "Marta", "Elena", "Paula", "Sara", "Ana",
    "Cristina", "Raquel", "Beatriz", "Nuria", "Silvia", "Rocío", "Alba",
    "Irene", "Patricia", "Teresa", "Inés", "Pilar", "Javier", "Carlos",
    "Miguel", "David", "Sergio", "Álvaro", "Pablo", "Jorge", "Alberto",
    "Raúl", "Diego", "Andrés", "Fernando", "Manuel", "Rubén", "Iván",
    "Hugo", "Adrián", "Íñigo", "Xavier", "Valentina", "Camila", "Daniela",
    "Mariana", "Gabriela", "Florencia", "Catalina", "Ximena", "Renata",
    "Sofía", "Mateo", "Santiago", "Sebastián", "Joaquín", "Tomás",
    "Emiliano", "Agustín", "Facundo", "Rodrigo", "Gonzalo",
)
ES_LAST = (
    "García", "Martínez", "López", "Sánchez", "González", "Gómez",
    "Fernández", "Moreno", "Jiménez", "Pérez", "Rodríguez", "Navarro",
    "Ruiz", "Díaz", "Serrano", "Hernández", "Muñoz", "Sáez", "Romero",
    "Rubio", "Alfaro", "Molina", "Lozano", "Castillo", "Ortega", "Marín",
    "Iglesias", "Medina", "Garrido", "Cortés", "Castro", "Vidal", "Prieto",
    "Calvo", "Gallego", "Vega", "Campos", "Fuentes", "Aguirre", "Etxeberria",
    "Puig", "Ferrer", "Soler", "Vallejo", "Quintero", "Salazar", "Restrepo",
    "Valenzuela", "Cárdenas", "Bustamante", "Villalobos", "Figueroa",
    "Mendoza", "Ibáñez", "Pizarro", "Zapata", "Arango", "Sepúlveda",
)
EN_FIRST = (
    "Emma", "Olivia", "Grace", "Hannah", "Chloe", "Sophie", "Rachel",
    "Megan", "Claire", "Amy", "James", "Oliver", "Thomas", "Daniel",
    "Matthew", "Ben", "Ryan", "Peter", "Michael", "Luke",
)
EN_LAST = (
    "Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Hughes",
    "Clarke", "Turner", "Hill", "Cooper", "Ward", "Morgan", "Bennett",
    "Reid", "Murphy", "Foster", "Palmer", "Shaw", "Fletcher",
)

# Company names: a trade and a proper name, with the legal form of the
# client's country.
ES_TRADES = (
    "Bodegas", "Clínica Dental", "Talleres", "Construcciones", "Editorial",
    "Inmobiliaria", "Distribuciones", "Laboratorios", "Academia", "Ópticas",
    "Transportes", "Hotel", "Cervecera", "Panadería", "Textil", "Asesoría",
    "Grupo", "Ferretería", "Librería", "Gimnasio", "Floristería",
    "Restaurante", "Conservas", "Aceites", "Muebles", "Viajes", "Seguros",
    "Solar", "Autoescuela", "Clínica Veterinaria", "Fisioterapia",
    "Cerámica", "Quesos", "Cosmética", "Instalaciones", "Papelería",
    "Joyería", "Calzados", "Frutas", "Reformas",
)
ES_PROPER = (
    "Miralmonte", "Atalaya", "La Ribera", "San Telmo", "del Cantábrico",
    "Altamira", "Los Olivos", "Hermanos Ruiz", "El Faro", "Valdelobos",
    "Montesol", "Almenara", "La Dehesa", "Peñaflor", "Río Tajo", "Aneto",
    "Candamo", "Mediterráneo", "Las Encinas", "Sotogrande", "Albarracín",
    "Bidasoa", "Gredos", "Moncayo", "Naranjo", "Triana", "Arrayán",
    "Alborán", "Costa Brava", "Vallehermoso", "Hermanas Puig", "Iturri",
    "Benicàssim", "Olmedo", "Castellar", "La Vega", "Soler e Hijos",
    "Garrido", "Montseny", "Urbasa",
)
ES_LEGAL = ("SL", "SL", "SL", "SA", "SLU")

LATAM_TRADES = (
    "Café", "Textiles", "Distribuidora", "Agroindustrias", "Viña",
    "Clínica", "Constructora", "Editorial", "Inmobiliaria", "Logística",
    "Farmacias", "Hoteles", "Alimentos", "Cervecería", "Muebles",
    "Turismo", "Tecnología", "Cosméticos", "Seguros", "Consultores",
)
LATAM_PROPER = (
    "del Bajío", "Quindío", "Los Andes", "Pampa Sur", "Rioplatense",
    "del Caribe", "Valle del Cauca", "Patagonia", "Regiomontana",
    "Antioquia", "Atacama", "Yucatán", "Huasteca", "Sierra Madre", "Maipo",
    "Cusco", "Orinoco", "Tequendama", "Mendocina", "Pacífico",
    "Santa Marta", "Altiplano", "Colchagua", "Chapultepec", "Ñuñoa",
)
# (country, legal form)
LATAM_LEGAL = (
    ("MX", "S.A. de C.V."), ("MX", "S.A. de C.V."), ("CO", "S.A.S."),
    ("CO", "S.A.S."), ("CL", "SpA"), ("AR", "S.R.L."), ("PE", "S.A.C."),
    ("UY", "S.A."),
)

EN_PROPER = (
    "Harbour Lane", "Brightwater", "Northgate", "Fenwick & Cole", "Oakridge",
    "Bluebell", "Kestrel", "Ashford", "Redwood", "Silverline", "Marlow",
    "Hollybank", "Greenway", "Lighthouse", "Copperfield", "Westbrook",
    "Elm Street", "Saltmarsh", "Larkspur", "Foxglove",
)
EN_TRADES = (
    "Analytics", "Coffee Roasters", "Studios", "Logistics", "Dental Care",
    "Publishing", "Outdoor", "Bakery", "Fitness", "Travel", "Properties",
    "Software", "Ceramics", "Brewing", "Wellness", "Interiors",
)
EN_LEGAL = ("Ltd", "Ltd", "LLC", "Inc.")

# Projects: (name, lowest fee, highest fee, milestone set). A name may use
# {year}. Fees are in euros.
FIXED = {
    "es": (
        ("Tienda online", 6000, 18000, 0),
        ("Rediseño web", 4000, 12000, 0),
        ("Web multidioma", 5000, 14000, 0),
        ("Identidad corporativa", 2500, 8000, 1),
        ("Campaña de lanzamiento", 3000, 9000, 1),
        ("Catálogo {year}", 2000, 6000, 1),
        ("App de reservas", 12000, 30000, 2),
        ("Intranet de empleados", 8000, 20000, 2),
        ("Auditoría UX", 2500, 5000, 3),
        ("Vídeo corporativo", 3000, 9000, 1),
        ("Campaña de temporada {year}", 2500, 7000, 1),
        ("Portal de clientes", 9000, 24000, 2),
    ),
    "en": (
        ("Online shop", 6000, 18000, 0),
        ("Website redesign", 4000, 12000, 0),
        ("Brand identity", 2500, 8000, 1),
        ("Launch campaign", 3000, 9000, 1),
        ("Booking app", 12000, 30000, 2),
        ("UX audit", 2500, 5000, 3),
        ("Customer portal", 9000, 24000, 2),
        ("Seasonal campaign {year}", 2500, 7000, 1),
    ),
}
RETAINER = {
    "es": (
        ("Mantenimiento web", 300, 900),
        ("Gestión de redes sociales", 800, 2500),
        ("SEO y contenidos", 700, 2000),
        ("Newsletter mensual", 400, 1200),
        ("Soporte y evolutivos", 1000, 3000),
        ("Campañas de publicidad online", 900, 2800),
    ),
    "en": (
        ("Website maintenance", 300, 900),
        ("Social media management", 800, 2500),
        ("SEO and content", 700, 2000),
        ("Monthly newsletter", 400, 1200),
    ),
}
HOURLY = {
    "es": ("Consultoría de marca", "Soporte técnico", "Consultoría UX",
           "Desarrollo a medida", "Acompañamiento digital"),
    "en": ("Brand consulting", "Technical support", "UX consulting",
           "Custom development"),
}
MILESTONES = {
    "es": (
        ("Descubrimiento", "Diseño", "Desarrollo", "Pruebas", "Lanzamiento"),
        ("Briefing", "Propuesta creativa", "Artes finales"),
        ("Análisis", "Prototipo", "Versión beta", "Publicación"),
        ("Entrevistas", "Informe"),
    ),
    "en": (
        ("Discovery", "Design", "Development", "Testing", "Launch"),
        ("Briefing", "Creative proposal", "Final artwork"),
        ("Analysis", "Prototype", "Beta", "Release"),
        ("Interviews", "Report"),
    ),
}
MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
           "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"),
}
REPORT = {"es": "Informe de {month} {year}", "en": "{month} {year} report"}

# Message subjects. {p} a project, {m} a milestone, {i} an invoice, {d} a date.
SUBJECTS = {
    "es": {
        "delivery": ("Entrega: {m}", "{m} lista para revisar",
                     "Os enviamos {m} para revisión"),
        "invoice": ("Factura {i}", "Factura {i} ({p})"),
        "reminder": ("Recordatorio: factura {i} vencida",
                     "Factura {i} pendiente de pago",
                     "Segundo aviso: factura {i}"),
        "client_asks": ("Duda sobre {p}", "Cambios en {p}",
                        "¿Podemos hablar esta semana?", "Nuevo material para {p}",
                        "Accesos al gestor de contenidos", "Una pregunta rápida",
                        "Fotos para {p}", "Presupuesto para otra cosa"),
        "studio_asks": ("Consulta sobre {p}", "Propuesta de reunión de seguimiento",
                        "Necesitamos los textos de {p}", "Validación de {m}",
                        "Planificación del próximo mes", "Accesos pendientes"),
        "inquiry": ("Solicitud de presupuesto: {p}", "Información sobre {p}",
                    "Contacto desde la web"),
        "proposal": ("Propuesta: {p}", "Presupuesto {p}"),
        "deposit": ("Condiciones y anticipo de {p}", "Anticipo del 30 % para {p}"),
        "wait": ("Validación pendiente: {p}", "Necesitamos vuestra respuesta para seguir con {p}"),
        "checkin": ("¿Va todo bien?", "¿Seguimos adelante con {p}?"),
        "ultimatum": ("Cierre de {p} si no tenemos noticias antes del {d}",),
        "closing": ("Cierre de {p}", "Gracias por estos meses"),
        "contact": ("Presentación: nueva responsable de {p}", "Cambio de interlocutor"),
        "scope": ("Una cosita más para {p}", "¿Podéis añadir esto a {p}?"),
    },
    "en": {
        "delivery": ("Delivery: {m}", "{m} ready for review"),
        "invoice": ("Invoice {i}", "Invoice {i} ({p})"),
        "reminder": ("Reminder: invoice {i} overdue", "Invoice {i} still outstanding"),
        "client_asks": ("Question about {p}", "Changes to {p}", "Quick call this week?",
                        "New material for {p}", "CMS access"),
        "studio_asks": ("Question about {p}", "Follow-up meeting", "Copy needed for {p}",
                        "Sign-off on {m}", "Next month's plan"),
        "inquiry": ("Quote request: {p}", "Enquiry about {p}"),
        "proposal": ("Proposal: {p}", "Quote for {p}"),
        "deposit": ("Terms and deposit for {p}",),
        "wait": ("Waiting on your sign-off: {p}", "We need your reply to continue {p}"),
        "checkin": ("Is everything all right?", "Are we still going ahead with {p}?"),
        "ultimatum": ("Closing {p} unless we hear from you by {d}",),
        "closing": ("Wrapping up {p}", "Thank you for these months"),
        "contact": ("Introducing the new lead for {p}", "New point of contact"),
        "scope": ("One more small thing for {p}", "Could you add this to {p}?"),
    },
}

# The studio's notes on events, in the client's language. {n} a person.
NOTES = {
    "es": {
        "scope_unpriced": ("Quiere un blog además de lo acordado",
                           "Pide versión en inglés sin mover fechas",
                           "Tres propuestas de logo más, «que es rápido»",
                           "Nueva sección de ofertas fuera del alcance",
                           "Integración con su ERP que no estaba en el presupuesto",
                           "Rehacer la home con otro enfoque"),
        "scope_priced": ("Ampliación aceptada con presupuesto y nuevas fechas",
                         "Landing extra presupuestada aparte"),
        "change_order_refused": ("No acepta presupuesto por los cambios añadidos",
                                 "Dice que los extras «entraban en el precio»"),
        "rate_after": ("Pide rebajar la tarifa un 20 % en la siguiente fase",
                       "Quiere pagar la hora a 35 € a partir de ahora",
                       "Pide descuento por «volumen» en el mantenimiento",
                       "Vuelve a pedir rebaja tras cerrar el presupuesto"),
        "rate_before": ("Negociación normal del presupuesto inicial",),
        "deposit_refused": ("No quiere adelantar el 30 %: «pagamos al final, como siempre»",
                            "Rechaza el anticipo y pide empezar ya"),
        "feedback": {
            "constructive": ("Comentarios claros y accionables", "Pide dos ajustes concretos",
                             "Aprueba con pequeños cambios"),
            "vague": ("«No me convence, dale una vuelta»", "«Le falta algo»",
                      "«Hazlo más moderno»"),
            "accusatory": ("«Esto no es lo que pedimos»", "«Habéis perdido el tiempo»",
                           "Culpa al equipo de un retraso que fue suyo"),
        },
        "slow": "Pidió la entrega con prisa y respondió {d} días después",
        "mistreatment": ("Gritó a {n} en la reunión de seguimiento",
                         "Mensajes a {n} a las 23:00 exigiendo cambios para el día siguiente",
                         "Comentarios despectivos sobre el trabajo de {n}",
                         "Exige a {n} disponibilidad el fin de semana"),
        "advice_core": ("Rechaza hacer pruebas con usuarios antes del lanzamiento",
                        "Insiste en una tipografía ilegible en móvil",
                        "No quiere copias de seguridad del servidor",
                        "Rechaza la arquitectura recomendada"),
        "advice_peripheral": ("Prefiere otro tono de azul", "Quiere el logo más grande"),
        "ethics": {
            "illegal": ("Pide publicar reseñas falsas de clientes",
                        "Quiere enviar la newsletter a una base de datos comprada sin consentimiento"),
            "uncomfortable": ("Pide copiar la web de un competidor",
                              "Quiere una campaña que ridiculiza a otro colectivo"),
        },
        "contact_change": "Entra {n} como responsable y replantea el proyecto",
        "contact_neutral": "{n} sustituye a la anterior responsable",
        "topics": {"payments": "pagos", "team": "trato al equipo",
                   "scope": "alcance", "feedback": "forma de dar feedback"},
        "reassigned": "{n} deja la cuenta; entra {m}",
        "terms_late_fee": "Añadimos recargo por demora al contrato",
        "terms_advance": "Pasamos a facturar por adelantado",
        "ultimatum": "Último aviso del protocolo de silencio",
    },
    "en": {
        "scope_unpriced": ("Wants a blog on top of what we agreed",
                           "Asks for a Spanish version without moving dates",
                           "Three more logo options, 'it's quick'",
                           "New offers section outside the scope"),
        "scope_priced": ("Extension accepted with a quote and new dates",),
        "change_order_refused": ("Won't accept a quote for the added changes",
                                 "Says the extras were 'included in the price'"),
        "rate_after": ("Asks for 20% off the next phase",
                       "Wants to pay 35 € an hour from now on",
                       "Asks for a 'volume' discount on maintenance"),
        "rate_before": ("Normal negotiation of the first quote",),
        "deposit_refused": ("Won't pay 30% up front: 'we pay at the end'",
                            "Refuses the deposit and wants to start now"),
        "feedback": {
            "constructive": ("Clear, actionable comments", "Asks for two specific tweaks",
                             "Approves with small changes"),
            "vague": ("'It doesn't grab me'", "'Something is missing'",
                      "'Make it more modern'"),
            "accusatory": ("'This is not what we asked for'", "'You have wasted our time'",
                           "Blames the team for a delay on their side"),
        },
        "slow": "Wanted it delivered urgently and replied {d} days later",
        "mistreatment": ("Shouted at {n} in the status meeting",
                         "Messages {n} at 11 pm demanding changes for the next day",
                         "Belittling comments about {n}'s work"),
        "advice_core": ("Refuses user testing before launch",
                        "Insists on a typeface that is unreadable on mobile",
                        "Won't pay for server backups"),
        "advice_peripheral": ("Prefers another shade of blue", "Wants the logo bigger"),
        "ethics": {
            "illegal": ("Asks us to post fake customer reviews",
                        "Wants to mail a bought list without consent"),
            "uncomfortable": ("Asks us to copy a competitor's website",),
        },
        "contact_change": "{n} takes over and reshapes the project",
        "contact_neutral": "{n} replaces the previous lead",
        "topics": {"payments": "payments", "team": "how the team is treated",
                   "scope": "scope", "feedback": "how feedback is given"},
        "reassigned": "{n} leaves the account; {m} takes over",
        "terms_late_fee": "Late-payment fee added to the contract",
        "terms_advance": "We now invoice in advance",
        "ultimatum": "Last message of the silence protocol",
    },
}
