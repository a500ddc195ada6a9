"""The agenda as .ics, read by an independent parser (python3-icalendar, python3-recurring-ical-events):
`buurtkioskctl agenda --ics` must give the same dates and titles as `agenda --json`, and `serve`'s
/agenda.ics and /r/<token>/agenda.ics must be files calendars accept, without anything personal.
No display needed."""

import datetime
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import sys
import urllib.request

try:
    import icalendar
    import recurring_ical_events
except ImportError:
    # Debian's python3-icalendar lives in the system Python; another python3 may come first on PATH.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

from kiosk import BUURTKIOSKCTL, Workspace, check, fail

NOW = "2027-03-01T09:00"
SOURCE_DIR = os.environ.get("SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_form(raw, what):
    """CRLF line ends only, no line over 75 octets, valid UTF-8 (RFC 5545 3.1)."""
    check(raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), what + ": CRLF line ends only")
    check(all(len(line) <= 75 for line in raw.split(b"\r\n")), what + ": lines folded at 75 octets")
    raw.decode("utf-8")  # raises on a fold that split a character
    cal = icalendar.Calendar.from_ical(raw)
    check(str(cal.get("VERSION")) == "2.0" and cal.get("PRODID") and str(cal.get("METHOD")) == "PUBLISH"
          and str(cal.get("CALSCALE")) == "GREGORIAN", what + ": VERSION, PRODID, METHOD, CALSCALE")
    for ev in cal.walk("VEVENT"):
        if not (ev.get("UID") and ev.get("DTSTAMP") and ev.get("DTSTART") and ev.get("DTEND") and ev.get("SUMMARY")):
            fail(what + ": an event lacks UID, DTSTAMP, DTSTART, DTEND or SUMMARY:\n" + ev.to_ical().decode())
        start = ev.decoded("DTSTART")
        if isinstance(start, datetime.datetime) and start.utcoffset() != datetime.timedelta(0):
            fail(what + ": DTSTART not in UTC: %r" % start)
    return cal


def as_key(title, start):
    if isinstance(start, datetime.datetime):
        return (title, start.astimezone(datetime.timezone.utc).isoformat())
    return (title, start.isoformat())


def json_key(item):
    start = item["start"]
    if item["all_day"]:
        return (item["title"], datetime.date.fromisoformat(start).isoformat())
    return (item["title"], datetime.datetime.fromisoformat(start).astimezone(datetime.timezone.utc).isoformat())


port = free_port()
base = "http://127.0.0.1:%d" % port
ws = Workspace("ics_export")
with open(ws.config, encoding="utf-8") as f:
    config = f.read()
with open(ws.config, "w", encoding="utf-8") as f:
    f.write(config.replace('base_url = "http://kiosk.test:8080"', 'base_url = "%s"' % base))
server = None
try:
    ws.ctl("import", os.path.join(SOURCE_DIR, "tests", "data", "thunderbird-export.ics"), now=NOW)
    agenda = json.loads(ws.ctl("agenda", "--from", "2027-03-01", "--to", "2027-04-30", "--json", now=NOW).stdout)
    check(len(agenda) >= 6, "the imported agenda has dates (%d)" % len(agenda))
    cancelled = agenda[2]["occurrence_id"]
    ws.ctl("activity", "cancel", str(cancelled), now=NOW)
    reg = json.loads(ws.ctl("register", str(agenda[0]["occurrence_id"]), "--name", "Marie van Dijk", "--phone",
                            "0612345678", "--people", "2", "--json", now=NOW).stdout)
    agenda = json.loads(ws.ctl("agenda", "--from", "2027-03-01", "--to", "2027-04-30", "--json", now=NOW).stdout)

    p = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW, "agenda", "--from",
                        "2027-03-01", "--to", "2027-04-30", "--ics"], capture_output=True, timeout=60)
    if p.returncode != 0:
        fail("agenda --ics: " + p.stderr.decode())
    cal = check_form(p.stdout, "agenda --ics")
    events = recurring_ical_events.of(cal).between(datetime.date(2027, 3, 1), datetime.date(2027, 5, 1))
    got = sorted(as_key(str(e.get("SUMMARY")), e.decoded("DTSTART")) for e in events)
    want = sorted(json_key(i) for i in agenda)
    if got != want:
        fail("agenda --ics and agenda --json differ:\n  ics:  %s\n  json: %s" % (got, want))
    check(True, "the same titles and dates as agenda --json (%d dates)" % len(got))
    statuses = {str(e.get("UID")): str(e.get("STATUS")) for e in cal.walk("VEVENT")}
    check(statuses.get("buurtkiosk-occurrence-%d@127.0.0.1" % cancelled) == "CANCELLED",
          "the cancelled date is STATUS:CANCELLED")
    check(list(statuses.values()).count("CANCELLED") == sum(1 for i in agenda if i["status"] == "cancelled"),
          "and only the cancelled dates")
    check(b"Marie" not in p.stdout and b"0612345678" not in p.stdout, "nothing personal in the public agenda")
    locations = [str(e.get("LOCATION")) for e in cal.walk("VEVENT")]
    check(all(loc.startswith("Wijkcentrum De Oever") for loc in locations), "LOCATION names the centre")

    log = open(os.path.join(ws.dir, "serve.log"), "w")
    server = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW,
                               "serve", "--listen", "127.0.0.1:%d" % port], stdout=log, stderr=log)
    deadline = time.time() + 20
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            pass
        if server.poll() is not None or time.time() > deadline:
            fail("buurtkioskctl serve did not come up: " + open(log.name).read())
        time.sleep(0.1)

    with urllib.request.urlopen(reg["followup_url"] + "/agenda.ics", timeout=10) as r:
        check(r.headers["Content-Type"] == "text/calendar; charset=utf-8", "the date comes as text/calendar")
        check(r.headers["Content-Disposition"].startswith("attachment; filename="), "as an attachment")
        one = r.read()
    cal = check_form(one, "/r/<token>/agenda.ics")
    evs = list(cal.walk("VEVENT"))
    check(len(evs) == 1 and as_key(str(evs[0].get("SUMMARY")), evs[0].decoded("DTSTART")) == json_key(agenda[0]),
          "one event: the registered date, as agenda --json has it")
    token = reg["followup_url"].rsplit("/", 1)[1]
    check(b"Marie" not in one and token.encode() not in one and reg["code"].encode() not in one,
          "no name, token or code in it")

    with urllib.request.urlopen(base + "/agenda.ics", timeout=10) as r:
        public = r.read()
    cal = check_form(public, "/agenda.ics")
    titles = {str(e.get("SUMMARY")) for e in cal.walk("VEVENT")}
    check(agenda[0]["title"] in titles, "/agenda.ics lists the coming weeks")
finally:
    if server:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    ws.cleanup()
