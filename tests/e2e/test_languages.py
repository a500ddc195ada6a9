"""A resident chooses a language on the home screen by its own name and the screens speak it:
English, Polski, Türkçe; Voorlezen speaks in that language; the largest text size still shows the
main labels whole, the keyboard fits; the idle reset returns to Dutch and size A."""
import glob
import os
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("languages")
speech = os.path.join(ws.dir, "speech")
with open(ws.config, "a") as f:
    f.write('[display]\nread_aloud_folder = "%s"\n[kiosk]\nidle_seconds = 30\n' % speech)
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")

with Screen(ws, "2027-03-02T09:00") as s:
    check(s.wait_for("Hulp vragen"), "Dutch by default")
    s.tap_text("English")
    check(s.wait_for("Ask for help"), "English: 'Ask for help'")
    check(s.find("Tomorrow") is not None or s.find("Today") is not None, "English day headings")
    s.tap_text("Polski")
    check(s.wait_for("Wolontariusz"), "Polski: 'Wolontariusz'")
    check(s.find("Jutro") is not None or s.find("Dzisiaj") is not None, "Polish day headings")
    s.tap_text("Przeczytaj")
    deadline = time.time() + 10
    while time.time() < deadline and not glob.glob(os.path.join(speech, "*-pl.wav")):
        time.sleep(0.3)
    check(bool(glob.glob(os.path.join(speech, "*-pl.wav"))), "Przeczytaj (Voorlezen) speaks with the Polish voice")
    s.tap_text("Turkce") if s.find("Turkce") else s.tap_text("Türkçe")
    check(s.wait_for("Etkinlikler"), "Türkçe: 'Etkinlikler'")
    # The largest text size on a 1280x800 screen: the main labels are still whole.
    s.tap_text("Nederlands")
    # "A", "A+" and "A++" read alike to the OCR's word matcher: the rightmost in the header is A++.
    sizes = [w for w in s.words() if w["text"].startswith("A") and w["y"] < 90 and len(w["text"]) <= 3]
    check(len(sizes) >= 1, "the text-size buttons are in the header")
    biggest = max(sizes, key=lambda w: w["x"])
    s.tap(biggest["x"] + biggest["w"] // 2, biggest["y"] + biggest["h"] // 2)
    shot = s.screenshot("largest")
    for label in ("Hulp vragen", "Mijn aanmelding", "Vrijwilliger", "Koersbal"):
        check(s.find(label, shot) is not None, "at A++ '%s' shows whole" % label)
    s.tap_text("Koersbal")
    shot = s.screenshot("largest_activity")
    check(s.find("Aanmelden", shot) is not None, "at A++ the activity screen shows Aanmelden")
    # The name step at A++: the whole keyboard, space and Wissen included, stays on the screen.
    s.tap_text("Aanmelden")
    s.tap_text("Volgende")
    shot = s.screenshot("largest_name")
    for label in ("Wat is uw naam", "spatie", "Wissen", "Volgende"):
        check(s.find(label, shot) is not None, "at A++ the name step shows '%s'" % label)
    s.tap_text("Begin")
    s.tap_text("Hulp vragen")
    shot = s.screenshot("largest_help")
    for label in ("Iets anders", "Volgende"):
        check(s.find(label, shot) is not None, "at A++ the help screen shows '%s'" % label)
    s.tap_text("Begin")
    s.tap_text("English")
    time.sleep(31.5)
    shot = s.screenshot("after_idle")
    check(s.find("Hulp vragen", shot) is not None and s.find("Ask for help", shot) is None,
          "the idle reset returns to Dutch")
ws.cleanup()
print("1 passed, 0 failed")
