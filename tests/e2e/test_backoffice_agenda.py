"""A volunteer adds an activity in the back office (/beheer/agenda) in a real browser (headless
Chromium driven by Selenium: Debian's python3-selenium and chromium-driver), and the kiosk that is
already running shows it on its home screen a moment later, read back off the screen by OCR. Both
programs work on the same database, each with its own connection: nothing is restarted."""
import os
import sys


import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import BUURTKIOSKCTL, Screen, Workspace, check, fail  # noqa: E402
from browser import By, body, chromium, click_and_wait, free_port, start_backoffice  # noqa: E402

NOW = "2027-03-02T09:30"
PASSWORD = "koffie-met-koek-42"
TITLE = "Sjoelmiddag"  # one word, easy for OCR, in no other catalog string or demo agenda











def fill(driver, name, value):
    field = driver.find_element(By.NAME, name)
    # Date and time inputs take their value in the browser's locale when typed: set it as the form sends it.
    driver.execute_script("arguments[0].value = arguments[1]", field, value)





started = time.time()
port = free_port()
base = "http://127.0.0.1:%d" % port
ws = Workspace("backoffice_agenda", config_extra='[backoffice]\nbase_url = "%s"\n' % base)
backoffice, driver = None, None
try:
    ws.ctl("account", "add", "Vera", "--role", "volunteer", stdin=PASSWORD + "\n")
    backoffice = start_backoffice(ws, NOW, port)[0]
    with Screen(ws, NOW) as screen:
        before = screen.screenshot("before")  # one screenshot: a word that is absent costs every OCR pass
        check(screen.find("Agenda", before) is not None and screen.find(TITLE, before) is None,
              "the kiosk's agenda is up, without %s" % TITLE)

        driver = chromium()

        driver.get(base + "/beheer/agenda")
        driver.find_element(By.NAME, "naam").send_keys("Vera")
        driver.find_element(By.NAME, "wachtwoord").send_keys(PASSWORD)
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
        check(driver.current_url.endswith("/beheer/agenda") and "Week 9:" in body(driver),
              "after the login: the agenda's week")

        driver.get(base + "/beheer/agenda/nieuw")
        driver.find_element(By.NAME, "titel").send_keys(TITLE)
        fill(driver, "datum", "2027-03-02")
        fill(driver, "begin", "15:00")
        fill(driver, "einde", "16:30")
        places = driver.find_element(By.NAME, "plaatsen")
        places.clear()
        places.send_keys("8")
        driver.find_element(By.NAME, "zaal").send_keys("Tuinzaal")
        click_and_wait(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='Opslaan']"))
        text = body(driver)
        check("%s staat in de agenda." % TITLE in text, "the back office says it is on the agenda")
        check(TITLE in text and "0 van 8 bezet" in text, "and lists it in this week with its places")
        rows = ws.query("SELECT a.title, a.capacity, a.location FROM activity a")
        check(rows == [(TITLE, 8, "Tuinzaal")], "one activity in the database: %r" % rows)
        check(ws.query("SELECT role, actor FROM audit WHERE action = 'activity.add'") == [("backoffice", "Vera")],
              "audited as the back office, with the account's name")

        check(screen.wait_for(TITLE, timeout=15), "the running kiosk shows %s on its home screen" % TITLE)
        after = screen.screenshot("after")
        check(screen.find("15:00", after) is not None or screen.find("Tuinzaal", after) is not None,
              "with its time or room")
finally:
    if driver:
        driver.quit()
    if backoffice:
        backoffice.terminate()
        try:
            backoffice.wait(10)
        except subprocess.TimeoutExpired:
            backoffice.kill()
ws.cleanup()
print("1 passed, 0 failed (%.0f s)" % (time.time() - started))
