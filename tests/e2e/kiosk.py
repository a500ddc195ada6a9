"""Drive the real kiosk as a resident would: a window under Xvfb, taps and typing with xdotool,
screenshots with ImageMagick, reading the screen with tesseract and QR codes with zbarimg.

Used by the tests/e2e/test_*.py scripts (python3 standard library only)."""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BUURTKIOSK = os.environ.get("BUURTKIOSK", "build/src/buurtkiosk")
BUURTKIOSKCTL = os.environ.get("BUURTKIOSKCTL", "build/src/buurtkioskctl")
# ImageMagick itself (a PATH entry may hold a stand-in that only converts for viewing).
CONVERT = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else "convert"
SOURCE_DIR = os.environ.get("SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message)


class Workspace:
    """A temporary folder with a database and a config for one test. sqlite=False: no database
    file; the programs get no --db and find their database in the config (a PostgreSQL test
    writes its own config with [storage] engine = "postgresql")."""

    def __init__(self, name, config_extra="", sqlite=True):
        self.dir = tempfile.mkdtemp(prefix="bk_e2e_%s_" % name)
        self.db = os.path.join(self.dir, "kiosk.db") if sqlite else None
        self.config = os.path.join(self.dir, "kiosk.toml")
        with open(self.config, "w", encoding="utf-8") as f:
            f.write('[centre]\nname = "Wijkcentrum De Oever"\nphone = "072 000 00 00"\n'
                    '[agenda]\ndemo_ics = ""\n'
                    '[followup]\nbase_url = "http://kiosk.test:8080"\n' + config_extra)

    def ctl(self, *args, now=None, stdin=None, check_rc=True):
        cmd = [BUURTKIOSKCTL, "--config", self.config] + self.db_args()
        if now:
            cmd += ["--now", now]
        cmd += list(args)
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)
        if check_rc and p.returncode != 0:
            fail("buurtkioskctl %s: %s%s" % (" ".join(args), p.stdout, p.stderr))
        return p

    def db_args(self):
        """--db FILE, or nothing when the config says where the database is (`--db` always means SQLite)."""
        return ["--db", self.db] if self.db else []

    def query(self, sql, *params):
        con = sqlite3.connect(self.db, timeout=10)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Screen:
    """Xvfb with the kiosk in it."""

    def __init__(self, ws, now, size=(1280, 800), extra_args=(), log_name="kiosk.log"):
        self.ws = ws
        self.log_name = log_name  # several kiosks on one workspace: a log each
        self.now = now
        self.size = size
        self.extra_args = list(extra_args)
        self.xvfb = None
        self.kiosk = None
        self.display = None
        self.shots = 0
        self._ocr_cache = {}

    def __enter__(self):
        self.start_xvfb()
        self.start_kiosk()
        return self

    def __exit__(self, *exc):
        self.stop_kiosk()
        if self.xvfb:
            self.xvfb.terminate()
            try:
                self.xvfb.wait(5)
            except subprocess.TimeoutExpired:
                self.xvfb.kill()
        return False

    def start_xvfb(self):
        r, w = os.pipe()
        w_, h_ = self.size
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "%dx%dx24" % (w_, h_),
                                      "-nolisten", "tcp", "-noreset"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            number = f.readline().strip()
        if not number:
            fail("Xvfb did not start")
        self.display = ":" + number
        self.env = dict(os.environ, DISPLAY=self.display, SDL_AUDIODRIVER="dummy")

    def start_kiosk(self, now=None):
        if now:
            self.now = now
        args = [BUURTKIOSK, "--config", self.ws.config] + self.ws.db_args() + ["--now", self.now,
                "--windowed", "%dx%d" % self.size] + self.extra_args
        self.log = open(os.path.join(self.ws.dir, self.log_name), "a")
        self.kiosk = subprocess.Popen(args, env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.kiosk.poll() is not None:
                fail("the kiosk stopped at start: " + open(self.log.name).read())
            p = subprocess.run(["xdotool", "search", "--name", "Buurtkiosk"], env=self.env,
                               capture_output=True, text=True)
            if p.stdout.strip():
                self.window = p.stdout.split()[0]
                time.sleep(0.8)  # the first frames
                return
            time.sleep(0.2)
        fail("no kiosk window within 30 s")

    def stop_kiosk(self):
        """SIGTERM, as systemd stops it: the kiosk must end cleanly with exit 0 (under the sanitizer
        build a leak or memory error found at exit turns into a non-zero exit and fails the test)."""
        if self.kiosk and self.kiosk.poll() is None:
            self.kiosk.terminate()
            try:
                rc = self.kiosk.wait(30)
            except subprocess.TimeoutExpired:
                self.kiosk.kill()
                fail("the kiosk did not stop within 30 s of SIGTERM")
            if rc != 0:
                self.log.flush()
                fail("the kiosk did not stop cleanly (exit %s):\n%s" % (rc, open(self.log.name).read()[-4000:]))
        elif self.kiosk and self.kiosk.returncode < 0:
            fail("the kiosk died of signal %d:\n%s" % (-self.kiosk.returncode, open(self.log.name).read()[-4000:]))
        self.kiosk = None

    def kill_kiosk(self):
        if self.kiosk:
            self.kiosk.send_signal(signal.SIGKILL)
            self.kiosk.wait()
            self.kiosk = None

    # --- looking ---------------------------------------------------------------------------

    def screenshot(self, name=None):
        self.shots += 1
        path = os.path.join(self.ws.dir, "%02d_%s.png" % (self.shots, name or "shot"))
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True, timeout=30)
        keep = os.environ.get("E2E_SCREENSHOTS")
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(path, os.path.join(keep, os.path.basename(self.ws.dir.rstrip("/")) + "_" + os.path.basename(path)))
        return path

    # (name, ImageMagick steps, tesseract page mode). "white" keeps only white text (labels on
    # coloured buttons, which tesseract's page layout otherwise takes for pictures) as black on white.
    PASSES = (("grey", ["-colorspace", "Gray"], "3"),
              ("negative", ["-colorspace", "Gray", "-negate"], "3"),
              ("sparse", ["-colorspace", "Gray"], "11"),
              ("white", ["-fuzz", "4%", "-fill", "black", "-opaque", "white", "-fill", "white", "+opaque", "black"], "11"))

    def words_pass(self, path, n):
        """Words with their boxes from one OCR pass: the grey image, its negative (white text on
        coloured buttons), or a sparse-text reading; at twice the size. Cached per image."""
        key = (path, n)
        if key in self._ocr_cache:
            return self._ocr_cache[key]
        variant, extra, psm = self.PASSES[n]
        prepared = path[:-4] + "_" + variant + ".png"
        subprocess.run([CONVERT, path] + extra + ["-resize", "200%", prepared], check=True, timeout=60)
        found = self._tsv_words(self._tesseract(prepared, psm), min_conf=30)
        self._ocr_cache[key] = found
        return found

    @staticmethod
    def _tesseract(image, psm):
        # One thread: tesseract's OpenMP threads spin against each other (and against the kiosk and
        # a parallel test) and made every pass several times slower.
        return subprocess.run(["tesseract", image, "-", "--psm", psm, "-l", "eng", "tsv"],
                              capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout

    @staticmethod
    def _tsv_words(out, min_conf=0, top=0):
        """Words and their boxes from tesseract's TSV of a 200% image (top: where a strip began)."""
        found = []
        for line in out.splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) < 12 or not cols[11].strip():
                continue
            try:
                conf = float(cols[10])
            except ValueError:
                continue
            if conf < min_conf:
                continue
            x, y, w, h = (int(c) // 2 for c in cols[6:10])
            found.append({"text": cols[11].strip(), "x": x, "y": y + top, "w": w, "h": h})
        return found

    @classmethod
    def _match(cls, words, phrase):
        """Centre of the phrase's consecutive words among words, or None."""
        target = [cls._norm(t) for t in phrase.split()]
        for i in range(len(words)):
            if all(i + k < len(words) and cls._norm(words[i + k]["text"]) == target[k] for k in range(len(target))):
                first, last = words[i], words[i + len(target) - 1]
                return ((first["x"] + last["x"] + last["w"]) // 2, (first["y"] + first["h"] // 2))
        return None

    def words(self, path=None):
        path = path or self.screenshot()
        return [w for n in range(len(self.PASSES)) for w in self.words_pass(path, n)]

    def text(self, path=None):
        return " ".join(w["text"] for w in self.words(path))

    def find(self, phrase, path=None, tries=3):
        """Centre of a word or a phrase of consecutive words on screen, or None. The cheaper OCR
        passes are tried first."""
        for attempt in range(tries):
            shot = path or self.screenshot("find")
            for n in range(len(self.PASSES)):
                pos = self._match(self.words_pass(shot, n), phrase)
                if pos:
                    return pos
            if path:
                break
            time.sleep(0.5)
        return None

    @staticmethod
    def _norm(s):
        return re.sub(r"[^\w]", "", s.lower())

    def wait_for(self, phrase, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.find(phrase, tries=1):
                return True
            time.sleep(0.3)
        return False

    def qr(self, path=None):
        path = path or self.screenshot("qr")
        p = subprocess.run(["zbarimg", "--quiet", "--raw", path], capture_output=True, text=True, timeout=60)
        return p.stdout.strip()

    # --- touching --------------------------------------------------------------------------

    def tap(self, x, y):
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=self.env, check=True)
        time.sleep(0.35)

    def find_in_bands(self, phrase, path, band=160):
        """The slow last resort for a label the whole-screen passes missed: tesseract's page layout
        on a busy screen sometimes swallows a row of buttons (CI once lost 'Bewegen' on the filter
        row after a drag), so read the screen again in overlapping horizontal strips."""
        for top in range(0, self.size[1] - band // 2, band // 2):
            strip = path[:-4] + "_band%d.png" % top
            subprocess.run([CONVERT, path, "-crop", "%dx%d+0+%d" % (self.size[0], band, top), "+repage",
                            "-colorspace", "Gray", "-resize", "200%", strip], check=True, timeout=60)
            for psm in ("3", "11"):
                pos = self._match(self._tsv_words(self._tesseract(strip, psm), top=top), phrase)
                if pos:
                    return pos
        return None

    def tap_text(self, phrase):
        pos = self.find(phrase)
        if not pos:
            pos = self.find_in_bands(phrase, self.screenshot("bands"))
        if not pos:
            self.screenshot("missing")
            fail("no '%s' on the screen; it shows: %s" % (phrase, self.text()))
        self.tap(*pos)
        return pos

    def drag(self, x, y, dx, dy, steps=12):
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "mousedown", "1"], env=self.env, check=True)
        for i in range(1, steps + 1):
            subprocess.run(["xdotool", "mousemove", str(x + dx * i // steps), str(y + dy * i // steps)], env=self.env, check=True)
            time.sleep(0.02)
        subprocess.run(["xdotool", "mouseup", "1"], env=self.env, check=True)
        self.wait_until_still()  # the list glides on and comes to rest

    def wait_until_still(self, timeout=8.0):
        """Waits until two screenshots 0.4 s apart are the same: a glide has ended. On a loaded
        machine (sanitizers, a parallel build) the glide takes longer than on a quiet one."""
        time.sleep(1.0)
        previous = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = subprocess.run(["import", "-window", "root", "rgb:-"], env=self.env, check=True,
                                 stdout=subprocess.PIPE, timeout=30).stdout
            if now == previous:
                return
            previous = now
            time.sleep(0.4)

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "60", text], env=self.env, check=True)
        time.sleep(0.3)

    def key(self, name):
        subprocess.run(["xdotool", "key", name], env=self.env, check=True)
        time.sleep(0.3)
