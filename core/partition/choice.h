// sdlab::partition::quoted — at most 60 bytes of a value from outside, quoted, for messages.
// sdlab::partition::parse_choice — reads one of a few named options (a mode, a strategy) into an
// enum whose values are the names' indexes, or names them all in the error:
//   mode must be "counter", "hash" or "snowflake", got "random"
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sdlab::partition {

inline std::string quoted(std::string_view text) {
  return "\"" + std::string(text.substr(0, 60)) + (text.size() > 60 ? "…\"" : "\"");
}

// Precondition: N >= 2.
template <class Enum, std::size_t N>
Status parse_choice(std::string_view param, std::string_view name,
                    const std::array<std::string_view, N>& names, Enum& out) {
  std::string listed;
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) {
      out = static_cast<Enum>(i);
      return Status::ok();
    }
    listed += (i == 0 ? "\"" : i + 1 == N ? " or \"" : ", \"") + std::string(names[i]) + "\"";
  }
  return Status::invalid(std::string(param) + " must be " + listed + ", got " + quoted(name));
}

}  // namespace sdlab::partition
