"""A throwaway PostgreSQL server for the tests, started from the installed binaries.

The server listens on 127.0.0.1 only, on a free port, with its data in a temporary folder,
and is stopped when the test session ends. As root (CI), it runs as the ``postgres`` user:
PostgreSQL refuses to run as root. No binaries, no server: the caller skips with a reason.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_counter = itertools.count()


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl ($SKILLMATRIX_PG_BINDIR, PATH, Debian's)."""
    explicit = os.environ.get("SKILLMATRIX_PG_BINDIR")
    candidates = [explicit] if explicit else []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=120, check=True
        )

    def new_database(self, template: str | None = None) -> str:
        """A fresh database on this server (empty, or a copy of ``template``); its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(_counter)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def login_url(self, url: str, login: str) -> str:
        """``url`` (one of this server's databases) as another login (trust: no password)."""
        from sqlalchemy.engine import make_url

        return make_url(url).set(username=login).render_as_string(hide_password=False)

    def require_password(self, login: str, password: str) -> None:
        """Make ``login`` (created when missing) give ``password`` over TCP (scram-sha-256).

        Every other login keeps the server's trust. For the tests of where a password comes
        from (.pgpass, a service file, the keyring).
        """
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(
                sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(login), sql.Literal(password)
                )
            )
            hba = self.data / "pg_hba.conf"
            line = f"host all {login} 127.0.0.1/32 scram-sha-256\n"
            text = hba.read_text()
            if line not in text:  # first match wins: before the trust lines
                hba.write_text(line + text)
            conn.execute("SELECT pg_reload_conf()")
        # The reload is signalled, not waited for: wait until a password-less login fails.
        import time

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                psycopg.connect(
                    f"host=127.0.0.1 port={self.port} user={login} dbname=postgres",
                    passfile=str(self.root / "no-pgpass"),  # (absent: none read)
                ).close()
            except psycopg.OperationalError:
                return
            time.sleep(0.05)
        raise RuntimeError(f"the server still lets {login} in without a password")

    def restart(self) -> None:
        """Stop and start the server on the same port and data (every connection drops)."""
        self.run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            "fast",
            "-w",
            "-l",
            str(self.root / "server.log"),
            "restart",
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """Start a server; raises RuntimeError naming what failed (the caller skips)."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) are installed")
    root = Path(tempfile.mkdtemp(prefix="skillmatrix-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as postgres
        runuser = shutil.which("runuser")
        if runuser is None:
            raise RuntimeError("running as root without runuser to start PostgreSQL as postgres")
        as_user = [runuser, "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
        os.chmod(root, 0o700)
    server = PgServer(bindir, root, _free_port(), as_user)
    try:
        server.run(
            str(bindir / "initdb"),
            "-D",
            str(server.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-instructions",
        )
        options = f"-h 127.0.0.1 -p {server.port} -k {root} -c fsync=off -c full_page_writes=off"
        server.run(
            str(bindir / "pg_ctl"),
            "-D",
            str(server.data),
            "-o",
            options,
            "-l",
            str(root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except subprocess.CalledProcessError as exc:
        log = (
            (root / "server.log").read_text(errors="replace")
            if (root / "server.log").exists()
            else ""
        )
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(
            f"PostgreSQL did not start: {exc.stderr.strip() or log[-500:]}"
        ) from None
    return server
