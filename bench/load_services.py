"""What bench/load.py starts and measures with: its own PostgreSQL and Redis servers, the
web server, locust runs and their figures, and a probe that reads one URL over and over."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
DATABASE = "innobridge_load"
# The last line of a traceback in the server's log: "psycopg.OperationalError: ...".
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception)\b.*$", re.MULTILINE)


def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S", time.gmtime())  # Django sets the zone to Shanghai
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


# --- The services the benchmark owns ------------------------------------------------------


class Postgres:
    """A PostgreSQL server of the benchmark's own: initialized once in `folder`, started
    and stopped by pg_ctl as the postgres user, with the server's default settings."""

    def __init__(self, folder: Path, port: int) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
        if not bins:
            sys.exit("PostgreSQL's server programs are not installed (/usr/lib/postgresql).")
        self.bin = bins[-1].parent
        self.major = self.bin.parent.name
        self.data = folder / "postgres"
        self.log_file = folder / "pg_ctl.log"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"

    def _as_postgres(self, *command: str) -> None:
        """Run a PostgreSQL program as the postgres user. Its output goes to the server's
        log file, never to a pipe: the server pg_ctl starts would inherit the pipe and
        keep it open."""
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        with open(self.log_file, "ab") as output:
            subprocess.run(  # noqa: S603 (PostgreSQL's own programs, fixed arguments)
                [*prefix, *command], check=True, stdout=output, stderr=subprocess.STDOUT
            )

    def running(self) -> bool:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        status = subprocess.run(  # noqa: S603 (pg_ctl, fixed arguments)
            [*prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True, check=False,
        )  # fmt: skip
        return status.returncode == 0

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            log(f"initializing PostgreSQL {self.major} in {self.data}")
            self.data.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data, "postgres", "postgres")
            self.data.chmod(0o700)
            self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                              "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        if self.running():
            return
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                          str(self.data / "server.log"), "-o", options, "-w", "-t", "60",
                          "start")  # fmt: skip

    def restart(self) -> None:
        """As an operator restarts it: fast shutdown (open sessions are ended), then start."""
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.running():
            self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                              "-w", "-t", "60", "stop")  # fmt: skip

    def answers(self) -> bool:
        import psycopg

        try:
            url = self.url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]
            with psycopg.connect(f"{url}/postgres", connect_timeout=3) as connection:
                return connection.execute("SELECT 1").fetchone() == (1,)
        except psycopg.Error:
            return False


class Redis:
    """A Redis server of the benchmark's own, in the foreground as a child process."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder / "redis"
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"  # the cache
        self.tasks_url = f"redis://127.0.0.1:{port}/1"  # RQ's jobs, as in .env.example
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        if self.answers():
            # Another Redis (a run killed before its `finally`) would serve the cache while
            # the one started here failed to bind: the Redis faults would then stop and
            # hang a process nothing talks to. Seen: a whole run's Redis faults void.
            sys.exit(f"A Redis already answers on port {self.port}, not this benchmark's own:"
                     " stop it, or choose another --redis-port.")  # fmt: skip
        self.folder.mkdir(parents=True, exist_ok=True)
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            sys.exit("redis-server is not installed.")
        self.process = subprocess.Popen(  # noqa: S603 (redis-server, fixed arguments)
            [redis_server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(self.folder),
             "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                sys.exit(f"Redis did not start on port {self.port} (see {self.folder}).")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=20)

    def hang(self) -> None:
        """Still listening, never answering: what a stuck or unreachable host looks like."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_timeout=2).ping())
        except (redis.RedisError, OSError):
            return False

    def version(self) -> str:
        import redis

        return str(redis.Redis(port=self.port, socket_timeout=2).info()["redis_version"])

    def flush_cache(self) -> None:
        """Empty the app's cache (database 0); RQ's jobs (database 1) stay."""
        import redis

        redis.Redis(port=self.port, db=0, socket_timeout=5).flushdb()

    def keys(self) -> int:
        import redis

        return int(redis.Redis(port=self.port, socket_timeout=2).dbsize())


