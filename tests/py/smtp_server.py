"""A real SMTP server on loopback for zakrila's mail tests (aiosmtpd).

Keeps every message it accepts as DIR/NNNN.eml (written to a temporary name, then renamed, so
a reader never sees half a file) and prints its port on stdout once it listens.

    python3 smtp_server.py --dir DIR --port N
        [--starttls | --tls]     # a certificate made here, by a CA made here (DIR/ca.pem)
        [--auth USER:PASSWORD]   # AUTH required (after STARTTLS, when there is one)
        [--reject ADDRESS]       # answer 550 for this recipient
        [--delay SECONDS]        # wait this long before answering DATA
        [--certificates-only]    # make DIR/ca.pem (for a server started later), then stop

The certificates: a CA and a server certificate for 127.0.0.1 and localhost, made with the
`cryptography` package (installed with msoffcrypto-tool by scripts/test). The client trusts
DIR/ca.pem through `[mail] ca_file`, as a municipality would trust its own CA.
"""

import argparse
import asyncio
import datetime
import ipaddress
import itertools
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def make_certificates(folder):
    """ca.pem (to trust), server.pem and server.key (to serve); kept when already made."""
    ca_path = os.path.join(folder, "ca.pem")
    cert_path = os.path.join(folder, "server.pem")
    key_path = os.path.join(folder, "server.key")
    if all(os.path.exists(p) for p in (ca_path, cert_path, key_path)):
        return ca_path, cert_path, key_path
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "zakrila test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    with open(ca_path, "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return ca_path, cert_path, key_path


class Keeper:
    """Keeps each accepted message as the next NNNN.eml."""

    def __init__(self, folder, reject, delay):
        self.folder = folder
        self.reject = reject
        self.delay = delay
        existing = [int(n[:4]) for n in os.listdir(folder) if n.endswith(".eml")]
        self.numbers = itertools.count(max(existing, default=0) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and address == self.reject:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        number = next(self.numbers)
        path = os.path.join(self.folder, "%04d.eml" % number)
        with open(path + ".part", "wb") as f:
            f.write(("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content)
        os.replace(path + ".part", path)
        return "250 OK kept as %04d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--reject")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--debug", action="store_true", help="aiosmtpd's log on stderr")
    parser.add_argument(
        "--certificates-only", action="store_true", help="make DIR/ca.pem and the rest, then stop"
    )
    args = parser.parse_args()
    if args.debug:
        import logging

        logging.basicConfig(level=logging.DEBUG)
    os.makedirs(args.dir, exist_ok=True)
    if args.certificates_only:
        make_certificates(args.dir)
        return 0

    options = {}
    if args.starttls or args.tls:
        _, cert, key = make_certificates(args.dir)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if args.starttls:
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = (
                isinstance(data, LoginPassword)
                and data.login.decode() == user
                and data.password.decode() == password
            )
            # handled=False: aiosmtpd answers 235 or 535 itself.
            return AuthResult(success=ok, handled=False)

        options.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=args.starttls or args.tls,
        )
    controller = Controller(
        Keeper(args.dir, args.reject, args.delay),
        hostname="127.0.0.1",
        port=args.port,
        server_hostname="localhost",
        **options,
    )
    controller.start()
    print(args.port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
