// A trace step's file and line are the real source of the call that reported it: the path is
// relative to the repository (the same natively and in WASM: this suite runs in both), and the
// statement that starts at that line names the step's kind.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cache/lfu_cache.h"
#include "cache/lru_cache.h"
#include "partition/hash_ring.h"
#include "probabilistic/count_min_sketch.h"
#include "probabilistic/counting_bloom_filter.h"
#include "ratelimit/token_bucket.h"

namespace sdlab {
namespace {

// The statement of `file` (from the repository root) that starts at `line`: that line and the
// ones after it up to the first ';'. Empty when the file or the line does not exist.
std::string statement_at(const std::string& file, std::uint32_t line) {
  std::ifstream in(std::string(SDLAB_SOURCE_DIR) + "/" + file);
  std::string text, statement;
  for (std::uint32_t at = 1; std::getline(in, text); ++at) {
    if (at < line) continue;
    statement += text + "\n";
    if (text.find(';') != std::string::npos) break;
  }
  return statement;
}

// Every step of `trace` came from `file`, and its line starts a statement that names its kind.
void expect_real_lines(const sim::Trace& trace, const std::vector<std::string>& files) {
  ASSERT_FALSE(trace.steps().empty());
  for (const sim::Step& step : trace.steps()) {
    const std::string file = step.file;
    EXPECT_NE(std::find(files.begin(), files.end(), file), files.end()) << step.kind << " in " << file;
    EXPECT_EQ(file.find(SDLAB_SOURCE_DIR), std::string::npos) << "relative: " << file;
    const std::string statement = statement_at(file, step.line);
    EXPECT_NE(statement.find('"' + step.kind + '"'), std::string::npos)
        << step.kind << " at " << file << ":" << step.line << " reads:\n" << statement;
  }
}

TEST(TraceSource, CacheStepsNameTheLineOfTheirCallNotTheHelpers) {
  cache::LruCache<std::string, int> lru(2);
  cache::LfuCache<std::string, int> lfu(2);
  sim::Trace trace;
  lru.set_trace(&trace);
  lfu.set_trace(&trace);
  for (const char* key : {"a", "b", "a", "c", "d"}) {
    lru.put(key, 1);
    lru.get("a");
    lfu.put(key, 1);
    lfu.get("a");
  }
  lru.get("zz");
  lru.erase("a");
  expect_real_lines(trace, {"core/cache/list_cache.h", "core/cache/lfu_cache.h"});
}

TEST(TraceSource, NestedStepsOfARingLookupNameTheirLines) {
  partition::HashRing ring(4);
  sim::Trace trace;
  ring.set_trace(&trace);
  ASSERT_TRUE(ring.add_node("a", 1).is_ok());
  ASSERT_TRUE(ring.add_node("b", 2).is_ok());
  ring.replicas("user:42", 2);
  ASSERT_TRUE(ring.remove_node("a").is_ok());
  expect_real_lines(trace, {"core/partition/hash_ring.cpp"});
}

TEST(TraceSource, ProbabilisticStepsNameTheirLines) {
  probabilistic::CountingBloomFilter bloom({64, 3}, 4);
  probabilistic::CountMinSketch sketch({16, 3}, false, 2);
  sim::Trace trace;
  bloom.set_trace(&trace);
  sketch.set_trace(&trace);
  bloom.add("alice");
  bloom.contains("alice");
  bloom.contains("bob");
  ASSERT_TRUE(bloom.remove("alice").is_ok());
  sketch.update("x", 2);
  sketch.query("x");
  expect_real_lines(trace, {"core/probabilistic/bloom_filter.h", "core/probabilistic/counting_bloom_filter.h",
                            "core/probabilistic/count_min_sketch.h"});
}

TEST(TraceSource, ALimitersDecisionNamesTheSharedRequestLine) {
  ratelimit::TokenBucket bucket({.rate_per_sec = 1, .burst = 2});
  sim::Trace trace;
  bucket.set_trace(&trace);
  for (int i = 0; i < 3; ++i) {
    ratelimit::Decision decision;
    ASSERT_TRUE(bucket.request(0, 1, &decision).is_ok());
  }
  expect_real_lines(trace, {"core/ratelimit/limiter.h"});
}

}  // namespace
}  // namespace sdlab