# --- The web server and the load ------------------------------------------------------


class Server:
    """gunicorn with production's settings (deploy/gunicorn.conf.py, sync workers) or
    granian, serving bench/load_app.py, in its own process group."""

    def __init__(self, kind: str, workers: int, port: int, env: dict, log_path: Path) -> None:
        self.kind, self.workers, self.port = kind, workers, port
        # deploy/gunicorn.conf.py reads these; granian is given them as options.
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_WORKERS": str(workers)}
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        if self.kind == "granian":
            return [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
                    "--port", str(self.port), "--workers", str(self.workers),
                    "--respawn-failed-workers", "--access-log", "load_app:application"]  # fmt: skip
        return [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--pythonpath", str(BENCH), "load_app:application"]  # fmt: skip

    def shown_command(self) -> str:
        shown = [part.replace(f"{ROOT}/", "") for part in self.command()[1:]]
        workers = [f"WEB_WORKERS={self.workers}"] if self.kind == "gunicorn" else []
        return " ".join([*workers, self.kind, *shown])

    def describe(self) -> str:
        if self.kind == "granian":
            return f"granian {version('granian')}, {self.workers} WSGI workers"
        return f"gunicorn {version('gunicorn')}, {self.workers} sync workers"

    def start(self) -> None:
        handle = open(self.log_path, "ab")  # noqa: SIM115 (the server's, for its lifetime)
        self.process = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
            self.command(), cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self, timeout: float = 240) -> None:
        """/readyz answering 200 several times in a row (every worker has opened the
        index), then a few searches so that no worker meets its first one under load."""
        deadline, in_row = time.monotonic() + timeout, 0
        while in_row < 3 * self.workers:
            if self.process.poll() is not None:
                sys.exit(f"the web server stopped; see {self.log_path}")
            if time.monotonic() > deadline:
                sys.exit(f"the web server was not ready after {timeout:.0f} s; see {self.log_path}")
            in_row = in_row + 1 if get(f"{self.url}/readyz")[0] == 200 else 0
            time.sleep(0.2)
        for _ in range(4 * self.workers):
            get(f"{self.url}/api/v1/search/?q=solar+energy", timeout=60)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time of the server and its live workers so far."""
        import psutil

        try:
            root = psutil.Process(self.process.pid)
            total = 0.0
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
            return total
        except psutil.Error:
            return 0.0

    def log_offset(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def errors_since(self, offset: int) -> dict[str, int]:
        """What the server logged since `offset`: Django's 500s (with tracebacks) and
        workers the server killed for taking too long."""
        with open(self.log_path, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
        return {
            "internal errors": text.count("Internal Server Error:"),
            "worker timeouts": text.count("WORKER TIMEOUT"),
            "first error": next((m.group(0)[:300] for m in EXCEPTION_LINE.finditer(text)), ""),
        }


def get(url: str, timeout: float = 10) -> tuple[int, float]:
    """(status, seconds) of one GET; status 0 when no answer came."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 (our server)
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


@dataclass
class Endpoint:
    requests: int = 0
    rps: float = 0.0
    p50: float = float("nan")
    p95: float = float("nan")
    p99: float = float("nan")
    server_errors: int = 0
    other_failures: int = 0
    failure_kinds: Counter = field(default_factory=Counter)

    def other_kinds(self) -> dict[int, int]:
        """Failures other than server errors, by status (0: no answer)."""
        return {status: n for status, n in self.failure_kinds.items() if status < 500}


@dataclass
class LoadRun:
    label: str
    users: int
    seconds: float
    endpoints: dict[str, Endpoint]
    locust_cpu: float
    server_cpu: float
    server_log: dict
    writes: list[list] = field(default_factory=list)
    trace: list[list] = field(default_factory=list)

    def total(self) -> Endpoint:
        return self.endpoints.get("all", Endpoint())


