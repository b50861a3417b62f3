// Native cache benchmarks: the exact workload that the module's runCacheWorkload runs.
//
// What is timed: one whole cache::run_read_through call — building the Zipf key stream's table,
// drawing every key, and the cache's get (and put on a miss) — because that is what one
// runCacheWorkload call does inside WebAssembly. Timing the same call on both sides makes the
// WASM/native ratio compare like with like. key_stream times the stream alone, to show its share.
//
// Workload: universe 100,000 keys, Zipf skew 1.0, capacity 10,000, 1,000,000 reads, seed 1
// (the same options as bench/cache_node.mjs; the report checks that the hit ratios agree).
// items/s counts reads.
// Size sweep (lru_size/<structure>/<entries>/<access>): the LRU holds N entries of 16-character
// string keys and 8-character string values, filled before timing; each timed read draws a rank
// from 2N, reads its key, and puts it on a miss (evicting). Access 0: ranks uniform (about half
// hit: every read far from the last, the worst case for memory); access 1: ranks log-uniform,
// P(rank k) = ln((k + 2) / (k + 1)) / ln(2N + 1), close to Zipf with exponent 1 (hot keys, as
// real caches see). A rank becomes a key through an odd multiplier, so hot keys are scattered
// over the slab. Keys are formatted in registers: the stream itself touches no memory.
// Structures:
//   node_based  std::unordered_map + std::list + a std::string per key: what LruCache was; kept
//               here only as the baseline the sweep is measured against;
//   flat        LruCache (slab + SlotIndex), called with std::string keys like node_based;
//   flat_views  LruCache looked up and filled with string views (what the JS fast path does):
//               no allocation per call.
// Counters: ns_per_read, bytes_per_entry (heap in use after the fill, from mallinfo2, over N).
// chase/<bytes>: one dependent random read per step over a buffer of that size: the memory
// latency floor that the largest sizes run into.
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <cmath>
#include <cstdio>
#include <list>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cache/cache_workload.h"
#include "cache/lru_cache.h"
#include "timing.h"

namespace {

using sdlab::cache::Policy;

constexpr std::uint64_t kOperations = 1'000'000;
constexpr std::size_t kCapacity = 10'000;
const sdlab::sim::KeyStreamSpec kSpec{sdlab::sim::Distribution::kZipf, 100'000, 1.0, 1};

void read_through(benchmark::State& state, Policy policy) {
  sdlab::cache::CacheStats stats;
  for (auto _ : state) {
    stats = sdlab::cache::run_read_through(policy, kCapacity, kSpec, kOperations);
    benchmark::DoNotOptimize(stats);
  }
  state.SetItemsProcessed(state.iterations() * kOperations);
  state.counters["hit_ratio"] = stats.hit_ratio();
}

void key_stream(benchmark::State& state) {
  for (auto _ : state) {
    sdlab::sim::KeyStream keys(kSpec);
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < kOperations; ++i) sum += keys.next();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kOperations);
}

using sdlab::bench::timing;

// ---- size sweep ---------------------------------------------------------------------------------

// "key:" and 12 hex digits of n.
struct KeyText {
  char bytes[16];
  explicit KeyText(std::uint64_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    bytes[0] = 'k', bytes[1] = 'e', bytes[2] = 'y', bytes[3] = ':';
    for (int i = 15; i >= 4; --i, n >>= 4) bytes[i] = kHex[n & 15];
  }
  std::string_view view() const { return {bytes, sizeof bytes}; }
};

// The key of rank `rank`: distinct for distinct ranks (an odd multiplier is a bijection mod 2^48).
KeyText key_of_rank(std::uint64_t rank) { return KeyText(rank * 0x9E3779B97F4Bull); }

constexpr std::string_view kValue = "value-01";
constexpr std::uint64_t kReads = 1'000'000;

std::uint64_t xorshift(std::uint64_t& x) {
  x ^= x << 13, x ^= x >> 7, x ^= x << 17;
  return x;
}

std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// The structure LruCache had before: the baseline of the sweep.
class NodeBasedLru {
 public:
  explicit NodeBasedLru(std::size_t capacity) : capacity_(capacity) { index_.reserve(capacity); }

