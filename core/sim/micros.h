// sdlab::sim micros helpers — checking a duration or a time given in integer microseconds, and
// writing one in a sentence. Both O(1). Micros values up to 2^53 convert to double exactly, so the
// checks and their messages are exact for every range used here (at most ten years).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "sim/clock.h"

namespace sdlab::sim {

// `value` in [min, max]; the message names `name` as check_integer does.
inline Status check_micros(std::string_view name, Micros value, Micros min, Micros max) {
  return check_integer(name, static_cast<double>(value), static_cast<double>(min),
                       static_cast<double>(max));
}

// "1500 µs".
inline std::string format_micros(Micros us) { return std::to_string(us) + " µs"; }

}  // namespace sdlab::sim