class Locust:
    """One headless locust run; stats from its CSV files, writes and trace from the
    locustfile's own logs."""

    def __init__(self, run_dir: Path, base_config: dict, host: str) -> None:
        self.run_dir, self.base_config, self.host = run_dir, base_config, host

    def start(
        self, label: str, mix: dict, users: int, seconds: int, think: list[float], trace=False
    ) -> tuple[subprocess.Popen, dict]:
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        files = {
            "config": self.run_dir / f"{slug}.json",
            "writes": self.run_dir / f"{slug}.writes.jsonl",
            "trace": self.run_dir / f"{slug}.trace.jsonl",
            "csv": self.run_dir / slug,
            "log": self.run_dir / f"{slug}.locust.log",
        }
        for path in (files["writes"], files["trace"]):
            path.unlink(missing_ok=True)
        config = {**self.base_config, "mix": mix, "think": think}
        files["config"].write_text(json.dumps(config), encoding="utf-8")
        env = {**os.environ, "LOAD_CONFIG": str(files["config"]),
               "LOAD_WRITES": str(files["writes"])}  # fmt: skip
        if trace:
            env["LOAD_TRACE"] = str(files["trace"])
        command = [
            str(BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless",
            "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s",
            "--host", self.host, "--csv", str(files["csv"]), "--only-summary",
            "--reset-stats", "--stop-timeout", "10", "--exit-code-on-error", "0",
            "--loglevel", "WARNING",
        ]  # fmt: skip
        handle = open(files["log"], "wb")  # noqa: SIM115 (closed when the run ends)
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
        files["handle"] = handle
        return process, files

    def run(
        self,
        server: Server,
        label: str,
        mix: dict,
        users: int,
        seconds: int,
        think: list[float],
        trace: bool = False,
        during=None,
    ) -> LoadRun:
        """Run locust to the end (calling `during(started_at)` meanwhile, if given)."""
        import resource

        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_before, offset = server.cpu_seconds(), server.log_offset()
        started = time.monotonic()
        process, files = self.start(label, mix, users, seconds, think, trace)
        try:
            if during is not None:
                during(time.time())
            process.wait(timeout=seconds + 120)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            files["handle"].close()
        elapsed = time.monotonic() - started
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_cpu = (children_after.ru_utime - children_before.ru_utime) + (
            children_after.ru_stime - children_before.ru_stime
        )
        return LoadRun(
            label=label,
            users=users,
            seconds=elapsed,
            endpoints=read_stats(files["csv"]),
            locust_cpu=locust_cpu,
            server_cpu=server.cpu_seconds() - server_before,
            server_log=server.errors_since(offset),
            writes=read_jsonl(files["writes"]),
            trace=read_jsonl(files["trace"]),
        )


def read_jsonl(path: Path) -> list[list]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # a line cut short when locust stopped
    return rows


def read_stats(prefix: Path) -> dict[str, Endpoint]:
    def number(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return float("nan")

    endpoints: dict[str, Endpoint] = {}
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        return endpoints
    with open(stats, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            endpoints[name] = Endpoint(
                requests=int(row["Request Count"]),
                rps=number(row["Requests/s"]),
                p50=number(row["50%"]),
                p95=number(row["95%"]),
                p99=number(row["99%"]),
            )
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found = re.search(r"status (\d+)", row["Error"])
            code = int(found.group(1)) if found else 0
            count = int(row["Occurrences"])
            for name in (row["Name"], "all"):
                endpoint = endpoints.setdefault(name, Endpoint())
                endpoint.failure_kinds[code] += count
                if code >= 500:
                    endpoint.server_errors += count
                else:
                    endpoint.other_failures += count
    return endpoints


class Probe(threading.Thread):
    """GETs one URL every `interval` seconds: (time, status, seconds) per answer."""

    def __init__(self, url: str, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.url, self.interval = url, interval
        self.samples: list[tuple[float, int, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            started = time.time()
            status, seconds = get(self.url, timeout=15)
            self.samples.append((started, status, seconds))
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=20)

    def answers(self) -> list[tuple[float, int, float]]:
        """The samples stamped with the time each answer came (what a user saw then)."""
        return [(t + seconds, status, seconds) for t, status, seconds in self.samples]
