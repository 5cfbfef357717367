# Put on PYTHONPATH by the report tests: a Python on which matplotlib is missing.
raise ImportError("No module named 'matplotlib' (simulated by tests/report)")
