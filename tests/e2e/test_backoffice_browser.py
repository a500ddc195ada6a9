"""The back office (/beheer/) in a real browser: `buurtkioskctl backoffice` on a free port, accounts
made with `account add`, help requests with `help add`, and headless Chromium driven by Selenium
(Debian's python3-selenium and chromium-driver) as the team would use it: a volunteer logs in,
claims a request and then sees the resident's name; a partner sees only its own team's requests
and gets "not found" for another's; logging out; a session that ended after its idle time; and a
page on another site that posts a form to the back office as soon as it opens, which is refused.
Screenshots of the help list on a phone (390x844) and a laptop (1366x768) go to a temporary folder,
or with README_SHOTS=1 to assets/readme/ (backoffice-phone.png, backoffice-laptop.png) for the
README — a test run does not change the source tree."""
import os
import sys
import tempfile


import http.server
import json
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import BUURTKIOSKCTL, SOURCE_DIR, Workspace, check, fail  # noqa: E402
from browser import By, body, chromium, click_and_wait, free_port, start_backoffice  # noqa: E402

NOW = "2027-03-02T09:30"
PASSWORD = "koffie-met-koek-42"
SHOTS = (os.path.join(SOURCE_DIR, "assets", "readme") if os.environ.get("README_SHOTS") == "1"
         else os.environ.get("E2E_SCREENSHOTS") or tempfile.mkdtemp(prefix="bk_bo_shots_"))








def ask(ws, kind, name, phone):
    out = ws.ctl("help", "add", "--category", kind, "--timing", "this_week", "--name", name, "--phone", phone,
                 "--json", now=NOW).stdout
    return json.loads(out)["code"]


def status_of(ws, code):
    return ws.query("SELECT status FROM help_request WHERE code = ?", code)[0][0]





def login(driver, base, name, password=PASSWORD):
    if "/beheer/login" not in driver.current_url:
        driver.get(base + "/beheer/login")
    field = driver.find_element(By.NAME, "naam")
    field.clear()
    field.send_keys(name)
    driver.find_element(By.NAME, "wachtwoord").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))


def press(driver, label):
    for b in driver.find_elements(By.TAG_NAME, "button"):
        if b.text.strip() == label:
            return click_and_wait(driver, b)
    fail("no button %r on %s" % (label, driver.current_url))





class EvilSite(http.server.BaseHTTPRequestHandler):
    """Another site's page that posts a form to the back office as soon as it opens."""
    target = ""

    def do_GET(self):
        page = ('<html><body><form method="post" action="%s"><input name="csrf" value="%s">'
                '<input name="notitie" value="x"></form><script>document.forms[0].submit()</script></body></html>'
                % (self.target, "0" * 64)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args):
        pass


started = time.time()
port, idle_port = free_port(), free_port()
base = "http://127.0.0.1:%d" % port
ws = Workspace("backoffice", config_extra=(
    '[[team]]\nname = "Vervoer"\nkinds = ["vervoer"]\nemail = []\n'
    '[[team]]\nname = "Buurtteam"\nkinds = ["*"]\nemail = []\n'
    '[backoffice]\nbase_url = "%s"\n' % base))
