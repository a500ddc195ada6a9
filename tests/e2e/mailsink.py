"""A real SMTP server as the mail sink for the notification tests: Debian's python3-aiosmtpd with
STARTTLS required (a self-signed certificate made with openssl) and AUTH with a password, as a
centre's mail provider would have it. Mails land in Sink.mails with the time they arrived.

    sink = Sink(tmpdir)          # makes the certificate and the password file (0600)
    sink.start(); ...; sink.stop(); sink.start()   # the same port each time
"""
import os
import socket
import subprocess
import sys
import threading
import time


def use_debian_python():
    """aiosmtpd is a Debian package: run this script again with Debian's python3 when the python3
    that started it (a pyenv one, say) lacks it."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
        raise


class Sink:
    USER = "kiosk"
    PASSWORD = "geheim-wachtwoord-42"

    def __init__(self, folder):
        self.folder = folder
        self.cert = os.path.join(folder, "sink-cert.pem")
        self.key = os.path.join(folder, "sink-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key,
                        "-out", self.cert, "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True, timeout=60)
        self.password_file = os.path.join(folder, "smtp-password")
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(self.PASSWORD + "\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.mails = []  # dicts: rcpt, mail_from, content (bytes), at, tls, auth
        self.lock = threading.Lock()
        self.controller = None

    def config(self, sender="kiosk@oever.test"):
        """The [notify] section that sends to this sink."""
        return ('[notify]\nsmtp_url = "smtp://127.0.0.1:%d"\nsmtp_user = "%s"\nsmtp_password_file = "%s"\n'
                'from = "%s"\nca_file = "%s"\n' % (self.port, self.USER, self.password_file, sender, self.cert))

    def start(self):
        import logging
        import ssl
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        sink = self
        logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd 1.4 warns of its own login_data

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.mails.append({"rcpt": list(envelope.rcpt_tos), "mail_from": envelope.mail_from,
                                       "content": envelope.original_content or envelope.content,
                                       "at": time.time(), "tls": session.ssl is not None,
                                       "auth": bool(session.authenticated)})
                return "250 OK"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == sink.USER.encode() and auth_data.password == sink.PASSWORD.encode()
            return AuthResult(success=ok)

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, tls_context=context,
                                     require_starttls=True, auth_required=True, auth_require_tls=True,
                                     authenticator=authenticator)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def wait_for(self, predicate, timeout):
        """The first mail for which predicate(mail) holds, or None after timeout seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                for m in self.mails:
                    if predicate(m):
                        return m
            time.sleep(0.05)
        return None
