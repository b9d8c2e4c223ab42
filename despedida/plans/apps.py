"""The exit plans app: a plan's dated steps, the reactions it meets, its closing.

Its label stays `exits`, the name its tables and migrations have had since the first
release; the silence protocol, intake and lessons keep their rows under that label too
(see each app's models).
"""

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "despedida.plans"
    label = "exits"
    verbose_name = "Exit plans"

    def ready(self) -> None:
        from despedida.letters import signals
        from despedida.plans import receivers

        signals.letter_drafted.connect(receivers.letter_drafted, dispatch_uid="plans.letter_drafted")
        signals.letter_reviewed.connect(receivers.letter_reviewed, dispatch_uid="plans.letter_reviewed")
        signals.letter_went_out.connect(receivers.letter_went_out, dispatch_uid="plans.letter_went_out")
