"""Benchmark (not a timed test): time from the commit of a help request to its mail in a real SMTP
sink (aiosmtpd with STARTTLS and AUTH), with `buurtkioskctl notify` running as the service does.

    python3 tests/bench/notify_latency.py [--count 100]     (after building into build/)

Each request is made with `buurtkioskctl help add`, whose return is the commit (the program
acknowledges only after it); requests come at random intervals of 0.1–0.7 s, as a busy morning
would not, so the figure includes waiting for the service's next wake-up. Prints median and p99."""
import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from mailsink import Sink, use_debian_python  # noqa: E402

use_debian_python()

BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
CTL = os.environ.get("BUURTKIOSKCTL", os.path.join(BUILD, "src", "buurtkioskctl"))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--json", action="store_true", help="print one JSON object (for run.py)")
    args = ap.parse_args()
    folder = tempfile.mkdtemp(prefix="bk_bench_notify_")
    sink = Sink(folder)
    config = os.path.join(folder, "kiosk.toml")
    db = os.path.join(folder, "kiosk.db")
    with open(config, "w") as f:
        f.write('[centre]\nname = "Bench"\n[agenda]\ndemo_ics = ""\n' + sink.config() +
                '[[team]]\nname = "Iedereen"\nkinds = ["*"]\nemail = ["team@bench.test"]\n')
    ctl = [CTL, "--config", config, "--db", db]
    subprocess.run(ctl + ["help", "list"], check=True, capture_output=True)  # creates and migrates
    sink.start()
    notify = subprocess.Popen(ctl + ["notify"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed = {}
    try:
        time.sleep(1)
        rnd = random.Random(19)
        for _ in range(args.count):
            p = subprocess.run(ctl + ["help", "add", "--category", "boodschappen", "--comes-back", "--json"],
                               check=True, capture_output=True, text=True)
            committed[json.loads(p.stdout)["code"]] = time.time()
            time.sleep(rnd.uniform(0.1, 0.7))
        codes = [c for (c,) in _rows(db, "SELECT code FROM help_request")]
        latencies = []
        for code in codes:
            mail = sink.wait_for(lambda m, c=code: c.encode() in m["content"], 60)
            if mail is None:
                sys.exit("no mail for %s within 60 s" % code)
            start = committed.get(code)
            if start is None:
                sys.exit("no commit time for %s" % code)
            latencies.append(mail["at"] - start)
    finally:
        notify.send_signal(signal.SIGTERM)
        notify.wait(10)
        sink.stop()
    shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps({"n": len(latencies), "median_ms": statistics.median(latencies) * 1000,
                          "p99_ms": percentile(latencies, 99) * 1000}))
        return
    print("notify: commit of a help request -> mail in the SMTP sink (STARTTLS + AUTH), n=%d, "
          "service wakes every 2 s" % len(latencies))
    print("  median %.0f ms   p99 %.0f ms   max %.0f ms" % (statistics.median(latencies) * 1000,
                                                           percentile(latencies, 99) * 1000, max(latencies) * 1000))


def _rows(db, sql):
    import sqlite3
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


if __name__ == "__main__":
    main()
