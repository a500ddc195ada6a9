"""Volunteer mode on the touchscreen: five wrong PINs lock the pad, a restart does not lift the
lock, the right PIN during the lock does not open; after the lock the right PIN opens, a volunteer
adds an activity with the pickers, `Uitloggen` closes, and the activity is on the public agenda."""
from kiosk import Screen, Workspace, check

ws = Workspace("volunteer")
ws.ctl("set-pin", "--role", "volunteer", stdin="2468\n")
import os  # noqa: E402
files = [f for f in (ws.db, ws.db + "-wal") if os.path.exists(f)]
check(all(b"2468" not in open(f, "rb").read() for f in files), "no clear PIN in the database files")

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
    s.type("2468")
    s.key("Return")
    shot = s.screenshot("locked_right_pin")
    check(s.find("Uitloggen", shot) is None, "the right PIN during the lock does not open")
    # Six minutes later the lock has run out.
    s.stop_kiosk()
    s.start_kiosk(now="2027-03-02T09:07")
    s.tap_text("Vrijwilliger")
    s.type("2468")
    s.key("Return")
    check(s.wait_for("Uitloggen"), "the right PIN opens volunteer mode, with Uitloggen visible")
    s.tap_text("Nieuwe activiteit")
    check(s.wait_for("Naam van de activiteit"), "the new-activity form")
    s.type("Breiclub")
    check(s.wait_for("Breiclub"), "the title is typed")
    s.tap_text("Opslaan")
    check(s.wait_for("staat in de agenda"), "saved")
    s.tap_text("Uitloggen")
    check(s.wait_for("Vrijwilliger"), "Uitloggen returns to the public screen")
    check(s.find("Uitloggen") is None, "and volunteer mode is closed")
    check(s.wait_for("Breiclub"), "the new activity is on the public agenda")
rows = ws.query("SELECT role, action FROM audit WHERE action = 'activity.add'")
check(rows == [("volunteer", "activity.add")], "the addition is in the audit as the volunteer's")
check(len(ws.query("SELECT 1 FROM occurrence o JOIN activity a ON a.id = o.activity_id WHERE a.title = 'Breiclub'")) == 1,
      "one date in the database")
ws.cleanup()
print("1 passed, 0 failed")
