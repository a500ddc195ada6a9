"""A help request reaches its team by e-mail (#19), through a real SMTP server with STARTTLS and
AUTH (aiosmtpd): a request made on the touchscreen arrives within a minute at the right team's
address with its code and the back-office link, and the mail's bytes hold no name, phone or
description. With the mail server down the request is still acknowledged at once, and its mail
arrives after the server comes back. A request nobody claimed is escalated to staff, once."""
import email
import email.policy
import os
import signal
import subprocess
import time

from mailsink import Sink, use_debian_python

use_debian_python()

from kiosk import BUURTKIOSKCTL, Screen, Workspace, check, fail, SOURCE_DIR  # noqa: E402

NOW = "2027-03-02T09:00"
PERSONAL = [b"Ans", b"Jansen", b"0612345678", b"melk", b"brood", b"Piet", b"0687654321", b"lamp"]


def shown(mail):
    """The mail as the team's mail program shows it: subject and decoded text."""
    msg = email.message_from_bytes(mail["content"], policy=email.policy.default)
    return msg["Subject"], msg.get_content(), msg


def check_nothing_personal(mail, what):
    subject, body, _ = shown(mail)
    text = (subject + "\n" + body).encode()
    leaked = [p.decode() for p in PERSONAL if p in mail["content"] or p in text]
    check(not leaked, "%s: the mail's bytes hold no name, phone or description %s" % (what, leaked or ""))


ws = Workspace("notify")
sink = Sink(ws.dir)
with open(ws.config, "a", encoding="utf-8") as f:
    f.write(sink.config() + '[backoffice]\nbase_url = "https://beheer.oever.test"\n'
            '[[team]]\nname = "Boodschappen"\nkinds = ["boodschappen"]\nemail = ["boodschappen@oever.test"]\n'
            '[[team]]\nname = "Buurtverbinders"\nkinds = ["*"]\nemail = ["verbinders@oever.test", "coordinator@oever.test"]\n')
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now=NOW)

# The service, as systemd runs it (its clock starts at NOW and ticks on, like the kiosk's).
notify_log = open(os.path.join(ws.dir, "notify.log"), "w")
notify = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW, "notify"],
                          stdout=notify_log, stderr=notify_log, env=dict(os.environ, BUURTKIOSK_LOG="info"))
