"""Two-factor sign-in: a TOTP app (with recovery codes) on top of the password.

django-otp keeps the devices: one TOTP device per user and one static
device holding their recovery codes. After the password, a user with a
device is signed in but held at the code page until they give a code; an
owner of a workspace on an instance that requires two-factor sign-in
(`DESPEDIDA_REQUIRE_2FA_FOR_OWNERS`) is held at the enrolment page until
they set it up. Once passed, the session remembers it, so pages cost no
extra query.
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from despedida.accounts.models import Membership, Role

PASSED_KEY = "despedida_2fa_passed"
RECOVERY_CODES = 10
VERIFY, ENROL = "verify", "enrol"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required_for(user) -> bool:
    return settings.REQUIRE_2FA_FOR_OWNERS and Membership.objects.filter(user=user, role=Role.OWNER).exists()


def what_is_missing(user) -> str | None:
    """VERIFY when the user has a device, ENROL when they must have one, else None."""
    if has_device(user):
        return VERIFY
    if is_required_for(user):
        return ENROL
    return None


def mark_passed(request) -> None:
    request.session[PASSED_KEY] = True


# --- Devices -------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (created on first use, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def secret_for_humans(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed by hand (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (nothing is fetched)."""
    import io

    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # drop the XML declaration: it is inlined in the page


def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device if `code` is right; return the new recovery codes, or None."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def check_code(user, code: str) -> tuple[str | None, int]:
    """Check a code from the app, or a recovery code.

    Returns ("totp" | "recovery" | None, seconds to wait before the next try
    when django-otp's throttle refuses to check at all).
    """
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None, 0
    if code.isdigit():
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
        kind = "totp"
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
        kind = "recovery"
    wait = 0
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            wait = max(wait, _seconds_until((data or {}).get("locked_until")))
            continue
        if device.verify_token(code):
            return kind, 0
    return None, wait


def _seconds_until(when) -> int:
    from despedida.accounts import clock

    if when is None:
        return 1
    return max(1, int((when - clock.now()).total_seconds() + 0.999))


# --- The gate ------------------------------------------------------------------------------


class TwoFactorMiddleware:
    """Holds a signed-in user at the code page (or the enrolment page) until done."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: dict[str, set[str]] | None = None

    def open_paths(self) -> dict[str, set[str]]:
        if self._open is None:
            always = {reverse("logout"), reverse("set_language"), reverse("admin:logout")}
            self._open = {
                VERIFY: always | {reverse("two_factor_verify")},
                ENROL: always | {reverse("two_factor_setup")},
            }
        return self._open

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.session.get(PASSED_KEY):
            missing = what_is_missing(user)
            if missing is None:
                mark_passed(request)
            elif request.path not in self.open_paths()[missing]:
                target = reverse("two_factor_verify" if missing == VERIFY else "two_factor_setup")
                if request.method == "GET" and url_has_allowed_host_and_scheme(
                    request.get_full_path(), allowed_hosts={request.get_host()}
                ):
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)
