"""A resident asks for help on the kiosk: kind → when → a few words → name and phone → consent →
code and QR. The request is in the volunteers' queue and never on the public agenda."""
import json

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("help")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
with Screen(ws, "2027-03-02T09:00") as s:
    s.tap_text("Hulp vragen")
    check(s.wait_for("Waar wilt u hulp bij"), "asks what kind of help")
    for kind in ("Boodschappen", "Klusje in huis", "Vervoer of begeleiding", "Telefoon of computer", "Iets anders"):
        check(s.find(kind) is not None, "offers '%s'" % kind)
    s.tap_text("Boodschappen")
    check(s.wait_for("Wanneer is het nodig"), "asks when")
    s.tap_text("Deze week")
    check(s.wait_for("iets over vertellen"), "asks for a few words (optional)")
    s.type("melk en brood")
    s.tap_text("Volgende")
    check(s.wait_for("Ik kom zelf terug"), "asks for contact, or to come back in person")
    s.type("Ans")
    s.tap_text("Volgende")
    s.type("0612345678")
    s.tap_text("Volgende")
    check(s.wait_for("Klopt dit"), "shows what will be sent, with the consent sentence")
    check(s.find("30 dagen") is not None, "the consent sentence says how long data is kept")
    s.tap_text("Bevestigen")
    check(s.wait_for("hulpvraag is ontvangen"), "confirms the help request")
    shot = s.screenshot("confirmation")
    url = s.qr(shot)
    check(url.startswith("http://kiosk.test:8080/h/"), "the QR code holds the follow-up link (%s)" % url)
    queue = json.loads(ws.ctl("help", "list", "--status", "open", "--json").stdout)
    check(len(queue) == 1 and queue[0]["category"] == "boodschappen" and queue[0]["timing"] == "this_week"
          and queue[0]["name"] == "Ans" and queue[0]["description"] == "melk en brood",
          "the request is in the volunteers' queue: %s" % queue)
    s.tap_text("Begin")
    check(s.wait_for("Vandaag"), "back on the agenda")
    home = s.text(s.screenshot("home"))
    check("melk" not in home and "Ans" not in home.split() and queue[0]["code"][:3] not in home,
          "the help request does not appear on the public agenda screen")
ws.cleanup()
print("1 passed, 0 failed")
