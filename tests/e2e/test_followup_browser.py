"""The follow-up page a QR code opens, in a real browser: `buurtkioskctl serve` on a free port,
a registration made with `register --json` whose followup_url points there, and headless Chromium
reading the page (--dump-dom: the DOM after loading, as a phone would show it). Opening the
"Afmelden" page does not cancel, nor does another site's page that posts the form; the POST its
button sends does (urllib sends it, as --dump-dom cannot press a button), after which the page says
so and the agenda counts fewer people."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from kiosk import BUURTKIOSKCTL, Workspace, check, fail

NOW = "2027-03-01T09:00"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    fail("chromium is not installed (deploy/install-deps.sh installs it)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browse(url, lang="nl-NL,nl", extra=()):
    """The page's DOM as headless Chromium renders it."""
    profile = tempfile.mkdtemp(prefix="bk_chromium_")
    try:
        r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--user-data-dir=" + profile, "--accept-lang=" + lang,
                            *extra, "--dump-dom", url],
                           capture_output=True, text=True, timeout=90)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if r.returncode != 0 or "<html" not in r.stdout:
        fail("chromium --dump-dom %s: exit %d\n%s" % (url, r.returncode, r.stderr[-2000:]))
    return r.stdout


def registered_people(ws):
    agenda = json.loads(ws.ctl("agenda", "--from", "2027-03-02", "--to", "2027-03-02", "--json", now=NOW).stdout)
    return agenda[0]["registered"]


port = free_port()
base = "http://127.0.0.1:%d" % port
ws = Workspace("followup")
with open(ws.config, encoding="utf-8") as f:
    config = f.read()
with open(ws.config, "w", encoding="utf-8") as f:
    f.write(config.replace('base_url = "http://kiosk.test:8080"', 'base_url = "%s"' % base))
server = None
try:
    ws.ctl("activity", "add", "--title", "Koersbal in de grote zaal", "--start", "2027-03-02T10:00",
           "--end", "2027-03-02T11:30", "--location", "Grote zaal", "--capacity", "8", now=NOW)
    occurrence = json.loads(ws.ctl("agenda", "--from", "2027-03-02", "--to", "2027-03-02", "--json",
                                   now=NOW).stdout)[0]["occurrence_id"]
    reg = json.loads(ws.ctl("register", str(occurrence), "--name", "Marie van Dijk", "--people", "2",
                            "--json", now=NOW).stdout)
    url = reg["followup_url"]
    token = url.rsplit("/", 1)[1]
    check(url.startswith(base + "/r/"), "register --json gives a follow-up link to this server")
    check(registered_people(ws) == 2, "two people registered")

    log = open(os.path.join(ws.dir, "serve.log"), "w")
    server = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW,
                               "serve", "--listen", "127.0.0.1:%d" % port], stdout=log, stderr=log)
    deadline = time.time() + 20
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200 and r.read() == b"ok":
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        if server.poll() is not None or time.time() > deadline:
            fail("buurtkioskctl serve did not come up: " + open(log.name).read())
        time.sleep(0.1)
    check(True, "serve answers /healthz")

    page = browse(url)
    check("Koersbal in de grote zaal" in page, "Chromium shows the activity's title")
    check("U bent aangemeld." in page and "Hallo Marie," in page and "van Dijk" not in page,
          "in Dutch, registered, first name only")
    check("Aantal personen: 2" in page and "Grote zaal" in page, "people and room")
    english = browse(url, lang="en-GB,en")
    check("You are registered." in english, "English when the browser prefers it")

    confirm = browse(url + "/afmelden")
    check("Weet u het zeker?" in confirm and re.search(r'<form method="post" action="/r/[^"]+/cancel"', confirm),
          "the Afmelden page asks first, with a POST form")
    check(registered_people(ws) == 2, "opening the Afmelden page cancels nothing")

    # Another site's page that posts the same form as soon as it opens (cross-site request
    # forgery): Chromium sends it with its own Origin and Sec-Fetch-Site, and nothing is cancelled.
    evil = os.path.join(ws.dir, "evil.html")
    with open(evil, "w") as f:
        f.write('<form method="post" enctype="text/plain" action="%s/cancel"><input name="x" value="1"></form>'
                '<script>document.forms[0].submit()</script>' % url)
    refused = browse("file://" + evil, extra=["--virtual-time-budget=5000"])
    check("Afmelden kan alleen met de knop op deze website zelf." in refused, "another site's form is refused")
    check(registered_people(ws) == 2, "and cancels nothing")

    # The form's button: a POST from the page itself (with the headers Chromium sends with it), then
    # the 303 back to the page (urllib follows it with a GET).
    own = {"Origin": base, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}
    with urllib.request.urlopen(urllib.request.Request(url + "/cancel", data=b"", method="POST", headers=own),
                                timeout=10) as r:
        check(r.status == 200 and r.geturl() == url, "the POST lands back on the registration page")
    page = browse(url)
    check("U bent afgemeld." in page and "/afmelden" not in page, "Chromium shows it is cancelled")
    check(registered_people(ws) == 0, "agenda --json counts the two people no more")
    check(ws.query("SELECT role FROM audit WHERE action = 'registration.cancel'") == [("resident-web",)],
          "the audit says the resident cancelled on the web")

    missing = browse(base + "/r/" + "A" * 24)
    check("Deze link kennen wij niet" in missing, "an unknown link gets the not-found page")
finally:
    if server:
        server.send_signal(signal.SIGTERM)
        try:
            check(server.wait(10) == 0, "serve stops cleanly on SIGTERM")
        except subprocess.TimeoutExpired:
            server.kill()
            fail("serve did not stop on SIGTERM")
        said = open(os.path.join(ws.dir, "serve.log")).read()
        check(token not in said and "Marie" not in said and "GET /r/<token> 200" in said,
              "one log line per request, without the token or the name")
    ws.cleanup()
