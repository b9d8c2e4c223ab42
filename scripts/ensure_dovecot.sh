#!/usr/bin/env bash
# Start a throwaway Dovecot IMAP server for the tests and print its folder.
#
#   bash scripts/ensure_dovecot.sh DIR    # configure and start it under DIR
#   bash scripts/ensure_dovecot.sh --stop DIR
#
# Everything lives under DIR (configuration, sockets, logs, mail): nothing
# touches /etc/dovecot. It listens on 127.0.0.1 only, on two free ports:
# plain IMAP with STARTTLS, and IMAP over TLS, with a self-signed
# certificate made here (DIR/tls/cert.pem). Any user name logs in with the
# password in DIR/server.json, and gets an empty mailbox of its own (under a
# folder in /tmp named in DIR/mail-dir), so each test can use a fresh user. DIR/server.json says where
# it all is; the tests find it through DESPEDIDA_TEST_DOVECOT=DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py="$here/.venv/bin/python"

if [ "${1:-}" = "--stop" ]; then
  dir=${2:?usage: ensure_dovecot.sh --stop DIR}
  [ -f "$dir/dovecot.conf" ] && dovecot -c "$dir/dovecot.conf" stop 2>/dev/null || true
  [ -f "$dir/mail-dir" ] && rm -rf "$(cat "$dir/mail-dir")"
  exit 0
fi
dir=${1:?usage: ensure_dovecot.sh DIR}

if ! command -v dovecot >/dev/null || [ ! -x /usr/lib/dovecot/imap ]; then
  [ "$(id -u)" = 0 ] || { echo "Dovecot is not installed and I am not root: apt-get install dovecot-imapd" >&2; exit 1; }
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >&2
fi

mkdir -p "$dir/run" "$dir/state" "$dir/tls"
dir=$(cd "$dir" && pwd)
# The mail lives in a folder of its own under /tmp: DIR may sit where the mail
# user cannot reach (pytest's temporary folders are private to their owner).
mail_dir=$(mktemp -d /tmp/despedida-imap-mail.XXXXXX)
echo "$mail_dir" > "$dir/mail-dir"

# Ports and the certificate, with the project's Python (the cryptography package).
"$py" - "$dir" "$mail_dir" <<'PY'
import datetime as dt, ipaddress, json, secrets, socket, sys
from pathlib import Path
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

folder = Path(sys.argv[1])
def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        # Fixed and wide, so a frozen test clock anywhere in these years still trusts it.
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
(folder / "tls" / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
(folder / "tls" / "key.pem").write_bytes(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
(folder / "server.json").write_text(json.dumps({
    "host": "127.0.0.1", "port": free_port(), "tls_port": free_port(),
    "password": "imap-test-" + secrets.token_hex(8),
    "cert": str(folder / "tls" / "cert.pem"), "mail": sys.argv[2],
}))
PY
read -r port tls_port password < <("$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["port"], s["tls_port"], s["password"])' "$dir/server.json")

# As root, Dovecot wants unprivileged users for its own processes and for the mail.
if [ "$(id -u)" = 0 ]; then
  internal=dovecot; login=dovenull; mail_user=dovecot
  chown "$mail_user:" "$mail_dir"
else
  internal=$(id -un); login=$(id -un); mail_user=$(id -un)
fi
uid=$(id -u "$mail_user"); gid=$(id -g "$mail_user")

cat > "$dir/dovecot.conf" <<CONF
# A throwaway Dovecot for the tests (scripts/ensure_dovecot.sh); nothing here is for production.
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
instance_name = despedida-test-$port
protocols = imap
listen = 127.0.0.1
default_internal_user = $internal
default_login_user = $login
first_valid_uid = 1
first_valid_gid = 1
mail_uid = $uid
mail_gid = $gid
ssl = yes
ssl_cert = <$dir/tls/cert.pem
ssl_key = <$dir/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$mail_dir/%n
mail_fsync = never
login_greeting = Despedida test IMAP ready.
passdb {
  driver = static
  args = password=$password
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$mail_dir/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }
  chroot =
}
service anvil {
  chroot =
}
service imap {
  process_limit = 64
}
CONF
[ "$(id -u)" = 0 ] && chown -R "$internal:" "$dir/state"

dovecot -c "$dir/dovecot.conf" 2>>"$dir/dovecot.log" || { echo "Dovecot did not start; see $dir/dovecot.log" >&2; cat "$dir/dovecot.log" >&2; exit 1; }
"$py" - "$port" <<'PY' || { echo "Dovecot does not answer; see $dir/dovecot.log" >&2; exit 1; }
import socket, sys, time
for _ in range(100):
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
            if s.recv(100).startswith(b"* OK"):
                sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
echo "$dir"
