// The figures of a trace step by name, for tests that assert what a block reported.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "sim/trace.h"

namespace sdlab::testing {

inline const sim::Datum* datum(const sim::Step& step, std::string_view name) {
  for (const sim::Datum& d : step.data) {
    if (d.name == name) return &d;
  }
  ADD_FAILURE() << "step " << step.kind << " has no datum " << name;
  return nullptr;
}

// The number named `name` (NaN when there is none, after a test failure).
inline double number(const sim::Step& step, std::string_view name) {
  const sim::Datum* d = datum(step, name);
  return d && d->number ? *d->number : std::nan("");
}

// The text named `name` ("" when there is none, after a test failure).
inline std::string text(const sim::Step& step, std::string_view name) {
  const sim::Datum* d = datum(step, name);
  return d && d->text ? *d->text : std::string();
}

}  // namespace sdlab::testing
