"""A volunteer changes one date of a series on the touchscreen (a quarter later, the registration
stays with it), then deletes the series: the booked date stays as cancelled with its people listed,
the other dates disappear."""
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("volunteer_edit")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T08:00")
ws.ctl("set-pin", "--role", "staff", stdin="97531\n")
first = ws.query("SELECT o.id FROM occurrence o JOIN activity a ON a.id = o.activity_id "
                 "WHERE a.title = 'Koersbal' ORDER BY o.start_utc LIMIT 1")[0][0]
ws.ctl("register", str(first), "--name", "Anna Jansen", "--phone", "0612345678", now="2027-03-02T08:00")
start_before = ws.query("SELECT start_utc FROM occurrence WHERE id = ?", first)[0][0]
dates_before = ws.query("SELECT count(*) FROM occurrence o JOIN activity a ON a.id = o.activity_id "
                        "WHERE a.title = 'Koersbal'")[0][0]

with Screen(ws, "2027-03-02T08:00") as s:
    s.tap_text("Vrijwilliger")
    s.type("97531")
    s.key("Return")
    check(s.wait_for("Uitloggen"), "staff PIN opens")
    s.tap_text("Deelnemers")
    s.tap_text("Koersbal")
    check(s.wait_for("Anna Jansen"), "the attendee list shows the registration with its phone")
    s.tap_text("Wijzigen")
    check(s.wait_for("alleen deze datum"), "the edit panel: time for this date only")
    plus = [w for w in s.words() if w["text"] == "+"]
    check(bool(plus), "a + on the time picker")
    first_plus = min(plus, key=lambda w: (w["y"], w["x"]))
    s.tap(first_plus["x"] + first_plus["w"] // 2, first_plus["y"] + first_plus["h"] // 2)
    check(s.wait_for("10:15"), "the picker moved the start a quarter later")
    s.tap_text("Opslaan voor deze datum")
    check(s.wait_for("is gewijzigd"), "saved for this date")
    moved = ws.query("SELECT start_utc, detached FROM occurrence WHERE id = ?", first)[0]
    check(moved == (start_before + 15 * 60, 1), "the one date moved by 15 minutes and stands apart from the series")
    others = ws.query("SELECT o.start_utc FROM occurrence o JOIN activity a ON a.id = o.activity_id "
                      "WHERE a.title = 'Koersbal' AND o.id != ?", first)
    local = {datetime.fromtimestamp(t, ZoneInfo("Europe/Amsterdam")).strftime("%H:%M") for (t,) in others}
    check(len(others) > 3 and local == {"10:00"}, "the other dates keep 10:00")
    check(ws.query("SELECT occurrence_id, status FROM registration") == [(first, "registered")],
          "the registration stays with the date")
    s.tap_text("Hele reeks verwijderen")
    check(s.wait_for("Datums zonder aanmeldingen"), "deleting asks once more")
    s.tap_text("Ja")  # "Ja, verwijderen" (tesseract reads the ij in white on red as y)
    check(s.wait_for("Anna Jansen"), "the booked date stays with its list so someone can call")
rows = ws.query("SELECT o.status, count(r.id) FROM occurrence o JOIN activity a ON a.id = o.activity_id "
                "LEFT JOIN registration r ON r.occurrence_id = o.id WHERE a.title = 'Koersbal' GROUP BY o.id")
check(rows == [("cancelled", 1)], "only the booked date remains, cancelled, with its registration (was %d dates)" % dates_before)
check(ws.query("SELECT role FROM audit WHERE action = 'activity.delete'") == [("staff",)], "audited as staff")
ws.cleanup()
print("1 passed, 0 failed")
