"""Concurrency for a minute: the kiosk registers residents on its touchscreen (the same taps over
and over), several buurtkioskctl processes register and cancel at the desk, and — when built — the
follow-up server cancels through its pages, all on one database file. No "database is locked" (or
any other error) reaches a person, capacity holds, the waiting list is consistent, and the
integrity check passes.

    python3 tests/e2e/soak_concurrency.py [SECONDS]"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from kiosk import BUURTKIOSKCTL, Screen, Workspace, check, SOURCE_DIR

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 60
CAPACITY = 40
# The extra config follows the workspace's [followup] table: the first line lifts serve's
# per-address limit (30 a minute), which would otherwise turn most web rounds into 429s.
ws = Workspace("concurrency", config_extra="requests_per_minute = 100000\n[kiosk]\nidle_seconds = 600\n")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
occ = ws.query("SELECT o.id FROM occurrence o JOIN activity a ON a.id = o.activity_id "
               "WHERE a.title = 'Koersbal' ORDER BY o.start_utc LIMIT 1")[0][0]
activity = ws.query("SELECT activity_id FROM occurrence WHERE id = ?", occ)[0][0]
ws.ctl("activity", "edit", str(activity), "--capacity", str(CAPACITY))
stop = time.time() + SECONDS
problems, counts = [], {"desk": 0, "cancel": 0, "web": 0, "kiosk": 0}
lock = threading.Lock()


def desk(n):
    codes = []
    while time.time() < stop:
        p = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", "2027-03-02T09:00",
                            "register", str(occ), "--name", "Desk %d" % n, "--people", "2", "--json"],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0 or p.stderr.strip():
            with lock:
                problems.append("register: rc %d %s" % (p.returncode, p.stderr.strip()))
            continue
        r = json.loads(p.stdout)
        codes.append(r["code"])
        with lock:
            counts["desk"] += 1
        if len(codes) > 3:  # cancel an older one now and then: the waiting list moves up
            c = codes.pop(0)
            q = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", "2027-03-02T09:00",
                                "cancel", c], capture_output=True, text=True, timeout=60)
            if q.returncode != 0 or q.stderr.strip():
                with lock:
                    problems.append("cancel: rc %d %s" % (q.returncode, q.stderr.strip()))
            else:
                with lock:
                    counts["cancel"] += 1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web(port):
    """Registers through the CLI, then cancels through the follow-up page's POST."""
    while time.time() < stop:
        p = subprocess.run([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", "2027-03-02T09:00",
                            "register", str(occ), "--name", "Web", "--json"], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            continue
        token = json.loads(p.stdout)["followup_url"].rsplit("/", 1)[1]
        try:
            req = urllib.request.Request("http://127.0.0.1:%d/r/%s/cancel" % (port, token), data=b"", method="POST")
            with urllib.request.urlopen(req, timeout=30) as resp:
                body = resp.read().decode("utf-8", "replace")
            if "locked" in body.lower():
                with lock:
                    problems.append("web page says locked")
            with lock:
                counts["web"] += 1
        except urllib.error.HTTPError as e:
            if e.code >= 500:
                with lock:
                    problems.append("web: HTTP %d" % e.code)
        except OSError as e:
            with lock:
                problems.append("web: %s" % e)


has_serve = subprocess.run([BUURTKIOSKCTL, "serve", "--help"], capture_output=True).returncode == 0
server = None
with Screen(ws, "2027-03-02T09:00") as s:
    # Learn where the taps go once, by label; then repeat them blind, as fast as the screen allows.
    steps = []
    for label in ("Koersbal", "Aanmelden", "Volgende"):
        steps.append(s.tap_text(label))
    s.type("Kiosk")
    steps.append(s.tap_text("Volgende"))
    steps.append(s.tap_text("Overslaan"))
    steps.append(s.tap_text("Bevestigen"))
    check(s.wait_for("aangemeld") or s.wait_for("wachtlijst"), "the first kiosk registration went through")
    begin = s.tap_text("Begin")
    if has_serve:
        port = free_port()
        # Its log (a line per request) goes to a file: a pipe nobody reads until the end fills
        # after ~64 KiB, and then the server stops in the middle of a request.
        server_log = open(os.path.join(ws.dir, "serve.log"), "w")
        server = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", "2027-03-02T09:00",
                                   "serve", "--listen", "127.0.0.1:%d" % port],
                                  stdout=server_log, stderr=subprocess.STDOUT)
        time.sleep(1)
    threads = [threading.Thread(target=desk, args=(n,)) for n in range(3)]
    if has_serve:
        threads.append(threading.Thread(target=web, args=(port,)))
    for t in threads:
        t.start()
    # xdotool's 'type' types every argument after it, so a round is three calls: the taps up to the
    # name field, the name, the rest.
    tap = lambda xy, pause: ["mousemove", str(xy[0]), str(xy[1]), "click", "--delay", "0", "1", "sleep", pause]
    while time.time() < stop:
        subprocess.run(["xdotool"] + tap(steps[0], "0.4") + tap(steps[1], "0.4") + tap(steps[2], "0.4"),
                       env=s.env, check=True, timeout=60)
        subprocess.run(["xdotool", "type", "--delay", "20", "Kiosk"], env=s.env, check=True, timeout=60)
        subprocess.run(["xdotool", "sleep", "0.2"] + tap(steps[3], "0.4") + tap(steps[4], "0.4") + tap(steps[5], "1.0") +
                       tap(begin, "0.5"), env=s.env, check=True, timeout=60)
        counts["kiosk"] += 1
    for t in threads:
        t.join()
    check(s.kiosk.poll() is None, "the kiosk kept running")
    shot = s.text(s.screenshot("end"))
    check("locked" not in shot.lower(), "no 'locked' on the kiosk's screen")
if server:
    server.terminate()
    server.wait(timeout=10)
    server_log.close()
    out = open(server_log.name).read()
    check("locked" not in out.lower(), "the follow-up server logged no lock errors")
print("rounds:", counts)
kiosk_log = open(ws.dir + "/kiosk.log").read()
check("locked" not in kiosk_log.lower() and "database:" not in kiosk_log, "the kiosk logged no database errors")
check(not problems, "no error reached a person at the desk or on the web: %s" % problems[:3])
registered = ws.query("SELECT COALESCE(SUM(people), 0) FROM registration WHERE occurrence_id = ? AND status = 'registered'", occ)[0][0]
check(registered <= CAPACITY, "capacity holds: %d of %d" % (registered, CAPACITY))
waiting = ws.query("SELECT count(*) FROM registration WHERE occurrence_id = ? AND status = 'waitlisted'", occ)[0][0]
check(waiting == 0 or registered > CAPACITY - 6, "nobody waits while places are free (%d registered, %d waiting)" % (registered, waiting))
stored = ws.query("SELECT registered_people FROM occurrence WHERE id = ?", occ)[0][0]
check(stored == registered, "the stored count matches the rows (%d)" % stored)
check(ws.query("PRAGMA integrity_check") == [("ok",)], "integrity check ok")
check(counts["desk"] > 20 and counts["kiosk"] > 3, "every writer got work done: %s" % counts)
# The kiosk's rounds are blind taps: count what they wrote (the first, by label, included).
by_kiosk = ws.query("SELECT count(*) FROM registration WHERE occurrence_id = ? AND channel = 'kiosk' AND name = 'Kiosk'", occ)[0][0]
check(by_kiosk >= counts["kiosk"], "every kiosk round registered: %d rows for %d rounds" % (by_kiosk, counts["kiosk"] + 1))
ws.cleanup()
print("1 passed, 0 failed")
