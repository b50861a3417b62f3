// sdlab::partition base62 — the alphabet of short codes: 0-9, a-z, A-Z (the seeds' order), most
// significant digit first. 62^L codes of length L; a 64-bit number needs at most 11 digits.
// Complexity: O(digits). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sdlab::partition {

inline constexpr std::string_view kBase62Digits =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// `value` in base62, left-padded with '0' to at least `min_length` digits.
inline std::string base62_encode(std::uint64_t value, std::size_t min_length = 1) {
  std::string digits;
  do {
    digits.insert(digits.begin(), kBase62Digits[value % 62]);
    value /= 62;
  } while (value > 0);
  if (digits.size() < min_length) digits.insert(0, min_length - digits.size(), '0');
  return digits;
}

// Reads base62 `text` into `value`; changes nothing for an empty text, a character outside the
// alphabet, or a number past 2^64 − 1.
inline Status base62_decode(std::string_view text, std::uint64_t& value) {
  if (text.empty()) return Status::invalid("a base62 code must not be empty");
  std::uint64_t result = 0;
  for (char c : text) {
    const std::size_t digit = kBase62Digits.find(c);
    if (digit == std::string_view::npos) {
      return Status::invalid("\"" + std::string(1, c) + "\" is not a base62 digit (0-9, a-z, A-Z)");
    }
    if (result > (UINT64_MAX - digit) / 62) {
      return Status::invalid("base62 code \"" + std::string(text) + "\" is past 2^64 - 1");
    }
    result = result * 62 + digit;
  }
  value = result;
  return Status::ok();
}

// 62^length, exactly while it fits (length <= 10), as a double beyond.
inline double base62_capacity(int length) {
  double codes = 1;
  for (int i = 0; i < length; ++i) codes *= 62;
  return codes;
}

}  // namespace sdlab::partition
