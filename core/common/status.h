// sdlab::Status — the outcome of checking an argument from outside: ok, or a message that names
// the parameter and the rule it broke ("capacity must be an integer in [0, 1000000], got -1").
//
// Public entry points that take values from a page or a script check them first with the helpers
// below and change nothing when a check fails. Core code does not throw for bad input, so the
// same checks serve the native API and the WebAssembly bindings, which turn a failed Status into
// a JS Error (see wasm/api.js).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace sdlab {

class [[nodiscard]] Status {
 public:
  static Status ok() { return Status(); }
  static Status invalid(std::string message) { return Status(std::move(message)); }

  bool is_ok() const { return message_.empty(); }
  explicit operator bool() const { return is_ok(); }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::string message_;
};

// Renders a number the way JavaScript would show it (integers without a fraction).
std::string format_number(double value);

// `value` is a whole number in [min, max].
Status check_integer(std::string_view name, double value, double min, double max);

// `value` is a finite number in [min, max].
Status check_number(std::string_view name, double value, double min, double max);

// `text` is at most `max_bytes` long.
Status check_length(std::string_view name, std::string_view text, std::size_t max_bytes);

// The first failed Status of several, or ok.
template <class... S>
Status first_error(S&&... statuses) {
  Status result = Status::ok();
  ((result.is_ok() && !statuses.is_ok() ? void(result = std::move(statuses)) : void()), ...);
  return result;
}

}  // namespace sdlab
