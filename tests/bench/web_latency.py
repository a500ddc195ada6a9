"""Page latency of the back office with 50 people logged in at once, beside the follow-up site's,
on this machine's cores (a benchmark, not a test: it prints figures and asserts none).

    python3 tests/bench/web_latency.py            (after building into build/)

Both servers are the real programs (`buurtkioskctl backoffice`, `buurtkioskctl serve`) on one
database with 40 help requests and 50 registrations. 50 clients, each from its own loopback address
(127.0.0.10 …) as 50 phones and laptops would be, each logged in with its own account, ask for
their pages at the same time: 20 requests each, one after the other (the help list and the agenda
alternately; for the follow-up site its own registration's page). Latency is from sending the
request to the last byte of the answer, over all 1,000 requests."""
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
CTL = os.path.join(BUILD, "src", "buurtkioskctl")
NOW = "2027-03-01T09:00"
CLIENTS = 50
REQUESTS = 20
PASSWORD = "bench-wachtwoord-123"
ENV = dict(os.environ, BUURTKIOSK_LOG="warning")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError("server ended: %s" % proc.stderr.read()[-2000:])
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen on %d" % port)


class Client:
    """One person on one address: a keep-nothing HTTP/1.1 client (the gate serves one request per
    connection), with the session cookie once logged in."""

    def __init__(self, port, source):
        self.port, self.source, self.cookie = port, source, ""

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        headers = {"Host": "127.0.0.1:%d" % self.port}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "http://127.0.0.1:%d" % self.port
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - t0
        conn.close()
        return resp, data, elapsed

    def login(self, name):
        resp, _, _ = self.request("POST", "/beheer/login",
                                  urllib.parse.urlencode({"naam": name, "wachtwoord": PASSWORD}))
        cookie = resp.getheader("Set-Cookie") or ""
        if resp.status != 303 or not cookie:
            raise RuntimeError("login %s: %d" % (name, resp.status))
        self.cookie = cookie.split(";", 1)[0]


def percentiles(samples):
    s = sorted(samples)
    return statistics.median(s) * 1000, s[min(len(s) - 1, int(round(0.99 * len(s))) - 1)] * 1000


def run_clients(clients, paths_for):
    """Every client asks its REQUESTS pages at the same time as the others; all latencies."""
    def one(i):
        out = []
        for n, path in enumerate(paths_for(i)):
            resp, _, elapsed = clients[i].request("GET", path)
            if resp.status != 200:
                raise RuntimeError("GET %s: %d" % (path, resp.status))
            out.append(elapsed)
        return out

    with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
        return [t for ts in pool.map(one, range(len(clients))) for t in ts]


def measure():
    """[(name, target, result, ok)] rows for tests/bench/run.py's table."""
    tmp = tempfile.mkdtemp(prefix="bk_web_bench_")
    procs = []
    try:
        db, cfg = os.path.join(tmp, "kiosk.db"), os.path.join(tmp, "kiosk.toml")
        bo_port, fu_port = free_port(), free_port()
        with open(cfg, "w") as f:
            f.write('[agenda]\ndemo_ics = ""\n[display]\nread_aloud = false\n'
                    '[followup]\nbase_url = "http://127.0.0.1:%d"\nrequests_per_minute = 600\n'
                    '[backoffice]\nbase_url = "http://127.0.0.1:%d"\n' % (fu_port, bo_port))

        def ctl(*args, stdin=None):
            return subprocess.run([CTL, "--config", cfg, "--db", db, "--now", NOW, *args], input=stdin, text=True,
                                  capture_output=True, check=True, env=ENV).stdout

        ctl("activity", "add", "--title", "Koffieochtend", "--start", "2027-03-02T10:00", "--end",
            "2027-03-02T12:00", "--location", "Grote zaal", "--capacity", "200")
        occurrence = json.loads(ctl("agenda", "--from", "2027-03-02", "--to", "2027-03-02", "--json"))[0]["occurrence_id"]
        tokens = [json.loads(ctl("register", str(occurrence), "--name", "Bewoner %d" % i, "--json"))["followup_url"]
                  .rsplit("/", 1)[1] for i in range(CLIENTS)]
        kinds = ["boodschappen", "klusje", "vervoer", "gezelschap", "post", "computer", "anders"]
        for i in range(40):
            ctl("help", "add", "--category", kinds[i % len(kinds)], "--timing", "this_week", "--name", "Buur %d" % i)
        for i in range(CLIENTS):
            ctl("account", "add", "bench%02d" % i, "--role", "volunteer", stdin=PASSWORD + "\n")

        for args, port in ((["backoffice", "--listen", "127.0.0.1:%d" % bo_port], bo_port),
                           (["serve", "--listen", "127.0.0.1:%d" % fu_port], fu_port)):
            p = subprocess.Popen([CTL, "--config", cfg, "--db", db, "--now", NOW, *args], env=ENV,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            procs.append(p)
            wait_listening(port, p)

        sources = ["127.0.0.%d" % (10 + i) for i in range(CLIENTS)]
        bo = [Client(bo_port, s) for s in sources]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:  # argon2id per login: not measured
            list(pool.map(lambda i: bo[i].login("bench%02d" % i), range(CLIENTS)))
        bo_pages = ["/beheer/hulpvragen", "/beheer/agenda?van=2027-03-01"]
        bo_times = run_clients(bo, lambda i: [bo_pages[n % 2] for n in range(REQUESTS)])
        fu = [Client(fu_port, s) for s in sources]
        fu_times = run_clients(fu, lambda i: ["/r/" + tokens[i]] * REQUESTS)

        cores = os.cpu_count()
        rows = []
        for name, times in (("back office page, %d sessions at once" % CLIENTS, bo_times),
                            ("follow-up page, %d phones at once" % CLIENTS, fu_times)):
            med, p99 = percentiles(times)
            rows.append(("%s (%d requests, %d cores)" % (name, len(times), cores), "median, p99",
                         "%.1f ms, %.1f ms" % (med, p99), None))
        return rows
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for row in measure():
        print("%-70s %-12s %s" % row[:3])
