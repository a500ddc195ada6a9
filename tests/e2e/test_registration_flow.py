"""A resident registers on the touchscreen: agenda → Koersbal → Aanmelden → Volgende → name →
Volgende → Overslaan → Bevestigen (6 taps plus typing the name), reads the QR code off the screen
and finds the registration in the database. Then the date fills up while someone types: a plain
message and the waiting-list choice, nothing half-saved."""
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR

import glob
import os
import subprocess

ws = Workspace("register")
tickets = os.path.join(ws.dir, "tickets")
os.makedirs(tickets)
with open(ws.config, "a", encoding="utf-8") as f:  # a "printer" that writes ticket images
    f.write('[printer]\nkind = "png"\ntarget = "%s"\n' % tickets)
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
taps = 0


def tap(s, label):
    global taps
    taps += 1
    s.tap_text(label)


with Screen(ws, "2027-03-02T09:00") as s:
    tap(s, "Koersbal")
    tap(s, "Aanmelden")
    check(s.wait_for("hoeveel personen"), "asks how many people")
    tap(s, "Volgende")
    check(s.wait_for("uw naam"), "asks the name")
    s.type("Marie van Dijk")  # ASCII: xdotool remaps keys for other letters, racy with several X servers
    tap(s, "Volgende")
    check(s.wait_for("telefoonnummer"), "asks the phone number (optional)")
    tap(s, "Overslaan")
    check(s.wait_for("Klopt dit"), "shows a summary")
    tap(s, "Bevestigen")
    check(s.wait_for("aangemeld"), "confirms the registration")
    shot = s.screenshot("confirmation")
    url = s.qr(shot)
    check(url.startswith("http://kiosk.test:8080/r/") and len(url) == len("http://kiosk.test:8080/r/") + 24,
          "the QR code on screen holds the follow-up link (%s)" % url)
    rows = ws.query("SELECT code, name, people, status FROM registration")
    check(len(rows) == 1 and rows[0][1] == "Marie van Dijk" and rows[0][2] == 1 and rows[0][3] == "registered",
          "the registration is in the database: %s" % rows)
    code = rows[0][0]
    screen_text = s.text(shot).replace(" ", "")
    check(code in screen_text or code[:3] in screen_text or code[3:] in screen_text,
          "the reference code %s is on screen in large letters" % code)
    check(taps <= 6, "agenda to confirmation in %d taps plus typing the name" % taps)
    lookup = ws.ctl("lookup", code, "--json", now="2027-03-02T09:05").stdout
    check('"status": "registered"' in lookup, "buurtkioskctl lookup finds it")

    # Printen: the ticket comes out of the "printer" with the same follow-up link in its QR code.
    s.tap_text("Printen")
    check(s.wait_for("geprint"), "the screen says the ticket is printing or printed")
    printed = glob.glob(os.path.join(tickets, "*.png"))
    check(len(printed) == 1 and code in printed[0], "one ticket image named after the code: %s" % printed)
    on_ticket = subprocess.run(["zbarimg", "--quiet", "--raw", printed[0]], capture_output=True, text=True).stdout.strip()
    check(on_ticket == url, "the printed QR code holds the same follow-up link")

    # Begin (always in the header): back home, and nothing personal remains on screen.
    s.tap_text("Begin")
    check(s.wait_for("Vandaag"), "Begin returns to the agenda")
    home = s.screenshot("home_after")
    check(s.find("Dijk", home) is None and s.find(code[:3], home) is None, "nothing personal left on the screen")

    # The last places go while a resident is typing (Taalcafe has 2 places).
    s.tap_text("Taalcafe")
    s.tap_text("Aanmelden")
    s.tap_text("Volgende")
    s.type("Jan")
    taalcafe = ws.query("SELECT o.id FROM occurrence o JOIN activity a ON a.id = o.activity_id "
                        "WHERE a.title = 'Taalcafe' ORDER BY o.start_utc LIMIT 1")[0][0]
    ws.ctl("register", str(taalcafe), "--name", "Telefoon", "--people", "2", now="2027-03-02T09:06")
    s.tap_text("Volgende")
    s.tap_text("Overslaan")
    s.tap_text("Bevestigen")
    check(s.wait_for("Net vol"), "a plain message: it just filled up")
    check(len(ws.query("SELECT 1 FROM registration WHERE name = 'Jan'")) == 0, "nothing was saved for Jan yet")
    s.tap_text("Op de wachtlijst")
    check(s.wait_for("U staat op de wachtlijst"), "confirmation says: on the waiting list")
    rows = ws.query("SELECT status FROM registration WHERE name = 'Jan'")
    check(rows == [("waitlisted",)], "Jan is on the waiting list")
    full = ws.query("SELECT SUM(people) FROM registration WHERE occurrence_id = ? AND status = 'registered'", taalcafe)
    check(full[0][0] == 2, "capacity held: 2 of 2")
ws.cleanup()
print("1 passed, 0 failed")
