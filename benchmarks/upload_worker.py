"""One upload in a process of its own, so its peak RSS is its own: `python -m benchmarks.upload_worker`.

``provider``: MatonLinkedInHook.upload_video (streamed, parts in parallel).
``recipe``: the seed's urllib recipe (Maton's LinkedIn page): the whole file read into memory,
parts PUT one after another.
Prints one JSON line: seconds, baseline and peak RSS (KiB), and the video URN.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import urllib.request


def rss_now_kib() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() // 1024


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def recipe(path: str, base_url: str, api_key: str, owner: str) -> str:
    """The seed's recipe, step for step (urllib, whole file in memory, one part after another)."""
    headers = {
        "Authorization": f"Bearer {api_key}",
        "Content-Type": "application/json",
        "LinkedIn-Version": "202609",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    gateway = f"{base_url}/linkedin/rest"
    with open(path, "rb") as f:
        video_data = f.read()
    init = json.dumps(
        {
            "initializeUploadRequest": {
                "owner": owner,
                "fileSizeBytes": len(video_data),
                "uploadCaptions": False,
                "uploadThumbnail": False,
            }
        }
    ).encode()
    req = urllib.request.Request(f"{gateway}/videos?action=initializeUpload", data=init, method="POST")
    for k, v in headers.items():
        req.add_header(k, v)
    value = json.load(urllib.request.urlopen(req))["value"]
    etags = []
    for ins in value["uploadInstructions"]:
        part = video_data[ins["firstByte"] : ins["lastByte"] + 1]
        put = urllib.request.Request(ins["uploadUrl"], data=part, method="PUT")
        put.add_header("Content-Type", "application/octet-stream")
        etags.append(urllib.request.urlopen(put).headers["etag"])
    fin = json.dumps(
        {
            "finalizeUploadRequest": {
                "video": value["video"],
                "uploadToken": value.get("uploadToken", ""),
                "uploadedPartIds": etags,
            }
        }
    ).encode()
    req = urllib.request.Request(f"{gateway}/videos?action=finalizeUpload", data=fin, method="POST")
    for k, v in headers.items():
        req.add_header(k, v)
    urllib.request.urlopen(req).read()
    return str(value["video"])


def provider(path: str, parallelism: int) -> tuple[str, float, int]:
    """The provider's upload; the profile read before it is not part of the figure."""
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    hook = MatonLinkedInHook()
    hook.get_person_urn()
    baseline = rss_now_kib()
    started = time.perf_counter()
    urn = hook.upload_video(path, parallelism=parallelism)
    return urn, time.perf_counter() - started, baseline


def main() -> None:
    mode, path, base_url, api_key = sys.argv[1:5]
    parallelism = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    if mode == "recipe":
        baseline = rss_now_kib()
        started = time.perf_counter()
        urn = recipe(path, base_url, api_key, "urn:li:person:sAnDbOx01")
        seconds = time.perf_counter() - started
    else:
        urn, seconds, baseline = provider(path, parallelism)
    print(json.dumps({"seconds": seconds, "baseline_kib": baseline, "peak_kib": peak_kib(), "urn": urn}))


if __name__ == "__main__":
    main()
