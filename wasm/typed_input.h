// sdlab::wasm typed input — JS typed arrays handed to the kernel-only batch entry points, read
// into C++ in one copy.
//
// A typed array travels in an options field whose rule is `any` (api.js passes the value through
// as it is; the schema has no typed-array rule for input yet), so the check is here: the exact
// typed-array class and a maximum length, with messages that name the field like api.js's.
// read_typed_array then copies the whole array with one TypedArray.prototype.set into the heap —
// a memcpy, not an embind call per element.
//
// PackedItems: a batch of byte strings as one Uint8Array and a Uint32Array of where each item
// ends (what TextEncoder gives for strings: the same bytes the string API hashes), unpacked into
// views without copying again.
#pragma once

#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "schema.h"
#include "sim/trace.h"

namespace sdlab::wasm {

// The rule of an options field that holds a typed array: `any`, checked by read_typed_array.
inline Rule typed_array_field() { return Rule{}; }

// Copies `source`, which must be a typed array of T with at most `max_length` items, into `out`.
// `name` is the field as messages show it ("items.bytes").
template <class T>
Status read_typed_array(const std::string& name, const emscripten::val& source, double max_length,
                        std::vector<T>& out) {
  using emscripten::val;
  const char* type = typed_array_name<T>();
  if (!source.instanceof(val::global(type))) {
    const std::string got = source.isNull() ? "null" : source.typeOf().as<std::string>();
    return Status::invalid(name + " must be a " + type + ", got " +
                           (got == "object" && val::global("ArrayBuffer").call<bool>("isView", source)
                                ? "another typed array"
                                : got));
  }
  const auto length = source["length"].as<double>();
  if (length > max_length) {
    return Status::invalid(name + " must have at most " + format_number(max_length) + " items, got " +
                           format_number(length));
  }
  out.resize(static_cast<std::size_t>(length));
  val(emscripten::typed_memory_view(out.size(), out.data())).call<void>("set", source);
  return Status::ok();
}

inline constexpr double kMaxPackedItems = 10'000'000;
inline constexpr double kMaxPackedBytes = 64 * 1024 * 1024;

struct PackedItems {
  emscripten::val bytes = emscripten::val::undefined();
  emscripten::val ends = emscripten::val::undefined();
};

template <>
struct Describe<PackedItems> {
  static constexpr const char* name = "PackedItems";
  static constexpr const char* doc =
      "A batch of items packed for one call: their UTF-8 bytes back to back and where each ends "
      "(new TextEncoder().encode(item) gives the bytes the string methods hash).";
  static auto fields() {
    return std::tuple{field("bytes", &PackedItems::bytes, typed_array_field(),
                            "Uint8Array of every item's bytes, back to back; at most 67108864 bytes"),
                      field("ends", &PackedItems::ends, typed_array_field(),
                            "Uint32Array: item i is bytes[ends[i − 1], ends[i]) (ends[−1] = 0); "
                            "non-decreasing, the last equal to bytes.length; at most 10000000 items")};
  }
};

// Runs work() with `block`'s trace detached, so that a batch records no steps (a million-item
// trace would not fit), then hands the block `sink` again.
template <class Block, class Work>
auto untraced(Block& block, sim::Trace* sink, Work&& work) {
  block.set_trace(nullptr);
  const auto result = work();
  block.set_trace(sink);
  return result;
}

// A PackedItems batch in C++: call unpack() once, then item(i) for i < size().
class ItemBatch {
 public:
  // Copies and checks the batch; every item is at most `max_item_bytes` long.
  Status unpack(const PackedItems& packed, std::size_t max_item_bytes) {
    Status status = read_typed_array("items.bytes", packed.bytes, kMaxPackedBytes, bytes_);
    if (status) status = read_typed_array("items.ends", packed.ends, kMaxPackedItems, ends_);
    if (!status) return status;
    std::uint32_t start = 0;
    for (std::size_t i = 0; i < ends_.size(); start = ends_[i++]) {
      if (ends_[i] < start) {
        return Status::invalid("items.ends must not decrease: ends[" + std::to_string(i) + "] is " +
                               std::to_string(ends_[i]) + ", after " + std::to_string(start));
      }
      if (ends_[i] - start > max_item_bytes) {
        return Status::invalid("items: item " + std::to_string(i) + " is " + std::to_string(ends_[i] - start) +
                               " bytes long, more than " + std::to_string(max_item_bytes));
      }
    }
    if (start != bytes_.size()) {
      return Status::invalid("items.ends must end at bytes.length, " + std::to_string(bytes_.size()) +
                             ", got " + std::to_string(start));
    }
    return Status::ok();
  }

  std::size_t size() const { return ends_.size(); }
  std::string_view item(std::size_t i) const {
    const std::uint32_t start = i == 0 ? 0 : ends_[i - 1];
    return {reinterpret_cast<const char*>(bytes_.data()) + start, ends_[i] - start};
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::vector<std::uint32_t> ends_;
};

}  // namespace sdlab::wasm
