#!/usr/bin/env python3
"""Follows served pages in headless chromium at a phone's size, step by step, as a runner
would: open an address, wait until a script in the page says so, send a marshal line to the
race's marshal port meanwhile, read the page, take a screenshot.
    browser_steps.py CHROMIUM STEPS.json
STEPS.json: {"width": 390, "height": 844, "mobile": true, "scale": 2, "steps": [
    {"go": "http://127.0.0.1:8080/"},
    {"wait": "JS expression, true when ready", "timeout": 20},
    {"marshal": [PORT, "1 07:21:13.400"]},      (answer printed: "marshal: OK E1 ...")
    {"eval": "JS expression giving a string"},  (printed: "NAME: value" with "name")
    {"shot": "/tmp/x/page.png", "full": false},
    {"init": "JS run in every page before its own scripts"},
    {"media": "print"},                         ("" for the screen again)
    {"javascript": false}]}                     (pages opened next run no script)
Each printed line starts with the step's name; a wait that times out stops with an error
naming its expression and what the page showed."""
import base64
import json
import socket
import sys
import time

from chromium_pipe import Chromium

chromium, steps_file = sys.argv[1:3]
plan = json.load(open(steps_file, encoding="utf-8"))
browser = Chromium(chromium, limit_s=plan.get("limit_s", 150))


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


try:
    browser.open_page(plan.get("width", 390), plan.get("height", 844), plan.get("mobile", True),
                      plan.get("scale"))
    for step in plan["steps"]:
        if "go" in step:
            browser.navigate(step["go"])
            say(f"go: {step['go']}")
        elif "wait" in step:
            until = time.time() + step.get("timeout", 20)
            while not browser.evaluate(step["wait"]):
                if time.time() > until:
                    shown = browser.evaluate("document.documentElement.outerHTML")
                    sys.exit(f"waited {step.get('timeout', 20)} s for: {step['wait']}\n{shown}")
                time.sleep(0.05)
            say(f"waited: {step['wait']}")
        elif "marshal" in step:
            port, line = step["marshal"]
            with socket.create_connection(("127.0.0.1", int(port)), timeout=20) as s:
                s.sendall(line.encode() + b"\r\n")
                answer = b""
                while b"\n" not in answer:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
            say("marshal: " + answer.decode(errors="replace").strip())
        elif "eval" in step:
            say(f"{step.get('name', 'eval')}: {browser.evaluate(step['eval'])}")
        elif "init" in step:
            browser.call("Page.enable")
            browser.call("Page.addScriptToEvaluateOnNewDocument", {"source": step["init"]})
            say("init")
        elif "media" in step:
            browser.call("Emulation.setEmulatedMedia", {"media": step["media"]})
            say(f"media: {step['media']}")
        elif "javascript" in step:
            browser.call("Emulation.setScriptExecutionDisabled", {"value": not step["javascript"]})
            say(f"javascript: {step['javascript']}")
        elif "shot" in step:
            shot = browser.call("Page.captureScreenshot",
                                {"format": "png", "captureBeyondViewport": bool(step.get("full"))})
            with open(step["shot"], "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            say(f"shot: {step['shot']}")
finally:
    browser.close()
