// Test helper: a request that must not be an error.
#pragma once

#include <gtest/gtest.h>

#include "ratelimit/limiter.h"

namespace sdlab::ratelimit {

constexpr sim::Micros kMs = sim::kMicrosPerMilli;
constexpr sim::Micros kSec = 1'000'000;

template <class A>
Decision ask(A& limiter, sim::Micros now, std::uint64_t cost = 1) {
  Decision decision;
  const Status status = limiter.request(now, cost, &decision);
  EXPECT_TRUE(status.is_ok()) << status.message();
  return decision;
}

}  // namespace sdlab::ratelimit
