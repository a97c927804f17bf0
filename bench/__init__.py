"""The benchmark (bench.py) and the load test (loadtest.py); neither is part of the test suite."""
