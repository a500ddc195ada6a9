"""The home screen shows the agenda readably: today first, then the coming days; a tap opens the
detail; a drag scrolls the list and does not open the card it started on."""
import sys

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("agenda")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
with Screen(ws, "2027-03-02T09:00") as s:
    shot = s.screenshot("agenda")
    text = s.text(shot)
    for word in ("Agenda", "Vandaag", "Morgen", "Koersbal", "10:00", "Taalcafe", "14:00", "Breicafe",
                 "Grote", "Hulp", "aanmelding", "Nederlands", "English"):
        check(s.find(word, shot) is not None, "home screen shows '%s'" % word)
    check(s.find("nog 12 plekken", shot) is not None, "places left on the Koersbal card")
    check(s.find("Vrije inloop", shot) is not None, "free entry on the Breicafe card")
    check(s.find("dinsdag 2 maart", shot) is not None, "the date in the header, in Dutch")

    # A drag scrolls: the first card moves out of sight, and no detail screen opens.
    first = s.find("Koersbal", shot)
    s.drag(first[0], 600, 0, -420)
    after = s.screenshot("after_drag")
    check(s.find("Aanmelden", after) is None, "the drag did not open the card it started on")
    check(s.find("Vandaag", after) is None, "the drag scrolled today's heading out of view")
    check(s.find("Wandelgroep", after) is not None, "later days came into view")

    # A category filter brings the list back to its top; then a tap opens the detail.
    s.tap_text("Bewegen")
    filtered = s.screenshot("filtered")
    check(s.find("Taalcafe", filtered) is None and s.find("Koersbal", filtered) is not None,
          "the filter shows only 'bewegen' activities")
    s.tap_text("Koersbal")
    detail = s.screenshot("detail")
    check(s.find("Aanmelden", detail) is not None, "the detail offers Aanmelden")
    check(s.find("Grote zaal", detail) is not None, "the detail names the room")
    check(s.find("Begin", detail) is not None and s.find("Terug", detail) is not None, "Begin and Terug are there")
    s.tap_text("Begin")
    check(s.wait_for("Vandaag"), "Begin returns to the agenda")
ws.cleanup()
print("1 passed, 0 failed")
