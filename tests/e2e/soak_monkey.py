"""Monkey test: 10,000 random taps, drags and key presses on the real kiosk under Xvfb, across every
screen, volunteer mode included (the right PIN is typed every 500 events, so the random taps also
land in the volunteer tabs). Passes when the kiosk never stops, logs no error, its database is sound,
and its memory (PSS) grows less than 2 MiB between the warm-up (2,000 events) and the end.

    python3 tests/e2e/soak_monkey.py [EVENTS] [SEED]"""
import random
import subprocess
import sys
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20271122
WARM_UP = min(2000, EVENTS // 5)
KEYS = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)] + \
       ["BackSpace", "Return", "space", "Escape", "Tab"]

# A finger down for about a frame, then up. (xdotool's own 'click' waits 100 ms after every click,
# and its 'key' 12 ms, which made 10,000 events take half an hour. Nor may 'type' appear in a batch:
# it types every argument after it as text.)
TAP = ["mousedown", "1", "sleep", "0.016", "mouseup", "1"]


def pss_kb(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))


rng = random.Random(SEED)
ws = Workspace("soak", config_extra="[kiosk]\nidle_seconds = 600\nvolunteer_logout_seconds = 600\n")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
ws.ctl("set-pin", "--role", "volunteer", stdin="2468\n")
with Screen(ws, "2027-03-02T09:00") as s:
    door = s.find("Vrijwilliger")
    check(door is not None, "the volunteer door is on the home screen")
    w, h = s.size
    done, warm_pss, batch = 0, None, []
    # The text size buttons, to measure memory at one size (A++ keeps a bigger font atlas than A).
    a_plus, a_plus_plus = s.find("A+"), s.find("A++")
    check(a_plus is not None and a_plus_plus is not None, "the text size buttons are on the home screen")
    size_a = (2 * a_plus[0] - a_plus_plus[0], a_plus[1])

    def settled_pss():
        """PSS on the home screen at text size A, out of volunteer mode: the same state each time."""
        flush()
        logout = s.find("Uitloggen")
        if logout:
            s.tap(*logout)
        s.tap(150, 45)  # Begin
        s.tap(*size_a)
        time.sleep(1)
        return pss_kb(s.kiosk.pid)

    def flush():
        global batch
        if batch:
            started = time.time()
            subprocess.run(["xdotool"] + batch, env=s.env, check=True, timeout=120)
            print("%d events, %.1f s" % (done, time.time() - started), flush=True)
            batch = []

    while done < EVENTS:
        if done % 500 == 0:
            # Home (top-left Begin or Terug area), the volunteer door, the PIN.
            batch += ["mousemove", "150", "45"] + TAP + ["sleep", "0.2",
                      "mousemove", str(door[0]), str(door[1])] + TAP + ["sleep", "0.2",
                      "key", "--delay", "30", "2", "4", "6", "8", "Return", "sleep", "0.2"]
            if done == 0:
                flush()
                check(s.find("Uitloggen") is not None, "the PIN opens volunteer mode, so the monkey plays there too")
        r = rng.random()
        if r < 0.70:
            batch += ["mousemove", str(rng.randrange(w)), str(rng.randrange(h))] + TAP
        elif r < 0.80:
            x, y = rng.randrange(w), rng.randrange(h)
            batch += ["mousemove", str(x), str(y), "mousedown", "1",
                      "mousemove", str(x), str(max(0, min(h - 1, y + rng.randrange(-300, 300)))), "mouseup", "1"]
        else:
            batch += ["key", "--delay", "0", rng.choice(KEYS)]
        batch += ["sleep", "0.016"]
        done += 1
        if done % 100 == 0:
            flush()
            if s.kiosk.poll() is not None:
                check(False, "the kiosk stopped after %d events (exit %s)" % (done, s.kiosk.returncode))
        if done == WARM_UP:
            warm_pss = settled_pss()
            print("warm-up PSS: %d kB" % warm_pss)
    flush()
    check(s.kiosk.poll() is None, "the kiosk survived %d random events" % EVENTS)
    end_pss = settled_pss()
    growth = end_pss - warm_pss
    print("end PSS: %d kB, growth %+d kB" % (end_pss, growth))
    s.screenshot("end")
check(growth < 2048, "memory growth after warm-up below 2 MiB (%+d kB)" % growth)
log = open(ws.dir + "/kiosk.log").read()
check("error" not in log.lower() and "assert" not in log.lower(), "nothing in the kiosk's log says error or assert")
check(ws.query("PRAGMA integrity_check") == [("ok",)], "the database is sound")
ws.cleanup()
print("1 passed, 0 failed")
