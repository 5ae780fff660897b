"""Rule set 2026.1: the clinical rules of a fibromyalgia workup, in pure Python.

Nothing below this package imports Django (a test checks it in a fresh interpreter). Entry
points: `facts` (the input), `evaluate.evaluate` (the output), `catalogue.rule_docs` (the Rules
page), `labs.ANALYTES` (units, conversions, ranges), `instruments` (scoring).
"""
