#!/usr/bin/python3
"""Opens chibo's HTML page in headless Chromium and checks it as a reader would see it.

usage: check_page.py CHROMIUM PAGE.html REPORT.json SCREENSHOT_DIR

Through the DevTools protocol (Debian's python3-websocket): every request the page makes is
recorded (none may leave the file), the numbers shown are read from the DOM and compared with
the JSON report of the same scoring, and screenshots of the overview and of one opened cell are
saved. Exit 0 when all holds; 1 with the reasons otherwise.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Page:
    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for e in self.events:
                if e.get("method") == event:
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise RuntimeError(f"no {event} within {seconds} s")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


def main():
    chromium, page_file, report_file, shots = sys.argv[1:5]
    report = json.load(open(report_file, encoding="utf-8"))
    os.makedirs(shots, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="chibo-chromium-")
    port = free_port()
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=1200,1600",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    problems = []
    try:
        targets = None
        for _ in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
                break
            except OSError:
                time.sleep(0.2)
        if targets is None:
            raise RuntimeError("Chromium did not start")
        tab = next(t for t in targets if t.get("type") == "page")
        page = Page(tab["webSocketDebuggerUrl"])
        page.call("Network.enable")
        page.call("Page.enable")
        url = "file://" + os.path.abspath(page_file)
        page.call("Page.navigate", url=url)
        page.wait_for("Page.loadEventFired")
        requests = [e["params"]["request"]["url"] for e in page.events
                    if e.get("method") == "Network.requestWillBeSent"]
        outside = [u for u in requests if u != url and not u.startswith("data:")]
        if outside:
            problems.append(f"the page asked for {outside}")

        # The numbers shown, against the report's.
        units = {u["id"]: u for u in report["units"]}
        shown = page.evaluate("""Array.from(document.querySelectorAll('#tree details')).map(d =>
            ({id: d.dataset.unitId, total: d.dataset.total,
              text: d.querySelector(':scope > summary .total').textContent}))""")
        if len(shown) != len(units):
            problems.append(f"the tree shows {len(shown)} units, the report has {len(units)}")
        for s in shown:
            u = units.get(s["id"])
            if u is None:
                problems.append(f"unit {s['id']} is not in the report")
                continue
            total = u["total"]
            if (total is None) != (s["total"] == ""):
                problems.append(f"{s['id']}: total {s['total']!r} on the page, {total} in the report")
            elif total is not None:
                if abs(float(s["total"]) - total) > 1e-9:
                    problems.append(f"{s['id']}: total {s['total']} on the page, {total} in the report")
                text = f"{total:.1f}".replace(".", ",") if report_lang(page) == "vi" else f"{total:.1f}"
                if s["text"] != text:
                    problems.append(f"{s['id']}: shows {s['text']!r}, expected {text!r}")
        cells = [u for u in report["units"] if u["kind"] == "cell" and u["id"] in {s["id"] for s in shown}]
        counts = page.evaluate("""Object.fromEntries(Array.from(
            document.querySelectorAll('#ratings-chart [data-rating]')).map(g =>
            [g.dataset.rating, Number(g.dataset.count)]))""")
        for rating in ("tot", "kha", "trung_binh", "kem"):
            expected = sum(1 for c in cells if c.get("rating") == rating)
            if counts.get(rating) != expected:
                problems.append(f"cells rated {rating}: {counts.get(rating)} on the page, {expected} in the report")
        card = page.evaluate("Number(document.querySelector('#cells').dataset.value)")
        if card != len(cells):
            problems.append(f"the cells card says {card}, the report has {len(cells)}")

        shot = page.call("Page.captureScreenshot", format="png")["data"]
        open(os.path.join(shots, "overview.png"), "wb").write(__import__("base64").b64decode(shot))
        # One cell opened, with its ancestors, scrolled into view.
        page.evaluate("""(() => { const c = document.querySelector('#tree details.cell ol.priorities');
            if (!c) return; let d = c.closest('details');
            while (d) { d.open = true; d = d.parentElement.closest('details'); }
            c.closest('details').scrollIntoView(); })()""")
        shot = page.call("Page.captureScreenshot", format="png")["data"]
        open(os.path.join(shots, "cell.png"), "wb").write(__import__("base64").b64decode(shot))
        # The search box keeps the units whose name holds the text, and their ancestors.
        name = cells[0]["name"] if cells else None
        if name:
            kept = page.evaluate(f"""(() => {{ const s = document.getElementById('search');
                s.value = {json.dumps(name)}; s.dispatchEvent(new Event('input'));
                return Array.from(document.querySelectorAll('#tree details.cell:not(.hidden)'))
                  .filter(d => !d.closest('.hidden')).map(d => d.dataset.name); }})()""")
            if not kept or any(name.lower() not in k.lower() for k in kept):
                problems.append(f"searching {name!r} leaves {kept}")
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
    for p in problems:
        print(p)
    return 1 if problems else 0


def report_lang(page):
    return page.evaluate("document.documentElement.lang")


if __name__ == "__main__":
    sys.exit(main())
