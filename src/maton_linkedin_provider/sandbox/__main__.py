"""``python -m maton_linkedin_provider.sandbox``: serve the sandbox until SIGINT/SIGTERM.

Once listening it prints one line of JSON on stdout (``base_url``, ``upload_base_url``,
``oauth_base_url``, ``api_key``, ``access_token``, ``control_key``; scripts read it) and, on
stderr, where it listens and the ``export AIRFLOW_CONN_...=...`` line to paste (``--quiet``
leaves those out). An address that cannot be used (port taken, host not local) is one line on
stderr and exit status 1.
``/_sandbox/*`` calls need ``Authorization: Bearer <control key>`` (``--control-key``, default:
the API key; ``--control-key ''`` turns the check off).

``python -m maton_linkedin_provider.sandbox sample-media video.mp4 --size 10MiB`` writes a sample
file the sandbox (and LinkedIn's format checks) accept: see :mod:`.samples`.
"""

from __future__ import annotations

import argparse
import errno
import json
import shlex
import signal
import sys
import threading
from datetime import date
from typing import TYPE_CHECKING

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.sandbox.gateway import LATEST_VERSION
from maton_linkedin_provider.sandbox.server import Sandbox, SandboxBindError
from maton_linkedin_provider.sandbox.testing import sandbox_conn

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

#: The default API port. Not one of Airflow's own (api-server 8080, worker and triggerer log
#: servers 8793/8794, scheduler health check 8974, Celery Flower 5555, StatsD 8125, OTel 8889),
#: nor a common dev tool's (Jupyter 8888, Postgres 5432, Redis 6379), and below Linux's ephemeral
#: range (32768+), so a client's outgoing connection never holds it.
DEFAULT_PORT = 8765
EXIT_CANNOT_LISTEN = 1


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535 (0: a free one), not {text!r}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m maton_linkedin_provider.sandbox",
        description="Local emulator of the Maton gateway + LinkedIn REST API.",
        epilog="Sample media: python -m maton_linkedin_provider.sandbox sample-media PATH [--size 10MiB] "
        "(see 'sample-media --help').",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"API/gateway port (default {DEFAULT_PORT}; 0: a free port)",
    )
    parser.add_argument("--upload-port", type=_port, default=0, help="upload server port (0: a free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", default="sandbox-key", help="the Maton API key to accept")
    parser.add_argument(
        "--access-token", default="sandbox-linkedin-token", help="LinkedIn token (direct mode)"
    )
    parser.add_argument("--latest-version", default=LATEST_VERSION, help="newest released LinkedIn-Version")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="judge versions as of YYYY-MM-DD"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--maton-rate-limit", type=float, default=None, help="requests/second per key")
    parser.add_argument(
        "--control-key",
        default=None,
        help="key /_sandbox/* calls send as 'Authorization: Bearer KEY' (default: the API key; '' for none)",
    )
    parser.add_argument(
        "--conn-id", default=DEFAULT_CONN_ID, help="the Airflow connection id the printed export line sets"
    )
    parser.add_argument("--quiet", action="store_true", help="print only the JSON line (no hints on stderr)")
    return parser.parse_args(argv)


def export_line(sandbox: Sandbox, conn_id: str = DEFAULT_CONN_ID) -> str:
    """The shell line that points the Airflow connection ``conn_id`` at ``sandbox``."""
    conn = sandbox_conn(sandbox)
    del conn["extra"]
    name = "AIRFLOW_CONN_" + conn_id.upper()
    return f"export {name}={shlex.quote(json.dumps(conn))}"


def cannot_listen(exc: SandboxBindError) -> str:
    """One line saying which address could not be used and what to do."""
    option = "--port" if exc.server == "api" else "--upload-port"
    where = f"{exc.host}:{exc.port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"sandbox: {where} is already in use (another sandbox, or Airflow's api-server?): "
            f"start it with {option} N for another port, or {option} 0 for a free one."
        )
    if exc.errno == errno.EACCES:
        return f"sandbox: may not listen on {where} ({exc.strerror}): use a port above 1023 with {option} N."
    return (
        f"sandbox: cannot listen on {where}: {exc.strerror}. Check --host (default 127.0.0.1) and {option}."
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["sample-media"]:
        from maton_linkedin_provider.sandbox import samples

        return samples.main(argv[1:])
    args = parse_args(argv)
    try:
        sandbox = Sandbox(
            api_key=args.api_key,
            access_token=args.access_token,
            port=args.port,
            upload_port=args.upload_port,
            host=args.host,
            seed=args.seed,
            latest_version=args.latest_version,
            today=args.today,
            maton_rate_limit=args.maton_rate_limit,
            control_key=args.control_key,
        )
    except ValueError as exc:
        sys.stderr.write(f"sandbox: {exc}\n")
        return 2
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        sandbox.start()
    except SandboxBindError as exc:
        sys.stderr.write(cannot_listen(exc) + "\n")
        return EXIT_CANNOT_LISTEN
    info = {
        "base_url": sandbox.base_url,
        "upload_base_url": sandbox.upload_base_url,
        "oauth_base_url": sandbox.oauth_base_url,
        "api_key": sandbox.api_key,
        "access_token": sandbox.access_token,
        "control_key": sandbox.control_key,
    }
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    if not args.quiet:
        sys.stderr.write(
            f"Sandbox listening on {sandbox.base_url} (uploads: {sandbox.upload_base_url}; "
            f"OAuth: {sandbox.oauth_base_url}); "
            "Ctrl-C stops it.\n"
            "Point Airflow at it: run this in the shell that runs Airflow (or your DAG tests):\n"
            f"{export_line(sandbox, args.conn_id)}\n"
        )
        sys.stderr.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
