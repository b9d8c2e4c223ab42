"""Name the signed-in user as the author of every audit entry a request writes."""

from __future__ import annotations

from despedida.audit.recorder import acting_as, user_actor


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with acting_as(user_actor(user)):
            return self.get_response(request)
