"""A resident walks away halfway through a form: after idle_seconds the kiosk asks "Bent u er nog?"
with a countdown, then goes home and forgets what was typed; the language returns to Dutch."""
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("idle", config_extra="[kiosk]\nidle_seconds = 20\nidle_countdown_seconds = 5\n")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
with Screen(ws, "2027-03-02T09:00") as s:
    s.tap_text("English")
    check(s.wait_for("Ask for help"), "English labels after tapping English")
    s.tap_text("Koersbal")
    s.tap_text("Register")
    s.tap_text("Next")
    s.type("Geheim")
    typed = time.time()
    check(s.wait_for("Geheim"), "the name is typed")
    time.sleep(max(0, typed + 20.5 - time.time()))
    check(s.wait_for("still there", timeout=4), "after idle_seconds the kiosk asks if the resident is still there")
    time.sleep(max(0, typed + 26 - time.time()))
    home = s.screenshot("after_countdown")
    check(s.find("Vandaag", home) is not None, "after the countdown: home, in Dutch again")
    check(s.find("Geheim", home) is None, "the typed name is gone from the screen")
    s.tap_text("Koersbal")
    s.tap_text("Aanmelden")
    s.tap_text("Volgende")
    check(s.wait_for("uw naam"), "a new form starts")
    check(s.find("Geheim") is None, "and it is empty: the name was forgotten")
check(ws.query("SELECT count(*) FROM registration") == [(0,)], "nothing was saved")
ws.cleanup()
print("1 passed, 0 failed")