servers, driver, evil = [], None, None
try:
    for name, role, team in [("Vera", "volunteer", "Buurtteam"), ("Piet", "partner", "Vervoer"),
                             ("Sanne", "staff", "")]:
        ws.ctl("account", "add", name, "--role", role, *(["--team", team] if team else []), stdin=PASSWORD + "\n")
    shopping = ask(ws, "boodschappen", "Kees Bakker", "0687654321")
    transport = ask(ws, "vervoer", "Marie Jansen", "0612345678")
    visit = ask(ws, "gezelschap", "Ans de Wit", "0611122233")
    done = ask(ws, "computer", "Joop Smit", "0644455566")
    ws.ctl("help", "claim", done, "--by", "Sanne", now=NOW)
    ws.ctl("help", "done", done, now=NOW)
    check(ws.query("SELECT team FROM help_request WHERE code = ?", transport) == [("Vervoer",)],
          "help add routes a transport request to team Vervoer")

    servers.append(start_backoffice(ws, NOW, port))
    check(True, "backoffice answers on %s/beheer/login" % base)

    driver = chromium()

    # Without a session: the login page, which brings the request back after logging in.
    driver.get(base + "/beheer/hulpvragen/" + shopping)
    check("Inloggen" in driver.title and "/beheer/login" in driver.current_url, "no session: the login page")
    login(driver, base, "Vera", "niet-het-goede-wachtwoord")
    check("Naam of wachtwoord klopt niet." in body(driver), "a wrong password: one plain message")
    login(driver, base, "Vera")
    check(driver.current_url.endswith("/beheer/hulpvragen/" + shopping), "after the login: the request asked for")
    cookie = driver.get_cookie("bk_backoffice")
    check(cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/beheer/",
          "the session cookie is HttpOnly, SameSite=Strict, Path=/beheer/")

    # Claiming: the name and phone appear only then.
    check("Boodschappen" in body(driver) and "Kees Bakker" not in body(driver), "the request, without the name")
    press(driver, "Oppakken")
    text = body(driver)
    check("Opgepakt." in text and "Kees Bakker" in text and "0687654321" in text,
          "claimed: the volunteer now sees name and phone")
    check(status_of(ws, shopping) == "claimed", "the database says claimed")
    check(ws.query("SELECT role, actor FROM audit WHERE action = 'help.view_personal' AND subject = ?", shopping)
          == [("backoffice", "Vera")], "the view of the name is in the audit, by account")

    # The list, as the README shows it: a laptop, then a phone.
    driver.get(base + "/beheer/hulpvragen")
    text = body(driver)
    check("Nieuw (2)" in text and "Opgepakt (1)" in text and "Afgerond (1)" in text, "the list in three groups")
    os.makedirs(SHOTS, exist_ok=True)
    driver.set_window_size(1366, 768)
    driver.save_screenshot(os.path.join(SHOTS, "backoffice-laptop.png"))
    # A phone's screen exactly (a window's size would include the browser's own bars).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.get(base + "/beheer/hulpvragen")
    driver.save_screenshot(os.path.join(SHOTS, "backoffice-phone.png"))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 390, "on a phone nothing is wider than the screen (%d px)" % width)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print("wrote %s/backoffice-laptop.png and backoffice-phone.png" % SHOTS)

    # Another site's page posts a form here as soon as it opens: refused, nothing changes.
    EvilSite.target = base + "/beheer/hulpvragen/%s/afgerond" % visit
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EvilSite)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    driver.get("http://localhost:%d/" % evil.server_address[1])  # another site: localhost, not 127.0.0.1
    deadline = time.time() + 10
    while "Niet toegestaan" not in body(driver) and time.time() < deadline:
        time.sleep(0.1)
    check("Dit formulier kwam niet van deze website" in body(driver), "a form posted from another site is refused")
    check(status_of(ws, visit) == "open", "and changes nothing")

    # Logout.
    driver.get(base + "/beheer/hulpvragen")
    press(driver, "Uitloggen")
    check("U bent uitgelogd." in body(driver), "logged out")
    driver.get(base + "/beheer/hulpvragen")
    check("/beheer/login" in driver.current_url, "after logging out the list needs a login again")

    # A partner: its own team's request only; another's is "not found", as an unknown code.
    driver.get(base + "/beheer/login")
    login(driver, base, "Piet")
    text = body(driver)
    check(transport in text and shopping not in text and visit not in text, "the partner sees only team Vervoer's request")
    check("Agenda" not in text, "and no other sections")
    driver.get(base + "/beheer/hulpvragen/" + visit)
    check("Niet gevonden" in body(driver) and "Ans" not in body(driver), "another team's request: not found")
    driver.get(base + "/beheer/hulpvragen/" + transport)
    check("Vervoer of begeleiding" in body(driver) and "Marie" not in body(driver), "its own, without the name")
    press(driver, "Uitloggen")

    # A session ends after its idle time: a second server with a 2-second idle time.
    servers.append(start_backoffice(ws, NOW, idle_port, "--idle-seconds", "2"))
    idle_base = "http://127.0.0.1:%d" % idle_port
    driver.get(idle_base + "/beheer/login")
    login(driver, idle_base, "Sanne")
    check("Hulpvragen" in driver.title, "logged in on the short-idle server")
    time.sleep(3)
    driver.get(idle_base + "/beheer/hulpvragen")
    check("/beheer/login" in driver.current_url and "U was een tijd niet actief." in body(driver),
          "after the idle time: the login page says why")
finally:
    if driver:
        driver.quit()
    if evil:
        evil.shutdown()
    for proc, log in servers:
        proc.send_signal(signal.SIGTERM)
        try:
            check(proc.wait(10) == 0, "backoffice stops cleanly on SIGTERM")
        except subprocess.TimeoutExpired:
            proc.kill()
            fail("backoffice did not stop on SIGTERM")
    if servers:
        said = open(servers[0][1]).read()
        check("POST /beheer/login 303" in said and "GET /beheer/hulpvragen/<…> 200" in said,
              "one log line per request")
        requests = "\n".join(l for l in said.splitlines() if "backoffice:" in l)
        check(not any(code in requests for code in (shopping, transport, visit)), "request lines hold no codes")
        check(not any(x in said for x in ("Kees", "Marie", "Ans de Wit", PASSWORD)), "the log holds no names or passwords")
    ws.cleanup()
check(time.time() - started < 60, "the browser test took %.0f s" % (time.time() - started))
