"""Renders the kiosk's main screens under Xvfb, with the demo agenda and a fixed --now, into the
PNGs the README shows (assets/readme/). Run it after changing a screen:

    python3 tests/e2e/screenshots.py [OUT_DIR]     (default: assets/readme)

It drives the real kiosk like the e2e tests do, so it also fails loudly when a screen breaks."""
import os
import shutil
import sys

from kiosk import Screen, Workspace, check, SOURCE_DIR

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SOURCE_DIR, "assets", "readme")
NOW = "2027-03-02T09:30"  # a Tuesday morning
os.makedirs(OUT, exist_ok=True)


def keep(s, name):
    shutil.copy(s.screenshot(name), os.path.join(OUT, name + ".png"))
    print("wrote " + os.path.join(OUT, name + ".png"))


ws = Workspace("screenshots", config_extra='[kiosk]\nidle_seconds = 300\nopening_hours = "08:30-22:00"\n')
ws.ctl("import", SOURCE_DIR + "/kiosk-config/demo-agenda.ics", now=NOW)
ws.ctl("set-pin", "--role", "volunteer", stdin="2468\n")
ws.ctl("help", "add", "--category", "boodschappen", "--timing", "this_week", "--name", "Ans",
       "--description", "melk en brood", now=NOW, check_rc=False)
with Screen(ws, NOW) as s:
    check(s.wait_for("Koersbal"), "the agenda")
    keep(s, "agenda")
    s.tap_text("Koersbal")
    s.tap_text("Aanmelden")
    s.tap_text("Volgende")
    s.type("Marie")
    s.tap_text("Volgende")
    s.tap_text("Overslaan")
    s.tap_text("Bevestigen")
    check(s.wait_for("aangemeld"), "registered")
    keep(s, "confirmation")
    s.tap_text("Begin")
    s.tap_text("Hulp vragen")
    check(s.wait_for("Waar wilt u hulp bij"), "the help screen")
    keep(s, "help")
    s.tap_text("Begin")
    s.tap_text("Polski")
    check(s.wait_for("Wolontariusz"), "Polish")
    keep(s, "agenda-polski")
    s.tap_text("Nederlands")
    s.tap_text("Vrijwilliger")
    s.type("2468")
    s.key("Return")
    check(s.wait_for("Uitloggen"), "volunteer mode")
    keep(s, "volunteer")
    s.tap_text("Uitloggen")
# After closing time: the night screen once the kiosk has been idle for idle_seconds.
ws2 = Workspace("screenshots_night", config_extra='[kiosk]\nidle_seconds = 10\nopening_hours = "08:30-22:00"\n')
with Screen(ws2, "2027-03-02T23:00") as s:
    check(s.wait_for("gesloten", timeout=20), "the night screen")
    keep(s, "night")
ws.cleanup()
ws2.cleanup()
