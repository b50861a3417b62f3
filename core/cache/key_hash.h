// sdlab::cache::KeyHash — the default hash of the list caches' keys.
//
// Strings hash with XXH3 (common/hash.h) and are transparent: a std::string_view or a C string
// finds a std::string key without building one, which is what lets the JS fast path look a key up
// in place. Integers are their own hash: SlotIndex's multiplicative mixing spreads them (a
// hash function on top would cost more than the lookup). Anything else: std::hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/hash.h"

namespace sdlab::cache {

template <class K>
struct KeyHash : std::hash<K> {};

template <>
struct KeyHash<std::string> {
  using is_transparent = void;
  std::uint64_t operator()(std::string_view key) const { return hash64(key); }
};

template <class K>
  requires std::is_integral_v<K>
struct KeyHash<K> {
  std::uint64_t operator()(K key) const { return static_cast<std::uint64_t>(key); }
};

}  // namespace sdlab::cache
