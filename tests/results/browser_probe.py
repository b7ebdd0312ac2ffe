#!/usr/bin/env python3
"""Lays a page out in headless chromium as a phone or a desktop shows it and prints what a
script evaluated in the page returns. Over the DevTools protocol on a pipe (no network port):
the device metrics are emulated before the page loads, so its media queries see that width
(chromium's own --window-size has a 500 px minimum).
    browser_probe.py CHROMIUM PAGE.html WIDTH HEIGHT MOBILE(0|1) SCRIPT.js"""
import json
import os
import subprocess
import sys
import tempfile
import time

chromium, page, width, height, mobile, script_file = sys.argv[1:7]
expression = open(script_file, encoding="utf-8").read()

to_browser_r, to_browser_w = os.pipe()
from_browser_r, from_browser_w = os.pipe()


def child_fds():
    os.dup2(to_browser_r, 3)
    os.dup2(from_browser_w, 4)


profile = tempfile.mkdtemp(prefix="fl-chromium-")
browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
     "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
     "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
    preexec_fn=child_fds, pass_fds=(3, 4),
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_browser_r)
os.close(from_browser_w)
out = os.fdopen(to_browser_w, "wb")
inp = os.fdopen(from_browser_r, "rb")
buffer = b""
next_id = 0
deadline = time.time() + 90


def call(method, params=None, session=None):
    global next_id, buffer
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    out.write(json.dumps(message).encode() + b"\0")
    out.flush()
    while time.time() < deadline:
        while b"\0" not in buffer:
            chunk = os.read(inp.fileno(), 65536)
            if not chunk:
                sys.exit(f"chromium closed the pipe during {method}")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                sys.exit(f"{method}: {reply['error']}")
            return reply["result"]
    sys.exit(f"no answer to {method} in 90 s")


try:
    targets = call("Target.getTargets")["targetInfos"]
    target = next(t["targetId"] for t in targets if t["type"] == "page")
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Emulation.setDeviceMetricsOverride",
         {"width": int(width), "height": int(height), "deviceScaleFactor": 3 if mobile == "1" else 1,
          "mobile": mobile == "1"}, session)
    call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session)
    while call("Runtime.evaluate", {"expression": "document.readyState", "returnByValue": True},
               session)["result"].get("value") != "complete":
        time.sleep(0.05)
    result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    if "exceptionDetails" in result:
        sys.exit(f"the probe failed: {result['exceptionDetails']}")
    sys.stdout.write(result["result"]["value"])
finally:
    try:
        call("Browser.close")
    except SystemExit:
        pass
    browser.wait(timeout=30)
