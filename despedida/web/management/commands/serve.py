"""`despedida serve`: migrate, then serve the app with Waitress."""

from __future__ import annotations

import signal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def _exit_on_sigterm(signum, frame):
    # SIGTERM (systemd, a container stop) ends the loop like Ctrl+C does.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = _("Serve the web app (binds to loopback unless told otherwise). Migrates first.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("Address to bind (default 127.0.0.1)."))
        parser.add_argument("--port", type=int, default=8000, help=_("Port (default 8000)."))
        parser.add_argument("--threads", type=int, default=8, help=_("Worker threads (default 8)."))
        parser.add_argument("--no-migrate", action="store_true", help=_("Do not apply migrations on start."))
        parser.add_argument(
            "--trusted-proxy",
            default=None,
            metavar="ADDRESS",
            help=_(
                "The address of your reverse proxy: its X-Forwarded-For and X-Forwarded-Proto are believed "
                "(for the sign-in throttle and log, and HTTPS); nobody else's are."
            ),
        )

    def handle(self, *args, host, port, threads, no_migrate, trusted_proxy=None, **options):
        if not 0 < port < 65536:
            raise CommandError(_("--port must be between 1 and 65535"), returncode=2)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        from waitress import create_server

        from despedida.wsgi import application

        proxy = {}
        if trusted_proxy:
            proxy = {
                "trusted_proxy": trusted_proxy,
                "trusted_proxy_count": 1,
                "clear_untrusted_proxy_headers": True,
                "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
            }
        server = create_server(application, host=host, port=port, threads=threads, ident="despedida", **proxy)
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        self.stdout.write(
            _("Despedida is serving on http://%(host)s:%(port)s/ (Ctrl+C to stop)") % {"host": host, "port": port}
        )
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