try:
    # The mail server is down: the desk still takes a request at once; its mail waits. (First, so
    # that its retry runs while the touchscreen part below is being tapped through.)
    started = time.time()
    ws.ctl("help", "add", "--category", "klusje", "--timing", "this_week", "--name", "Piet Pieters",
           "--phone", "0687654321", "--description", "lamp vervangen", now=NOW)
    check(time.time() - started < 5, "with the mail server down the request is acknowledged at once (%.2f s)"
          % (time.time() - started))
    code2 = ws.query("SELECT code FROM help_request WHERE category = 'klusje'")[0][0]
    deadline = time.time() + 15
    while time.time() < deadline and not ws.query("SELECT 1 FROM outbox WHERE subject_code = ? AND attempts > 0", code2):
        time.sleep(0.2)
    row = ws.query("SELECT attempts, last_error, sent_utc FROM outbox WHERE subject_code = ?", code2)[0]
    check(row[0] >= 1 and row[1] and row[2] is None, "the failed attempt is counted and waits: %s" % (row,))
    sink.start()

    with Screen(ws, NOW) as s:
        # test_help_request.py checks each step's screen; here only where typing follows.
        s.tap_text("Hulp vragen")
        s.tap_text("Boodschappen")
        s.tap_text("Vandaag")
        check(s.wait_for("iets over vertellen"), "asks for a few words")
        s.type("melk en brood")
        s.tap_text("Volgende")
        check(s.wait_for("Ik kom zelf terug"), "asks for contact")
        s.type("Ans Jansen")
        s.tap_text("Volgende")
        s.type("0612345678")
        s.tap_text("Volgende")
        s.tap_text("Bevestigen")
        check(s.wait_for("hulpvraag is ontvangen"), "the kiosk confirms the help request")
        confirmed = time.time()

    code = ws.query("SELECT code FROM help_request WHERE category = 'boodschappen'")[0][0]
    mail = sink.wait_for(lambda m: code.encode() in m["content"], 60)
    check(mail is not None, "the touchscreen's request arrives as a mail within a minute (%.1f s after the "
          "confirmation was read off the screen)" % ((mail["at"] - confirmed) if mail else -1))
    check(mail["rcpt"] == ["boodschappen@oever.test"], "… to the Boodschappen team's address: %s" % mail["rcpt"])
    check(mail["tls"] and mail["auth"], "… over STARTTLS, after AUTH with the password from the 0600 file")
    subject, body, msg = shown(mail)
    check(subject == "Nieuwe hulpvraag %s: boodschappen (vandaag)" % code, "subject: " + subject)
    check("https://beheer.oever.test/beheer/hulpvragen/" + code in body, "the body links to the request in the back office")
    check("Wanneer:    vandaag" in body and "Code:       " + code in body, "the body names the timing and the code")
    check(msg["From"] == "kiosk@oever.test" and msg["Message-ID"] and msg["Date"], "From, Date and Message-ID headers")
    check(b"\r\n" in mail["content"] and b"\n" not in mail["content"].replace(b"\r\n", b""), "CRLF line ends only")
    check_nothing_personal(mail, "touchscreen request")

    mail2 = sink.wait_for(lambda m: code2.encode() in m["content"], 45)
    check(mail2 is not None, "the desk request's mail arrives after the server is back (retried after its backoff)")
    check(sorted(mail2["rcpt"]) == ["coordinator@oever.test", "verbinders@oever.test"],
          "… to the team for the other kinds: %s" % mail2["rcpt"])
    check_nothing_personal(mail2, "desk request")

    once = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW, "notify", "--once"],
                          capture_output=True, text=True, timeout=60)
    check(once.returncode == 0 and "0 sent, 0 not sent" in once.stdout, "notify --once: nothing left (%s)" % once.stdout.strip())

    # Nobody claimed either request: five hours on (escalate_after_hours = 4) staff are told, once.
    ws.ctl("account", "add", "Mieke", "--role", "staff", "--email", "staf@oever.test", stdin="een lang wachtwoord\n")
    ws.ctl("help", "claim", code, "--by", "Kees", now=NOW)
    later = "2027-03-02T14:00"
    once = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", later, "notify", "--once"],
                          capture_output=True, text=True, timeout=60)
    escalated = [m for m in sink.mails if m["rcpt"] == ["staf@oever.test"]]
    check(once.returncode == 0 and len(escalated) == 1 and code2.encode() in escalated[0]["content"],
          "the unclaimed request is escalated to the staff account's address, the claimed one not (%s)" % once.stdout.strip())
    check(shown(escalated[0])[0].startswith("Nog niet opgepakt: hulpvraag " + code2), "escalation subject")
    check_nothing_personal(escalated[0], "escalation")
    once = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", later, "notify", "--once"],
                          capture_output=True, text=True, timeout=60)
    check("0 sent" in once.stdout, "… once only")
finally:
    sink.stop()
    if notify.poll() is None:
        notify.send_signal(signal.SIGTERM)
        try:
            rc = notify.wait(10)
        except subprocess.TimeoutExpired:
            notify.kill()
            fail("notify did not stop within 10 s of SIGTERM")
    else:
        rc = notify.returncode
notify_log.close()
log = open(notify_log.name, "rb").read()
check(rc == 0, "notify ends cleanly on SIGTERM (exit %s)" % rc)
check(b"sent (help.new " + code.encode() in log, "the service logs the mail it sent by its code")
leaked = [p.decode() for p in PERSONAL + [Sink.PASSWORD.encode()] if p in log]
check(not leaked, "no personal data or password in the service's log %s" % (leaked or ""))
ws.cleanup()
print("1 passed, 0 failed")
