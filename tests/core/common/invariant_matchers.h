// Test helpers for invariants(): all of them hold; the one with a given name; what it found.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "common/invariant.h"

namespace sdlab {

// Succeeds when every invariant holds; otherwise names each that failed and why.
inline ::testing::AssertionResult AllHold(const Invariants& list) {
  if (list.empty()) return ::testing::AssertionFailure() << "no invariants declared";
  ::testing::AssertionResult result = ::testing::AssertionSuccess();
  for (const Invariant& invariant : list) {
    if (!invariant.holds) {
      if (result) result = ::testing::AssertionFailure();
      result << "\n  broken: " << invariant.name << ": " << invariant.detail;
    }
  }
  return result;
}

// The invariant called `name`; fails the test when there is none.
inline Invariant Named(const Invariants& list, std::string_view name) {
  for (const Invariant& invariant : list) {
    if (invariant.name == name) return invariant;
  }
  ADD_FAILURE() << "no invariant named \"" << name << "\"";
  return {};
}

// What the invariant called `name` found when it failed, or "(holds)".
inline std::string Broken(const Invariants& list, std::string_view name) {
  const Invariant found = Named(list, name);
  return found.holds ? "(holds)" : found.detail;
}

}  // namespace sdlab
