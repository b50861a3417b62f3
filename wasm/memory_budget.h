// sdlab::wasm memory budget — the module-wide limit on the big arrays that block handles own.
//
// The module's heap grows up to Emscripten's maximum, 2 GiB, and an allocation past it aborts the
// whole module (3.1.6 cannot catch std::bad_alloc without JS exceptions). The arrays a caller
// sizes with one argument reach it: a bloom filter's bits (up to 32 MiB), a counting filter's
// counters (up to 256 MiB), a count-min sketch's cells (up to 32 MiB) — eight big counting
// filters are 2 GiB. So every handle that owns such an array holds a MemoryLease on one budget
// of kMemoryBudgetBytes (1 GiB), taken before the array is allocated and returned when the
// handle is deleted. A handle (or a copy(): wasm/binding.h checks it) that would pass the budget
// is refused with an error that names the budget, what is left and what was asked, and nothing is
// allocated. The other GiB is left for everything unleased: caches, batches, experiments.
//
// Complexity: O(1). Thread-safety: none (the module runs on one thread).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace sdlab::wasm {

inline constexpr std::uint64_t kMemoryBudgetBytes = std::uint64_t{1} << 30;

// Bytes leased by live handles, module-wide.
inline std::uint64_t leased_bytes = 0;

// `bytes` as MiB with one decimal, for messages.
inline std::string mebibytes(std::uint64_t bytes) {
  return format_number(std::round(static_cast<double>(bytes) / (1 << 20) * 10) / 10) + " MiB";
}

// Whether a lease of `bytes` more fits in the budget; the error says how much is left.
inline Status check_budget(std::uint64_t bytes) {
  const std::uint64_t left = kMemoryBudgetBytes - leased_bytes;
  if (bytes <= left) return Status::ok();
  return Status::invalid("its cells need " + mebibytes(bytes) +
                         ", but the module's memory budget for filter and sketch cells (" +
                         mebibytes(kMemoryBudgetBytes) + ") has " + mebibytes(left) +
                         " left: delete() a filter or sketch first");
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

 private:
  std::uint64_t bytes_;
};

}  // namespace sdlab::wasm
