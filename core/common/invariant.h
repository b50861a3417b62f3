// sdlab::Invariant — a property a block promises after every call, checked when asked.
//
// A block declares its promises as a const member `Invariants invariants() const`: one Invariant
// per promise, always in the same order, each named by a sentence ("holds at most capacity
// entries"); `holds` is the outcome and `detail` says what was found when it fails ("4 entries,
// capacity 3"). A check costs O(size) at most and runs only when asked (the page asks once per
// frame), never inside the block's own calls. A simulation that checks at each of its steps (a
// request, a reader) records in `step` the first one that broke the property.
//
// Tests break a block on purpose through TestPeer<Block>: a block that names it a friend lets a
// test specialize it to reach the block's private state and corrupt it, so that the test can see
// invariants() report the damage. Nothing outside tests specializes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sdlab {

struct Invariant {
  std::string name;
  bool holds = true;
  std::string detail = "";                 // "" when it holds
  std::optional<std::uint64_t> step = {};  // simulations: the first step that broke it
};

using Invariants = std::vector<Invariant>;

// Appends the outcome of one promise; `detail()` is built only when it fails.
template <class Detail>
void check_invariant(Invariants& list, std::string name, bool holds, Detail&& detail) {
  list.push_back({std::move(name), holds, holds ? std::string() : std::string(detail()), std::nullopt});
}

// Appends every invariant of `from` (a part's promises, made the whole's).
inline void append_invariants(Invariants& list, Invariants from) {
  for (Invariant& invariant : from) list.push_back(std::move(invariant));
}

template <class Block>
struct TestPeer;  // specialized by tests only

}  // namespace sdlab
