// sdlab::messaging::check_name — the rule for the names a messaging block is given (topics,
// groups, consumers, subscribers): [1, kMaxNameBytes] bytes, any bytes. O(1).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sdlab::messaging {

inline constexpr std::size_t kMaxNameBytes = 64;

// `what` names the argument in the message ("topic must not be empty").
inline Status check_name(std::string_view what, std::string_view name) {
  if (name.empty()) return Status::invalid(std::string(what) + " must not be empty");
  return check_length(what, name, kMaxNameBytes);
}

}  // namespace sdlab::messaging
