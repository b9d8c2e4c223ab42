"""The WSGI application, for `despedida serve` or any WSGI server.

A bad environment value stops the server at start with one line naming
the variable (exit 2), as the console script does, not a traceback.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "despedida.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    sys.stderr.write(f"despedida: {exc}\n")
    raise SystemExit(2) from None
