"""The container's HEALTHCHECK: exit 0 when /healthz on RFH_PORT (default 3000) answers 200, else 1 and why.

    python -m bot.shell.healthcheck
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 3.0


def main() -> int:
    port = os.environ.get("RFH_PORT") or "3000"
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=TIMEOUT_SECONDS) as response:
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:  # 503: say which check failed (docker inspect shows it)
        print(json.dumps(json.loads(exc.read() or b"{}")), file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"/healthz on port {port} did not answer: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
