from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    name = "despedida.mailbox"
    label = "mailbox"
    verbose_name = _("Mail in")

    def ready(self) -> None:
        from despedida.jobs import register_job
        from despedida.mailbox.jobs import sync_due_mailboxes

        # Every worker pass looks for mailboxes whose next sync is due (each sets its own interval).
        register_job("mail_sync", sync_due_mailboxes)
