#!/usr/bin/env python3
"""Lays a page out in headless chromium as a phone or a desktop shows it and prints what a
script evaluated in the page returns (chromium_pipe.py drives chromium).
    browser_probe.py CHROMIUM PAGE.html WIDTH HEIGHT MOBILE(0|1) SCRIPT.js"""
import os
import sys

from chromium_pipe import Chromium

chromium, page, width, height, mobile, script_file = sys.argv[1:7]
expression = open(script_file, encoding="utf-8").read()

browser = Chromium(chromium)
try:
    browser.open_page(width, height, mobile == "1")
    browser.navigate("file://" + os.path.abspath(page))
    sys.stdout.write(browser.evaluate(expression))
finally:
    browser.close()
