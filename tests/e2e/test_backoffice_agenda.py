"""A volunteer adds an activity in the back office (/beheer/agenda) in a real browser (headless
Chromium driven by Selenium: Debian's python3-selenium and chromium-driver), and the kiosk that is
already running shows it on its home screen a moment later, read back off the screen by OCR. Both
programs work on the same database, each with its own connection: nothing is restarted."""
import os
import sys

try:
    from selenium import webdriver
except ImportError:  # a python3 of its own on PATH (pyenv): Debian's has python3-selenium
    if os.path.exists("/usr/bin/python3") and not os.environ.get("BK_REEXEC"):
        os.environ["BK_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import BUURTKIOSKCTL, Screen, Workspace, check, fail  # noqa: E402

NOW = "2027-03-02T09:30"
PASSWORD = "koffie-met-koek-42"
TITLE = "Sjoelmiddag"  # one word, easy for OCR, in no other catalog string or demo agenda


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_backoffice(ws, port):
    log = open(os.path.join(ws.dir, "backoffice.log"), "w")
    proc = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", NOW, "backoffice",
                             "--listen", "127.0.0.1:%d" % port], stdout=log, stderr=log)
    deadline = time.time() + 20
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/beheer/login" % port, timeout=2) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, ConnectionError):
            pass
        if proc.poll() is not None or time.time() > deadline:
            fail("buurtkioskctl backoffice did not come up: " + open(log.name).read())
        time.sleep(0.1)


def submit(driver, button):
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))


def fill(driver, name, value):
    field = driver.find_element(By.NAME, name)
    # Date and time inputs take their value in the browser's locale when typed: set it as the form sends it.
    driver.execute_script("arguments[0].value = arguments[1]", field, value)


def body(driver):
    return driver.find_element(By.TAG_NAME, "body").text


started = time.time()
port = free_port()
base = "http://127.0.0.1:%d" % port
ws = Workspace("backoffice_agenda", config_extra='[backoffice]\nbase_url = "%s"\n' % base)
backoffice, driver = None, None
try:
    ws.ctl("account", "add", "Vera", "--role", "volunteer", stdin=PASSWORD + "\n")
    backoffice = start_backoffice(ws, port)
    with Screen(ws, NOW) as screen:
        before = screen.screenshot("before")  # one screenshot: a word that is absent costs every OCR pass
        check(screen.find("Agenda", before) is not None and screen.find(TITLE, before) is None,
              "the kiosk's agenda is up, without %s" % TITLE)

        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--window-size=1366,768", "--lang=nl-NL"):
            options.add_argument(arg)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
                                  if hasattr(webdriver, "ChromeService")
                                  else webdriver.chrome.service.Service("/usr/bin/chromedriver"), options=options)
        driver.set_page_load_timeout(30)

        driver.get(base + "/beheer/agenda")
        driver.find_element(By.NAME, "naam").send_keys("Vera")
        driver.find_element(By.NAME, "wachtwoord").send_keys(PASSWORD)
        submit(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
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
        submit(driver, driver.find_element(By.XPATH, "//main//button[normalize-space()='Opslaan']"))
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
