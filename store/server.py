"""A real local Neo4j from Maven Central, without Docker.

``python -m store.server start|stop|status|run`` (``make neo4j``,
``make neo4j-stop``, and ``make test``, which wraps its checks in ``run``):

- the jars of ``org.neo4j:neo4j`` (``store/maven/pom.xml``) are copied by
  ``mvn dependency:copy-dependencies`` into ``.neo4j/lib/<version>/`` once;
  they are never committed or shipped;
- each instance (``local`` for a user, ``test`` for the test run) has its own
  home ``.neo4j/<name>/``: a ``neo4j.conf`` written for this use (127.0.0.1
  only, Bolt on a free port, HTTP off, usage reporting off, heap and page cache
  bounded, auth on), its data and logs, a generated password in a 0600 file;
- Neo4j's own launcher (``org.neo4j.server.startup.Neo4jCommand``) starts and
  stops it; start waits until ``RETURN 1`` answers, and fails at once with the
  log's tail when the JVM exits;
- the connection is written to ``.neo4j/<name>/connection.env`` (and, for the
  ``local`` instance, ``.neo4j/connection.env``), 0600.

Where Java or Maven is missing, ``run`` says so and runs the command without
a server (the store's tests then skip with their message).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from graph.errors import StoreError
from graph.i18n import Lang, resolve_lang, t
from loaders.atomic import atomic_write

__all__ = ["LTS", "Instance", "Server", "find_java", "min_java", "new_password"]

ROOT = Path(__file__).resolve().parent.parent
POM = Path(__file__).resolve().parent / "maven" / "pom.xml"
#: The version ``store/maven/pom.xml`` pins: the newest 5.26 (LTS) patch.
LTS = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text("utf-8"))[1]  # type: ignore[index]
LAUNCHER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"
#: How long start waits for the server to answer.
START_TIMEOUT = 180.0


def min_java(version: str) -> int:
    """The oldest Java a Neo4j version runs on.

    >>> min_java("5.26.30"), min_java("2026.08.1")
    (17, 21)
    """
    return 17 if version.startswith(("4.", "5.")) else 21


def _java_major(java_home: Path) -> int | None:
    release = java_home / "release"
    if not release.is_file():
        return None
    found = re.search(r'^JAVA_VERSION="(\d+)', release.read_text("utf-8", "replace"), re.M)
    return int(found[1]) if found else None


def find_java(minimum: int, env: Mapping[str, str] = os.environ) -> Path | None:
    """A JDK home of at least Java ``minimum``: ``JAVA_HOME``, the ``java`` on
    the path, then the newest under ``/usr/lib/jvm``; None when there is none."""
    candidates: list[Path] = []
    if env.get("JAVA_HOME"):
        candidates.append(Path(env["JAVA_HOME"]))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path).resolve().parent.parent)
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        homes = [p for p in jvm.iterdir() if p.is_dir() and not p.is_symlink()]
        candidates += sorted(homes, key=lambda p: _java_major(p) or 0, reverse=True)
    for home in candidates:
        major = _java_major(home)
        if major is not None and major >= minimum and (home / "bin" / "java").exists():
            return home
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = 30) -> str:
    if not path.is_file():
        return ""
    return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])


def _private(path: Path, text: str) -> None:
    """Write ``text`` readable by its owner only (0600 from the start)."""
    atomic_write(path.parent, path.name, text.encode("utf-8"), mode=0o600)


@dataclass(frozen=True)
class Instance:
    """One local server: its name, Neo4j version and the folder it lives in."""

    name: str = "local"
    version: str = LTS
    base: Path = ROOT / ".neo4j"
    heap: str = field(default_factory=lambda: os.environ.get("RESPNET_NEO4J_HEAP", "2g"))
    pagecache: str = field(default_factory=lambda: os.environ.get("RESPNET_NEO4J_PAGECACHE", "1g"))

    @property
    def lib(self) -> Path:
        return self.base / "lib" / self.version

    @property
    def home(self) -> Path:
        return self.base / self.name

    @property
    def conf(self) -> Path:
        return self.home / "conf" / "neo4j.conf"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def connection_file(self) -> Path:
        return self.home / "connection.env"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log(self) -> Path:
        return self.home / "logs" / "neo4j.log"


def new_password() -> str:
    """A generated password that ``neo4j-admin`` cannot take for an option:
    hexadecimal only (a URL-safe token starting with ``-`` made about one
    first start in 64 fail with "Missing required parameter: '<password>'")."""
    return secrets.token_hex(24)


class Server:
    """Fetch, configure, start and stop one :class:`Instance`."""

    def __init__(self, instance: Instance, *, java_home: Path | None = None, lang: Lang = "zh") -> None:
        self.i = instance
        self.lang = lang
        self.java_home = java_home or find_java(min_java(instance.version))

    def say(self, key: str, **params: object) -> None:
        click.echo(t(f"cli.{key}", self.lang, **params), err=True)

    # ------------------------------------------------------------ pieces
    def fetch(self) -> None:
        """Copy the Neo4j jars from Maven Central into ``lib`` (once per version)."""
        stamp = self.i.lib / ".complete"
        if stamp.is_file():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise StoreError("error.server_no_maven")
        self.say("server_fetch", version=self.i.version, folder=self.i.lib)
        partial = self.i.lib.with_name(self.i.lib.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        command = [mvn, "-q", "-B", "-f", str(POM), f"-Dneo4j.version={self.i.version}"]
        command += ["dependency:copy-dependencies", f"-DoutputDirectory={partial}", "-DincludeScope=runtime"]
        done = subprocess.run(command, capture_output=True, text=True, env=self._env())
        if done.returncode != 0 or not any(partial.glob("neo4j-*.jar")):
            raise StoreError("error.server_fetch", version=self.i.version, detail=(done.stdout + done.stderr)[-2000:])
        shutil.rmtree(self.i.lib, ignore_errors=True)
        partial.rename(self.i.lib)
        stamp.touch()

    def configure(self) -> int:
        """Write ``neo4j.conf`` (a new free port each start) and return the Bolt port."""
        home = self.i.home
        for folder in ("conf", "data", "logs", "run", "import", "plugins"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        lib = home / "lib"
        if lib.is_symlink() or lib.exists():
            lib.unlink()
        lib.symlink_to(self.i.lib.resolve(), target_is_directory=True)
        port = _free_port()
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.initial_size": self.i.heap,
            "server.memory.heap.max_size": self.i.heap,
            "server.memory.pagecache.size": self.i.pagecache,
            "dbms.memory.transaction.total.max": "1g",
            "db.logs.query.enabled": "OFF",
            "server.directories.data": str((home / "data").resolve()),
            "server.directories.logs": str((home / "logs").resolve()),
            "server.directories.run": str((home / "run").resolve()),
            "server.directories.import": str((home / "import").resolve()),
            "server.directories.plugins": str((home / "plugins").resolve()),
        }
        text = "# written by store/server.py for respnet; rewritten at every start\n"
        text += "".join(f"{k}={v}\n" for k, v in settings.items())
        self.i.conf.write_text(text, "utf-8")
        return port

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env |= {"NEO4J_HOME": str(self.i.home.resolve()), "NEO4J_CONF": str(self.i.conf.parent.resolve())}
        if self.java_home is not None:
            env["JAVA_HOME"] = str(self.java_home)
            env["PATH"] = f"{self.java_home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def _java(self, main: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        if self.java_home is None:
            raise StoreError("error.server_no_java", version=self.i.version, minimum=min_java(self.i.version))
        command = [str(self.java_home / "bin" / "java"), "-cp", f"{self.i.home / 'lib'}/*", main, *args]
        done = subprocess.run(command, capture_output=True, text=True, env=self._env(), cwd=self.i.home)
        if check and done.returncode != 0:
            raise StoreError("error.server_command", command=" ".join(args), detail=(done.stdout + done.stderr)[-2000:])
        return done

    def admin(self, *args: str) -> str:
        """Run ``neo4j-admin`` with ``args`` (the server stopped where the command needs it)."""
        return self._java(ADMIN, *args).stdout

    def password(self) -> str:
        """The instance's password, generated (0600) and set before its first start."""
        if self.i.password_file.is_file():
            return self.i.password_file.read_text("utf-8").strip()
        password = new_password()
        shutil.rmtree(self.i.home / "data", ignore_errors=True)  # set-initial-password only acts on a new DBMS
        (self.i.home / "data").mkdir(parents=True)
        self._java(ADMIN, "dbms", "set-initial-password", password)
        _private(self.i.password_file, password + "\n")
        return password

    def pid(self) -> int | None:
        """The running server's process id, or None."""
        try:
            pid = int(self.i.pid_file.read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def connection(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.i.connection_file.is_file():
            for line in self.i.connection_file.read_text("utf-8").splitlines():
                if "=" in line and not line.startswith("#"):
                    key, value = line.split("=", 1)
                    found[key] = value
        return found

    # ------------------------------------------------------------ lifecycle
    def start(self, *, fresh: bool = False) -> dict[str, str]:
        """Start the instance (a running one is kept) and return its connection."""
        if self.pid() is not None:
            if not fresh:
                return self.connection()
            self.stop()
        if self.java_home is None:
            raise StoreError("error.server_no_java", version=self.i.version, minimum=min_java(self.i.version))
        self.fetch()
        if fresh:
            for folder in ("data", "logs", "run"):
                shutil.rmtree(self.i.home / folder, ignore_errors=True)
            self.i.password_file.unlink(missing_ok=True)
        port = self.configure()
        password = self.password()
        self.i.log.unlink(missing_ok=True)
        began = time.monotonic()
        launched = self._java(LAUNCHER, "start", check=False)
        if launched.returncode != 0:  # the launcher saw the JVM exit: say why, from its log
            tail = _tail(self.i.log) or (launched.stdout + launched.stderr)[-2000:]
            raise StoreError("error.server_died", log=self.i.log, tail=tail)
        version = self._wait(f"bolt://127.0.0.1:{port}", password, began)
        env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": password}
        text = "# a local Neo4j started by `make neo4j` (store/server.py); 0600: it holds the password\n"
        text += "".join(f"{k}={v}\n" for k, v in {**env, "NEO4J_VERSION": version}.items())
        _private(self.i.connection_file, text)
        if self.i.name == "local":
            _private(self.i.base / "connection.env", text)
        self.say(
            "server_started",
            version=version,
            uri=env["NEO4J_URI"],
            java=_java_major(self.java_home) or "?",
            seconds=f"{time.monotonic() - began:.1f}",
            file=self.i.connection_file,
        )
        return {**env, "NEO4J_VERSION": version}

    def _wait(self, uri: str, password: str, began: float) -> str:
        import neo4j  # the driver only where a server is started

        last = ""
        while time.monotonic() - began < START_TIMEOUT:
            if self.pid() is None and time.monotonic() - began > 2:
                raise StoreError("error.server_died", log=self.i.log, tail=_tail(self.i.log))
            try:
                with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password), connection_timeout=2) as driver:
                    driver.execute_query("RETURN 1")
                    records = driver.execute_query("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
                    return str(records.records[0]["v"])
            except Exception as e:  # noqa: BLE001 - not up yet: any failure means wait and ask again
                last = f"{type(e).__name__}: {e}"
            time.sleep(0.5)
        self.stop()
        raise StoreError("error.server_timeout", seconds=int(START_TIMEOUT), detail=last, tail=_tail(self.i.log))

    def stop(self) -> bool:
        """Stop the instance; False when it was not running."""
        pid = self.pid()
        if pid is None:
            return False
        done = self._java(LAUNCHER, "stop", check=False) if self.java_home else None
        deadline = time.monotonic() + 60
        while self.pid() is not None and time.monotonic() < deadline:
            time.sleep(0.3)
        if self.pid() is not None:  # the launcher could not stop it: end the JVM
            os.kill(pid, signal.SIGKILL)
        self.say("server_stopped", name=self.i.name, detail=(done.stdout.strip() if done else ""))
        return True

    def run(self, command: Sequence[str], *, fresh: bool = True) -> int:
        """Run ``command`` with the instance started and its connection in the
        environment; stop it afterwards, also when the command fails or is stopped."""
        env = dict(os.environ)
        started = False
        if self.java_home is None or shutil.which("mvn") is None:
            self.say("server_skipped", version=self.i.version, minimum=min_java(self.i.version))
        else:
            env |= self.start(fresh=fresh)
            env["RESPNET_NEO4J_HOME"] = str(self.i.home.resolve())  # the instance, for its own tests
            started = True

        def stop_on(signum: int, _frame: object) -> None:
            raise KeyboardInterrupt(signum)

        previous = signal.signal(signal.SIGTERM, stop_on)
        try:
            return subprocess.run(list(command), env=env).returncode
        except KeyboardInterrupt:
            return 130
        finally:
            signal.signal(signal.SIGTERM, previous)
            if started:
                self.stop()


# ---------------------------------------------------------------- command line
_name = click.option("--name", default="local", show_default=True, help="instance: its own data, port and password")
_version = click.option("--version", "version", default=LTS, show_default=True, help="Neo4j version (Maven Central)")
_java = click.option("--java-home", type=click.Path(path_type=Path), default=None, help="JDK to run it on")


def _server(name: str, version: str, java_home: Path | None) -> Server:
    return Server(Instance(name, version), java_home=java_home, lang=resolve_lang())


@click.group()
def main() -> None:
    """A local Neo4j from Maven Central (no Docker)."""


@main.command()
@_name
@_version
@_java
@click.option("--fresh", is_flag=True, help="start with empty data")
def start(name: str, version: str, java_home: Path | None, fresh: bool) -> None:
    """Start the server and write its connection file."""
    _server(name, version, java_home).start(fresh=fresh)


@main.command()
@_name
@_version
@_java
def stop(name: str, version: str, java_home: Path | None) -> None:
    """Stop the server."""
    server = _server(name, version, java_home)
    if not server.stop():
        server.say("server_not_running", name=name)


@main.command(context_settings={"ignore_unknown_options": True})
@_name
@_version
@_java
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
def run(name: str, version: str, java_home: Path | None, command: tuple[str, ...]) -> None:
    """Run COMMAND against a fresh server, then stop it."""
    sys.exit(_server(name, version, java_home).run(command))


def cli() -> None:
    try:
        main(standalone_mode=True)
    except StoreError as e:
        click.echo(e.message(resolve_lang()), err=True)
        sys.exit(1)


if __name__ == "__main__":
    cli()
