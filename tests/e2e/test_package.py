"""The Debian package: `cpack -G DEB` in the build folder makes buurtkiosk_<version>_<arch>.deb whose
Depends lists the libraries and the compositor, which holds the programs, the units, the data and
/etc/buurtkiosk/kiosk.toml as a conffile, and whose installed config and programs work."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk import BUURTKIOSK, SOURCE_DIR, check, fail  # noqa: E402

build = os.path.dirname(os.path.dirname(os.path.abspath(BUURTKIOSK)))  # build/src/buurtkiosk
if not os.path.exists(os.path.join(build, "CPackConfig.cmake")):
    fail("no CPackConfig.cmake in %s (cmake/Packaging.cmake not included?)" % build)


def run(*args, **kw):
    r = subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=kw.pop("timeout", 120), **kw)
    if r.returncode != 0:
        fail("%s: exit %d\n%s" % (" ".join(args), r.returncode, r.stdout))
    return r.stdout


tmp = tempfile.mkdtemp(prefix="bk_package_")
try:
    run("cpack", "-G", "DEB", "-B", tmp, cwd=build, timeout=280)
    arch = run("dpkg", "--print-architecture").strip()
    with open(os.path.join(SOURCE_DIR, "CMakeLists.txt")) as f:
        version = re.search(r"project\(buurtkiosk VERSION ([0-9.]+)", f.read()).group(1)
    deb = os.path.join(tmp, "buurtkiosk_%s_%s.deb" % (version, arch))
    check(os.path.exists(deb), "cpack made " + os.path.basename(deb))

    depends = run("dpkg-deb", "-f", deb, "Depends").strip()
    alternatives = [[re.sub(r"\s*\(.*\)", "", p).strip() for p in d.split("|")] for d in depends.split(",")]
    names = {n for alt in alternatives for n in alt}
    for lib in ["libsdl2-2.0-0", "libsqlite3-0", "libqrencode4", "libical3", "libsodium23",
                "libfreetype6", "libpng16-16", "cage", "ca-certificates", "adduser", "libpam-systemd"]:
        check(lib in names, "Depends lists " + lib)
    # Noto for text, DejaVu for the signs Noto lacks (arrows, minus, check mark).
    check(["fonts-noto-core"] in alternatives and ["fonts-dejavu-core"] in alternatives,
          "Depends: fonts-noto-core, fonts-dejavu-core")

    contents = set()
    for line in run("dpkg-deb", "-c", deb).splitlines():
        contents.add(line.split()[-1].lstrip("."))
    expected = ["/usr/bin/buurtkiosk", "/usr/bin/buurtkioskctl", "/etc/buurtkiosk/kiosk.toml",
                "/etc/pam.d/buurtkiosk", "/usr/share/buurtkiosk/i18n/nl.toml",
                "/usr/share/buurtkiosk/demo-agenda.ics"]
    expected += ["/lib/systemd/system/" + u for u in os.listdir(os.path.join(SOURCE_DIR, "deploy"))
                 if u.endswith((".service", ".timer"))]
    for path in expected:
        check(path in contents, "the package holds " + path)

    control = os.path.join(tmp, "control")
    run("dpkg-deb", "-e", deb, control)
    with open(os.path.join(control, "conffiles")) as f:
        conffiles = f.read().split()
    check("/etc/buurtkiosk/kiosk.toml" in conffiles, "kiosk.toml is a conffile (local edits survive upgrades)")
    postinst = os.path.join(control, "postinst")
    check(os.access(postinst, os.X_OK), "postinst is executable")
    with open(postinst) as f:
        text = f.read()
    check("adduser --system" in text and "install -d -m 0700 -o buurtkiosk" in text,
          "postinst creates the system user and /var/lib/buurtkiosk 0700")

    # The installed config and programs work together (run from the unpacked tree).
    root = os.path.join(tmp, "root")
    run("dpkg-deb", "-x", deb, root)
    with open(os.path.join(root, "etc/buurtkiosk/kiosk.toml")) as f:
        config_text = f.read()
    check('\ndatabase = "/var/lib/buurtkiosk/kiosk.db"' in config_text, "the installed config uses /var/lib/buurtkiosk/kiosk.db")
    check('\ndemo_ics = "/usr/share/buurtkiosk/demo-agenda.ics"' in config_text, "… and the installed demo agenda")
    ctl = os.path.join(root, "usr/bin/buurtkioskctl")
    db = os.path.join(tmp, "kiosk.db")
    config = os.path.join(root, "etc/buurtkiosk/kiosk.toml")
    out = run(ctl, "--config", config, "--db", db, "import", os.path.join(root, "usr/share/buurtkiosk/demo-agenda.ics"))
    check("activities" in out, "the packaged buurtkioskctl reads the installed config and imports the demo agenda")
    check("ok:" in run(ctl, "--config", config, "--db", db, "check"), "… and its database passes check")
finally:
    shutil.rmtree(tmp)
