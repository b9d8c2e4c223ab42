from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "despedida.exits"
    label = "exits"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from despedida.clients.models import Message
        from despedida.exits import signals
        from despedida.exits.jobs import run_workflows

        post_save.connect(signals.message_saved, sender=Message, dispatch_uid="exits.message_saved")
        try:
            from despedida.outbox.jobs import register_job
        except ImportError:  # the outbox's job registry is not there: the worker can't run ours
            return
        register_job("workflows", run_workflows)
