#!/usr/bin/env python3
"""A real, private PostgreSQL 15 server for the tests (#20): initdb in a folder of our own, Unix
socket only (no TCP), torn down after. Standard library only.

Command line (ctest's fixture `pg` runs start and destroy on ${CMAKE_BINARY_DIR}/pg):
    pg_cluster.py start DIR     initdb when DIR has no cluster, then start it; nothing if running
    pg_cluster.py stop DIR      fast shutdown; succeeds when not running
    pg_cluster.py restart DIR
    pg_cluster.py destroy DIR   stop, then remove DIR
    pg_cluster.py check DIR     connect as the app role with its password: PostgreSQL 15, not superuser

What start leaves in DIR for the tests:
    DIR/conninfo   libpq connection string without the password:
                   host=<socket folder> port=5432 user=buurtkiosk dbname=buurtkiosk
    DIR/password   the password of role buurtkiosk (mode 0600, the test process's own)
    DIR/log        the server's log
The role buurtkiosk is a plain login role with CREATEDB (a test makes its own database) and owns
database buurtkiosk. The superuser `postgres` logs in without password over the socket (trust);
every other role needs its password (scram-sha-256).

As a module, for end-to-end tests:
    from pg_cluster import PgCluster
    with PgCluster() as pg:                      # a new cluster in a temporary folder
                                                 # (durable=True: fsync and synchronous_commit on)
        pg.conninfo, pg.password_file, pg.dir
        pg.psql("SELECT 1")                      # as buurtkiosk; superuser=True as postgres
        info = pg.create_database("test_x")      # owned by buurtkiosk; its conninfo
        pg.stop(); pg.start()                    # the server going away and coming back

Run as root (CI), the server runs as user nobody: PostgreSQL refuses root. Its data folder then
belongs to nobody, and when nobody cannot reach DIR (a parent folder closed to others, such as
/root) or DIR is too long for a socket path, the data and the socket live in a folder under /tmp
whose path is in DIR/rundir."""
import grp
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

PG_BIN = os.environ.get("BK_PG_BIN", "/usr/lib/postgresql/15/bin")
PORT = 5432  # no TCP: the port only names the socket file (.s.PGSQL.5432) in our own folder
APP_ROLE = "buurtkiosk"
APP_DB = "buurtkiosk"
SUPERUSER = "postgres"
SERVER_USER, SERVER_GROUP = "nobody", "nogroup"  # when run as root
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes with its terminating zero
SETTINGS = """
# --- Buurtkiosk tests (tests/pg/pg_cluster.py): private, Unix socket only, speed over safety ---
listen_addresses = ''
unix_socket_directories = '{socket}'
unix_socket_permissions = 0700
port = {port}
max_connections = 200
shared_buffers = 16MB
fsync = {durable}
synchronous_commit = {durable}
full_page_writes = {durable}
password_encryption = scram-sha-256
log_line_prefix = '%m [%p] %u@%d '
"""
HBA = """# Buurtkiosk tests: only the Unix socket; the superuser by trust, everyone else by password.
local all {superuser} trust
local all all scram-sha-256
"""


class PgError(Exception):
    pass


def as_root():
    return os.geteuid() == 0


def _server_ids():
    return pwd.getpwnam(SERVER_USER).pw_uid, grp.getgrnam(SERVER_GROUP).gr_gid


def _as_server_user(argv):
    """argv run as the server's user: ourselves, or nobody when we are root."""
    if not as_root():
        return argv
    return ["setpriv", "--reuid=" + SERVER_USER, "--regid=" + SERVER_GROUP, "--clear-groups",
            "--reset-env", "--"] + argv


def _run(argv, check=True, env=None, input=None, cwd=None, timeout=60):
    r = subprocess.run(argv, input=input, stdin=None if input is not None else subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd,
                       timeout=timeout)
    if check and r.returncode != 0:
        raise PgError("%s: exit %d\n%s%s" % (" ".join(argv), r.returncode, r.stdout, r.stderr))
    return r


def _conninfo_value(v):
    v = str(v)
    if v and all(c not in v for c in " '\\"):
        return v
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text):
    return "'" + text.replace("'", "''") + "'"