  // get; on a miss, put. Whether it hit.
  bool read(std::string_view key) {
    std::string text(key);
    if (auto found = index_.find(text); found != index_.end()) {
      order_.splice(order_.begin(), order_, found->second);
      return true;
    }
    if (index_.size() == capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(text, std::string(kValue));
    index_.emplace(std::move(text), order_.begin());
    return false;
  }

 private:
  using Order = std::list<std::pair<std::string, std::string>>;
  std::size_t capacity_;
  Order order_;
  std::unordered_map<std::string, Order::iterator> index_;
};

using StringLru = sdlab::cache::LruCache<std::string, std::string>;

// LruCache called as node_based is: a std::string built per call.
struct FlatWithStrings : StringLru {
  using StringLru::StringLru;
  bool read(std::string_view key) {
    std::string text(key);
    if (get(text)) return true;
    put(std::move(text), std::string(kValue));
    return false;
  }
};

// LruCache called with views: no allocation once full.
struct FlatWithViews : StringLru {
  using StringLru::StringLru;
  bool read(std::string_view key) {
    if (get(key)) return true;
    put(key, kValue, [](std::string&, std::string&) {});
    return false;
  }
};

template <class Cache>
void lru_size(benchmark::State& state) {
  const auto entries = static_cast<std::size_t>(state.range(0));
  const bool skewed = state.range(1) == 1;
  const double universe = 2.0 * static_cast<double>(entries);
  const std::size_t before = heap_in_use();
  Cache cache(entries);
  for (std::size_t i = 0; i < entries; ++i) cache.read(key_of_rank(i).view());
  const std::size_t bytes = heap_in_use() - before;
  std::uint64_t x = 88172645463325252ull, hits = 0;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < kReads; ++i) {
      const std::uint64_t draw = xorshift(x);
      const std::uint64_t rank = skewed ? static_cast<std::uint64_t>(std::pow(universe + 1, (draw >> 11) * 0x1p-53)) - 1
                                        : draw % (2 * entries);
      hits += cache.read(key_of_rank(rank).view());
    }
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations() * kReads);
  state.counters["operations"] = kReads;
  state.counters["ns_per_read"] = benchmark::Counter(static_cast<double>(kReads) * 1e-9,
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
  state.counters["bytes_per_entry"] = static_cast<double>(bytes) / static_cast<double>(entries);
  state.counters["hit_ratio"] = static_cast<double>(hits) / static_cast<double>(state.iterations() * kReads);
}

void chase(benchmark::State& state) {
  const auto slots = static_cast<std::size_t>(state.range(0)) / sizeof(std::uint32_t) / 16;  // one per line
  std::vector<std::uint32_t> order(slots);
  std::iota(order.begin(), order.end(), 0u);
  std::uint64_t x = 88172645463325252ull;
  for (std::size_t i = slots - 1; i > 0; --i) std::swap(order[i], order[xorshift(x) % (i + 1)]);
  std::vector<std::uint32_t> next(slots * 16);  // a single cycle through every line, in random order
  for (std::size_t i = 0; i < slots; ++i) next[order[i] * 16] = order[(i + 1) % slots];
  std::uint32_t at = order[0];
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < kReads; ++i) at = next[at * 16];
  }
  benchmark::DoNotOptimize(at);
  state.counters["operations"] = kReads;
  state.counters["ns_per_read"] = benchmark::Counter(static_cast<double>(kReads) * 1e-9,
                                                     benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int access : {0, 1}) {
    for (int n : {1'000, 10'000, 100'000, 1'000'000}) b->Args({n, access});
  }
  timing(b);
}

BENCHMARK_CAPTURE(read_through, lru, Policy::kLru)->Apply(timing);
BENCHMARK_CAPTURE(read_through, lfu, Policy::kLfu)->Apply(timing);
BENCHMARK_CAPTURE(read_through, fifo, Policy::kFifo)->Apply(timing);
BENCHMARK(key_stream)->Apply(timing);
BENCHMARK_TEMPLATE(lru_size, NodeBasedLru)->Name("lru_size/node_based")->Apply(sizes);
BENCHMARK_TEMPLATE(lru_size, FlatWithStrings)->Name("lru_size/flat")->Apply(sizes);
BENCHMARK_TEMPLATE(lru_size, FlatWithViews)->Name("lru_size/flat_views")->Apply(sizes);
BENCHMARK(chase)->Name("chase")->Arg(64 << 10)->Arg(1 << 20)->Arg(16 << 20)->Arg(128 << 20)->Apply(timing);

}  // namespace

BENCHMARK_MAIN();
