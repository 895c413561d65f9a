"""``python -m maton_linkedin_provider.sandbox --port 8080``: serve the sandbox until SIGINT/SIGTERM.

Prints one line of JSON (``base_url``, ``upload_base_url``, ``api_key``, ``access_token``,
``control_key``) once listening. ``/_sandbox/*`` calls need ``Authorization: Bearer <control key>``
(``--control-key``, default: the API key; ``--control-key ''`` turns the check off).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import date
from typing import TYPE_CHECKING

from maton_linkedin_provider.sandbox.gateway import LATEST_VERSION
from maton_linkedin_provider.sandbox.server import Sandbox

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m maton_linkedin_provider.sandbox",
        description="Local emulator of the Maton gateway + LinkedIn REST API.",
    )
    parser.add_argument("--port", type=int, default=8080, help="API/gateway port (0: a free port)")
    parser.add_argument("--upload-port", type=int, default=0, help="upload server port (0: a free port)")
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
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
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
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    sandbox.start()
    info = {
        "base_url": sandbox.base_url,
        "upload_base_url": sandbox.upload_base_url,
        "api_key": sandbox.api_key,
        "access_token": sandbox.access_token,
        "control_key": sandbox.control_key,
    }
    sys.stdout.write(json.dumps(info) + "\n")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
