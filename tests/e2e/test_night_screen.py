"""Outside opening hours the idle kiosk shows a dark "closed, open again at …" screen, uses no CPU
while it shows, wakes on a touch without pressing what lies under the finger, and is back to the
agenda once the centre opens."""
import os
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


ws = Workspace("night", config_extra="[kiosk]\nidle_seconds = 10\nopening_hours = \"09:00-17:00\"\n")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T08:00")
# The clock starts 35 s before opening time.
with Screen(ws, "2027-03-02T08:59:25") as s:
    started = time.time()
    check(s.wait_for("Koersbal", timeout=8), "before the first idle the agenda shows")
    time.sleep(max(0, started + 11 - time.time()))
    check(s.wait_for("gesloten", timeout=5), "idle while closed: the night screen says the centre is closed")
    check(s.find("09:00") is not None, "and when it opens again")
    before = cpu_ticks(s.kiosk.pid)
    time.sleep(6)
    used = cpu_ticks(s.kiosk.pid) - before
    check(used <= 3, "the night screen uses (almost) no CPU: %d ticks in 6 s" % used)
    # A tap in the middle, where an activity card lies under the night screen.
    w, h = s.size
    s.tap(w // 2, h // 2)
    check(s.wait_for("Koersbal", timeout=5), "a touch wakes the agenda")
    # One screenshot for both checks: repeated looks for what is absent took long enough under the
    # sanitizers (>10 s) for the kiosk to go idle again and show the night screen, rightly.
    shot = s.screenshot("woken")
    check(s.find("Aanmelden", shot) is None and s.find("gesloten", shot) is None,
          "the waking touch pressed nothing: still the agenda, not an activity")
    time.sleep(max(0, started + 36 + 12 - time.time()))  # past 09:00 and past idle_seconds
    shot = s.screenshot("open")
    check(s.find("gesloten", shot) is None and s.find("Koersbal", shot) is not None,
          "after 09:00 the idle kiosk stays on the agenda")
ws.cleanup()
print("1 passed, 0 failed")
