"""A centre moves from its SQLite file to the regional PostgreSQL server (#20):
`buurtkioskctl migrate-to-postgresql` copies a year of agenda, registrations and help requests;
the funders' report for that year is the same before (SQLite) and after (PostgreSQL); a second run
copies nothing; the summary names no person; the region's report has a line for the centre."""
import json
import os
import sys
import time

from kiosk import BUURTKIOSKCTL, Workspace, check, fail  # noqa: F401

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pg"))
from pg_cluster import PgCluster  # noqa: E402

t0 = time.monotonic()
NAMES = ["Zwanetta Geheim", "Piet Prive", "Ans Anoniem", "Bob Bewaard", "Carla Cijfer"]
PHONE = "0687654321"
YEAR = ("--from", "2027-01-01", "--to", "2027-12-31")


def write_config(ws, name, centre, pg, engine="postgresql"):
    path = os.path.join(ws.dir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write('[centre]\nname = "Wijkcentrum De Oever"\nid = "%s"\n'
                '[storage]\nengine = "%s"\nconnection = "%s"\npassword_file = "%s"\ndatabase = "%s"\n'
                '[agenda]\ndemo_ics = ""\n[followup]\nbase_url = "http://kiosk.test:8080"\n'
                % (centre, engine, pg.conninfo, pg.password_file, ws.db))
    return path


def ctl(config, *args, now="2027-06-01T09:00", check_rc=True):
    import subprocess
    p = subprocess.run([BUURTKIOSKCTL, "--config", config, "--now", now] + list(args),
                       capture_output=True, text=True, timeout=60)
    if check_rc and p.returncode != 0:
        fail("buurtkioskctl %s: rc %d %s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def make_year(ws):
    """Three weekly series through 2027; registrations, cancellations and help requests spread over it."""
    now = "2027-01-01T09:00"
    ws.ctl("activity", "add", "--title", "Koersbal", "--category", "bewegen", "--capacity", "12",
           "--start", "2027-01-05T10:00", "--end", "2027-01-05T11:30", "--weekly-until", "2027-12-28", now=now)
    ws.ctl("activity", "add", "--title", "Taalcafe", "--category", "leren", "--description", "Lekkende kraan",
           "--start", "2027-01-07T14:00", "--end", "2027-01-07T16:00", "--weekly-until", "2027-12-30", now=now)
    ws.ctl("activity", "add", "--title", "Repair Cafe", "--category", "samen", "--capacity", "3",
           "--start", "2027-02-13T10:00", "--end", "2027-02-13T12:00", now=now)
    dates = json.loads(ws.ctl("agenda", "--from", "2027-01-01", "--to", "2027-12-31", "--json", now=now).stdout)
    check(len(dates) > 100, "a year of dates (%d)" % len(dates))
    n = 0
    for i, d in enumerate(dates[::4]):  # every fourth date, a day before it
        day_before = d["start"][:10] + "T08:00"
        for k in range(1 + i % 3):
            out = ws.ctl("register", str(d["occurrence_id"]), "--name", NAMES[n % len(NAMES)], "--phone", PHONE,
                         "--people", str(1 + n % 4), "--json", now=day_before)
            n += 1
            if n % 7 == 0:
                ws.ctl("cancel", json.loads(out.stdout)["code"], now=day_before)
    for m in range(1, 13):
        at = "2027-%02d-10T11:00" % m
        for k in range(m % 3 + 1):
            out = ws.ctl("help", "add", "--category", ["boodschappen", "vervoer", "klusje"][k], "--name",
                         NAMES[(m + k) % len(NAMES)], "--phone", PHONE, "--description", "Sleutel onder de mat",
                         "--json", now=at)
            code = json.loads(out.stdout)["code"]
            if k == 1:
                ws.ctl("help", "claim", code, "--by", "Vrijwilliger Vlasblom", now="2027-%02d-11T09:00" % m)
            if k == 2:
                ws.ctl("help", "done", code, now="2027-%02d-12T09:00" % m)
    return n


def server_counts(pg):
    rows = pg.psql("SELECT 'activity', count(*) FROM activity UNION ALL SELECT 'occurrence', count(*) FROM occurrence "
                   "UNION ALL SELECT 'registration', count(*) FROM registration "
                   "UNION ALL SELECT 'help_request', count(*) FROM help_request "
                   "UNION ALL SELECT 'setting', count(*) FROM setting UNION ALL SELECT 'audit', count(*) FROM audit",
                   superuser=True)
    return dict(line.split("|") for line in rows.split())


ws = Workspace("migrate")
try:
    with PgCluster() as pg:
        print("PostgreSQL up after %.1f s" % (time.monotonic() - t0))
        registrations = make_year(ws)
        print("a year of data (%d registrations) after %.1f s" % (registrations, time.monotonic() - t0))
        on_sqlite = json.loads(ws.ctl("report", *YEAR, "--json", now="2027-06-01T09:00").stdout)
        check(on_sqlite["activity_total"]["people_registered"] not in (0, "<5", "x"), "the year has attendance")

        sqlite_cfg = write_config(ws, "sqlite.toml", "oever", pg, engine="sqlite")
        refused = ctl(sqlite_cfg, "migrate-to-postgresql", check_rc=False)
        check(refused.returncode == 2 and "postgresql" in refused.stderr, "refuses a config without a server")
        pg_cfg = write_config(ws, "pg.toml", "oever", pg)
        region_cfg = write_config(ws, "region.toml", "*", pg)
        refused = ctl(region_cfg, "migrate-to-postgresql", check_rc=False)
        check(refused.returncode == 2 and "region" in refused.stderr, "refuses centre \"*\"")
        missing = ctl(pg_cfg, "--db", os.path.join(ws.dir, "nope.db"), "migrate-to-postgresql", check_rc=False)
        check(missing.returncode == 2 and "not found" in missing.stderr, "refuses a source that is not there")

        # Accounts are the region's: one with a name the server has already is kept as it is there.
        ws.ctl("set-pin", "--role", "volunteer", stdin="2468\n")
        for name in ("Vera", "Wim"):
            ws.ctl("account", "add", name, "--role", "volunteer", stdin="een lang wachtwoord\n")
        import subprocess
        subprocess.run([BUURTKIOSKCTL, "--config", pg_cfg, "account", "add", "wim", "--role", "staff"],
                       input="een ander wachtwoord\n", text=True, capture_output=True, check=True)

        first = ctl(pg_cfg, "migrate-to-postgresql", "--json")
        summary = {t["table"]: t for t in json.loads(first.stdout)["tables"]}
        check(summary["account"]["copied"] == 1 and summary["account"]["kept"] == 1,
              "the new account is copied, the one the server knew is kept")
        check(summary["setting"]["copied"] == 1, "the centre's settings go over")
        check(all(t["source"] == t["copied"] + t["kept"] and t["copied"] == t["on_server"] for t in summary.values()),
              "every table counted the same on both sides")
        print(first.stdout)
        check(json.loads(first.stdout)["status"] == "migrated", "the first run copies")
        for secret in NAMES + [PHONE, "Lekkende kraan", "Sleutel onder de mat", "Vrijwilliger Vlasblom"]:
            check(secret not in first.stdout + first.stderr, "the summary does not show %r" % secret)
        counts = server_counts(pg)
        check(int(counts["registration"]) == ws.query("SELECT count(*) FROM registration")[0][0],
              "every registration is on the server")

        on_pg = json.loads(ctl(pg_cfg, "report", *YEAR, "--json").stdout)
        check(on_pg == on_sqlite, "the year's report on PostgreSQL equals the one on SQLite")

        again = ctl(pg_cfg, "migrate-to-postgresql")
        check(again.stdout.startswith("already migrated, nothing to do"), "a second run says it was done already")
        check(server_counts(pg) == counts, "a second run duplicates nothing")

        ws.ctl("register", str(on_pg and json.loads(ws.ctl("agenda", "--from", "2027-12-01", "--to", "2027-12-31",
                                                            "--json", now="2027-11-30T09:00").stdout)[0]["occurrence_id"]),
               "--name", "Nieuw", "--people", "1", now="2027-11-30T09:00")
        changed = ctl(pg_cfg, "migrate-to-postgresql", check_rc=False)
        check(changed.returncode == 1 and "another state" in changed.stderr,
              "a file that changed after the migration is refused, not copied twice")
        check(server_counts(pg) == counts, "nothing written by the refused run")

        region = json.loads(ctl(region_cfg, "report", *YEAR, "--json").stdout)
        check([c["centre"] for c in region["centres"]] == ["oever"], "the region's report has a line per centre")
        check(region["region"]["people_registered"] == on_sqlite["activity_total"]["people_registered"],
              "the region's line is the report's total")
finally:
    ws.cleanup()
elapsed = time.monotonic() - t0
print("done in %.1f s" % elapsed)
check(elapsed < 60, "quick enough (%.1f s)" % elapsed)
