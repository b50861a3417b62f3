"""A CPython token bucket keyed by client, on the traffic bench/ratelimit_node.mjs wrote.

    python3 bench/ratelimit.py traffic-file

The same budget as sdlab's tokenBucket in the comparison: 10 tokens per second, burst 10, a full
bucket on a client's first request, each request costs 1; clients keyed by "client-<i>" as in
sdlab. No eviction (sdlab evicts clients idle for 2 s, which by then hold a full bucket anyway).
Prints JSON: decisions/s of the fastest of 5 runs after a warm-up, and the admitted count.
"""
import json
import sys
import time
from array import array

RATE_PER_MS, BURST = 10 / 1000, 10


def run(times, keys, clients):
    buckets = {}  # key -> [tokens, last time in ms]
    admitted = 0
    for now, client in zip(times, clients):
        key = keys[client]
        bucket = buckets.get(key)
        if bucket is None:
            bucket = buckets[key] = [BURST, now]
        tokens = min(BURST, bucket[0] + (now - bucket[1]) * RATE_PER_MS)
        bucket[1] = now
        if tokens >= 1:
            tokens -= 1
            admitted += 1
        bucket[0] = tokens
    return admitted


with open(sys.argv[1], "rb") as file:
    data = file.read()
count = len(data) // 12
times, clients = array("d"), array("I")
times.frombytes(data[: 8 * count])
clients.frombytes(data[8 * count :])
keys = [f"client-{i}" for i in range(max(clients) + 1)]

run(times, keys, clients)
fastest = float("inf")
for _ in range(5):
    start = time.perf_counter()
    admitted = run(times, keys, clients)
    fastest = min(fastest, time.perf_counter() - start)
print(json.dumps({"python": sys.version.split()[0], "requests": count,
                  "decisionsPerSec": count / fastest, "admitted": admitted}, indent=2))
