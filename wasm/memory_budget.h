// sdlab::wasm memory budget — the module-wide limit on what block handles hold.
//
// The module's heap grows up to Emscripten's maximum, 2 GiB, and an allocation past it aborts the
// whole module (3.1.6 cannot catch std::bad_alloc without JS exceptions). Two kinds of handle can
// reach it: those with a big array sized by one argument — a bloom filter's bits (up to 32 MiB),
// a counting filter's counters (up to 256 MiB), a count-min sketch's cells (up to 32 MiB); eight
// big counting filters are 2 GiB — and caches, which grow with what is put in them (a million
// entries of 64 KiB values would be 64 GiB). So each such handle holds a MemoryLease on one
// budget of kMemoryBudgetBytes (1 GiB): a filter or sketch for its array, taken before the array
// is allocated; a cache for its bytes(), grown before each put (by a bound on what the put can
// add) and settled to the exact figure after every call. All is returned when the handle is
// deleted. A handle, copy() (wasm/binding.h checks it) or put that would pass the budget is
// refused with an error that names the budget, what is left and what was asked, and nothing
// changes. The other GiB is left for everything unleased: batches, experiments, the runtime.
//
// Complexity: O(1). Thread-safety: none (the module runs on one thread).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sdlab::wasm {

inline constexpr std::uint64_t kMemoryBudgetBytes = std::uint64_t{1} << 30;

// Bytes leased by live handles, module-wide.
inline std::uint64_t leased_bytes = 0;

// `bytes` as MiB with one decimal, for messages.
inline std::string mebibytes(std::uint64_t bytes) {
  return format_number(std::round(static_cast<double>(bytes) / (1 << 20) * 10) / 10) + " MiB";
}

// Whether a lease of `bytes` more fits in the budget; the error says what `needs` them ("its
// cells need") and how much is left.
inline Status check_budget(std::uint64_t bytes, std::string_view needs = "its cells need") {
  const std::uint64_t left = leased_bytes < kMemoryBudgetBytes ? kMemoryBudgetBytes - leased_bytes : 0;
  if (bytes <= left) return Status::ok();
  return Status::invalid(std::string(needs) + " " + mebibytes(bytes) +
                         ", but the module's memory budget for filters, sketches and caches (" +
                         mebibytes(kMemoryBudgetBytes) + ") has " + mebibytes(left) +
                         " left: delete() one first");
}

// A share of the budget, held by a handle for its lifetime; copying one takes the share again.
class MemoryLease {
 public:
  // Precondition: check_budget(bytes) is ok.
  explicit MemoryLease(std::uint64_t bytes) : bytes_(bytes) { leased_bytes += bytes; }
  MemoryLease(const MemoryLease& other) : MemoryLease(other.bytes_) {}
  MemoryLease& operator=(const MemoryLease&) = delete;
  ~MemoryLease() { leased_bytes -= bytes_; }

  std::uint64_t bytes() const { return bytes_; }
  // Holds `bytes` from now on. Precondition: check_budget(bytes - bytes()) is ok when it grows.
  void resize(std::uint64_t bytes) {
    leased_bytes = leased_bytes - bytes_ + bytes;
    bytes_ = bytes;
  }

 private:
  std::uint64_t bytes_;
};

}  // namespace sdlab::wasm
