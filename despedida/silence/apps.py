"""The silence protocol app: check-in, ultimatum and close for a client who stopped answering."""

from django.apps import AppConfig


class SilenceConfig(AppConfig):
    name = "despedida.silence"
    label = "silence"
    verbose_name = "Silence protocol"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from despedida.clients.models import Message
        from despedida.jobs import register_job
        from despedida.letters import signals
        from despedida.silence import receivers
        from despedida.silence.jobs import run_workflows

        post_save.connect(receivers.message_saved, sender=Message, dispatch_uid="exits.message_saved")
        signals.letter_went_out.connect(receivers.letter_went_out, dispatch_uid="silence.letter_went_out")
        register_job("workflows", run_workflows)
