"""Page times of `readiness serve` over HTTP, as a browser on the same machine gets them.

Starts the app under Waitress on a free port, opens the rural lyceum through the upload form,
then fetches each page --runs times (one untimed fetch first). Prints the median and the
slowest fetch per page, and the size of each page. Target: well under a second.
Run: python bench/serve_pages.py [--runs N]
"""
from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from waitress import create_server

from readiness.serve.app import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "playbooks" / "kg-mes-2020" / "examples" / "rural-lyceum-naryn.yaml"
PAGES = ["/", "/profile", "/results", "/plan/blended", "/gaps", "/checklist/blended?role=abp",
         "/explain/blended/hr.qualification-courses", "/download/plan.xlsx?scenario=blended", "/download/plan.html?scenario=blended"]


def upload(opener: urllib.request.OpenerDirector, base: str) -> None:
    page = opener.open(base + "/?lang=ru").read().decode()
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{EXAMPLE.name}\"\r\n"
            "Content-Type: application/yaml\r\n\r\n").encode() + EXAMPLE.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/open", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    opener.open(request).read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    server = create_server(create_app(scratch=Path(tempfile.mkdtemp())), host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    upload(opener, base)
    print(f"{'page':45} {'median ms':>10} {'max ms':>8} {'KiB':>7}")
    for page in PAGES:
        size = len(opener.open(base + page).read())
        samples = []
        for _ in range(args.runs):
            start = time.perf_counter()
            opener.open(base + page).read()
            samples.append((time.perf_counter() - start) * 1000)
        print(f"{page:45} {statistics.median(samples):10.1f} {max(samples):8.1f} {size / 1024:7.1f}")
    server.close()


if __name__ == "__main__":
    main()
