"""Deployment files hold up: `systemd-analyze verify` passes on every unit in deploy/, the kiosk
unit has what a kiosk needs (cage on tty1, watchdog, restart, no way out), every timer has its
service, and shellcheck passes on every shell script in the repository.

systemd-analyze verify also checks that each ExecStart= program exists, and the installed paths
(/usr/bin/…) are not there on a build machine: the units are verified as copies with those paths
pointing at the build's programs (and at a stand-in for cage when cage is not installed)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import BUURTKIOSK, BUURTKIOSKCTL, SOURCE_DIR, check, fail  # noqa: E402

DEPLOY = os.path.join(SOURCE_DIR, "deploy")
units = sorted(f for f in os.listdir(DEPLOY) if f.endswith((".service", ".timer")))
check("buurtkiosk.service" in units, "the kiosk unit is in deploy/")


def verify(path):
    """systemd-analyze verify on one unit file: (exit code, everything it said)."""
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    # Lines about the machine rather than the unit (no systemd running in a build container).
    said = [l for l in r.stdout.splitlines() if l.strip() and "Failed to connect to bus" not in l]
    return r.returncode, "\n".join(said)


tmp = tempfile.mkdtemp(prefix="bk_deploy_")
try:
    cage = shutil.which("cage")
    if not cage:
        cage = os.path.join(tmp, "cage")
        with open(cage, "w") as f:
            f.write("#!/bin/sh\n# stand-in for cage when verifying units on a build machine\nexec \"$@\"\n")
        os.chmod(cage, 0o755)
    units_dir = os.path.join(tmp, "units")
    os.mkdir(units_dir)
    for name in units:
        with open(os.path.join(DEPLOY, name)) as f:
            text = f.read()
        text = text.replace("/usr/bin/buurtkioskctl", os.path.abspath(BUURTKIOSKCTL))
        text = re.sub(r"/usr/bin/buurtkiosk\b", os.path.abspath(BUURTKIOSK), text)
        text = text.replace("/usr/bin/cage", cage)
        with open(os.path.join(units_dir, name), "w") as f:
            f.write(text)
    for name in units:
        code, said = verify(os.path.join(units_dir, name))
        if code != 0 or said:
            fail("systemd-analyze verify %s: exit %d\n%s" % (name, code, said))
        print("ok: systemd-analyze verify %s" % name)

    # The check can fail: a misspelt key and a bad value are reported.
    bad = os.path.join(units_dir, "buurtkiosk-broken.service")
    with open(os.path.join(units_dir, "buurtkiosk.service")) as f:
        broken = f.read().replace("Restart=always", "Restart=allways\nWatchdogSek=30")
    with open(bad, "w") as f:
        f.write(broken)
    code, said = verify(bad)
    check("allways" in said and "WatchdogSek" in said, "verify reports a misspelt key and a bad value")
    os.remove(bad)
finally:
    shutil.rmtree(tmp)

# What the kiosk unit must say.
with open(os.path.join(DEPLOY, "buurtkiosk.service")) as f:
    kiosk = f.read()
settings = {}
for line in kiosk.splitlines():
    if "=" in line and not line.lstrip().startswith("#"):
        key, value = line.split("=", 1)
        settings.setdefault(key.strip(), []).append(value.strip())
for key, value in [("Type", "notify"), ("NotifyAccess", "all"), ("Restart", "always"),
                   ("TTYPath", "/dev/tty1"), ("Conflicts", "getty@tty1.service"),
                   ("Environment", "SDL_VIDEODRIVER=wayland"), ("User", "buurtkiosk")]:
    check(value in settings.get(key, []), "buurtkiosk.service: %s=%s" % (key, value))
check(int(settings.get("WatchdogSec", ["0"])[0]) > 0, "buurtkiosk.service: a watchdog")
exec_start = settings["ExecStart"][0].split()
check(exec_start[0] == "/usr/bin/cage" and exec_start[-1] == "/usr/bin/buurtkiosk",
      "buurtkiosk.service: the kiosk runs under cage")
check("-s" not in exec_start[:exec_start.index("--")] if "--" in exec_start else "-s" not in exec_start,
      "buurtkiosk.service: cage without -s, so no switching to another console")

# The follow-up web pages: an unprivileged service that only writes the database folder.
check("buurtkiosk-web.service" in units, "the follow-up web unit is in deploy/")
with open(os.path.join(DEPLOY, "buurtkiosk-web.service")) as f:
    web = dict(l.split("=", 1) for l in f.read().splitlines() if "=" in l and not l.startswith("#"))
for key, value in [("User", "buurtkiosk"), ("ExecStart", "/usr/bin/buurtkioskctl serve"),
                   ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                   ("ReadWritePaths", "/var/lib/buurtkiosk"), ("CapabilityBoundingSet", "")]:
    check(web.get(key) == value, "buurtkiosk-web.service: %s=%s" % (key, value))

# The back office: the same hardening, its own command, only this machine unless configured.
check("buurtkiosk-backoffice.service" in units, "the back office unit is in deploy/")
with open(os.path.join(DEPLOY, "buurtkiosk-backoffice.service")) as f:
    backoffice = dict(l.split("=", 1) for l in f.read().splitlines() if "=" in l and not l.startswith("#"))
for key, value in web.items():
    if key not in ("ExecStart", "Description"):
        check(backoffice.get(key) == value, "buurtkiosk-backoffice.service: %s=%s as the web unit" % (key, value))
check(backoffice.get("ExecStart") == "/usr/bin/buurtkioskctl backoffice", "buurtkiosk-backoffice.service runs backoffice")
with open(os.path.join(DEPLOY, "debian", "postinst")) as f:
    check("buurtkiosk-backoffice.service" in f.read(), "postinst enables the back office")
with open(os.path.join(DEPLOY, "debian", "prerm")) as f:
    check("buurtkiosk-backoffice.service" in f.read(), "prerm stops the back office")
with open(os.path.join(DEPLOY, "nginx-backoffice.conf")) as f:
    proxy = f.read()
check("proxy_pass http://127.0.0.1:8081" in proxy and "proxy_set_header Host $host" in proxy and "ssl_certificate" in proxy,
      "deploy/nginx-backoffice.conf: TLS in front of 127.0.0.1:8081, Host passed on")

for timer in (u for u in units if u.endswith(".timer")):
    service = timer[:-len(".timer")] + ".service"
    check(service in units, "%s has its %s" % (timer, service))


# shellcheck on every shell script: *.sh files and files that start with a sh/bash shebang.
def repository_files():
    r = subprocess.run(["git", "-C", SOURCE_DIR, "ls-files", "--cached", "--others", "--exclude-standard"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if r.returncode == 0 and r.stdout.strip():
        return [f for f in r.stdout.splitlines() if os.path.isfile(os.path.join(SOURCE_DIR, f))]
    found = []
    for root, dirs, files in os.walk(SOURCE_DIR):
        dirs[:] = [d for d in dirs if not d.startswith((".git", "build"))]
        found += [os.path.relpath(os.path.join(root, f), SOURCE_DIR) for f in files]
    return found


def is_shell_script(rel):
    if rel.endswith(".sh"):
        return True
    try:
        with open(os.path.join(SOURCE_DIR, rel), "rb") as f:
            first = f.readline(200)
    except OSError:
        return False
    return re.match(rb"#!\s*(/usr)?/bin/(env\s+)?(ba|da)?sh\b", first) is not None


scripts = sorted(f for f in repository_files() if is_shell_script(f) and not f.startswith("build"))
for expected in ("deploy/test.sh", ".ci/run", "deploy/debian/postinst", "deploy/debian/prerm", "deploy/debian/postrm"):
    check(expected in scripts, "shellcheck covers " + expected)
r = subprocess.run(["shellcheck", "--external-sources"] + scripts, cwd=SOURCE_DIR,
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
if r.returncode != 0:
    fail("shellcheck:\n" + r.stdout)
check(True, "shellcheck passes on %d scripts: %s" % (len(scripts), " ".join(scripts)))
