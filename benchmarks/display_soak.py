"""A hall screen's memory over many calls: does the board's JavaScript heap stay flat?

    .venv/bin/python benchmarks/display_soak.py --calls 2000

A fresh embedded server with the demo centre; the demo hall screen opens in headless
Chromium (Debian's, /usr/bin/chromium); the administrators of windows 1–12 call and finish
tickets one after another through the API. After a warm-up and then at every checkpoint the
page's garbage collector runs and its JavaScript heap and DOM node count are read. A day
of a busy centre is about 1,000–2,000 calls on one screen.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.async_api import Page, async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.config import API
from loadkit.servers import free_port, queue_server, running

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--autoplay-policy=no-user-gesture-required",
    "--js-flags=--expose-gc",
]


async def heap(page: Page) -> tuple[float, int]:
    """JS heap in MB after a full garbage collection, and the number of DOM nodes."""
    used, nodes = await page.evaluate(
        "() => { window.gc(); return [performance.memory.usedJSHeapSize,"
        " document.getElementsByTagName('*').length]; }"
    )
    return used / 2**20, int(nodes)


async def soak(calls: int, checkpoints: int) -> list[tuple[int, float, int]]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        argv, env = queue_server(f"sqlite+aiosqlite:///{tmp}/soak.sqlite3", 1, port)
        async with running(argv, env, port, Path(tmp) / "server.log") as server:
            base = server.base_url
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:

                async def login(user: str) -> dict[str, str]:
                    r = await http.post(
                        f"{API}/auth/login", json={"username": user, "password": "demo"}
                    )
                    http.cookies.clear()
                    return {"Authorization": f"Bearer {r.json()['token']}"}

                desk = await login("reception")
                admins = [await login(f"admin{n:02d}") for n in range(1, 13)]
                for n, admin in enumerate(admins, start=1):
                    await http.post(f"{API}/counters/{n}/session", headers=admin)
                catalog = (await http.get(f"{API}/offices/1/services")).json()
                services = [
                    s["id"]
                    for c in catalog["categories"]
                    for s in c["services"]
                    if s["active"] and not s["referral"] and not s["daily_cap"]
                ]
                async with async_playwright() as p:
                    browser = await p.chromium.launch(
                        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                    )
                    page = await browser.new_page(viewport={"width": 1920, "height": 1080})
                    await page.goto(f"{base}/display/?token=d_demo-display&lang=both")
                    await page.wait_for_function("window.qmsBoard && window.qmsBoard.connected")
                    samples: list[tuple[int, float, int]] = []
                    every = max(1, calls // checkpoints)
                    done = 0
                    while done < calls:
                        for service in services:
                            await http.post(
                                f"{API}/offices/1/tickets",
                                json={"service_id": service},
                                headers=desk,
                            )
                        for n, admin in enumerate(admins, start=1):
                            r = await http.post(f"{API}/counters/{n}/call-next", headers=admin)
                            if r.status_code != 200:
                                continue
                            tid = r.json()["id"]
                            await http.post(f"{API}/tickets/{tid}/start", headers=admin)
                            await http.post(
                                f"{API}/tickets/{tid}/finish",
                                json={"outcome": "consultation"},
                                headers=admin,
                            )
                            done += 1
                            if done % every == 0 or done == 100:
                                await asyncio.sleep(0.5)  # let the board take the last calls
                                samples.append((done, *await heap(page)))
                    await browser.close()
                    return samples


async def main_async(args: argparse.Namespace) -> None:
    samples = await soak(args.calls, args.checkpoints)
    print("| calls | JS heap MB (after GC) | DOM nodes |")
    print("|---:|---:|---:|")
    for calls, used, nodes in samples:
        print(f"| {calls} | {used:.2f} | {nodes} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--checkpoints", type=int, default=5)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
