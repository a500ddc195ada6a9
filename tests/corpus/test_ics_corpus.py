#!/usr/bin/python3
"""Differential test of the iCalendar import against an independent implementation.

For every .ics file in the corpus folder (real exports nobody on this project wrote, see
SOURCES.md), lists every date in a two-year window from the file's first DTSTART twice: once with
our importer (ics_dump: read_ics + expand_series) and once with Debian's python3-recurring-ical-events
(on python3-icalendar and python3-dateutil). Each date is start, end, title, all-day and cancelled,
in UTC (all-day dates as local dates, Europe/Amsterdam like the kiosk's own zone).

The two listings must be equal, except where EXPECTED.json says why not, file by file:
  {"refused": "exact one-line message", "reason": "..."}       we refuse the file, on purpose
  {"only_ours": [...], "only_engine": [...], "reason": "..."} the engine is wrong on these dates
  {"engine_fails": "...", "ours": [...], "reason": "..."}      the engine crashes; ours checked by hand
Nothing is skipped silently: an unexplained difference, or an explanation that no longer fits,
fails the test. Usage: test_ics_corpus.py ICS_DUMP CORPUS_DIR [--show FILE]
"""
import datetime as dt
from collections import Counter
import json
import pathlib
import re
import subprocess
import sys
import zoneinfo

import icalendar
import recurring_ical_events

CENTRE = zoneinfo.ZoneInfo("Europe/Amsterdam")
WINDOW_DAYS = 731


def window(text):
    """UTC midnight of the day before the first DTSTART's date, and two years on. Read from the
    text itself, so a file the engine cannot parse still gets a window."""
    firsts, stack = [], []
    for line in text.splitlines():
        upper = line.strip().upper()
        if upper.startswith(b"BEGIN:"):
            stack.append(upper[6:])
        elif upper.startswith(b"END:") and stack:
            stack.pop()
        elif stack[-1:] == [b"VEVENT"]:
            m = re.match(rb"DTSTART[^:]*:(\d{8})", upper)
            if m:
                d = m.group(1)
                firsts.append(dt.date(int(d[:4]), int(d[4:6]), int(d[6:8])))
    first = min(firsts) if firsts else dt.date(2027, 1, 1)
    first -= dt.timedelta(days=1)  # all-day dates start at local midnight, before UTC midnight
    return first, first + dt.timedelta(days=WINDOW_DAYS)


def as_utc(t):
    if t.tzinfo is None:
        t = t.replace(tzinfo=CENTRE)  # floating time: the centre's own
    return t.astimezone(dt.timezone.utc)


def start_instant(d):
    if isinstance(d, dt.datetime):
        return as_utc(d)
    return dt.datetime(d.year, d.month, d.day, tzinfo=CENTRE).astimezone(dt.timezone.utc)


def title_of(s):
    s = " ".join(str(s).split())
    return s or "—"


def engine_listing(text, first, last):
    cal = icalendar.Calendar.from_ical(text)
    lo = dt.datetime(first.year, first.month, first.day, tzinfo=dt.timezone.utc)
    hi = dt.datetime(last.year, last.month, last.day, tzinfo=dt.timezone.utc)
    lines = []
    for ev in recurring_ical_events.of(cal).between(lo - dt.timedelta(days=3), hi + dt.timedelta(days=3)):
        start = ev["DTSTART"].dt
        if not lo <= start_instant(start) < hi:
            continue  # the engine also gives events that only overlap the window
        all_day = not isinstance(start, dt.datetime)
        if "DTEND" in ev:
            end = ev["DTEND"].dt
        elif "DURATION" in ev:
            end = start + ev["DURATION"].dt
        else:
            end = start + dt.timedelta(days=1) if all_day else start
        fmt = (lambda t: t.isoformat()) if all_day else (
            lambda t: as_utc(t).strftime("%Y-%m-%dT%H:%M:%SZ"))
        lines.append(json.dumps({
            "start": fmt(start), "end": fmt(end), "title": title_of(ev.get("SUMMARY", "")),
            "all_day": all_day, "cancelled": str(ev.get("STATUS", "")).upper() == "CANCELLED",
        }, ensure_ascii=False))
    return lines


def our_listing(ics_dump, path, first, last):
    p = subprocess.run([ics_dump, str(path), first.isoformat(), last.isoformat()],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        return None, p.stderr.strip()
    lines = []
    for line in p.stdout.splitlines():
        item = json.loads(line)
        item["title"] = title_of(item["title"])
        lines.append(json.dumps(item, ensure_ascii=False))
    return lines, None


def main():
    ics_dump, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
    show = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--show" else None
    expected = json.loads((corpus / "EXPECTED.json").read_text())
    files = sorted(corpus.glob("*.ics"))
    problems, tally = [], {"agree": 0, "refused": 0, "deviation": 0}
    for path in files:
        if show and path.name != show:
            continue
        text = path.read_bytes()
        first, last = window(text)
        ours, refusal = our_listing(ics_dump, path, first, last)
        want = expected.get(path.name, {})
        if refusal is not None:
            if want.get("refused") == refusal and want.get("reason"):
                tally["refused"] += 1
            else:
                problems.append(f"{path.name}: refused with {refusal!r}, not expected")
            continue
        if "refused" in want:
            problems.append(f"{path.name}: imported, but EXPECTED.json says it is refused")
            continue
        try:
            engine = engine_listing(text, first, last)
        except Exception as e:  # noqa: BLE001 — the engine's own bug, named in EXPECTED.json
            engine = None
            if "engine_fails" in want and want.get("ours") == ours and want.get("reason"):
                tally["deviation"] += 1
            else:
                problems.append(f"{path.name}: the engine fails ({type(e).__name__}: {e}); ours:\n"
                                + "".join(f"  {l}\n" for l in ours))
            continue
        # Multisets: a file may really hold two equal events (two UIDs, same title and time).
        only_ours = sorted((Counter(ours) - Counter(engine)).elements())
        only_engine = sorted((Counter(engine) - Counter(ours)).elements())
        if show:
            print("\n".join(["ours:"] + ours + ["engine:"] + engine))
        if only_ours == sorted(want.get("only_ours", [])) and only_engine == sorted(want.get("only_engine", [])):
            if only_ours or only_engine:
                if not want.get("reason"):
                    problems.append(f"{path.name}: a known deviation without a reason")
                tally["deviation"] += 1
            else:
                tally["agree"] += 1
        else:
            problems.append(f"{path.name}: differs from the engine ({first} .. {last})\n"
                            + "".join(f"  only ours:   {l}\n" for l in only_ours)
                            + "".join(f"  only engine: {l}\n" for l in only_engine))
    for name in expected:
        if not (corpus / name).exists():
            problems.append(f"EXPECTED.json names {name}, which is not in the corpus")
    print(f"{len(files)} calendars: {tally['agree']} agree, {tally['refused']} refused with a reason, "
          f"{tally['deviation']} known engine deviations")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
