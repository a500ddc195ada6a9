"""Volunteer mode on the touchscreen: five wrong PINs lock the pad, a restart does not lift the
lock, the right PIN during the lock does not open; after the lock the right PIN opens, a volunteer
adds a note to a help request, is told plainly when someone at the desk claimed it first, adds an
activity (title, description, then pickers), `Uitloggen` closes, and the activity is on the public
agenda."""
import subprocess

from kiosk import CONVERT, Screen, Workspace, check

ws = Workspace("volunteer")
ws.ctl("set-pin", "--role", "volunteer", stdin="2468\n")
ws.ctl("help", "add", "--category", "boodschappen", "--timing", "today", "--name", "Ans", "--phone", "0612345678",
       now="2027-03-02T08:30")
code = ws.query("SELECT code FROM help_request")[0][0]
import os  # noqa: E402
for f in (ws.db, ws.db + "-wal"):
    data = open(f, "rb").read() if os.path.exists(f) else b""
    at = data.find(b"2468")
    check(at < 0, "no clear PIN in %s%s" % (os.path.basename(f), "" if at < 0 else ": found at byte %d in %r" % (
        at, data[max(0, at - 64):at + 32])))

with Screen(ws, "2027-03-02T09:00") as s:
    s.tap_text("Vrijwilliger")
    check(s.wait_for("pincode"), "the PIN pad opens")
    for attempt in range(5):
        s.type("1111")
        s.key("Return")
    check(s.wait_for("Te vaak"), "five wrong PINs: locked, with the minutes to wait")
    # A restart one minute later: still locked, and the right PIN does not open.
    s.stop_kiosk()
    s.start_kiosk(now="2027-03-02T09:01")
    s.tap_text("Vrijwilliger")
    check(s.wait_for("Te vaak"), "after a restart the pad is still locked")
    check(s.wait_for("minuten opnieuw"), "the locked pad says how many minutes are left")
    locked_pad = s.screenshot("locked_pad")
    s.type("2468")
    s.key("Return")
    shot = s.screenshot("locked_right_pin")
    check(s.find("Uitloggen", shot) is None, "the right PIN during the lock does not open")
    # Six minutes later the lock has run out.
    s.stop_kiosk()
    s.start_kiosk(now="2027-03-02T09:07")
    s.tap_text("Vrijwilliger")
    check(s.wait_for("Openen"), "the PIN pad opens again")
    open_pad = s.screenshot("open_pad")
    # While locked the pad is greyed out (disabled): the Openen button, where the open pad has it,
    # is clearly lighter than when it works.
    at = s.find("Openen", open_pad)
    check(at is not None, "the Openen button on the open pad")
    def grey(path):
        out = subprocess.run([CONVERT, path, "-colorspace", "Gray", "-format", "%%[fx:p{%d,%d}.r]" % (at[0] - 100, at[1]),
                              "info:"], capture_output=True, text=True, check=True, timeout=30).stdout
        return float(out)
    check(grey(locked_pad) > grey(open_pad) + 0.1,
          "the locked pad's button is greyed out (%.2f vs %.2f)" % (grey(locked_pad), grey(open_pad)))
    s.type("2468")
    s.key("Return")
    check(s.wait_for("Uitloggen"), "the right PIN opens volunteer mode, with Uitloggen visible")
    # The help queue: a note, typed on the kiosk's keyboard.
    check(s.wait_for("Ans"), "the help queue shows the request to the volunteer")
    s.tap_text("Notitie")
    check(s.wait_for("Notitie bij deze hulpvraag"), "the note form")
    s.tap_text("B")
    s.tap_text("E")
    s.type("ld terug")
    s.tap_text("Opslaan")
    check(s.wait_for("Notities"), "the note is on the request")
    # Someone at the desk claims it while the volunteer is about to: the kiosk says so plainly.
    s.tap_text("Oppakken")
    check(s.wait_for("Wie pakt dit op"), "the claim form asks for a name")
    ws.ctl("help", "claim", code, "--by", "Kees", now="2027-03-02T09:07")
    s.type("Fatma")
    s.key("Return")
    check(s.wait_for("iemand anders"), "a claim that came second is refused in plain words")
    check(s.wait_for("Opgepakt door Kees"), "and the list shows who has it")
    s.tap_text("Nieuwe activiteit")
    check(s.wait_for("Naam van de activiteit"), "the new-activity form")
    s.type("Breiclub")
    check(s.wait_for("Breiclub"), "the title is typed")
    s.tap_text("Volgende")
    check(s.wait_for("Wat gaan we doen"), "then the optional description")
    s.type("samen breien")
    s.tap_text("Volgende")
    check(s.wait_for("Naam wijzigen"), "then the pickers, with the title in view")
    s.tap_text("Opslaan")
    check(s.wait_for("staat in de agenda"), "saved")
    s.tap_text("Uitloggen")
    check(s.wait_for("Vrijwilliger"), "Uitloggen returns to the public screen")
    check(s.find("Uitloggen") is None, "and volunteer mode is closed")
    check(s.wait_for("Breiclub"), "the new activity is on the public agenda")
check(ws.query("SELECT note, claimed_by FROM help_request") == [("Beld terug", "Kees")],
      "the note as typed on the on-screen keys and the desk's claim are stored; the second claim is not")
check(ws.query("SELECT role FROM audit WHERE action = 'help.note'") == [("volunteer",)], "the note is in the audit")
check(ws.query("SELECT description FROM activity WHERE title = 'Breiclub'") == [("samen breien",)],
      "the description is stored")
rows = ws.query("SELECT role, action FROM audit WHERE action = 'activity.add'")
check(rows == [("volunteer", "activity.add")], "the addition is in the audit as the volunteer's")
check(len(ws.query("SELECT 1 FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE a.title = 'Breiclub'")) == 1,
      "one date in the database")
ws.cleanup()
print("1 passed, 0 failed")
