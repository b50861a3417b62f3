"""A CPython bloom filter and count-min sketch on the items bench/probabilistic_node.mjs uses.

    python3 bench/probabilistic.py

The same algorithm as sdlab: one 128-bit hash per item (hashlib.blake2b, digest_size 16; sdlab
uses XXH3-128), its two 64-bit halves h1, h2 giving the indexes g_i = h1 + i·h2 mod 2^64
(Kirsch–Mitzenmacher), each reduced to [0, range) by multiply-shift: ((g_i >> 32) · range) >> 32. Bloom: m, k sized for 100,000 items at 1% as sdlab sizes them, bits in a
bytearray. Count-min: 2719 × 5 counters in one list. Prints JSON: adds/s, contains/s (items found)
and updates/s on 100,000 items "item-<i>", each the fastest of 5 runs after a warm-up.
"""
import json
import math
import sys
import time
from hashlib import blake2b

ITEMS = [f"item-{i}" for i in range(100_000)]
BITS = math.ceil(-len(ITEMS) * math.log(0.01) / math.log(2) ** 2)
HASHES = max(1, round(BITS / len(ITEMS) * math.log(2)))
WIDTH, DEPTH = 2719, 5
MASK64 = (1 << 64) - 1


def indexes(item, size, count):
    digest = blake2b(item.encode(), digest_size=16).digest()
    h1, h2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")
    return [((((h1 + i * h2) & MASK64) >> 32) * size) >> 32 for i in range(count)]


def bloom_add(bits, item):
    for i in indexes(item, BITS, HASHES):
        bits[i >> 3] |= 1 << (i & 7)


def bloom_contains(bits, item):
    return all(bits[i >> 3] >> (i & 7) & 1 for i in indexes(item, BITS, HASHES))


def count_min_update(table, item, count=1):
    for row, column in enumerate(indexes(item, WIDTH, DEPTH)):
        table[row * WIDTH + column] += count


def per_sec(run):
    run()
    fastest = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        run()
        fastest = min(fastest, time.perf_counter() - start)
    return len(ITEMS) / fastest


def fill():
    bits = bytearray((BITS + 7) // 8)
    for item in ITEMS:
        bloom_add(bits, item)
    return bits


def update_all():
    table = [0] * (WIDTH * DEPTH)
    for item in ITEMS:
        count_min_update(table, item)


filled = fill()
print(json.dumps({
    "python": sys.version.split()[0], "bits": BITS, "hashes": HASHES,
    "adds": per_sec(fill),
    "contains": per_sec(lambda: sum(bloom_contains(filled, item) for item in ITEMS)),
    "found": sum(bloom_contains(filled, item) for item in ITEMS),
    "updates": per_sec(update_all),
}, indent=2))