def _nobody_can_reach(path):
    """Whether the server's user can walk into path (every parent searchable by it)."""
    r = subprocess.run(_as_server_user(["test", "-x", path]), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def _write_private(path, text):
    """path holds text, mode 0600, written whole (a reader never sees half a file)."""
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class PgCluster:
    """One private PostgreSQL 15 server in dir (a new temporary folder when dir is None).
    durable=True: fsync, synchronous_commit and full_page_writes on, as a real server has them
    (benchmarks of a commit); the default turns them off for speed. Set when the cluster is made."""

    def __init__(self, dir=None, durable=False):
        self._own_dir = dir is None
        self.durable = durable
        self.dir = os.path.abspath(dir) if dir else None
        self.start_seconds = None  # how long the last start() took

    # --- where things are ------------------------------------------------------------------
    @property
    def conninfo_file(self):
        return os.path.join(self.dir, "conninfo")

    @property
    def password_file(self):
        return os.path.join(self.dir, "password")

    @property
    def rundir(self):
        """The folder holding data/ and socket/: dir itself, or the one under /tmp it names."""
        try:
            with open(os.path.join(self.dir, "rundir")) as f:
                return f.read().strip()
        except FileNotFoundError:
            return self.dir

    @property
    def datadir(self):
        return os.path.join(self.rundir, "data")

    @property
    def socketdir(self):
        return os.path.join(self.rundir, "socket")

    @property
    def logfile(self):
        return os.path.join(self.rundir, "log")

    @property
    def password(self):
        with open(self.password_file) as f:
            return f.read().strip()

    @property
    def conninfo(self):
        with open(self.conninfo_file) as f:
            return f.read().strip()

    def conninfo_for(self, dbname=APP_DB, user=APP_ROLE):
        return " ".join("%s=%s" % (k, _conninfo_value(v)) for k, v in
                        (("host", self.socketdir), ("port", PORT), ("user", user), ("dbname", dbname)))

    # --- lifecycle -------------------------------------------------------------------------
    def running(self):
        if not os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
            return False
        r = _run(_as_server_user([os.path.join(PG_BIN, "pg_ctl"), "status", "-D", self.datadir]),
                 check=False, cwd="/")
        return r.returncode == 0

    def start(self):
        t0 = time.monotonic()
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="bk-pg-", dir="/tmp")
        os.makedirs(self.dir, exist_ok=True)
        if not os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
            self._initdb()
        if not self.running():
            _run(_as_server_user([os.path.join(PG_BIN, "pg_ctl"), "start", "-w", "-t", "60",
                                  "-D", self.datadir, "-l", self.logfile]), cwd="/", timeout=90)
        self._ensure_app_role()
        self.start_seconds = time.monotonic() - t0
        return self

    def stop(self):
        if self.dir and self.running():
            _run(_as_server_user([os.path.join(PG_BIN, "pg_ctl"), "stop", "-w", "-t", "60",
                                  "-m", "fast", "-D", self.datadir]), cwd="/", timeout=90)

    def restart(self):
        self.stop()
        return self.start()

    def destroy(self):
        if not self.dir or not os.path.isdir(self.dir):
            return
        self.stop()
        rundir = self.rundir
        if rundir != self.dir:
            shutil.rmtree(rundir, ignore_errors=True)
        shutil.rmtree(self.dir)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            if self._own_dir:
                self.destroy()
            raise

    def __exit__(self, *exc):
        self.destroy()

    # --- SQL -------------------------------------------------------------------------------
    def psql(self, sql, db=APP_DB, superuser=False, check=True):
        """Runs sql (one or more statements) in db as buurtkiosk (or postgres); its output,
        unaligned and without headers (psql -At). check=False: psql's CompletedProcess instead of
        raising PgError, for a test that expects a failure."""
        env = dict(os.environ)
        for k in [k for k in env if k.startswith("PG")]:
            del env[k]  # nothing from the caller's environment picks another server
        if not superuser:
            env["PGPASSWORD"] = self.password
        conninfo = self.conninfo_for(db, SUPERUSER if superuser else APP_ROLE)
        r = _run([os.path.join(PG_BIN, "psql"), "-X", "-w", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                  "-d", conninfo, "-f", "-"], check=check, env=env, input=sql)
        return r.stdout if check else r

    def create_database(self, name):
        """A new database owned by buurtkiosk (created by it: it has CREATEDB); its conninfo."""
        self.psql("CREATE DATABASE %s" % _quote_ident(name))
        return self.conninfo_for(name)

    # --- setting up ------------------------------------------------------------------------
    def _choose_rundir(self):
        """Where data/ and socket/ go: dir when the server's user can reach it and the socket
        path fits, else a new folder under /tmp (its path recorded in dir/rundir)."""
        socket_file = os.path.join(self.dir, "socket", ".s.PGSQL.%d" % PORT)
        if as_root():
            os.chmod(self.dir, 0o711)  # nobody walks through to data/ and socket/, reads nothing
        if len(socket_file.encode()) <= SOCKET_PATH_MAX and (not as_root() or _nobody_can_reach(self.dir)):
            return
        rundir = tempfile.mkdtemp(prefix="bk-pg-", dir="/tmp")
        os.chmod(rundir, 0o711)
        with open(os.path.join(self.dir, "rundir"), "w") as f:
            f.write(rundir + "\n")
        os.symlink(os.path.join(rundir, "log"), os.path.join(self.dir, "log"))

    def _initdb(self):
        # A half-made cluster from an interrupted start: begin again.
        for stale in ("data", "socket", "log", "rundir", "password", "conninfo"):
            path = os.path.join(self.dir, stale)
            if stale == "rundir" and os.path.exists(path):
                shutil.rmtree(self.rundir, ignore_errors=True)
            if os.path.islink(path) or os.path.isfile(path):
                os.remove(path)
            elif os.path.isdir(path):
                shutil.rmtree(path)
        self._choose_rundir()
        os.mkdir(self.datadir, 0o700)
        os.mkdir(self.socketdir, 0o700)
        open(self.logfile, "a").close()
        os.chmod(self.logfile, 0o600)
        if as_root():
            uid, gid = _server_ids()
            for path in (self.datadir, self.socketdir, self.logfile):
                os.chown(path, uid, gid)
        _run(_as_server_user([os.path.join(PG_BIN, "initdb"), "-D", self.datadir, "-U", SUPERUSER,
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
                              "--auth-local=trust", "--auth-host=reject"]), cwd="/", timeout=120)
        conf = os.path.join(self.datadir, "postgresql.conf")
        # Written as the server's user: the files in data/ stay its own.
        _run(_as_server_user(["sh", "-c", 'cat >> "$1"', "sh", conf]),
             input=SETTINGS.format(socket=self.socketdir.replace("'", "''"), port=PORT,
                                   durable="on" if self.durable else "off"), cwd="/")
        _run(_as_server_user(["sh", "-c", 'cat > "$1"', "sh", os.path.join(self.datadir, "pg_hba.conf")]),
             input=HBA.format(superuser=SUPERUSER), cwd="/")

    def _ensure_app_role(self):
        """Role buurtkiosk with a password in dir/password, database buurtkiosk, dir/conninfo."""
        exists = self.psql("SELECT 1 FROM pg_roles WHERE rolname = %s" % _quote_literal(APP_ROLE),
                           db="postgres", superuser=True).strip() == "1"
        if not exists or not os.path.exists(self.password_file):
            password = secrets.token_urlsafe(24)
            verb = "ALTER" if exists else "CREATE"
            self.psql("%s ROLE %s LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD %s" %
                      (verb, _quote_ident(APP_ROLE), _quote_literal(password)),
                      db="postgres", superuser=True)
            _write_private(self.password_file, password + "\n")
        has_db = self.psql("SELECT 1 FROM pg_database WHERE datname = %s" % _quote_literal(APP_DB),
                           db="postgres", superuser=True).strip() == "1"
        if not has_db:
            self.psql("CREATE DATABASE %s OWNER %s" % (_quote_ident(APP_DB), _quote_ident(APP_ROLE)),
                      db="postgres", superuser=True)
        _write_private(self.conninfo_file, self.conninfo_for() + "\n")

    # --- the smoke test ---------------------------------------------------------------------
    def check(self):
        """The app role connects with its password to a PostgreSQL 15 and is no superuser; without
        the password it is refused; the server listens on no TCP port."""
        out = self.psql("SELECT current_setting('server_version_num');"
                        "SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user;"
                        "SELECT current_setting('listen_addresses');"
                        "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database();"
                        "SELECT version();").splitlines()
        problems = []
        if not (out and out[0].startswith("15")):
            problems.append("server_version_num %r is not 15.x" % (out[:1],))
        if out[1:2] != ["f|t"]:
            problems.append("role %s: rolsuper|rolcreatedb is %r, expected f|t" % (APP_ROLE, out[1:2]))
        if out[2:3] != [""]:
            problems.append("listen_addresses is %r, expected '' (no TCP)" % (out[2:3],))
        if out[3:4] != ["UTF8"]:
            problems.append("database encoding %r, expected UTF8" % (out[3:4],))
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        r = _run([os.path.join(PG_BIN, "psql"), "-X", "-w", "-At", "-d", self.conninfo, "-c", "SELECT 1"],
                 check=False, env=env)
        if r.returncode == 0:
            problems.append("%s connected without its password" % APP_ROLE)
        if problems:
            raise PgError("; ".join(problems))
        return out[4] if len(out) > 4 else ""


def main(argv):
    commands = ("start", "stop", "restart", "destroy", "check")
    if len(argv) != 3 or argv[1] not in commands:
        print("usage: %s {%s} DIR" % (os.path.basename(argv[0]), "|".join(commands)), file=sys.stderr)
        return 2
    command, pg = argv[1], PgCluster(argv[2])
    try:
        if command == "start":
            pg.start()
            print("pg_cluster: running in %s (%.2f s): %s" % (pg.dir, pg.start_seconds, pg.conninfo))
        elif command == "restart":
            pg.restart()
            print("pg_cluster: restarted in %.2f s" % pg.start_seconds)
        elif command == "stop":
            pg.stop()
            print("pg_cluster: stopped")
        elif command == "destroy":
            pg.destroy()
            print("pg_cluster: destroyed %s" % pg.dir)
        else:
            print("ok: %s" % pg.check())
    except (PgError, OSError, subprocess.TimeoutExpired) as e:
        print("pg_cluster %s: %s" % (command, e), file=sys.stderr)
        if command in ("start", "restart", "check") and os.path.exists(pg.logfile):
            with open(pg.logfile, errors="replace") as f:
                print("--- server log (last lines) ---\n" + "".join(f.readlines()[-20:]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
