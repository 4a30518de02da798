#!/usr/bin/python3
"""Opens chibo's HTML page in headless Chromium and checks it as a reader would see it.

usage: check_page.py CHROMIUM PAGE.html REPORT.json SCREENSHOT_DIR
       check_page.py CHROMIUM FOLDER/index.html REPORT.json SCREENSHOT_DIR   (--html-dir)

Through the DevTools protocol (Debian's python3-websocket): every request the page makes is
recorded (none may leave the file), the numbers shown are read from the DOM and compared with
the JSON report of the same scoring, and screenshots of the overview and of one opened cell are
saved. For a folder, the index's links are checked, then a province's page is opened by
clicking its link and checked the same way. Exit 0 when all holds; 1 with the reasons otherwise.
"""
import base64
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


def outside_requests(page, url):
    requests = [e["params"]["request"]["url"] for e in page.events
                if e.get("method") == "Network.requestWillBeSent"]
    return [u for u in requests if u != url and not u.startswith("data:")]


def open_file(page, path, problems):
    """Opens a page; nothing it asks for may come from outside the file."""
    page.events.clear()
    url = "file://" + os.path.abspath(path)
    page.call("Page.navigate", url=url)
    page.wait_for("Page.loadEventFired")
    outside = outside_requests(page, url)
    if outside:
        problems.append(f"{os.path.basename(path)} asked for {outside}")


def check_totals(page, report, selector, problems):
    """The units the selector finds show the report's totals, as data and as text."""
    units = {u["id"]: u for u in report["units"]}
    vi = page.evaluate("document.documentElement.lang") == "vi"
    shown = page.evaluate(f"""Array.from(document.querySelectorAll({json.dumps(selector)})).map(d =>
        ({{id: d.dataset.unitId, total: d.dataset.total,
          text: d.querySelector(':scope > summary .total, :scope > .total').textContent}}))""")
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
            text = f"{total:.1f}".replace(".", ",") if vi else f"{total:.1f}"
            if s["text"] != text:
                problems.append(f"{s['id']}: shows {s['text']!r}, expected {text!r}")
    return shown


def check_overview(page, report, ids, problems):
    """The rating bars and the cells card count the report's cells among `ids`."""
    cells = [u for u in report["units"] if u["kind"] == "cell" and u["id"] in ids]
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
    return cells


def screenshot(page, path):
    shot = page.call("Page.captureScreenshot", format="png")["data"]
    open(path, "wb").write(base64.b64decode(shot))


def check_cells(page, cells, shots, problems):
    """One cell opened for a screenshot; the search box keeps the units whose name holds a text."""
    page.evaluate("""(() => { const c = document.querySelector('#tree details.cell ol.priorities');
        if (!c) return; let d = c.closest('details');
        while (d) { d.open = true; d = d.parentElement.closest('details'); }
        c.closest('details').scrollIntoView(); window.scrollBy(0, -160); })()""")
    screenshot(page, os.path.join(shots, "cell.png"))
    name = cells[0]["name"] if cells else None
    if name:
        kept = page.evaluate(f"""(() => {{ const s = document.getElementById('search');
            s.value = {json.dumps(name)}; s.dispatchEvent(new Event('input'));
            return Array.from(document.querySelectorAll('#tree details.cell:not(.hidden)'))
              .filter(d => !d.closest('.hidden')).map(d => d.dataset.name); }})()""")
        if not kept or any(name.lower() not in k.lower() for k in kept):
            problems.append(f"searching {name!r} leaves {kept}")


def check_page(page, page_file, report, shots, problems):
    open_file(page, page_file, problems)
    shown = check_totals(page, report, "#tree details", problems)
    if len(shown) != len(report["units"]):
        problems.append(f"the tree shows {len(shown)} units, the report has {len(report['units'])}")
    cells = check_overview(page, report, {s["id"] for s in shown}, problems)
    screenshot(page, os.path.join(shots, "overview.png"))
    check_cells(page, cells, shots, problems)


def check_folder(page, index_file, report, shots, problems):
    open_file(page, index_file, problems)
    roots = check_totals(page, report, "#tree .unit-link", problems)
    expected = [u["id"] for u in report["units"] if u.get("parent_id") is None]
    if sorted(r["id"] for r in roots) != sorted(expected):
        problems.append(f"the index links {[r['id'] for r in roots]}, the report's roots are {expected}")
    check_overview(page, report, {u["id"] for u in report["units"]}, problems)
    screenshot(page, os.path.join(shots, "index.png"))
    # The largest root's page, opened as a reader does: by its link.
    parent = {u["id"]: u.get("parent_id") for u in report["units"]}
    size = {}
    for u in parent:
        while parent[u] is not None:
            u = parent[u]
        size[u] = size.get(u, 0) + 1
    largest = max(roots, key=lambda r: size.get(r["id"], 0))
    page.events.clear()
    page.evaluate(f"""document.querySelector('#tree .unit-link[data-unit-id={json.dumps(largest["id"])}] a')
        .click()""")
    page.wait_for("Page.loadEventFired")
    here = page.evaluate("location.pathname")
    if not here.endswith(".html") or here.endswith("index.html"):
        problems.append(f"the link to {largest['id']} led to {here}")
    outside = outside_requests(page, "file://" + here)
    if outside:
        problems.append(f"the page of {largest['id']} asked for {outside}")
    shown = check_totals(page, report, "#tree details, #tree .unit-link", problems)
    if not shown or shown[0]["id"] != largest["id"]:
        problems.append(f"the page opened is not about {largest['id']}")
    back = page.evaluate("Array.from(document.querySelectorAll('nav.crumbs a')).map(a => a.getAttribute('href'))")
    if not back or back[0] != "index.html":
        problems.append(f"the page's way back is {back}")
    screenshot(page, os.path.join(shots, "province.png"))


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
        if os.path.basename(page_file) == "index.html":
            check_folder(page, page_file, report, shots, problems)
        else:
            check_page(page, page_file, report, shots, problems)
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
