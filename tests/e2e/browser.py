"""What the browser tests of the back office share: Debian's Selenium (re-running the script under
/usr/bin/python3 when the python3 on PATH is another one, such as pyenv's, which lacks it), headless
Chromium through Debian's chromedriver, a free port, and `buurtkioskctl backoffice` started and
waited for."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

try:
    from selenium import webdriver
except ImportError:  # a python3 of its own on PATH (pyenv): Debian's has python3-selenium
    if os.path.exists("/usr/bin/python3") and not os.environ.get("BK_REEXEC"):
        os.environ["BK_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from kiosk import BUURTKIOSKCTL, fail  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_backoffice(ws, now, port, *extra, host="127.0.0.1"):
    """`buurtkioskctl backoffice` on 127.0.0.1:port, once its login page answers on host:port:
    (the process, its log file's name)."""
    log = open(os.path.join(ws.dir, "backoffice-%d.log" % port), "w")
    proc = subprocess.Popen([BUURTKIOSKCTL, "--config", ws.config, "--db", ws.db, "--now", now, "backoffice",
                             "--listen", "127.0.0.1:%d" % port, *extra], stdout=log, stderr=log)
    deadline = time.time() + 20
    while True:
        try:
            with urllib.request.urlopen("http://%s:%d/beheer/login" % (host, port), timeout=2) as r:
                if r.status == 200:
                    return proc, log.name
        except (urllib.error.URLError, ConnectionError):
            pass
        if proc.poll() is not None or time.time() > deadline:
            fail("buurtkioskctl backoffice did not come up: " + open(log.name).read())
        time.sleep(0.1)


def chromium():
    """Headless Chromium at a laptop's size, in Dutch."""
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1366,768", "--lang=nl-NL"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    service = (webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if hasattr(webdriver, "ChromeService")
               else webdriver.chrome.service.Service("/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


def click_and_wait(driver, element):
    """Clicks a form's button and waits for the page the answer brings."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))


def body(driver):
    return driver.find_element(By.TAG_NAME, "body").text
