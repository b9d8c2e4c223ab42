"""Behind a reverse proxy, the throttle and the sign-in log see the visitor's address
only when `despedida serve --trusted-proxy` names the proxy; a visitor's own
X-Forwarded-For header is never believed. Real server (Waitress), real HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

PASSWORD = "a long test password 42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env["DESPEDIDA_DATA_DIR"] = str(data_dir)
    return env


def despedida(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "despedida", *args], env=environment(data_dir), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def store(tmp_path) -> Path:
    data_dir = tmp_path / "data"
    despedida(data_dir, "migrate", "-v", "0")
    despedida(
        data_dir,
        "shell",
        "-c",
        f"from django.contrib.auth.models import User; User.objects.create_user('ana', password={PASSWORD!r})",
    )
    return data_dir


def serve(data_dir: Path, *extra: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "despedida", "serve", "--no-migrate", "--port", str(port), *extra],
        env=environment(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not start")


def failed_sign_in(base: str, forwarded_for: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "ana", "password": "wrong"}).encode()
    request = urllib.request.Request(
        f"{base}/login/", data=body, headers={"X-Forwarded-For": forwarded_for, "Referer": f"{base}/login/"}
    )
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


def logged_addresses(data_dir: Path) -> list[str]:
    out = despedida(
        data_dir,
        "shell",
        "-c",
        "from despedida.accounts.models import SignInEvent; "
        "print(','.join(e.ip_address for e in SignInEvent.objects.order_by('id')))",
    )
    return out.strip().splitlines()[-1].split(",")


def attempt_through(store: Path, *options: str) -> None:
    process, base = serve(store, *options)
    try:
        assert failed_sign_in(base, "198.51.100.23") == 200
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_visitors_address_is_believed_only_from_the_named_proxy(store):
    attempt_through(store, "--trusted-proxy", "127.0.0.1")  # the request comes from 127.0.0.1: the proxy
    attempt_through(store)  # no proxy named: the header is anyone's and is ignored

    assert logged_addresses(store) == ["198.51.100.23", "127.0.0.1"]
