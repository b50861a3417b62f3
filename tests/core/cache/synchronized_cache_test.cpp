// SynchronizedCache under real threads: mixed get/put/erase keep the cache's invariants and every
// operation is counted exactly once. Run under ThreadSanitizer by the native-tsan preset; the
// WebAssembly build has no threads, so there only the single-threaded tests run.
#include "cache/synchronized_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "cache/fifo_cache.h"
#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"
#include "sim/random.h"

namespace sdlab::cache {
namespace {

// Skips the calling test where std::thread cannot start a thread.
#ifdef __EMSCRIPTEN__
#define SKIP_WITHOUT_THREADS() GTEST_SKIP() << "this WebAssembly build has no threads"
#else
#define SKIP_WITHOUT_THREADS() static_cast<void>(0)
#endif

template <class C>
class SynchronizedCacheTest : public ::testing::Test {};

using Policies = ::testing::Types<LruCache<int, std::string>, LfuCache<int, std::string>,
                                  FifoCache<int, std::string>>;
TYPED_TEST_SUITE(SynchronizedCacheTest, Policies);

TYPED_TEST(SynchronizedCacheTest, ReturnsCopiesOfValues) {
  SynchronizedCache<TypeParam> cache(2);
  cache.put(1, "one");
  std::optional<std::string> value = cache.get(1);
  cache.put(1, "uno");
  EXPECT_EQ(value, "one");
  EXPECT_EQ(cache.peek(1), "uno");
  EXPECT_EQ(cache.get(2), std::nullopt);
}

TYPED_TEST(SynchronizedCacheTest, ConcurrentMixedOperationsKeepInvariants) {
  SKIP_WITHOUT_THREADS();
  constexpr int kThreads = 8;
  constexpr int kOperations = 20000;
  constexpr std::size_t kCapacity = 16;
  SynchronizedCache<TypeParam> cache(kCapacity);
  std::atomic<std::uint64_t> gets{0}, evictions{0}, oversize{0}, torn{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      sim::Random random(static_cast<std::uint64_t>(t) + 1);
      for (int i = 0; i < kOperations; ++i) {
        const int key = static_cast<int>(random.below(64));
        switch (random.below(4)) {
          case 0:
          case 1:
            ++gets;
            if (auto value = cache.get(key); value && *value != std::to_string(key)) ++torn;
            break;
          case 2:
            if (cache.put(key, std::to_string(key))) ++evictions;
            break;
          default:
            cache.erase(key);
        }
        if (cache.size() > kCapacity) ++oversize;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const CacheStats stats = cache.stats();
  EXPECT_EQ(oversize.load(), 0u);
  EXPECT_EQ(torn.load(), 0u);
  EXPECT_EQ(stats.hits + stats.misses, gets.load());
  EXPECT_EQ(stats.evictions, evictions.load());
  EXPECT_LE(cache.size(), kCapacity);
}

TYPED_TEST(SynchronizedCacheTest, WithLockMakesGetOrLoadAtomic) {
  SKIP_WITHOUT_THREADS();
  SynchronizedCache<TypeParam> cache(8);
  std::atomic<int> loads{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int key = 0; key < 8; ++key) {
        cache.with_lock([&](TypeParam& c) {
          if (c.get(key) == nullptr) {
            ++loads;
            c.put(key, std::to_string(key));
          }
        });
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(loads.load(), 8);  // each key loaded once, however the threads interleave
  EXPECT_EQ(cache.size(), 8u);
}

}  // namespace
}  // namespace sdlab::cache
