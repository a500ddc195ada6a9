"""Under systemd (Type=notify, WatchdogSec=) the kiosk says READY=1 once its first frame is on
screen and keeps pinging WATCHDOG=1 while it sleeps on an idle agenda, so a hung loop gets it
restarted and a sleeping one does not."""
import os
import socket
import struct
import time

from kiosk import Screen, Workspace, check, SOURCE_DIR

ws = Workspace("watchdog")
ws.ctl("import", SOURCE_DIR + "/tests/data/e2e-agenda.ics", now="2027-03-02T09:00")
path = os.path.join(ws.dir, "notify.sock")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
sock.settimeout(1.0)
# The kernel stamps each datagram as it arrives, so a busy machine that reads this socket late does
# not make two on-time pings look like one late pair.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux's number; Python does not export it
sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
os.environ["NOTIFY_SOCKET"] = path
os.environ["WATCHDOG_USEC"] = "2000000"  # WatchdogSec=2: a ping at least every second
messages = []


def collect(seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(16))
            arrived = time.time()
            for level, kind, stamp in ancillary:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    seconds, nanoseconds = struct.unpack("qq", stamp[:16])
                    arrived = seconds + nanoseconds / 1e9
            messages.append((arrived, data.decode()))
        except socket.timeout:
            pass


with Screen(ws, "2027-03-02T09:00") as s:
    collect(1)
    check(any("READY=1" in m for _, m in messages), "READY=1 once the first frame is on screen")
    messages.clear()
    collect(6)
    pings = [t for t, m in messages if "WATCHDOG=1" in m]
    check(len(pings) >= 5, "WATCHDOG=1 keeps coming while the agenda sleeps: %d in 6 s" % len(pings))
    gaps = [b - a for a, b in zip(pings, pings[1:])]
    print("gaps", ["%.3f" % g for g in gaps])
    check(len(pings) / (pings[-1] - pings[0] + 1) > 0.7, "about one ping per half WatchdogSec")
    check(sorted(gaps)[len(gaps) // 2] < 1.3, "median gap %.2f s" % sorted(gaps)[len(gaps) // 2])
sock.close()
ws.cleanup()
print("1 passed, 0 failed")
