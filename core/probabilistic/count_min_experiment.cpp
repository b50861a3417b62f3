#include "probabilistic/count_min_experiment.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

namespace sdlab::probabilistic {
namespace {

// Writes the item "#<rank>" without allocating: std::to_string formats through the C library in
// WebAssembly (56 ns a name there, 9 natively), std::to_chars is plain integer code in both.
class ItemName {
 public:
  std::string_view operator()(std::uint64_t rank) {
    buffer_[0] = '#';
    const char* end = std::to_chars(buffer_ + 1, buffer_ + sizeof buffer_, rank).ptr;
    return {buffer_, static_cast<std::size_t>(end - buffer_)};
  }

 private:
  char buffer_[24];
};

}  // namespace

Status check_count_min_experiment(const CountMinExperimentSpec& spec) {
  return first_error(
      check_integer("updates", spec.updates, 0, CountMinExperimentSpec::kMaxUpdates),
      sim::check_key_stream(spec.universe, spec.skew),
      check_integer("topK", spec.top_k, 0, kMaxTopK),
      check_integer("seed", spec.seed, 0, 4294967295.0));
}

CountMinExperimentResult run_count_min_experiment(const CountMinExperimentSpec& spec) {
  const auto universe = static_cast<std::uint64_t>(spec.universe);
  const auto top_k = static_cast<std::size_t>(spec.top_k);
  CountMinSketch sketch(spec.shape, spec.conservative, top_k);
  sim::KeyStream keys({sim::Distribution::kZipf, universe, spec.skew,
                       static_cast<std::uint64_t>(spec.seed)});
  std::vector<std::uint64_t> exact(universe);
  ItemName name;
  for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(spec.updates); ++i) {
    const std::uint64_t rank = keys.next();
    ++exact[rank];
    sketch.update(name(rank));
  }

  CountMinExperimentResult result;
  result.total = sketch.total();
  result.bound = sketch.epsilon() * static_cast<double>(result.total);
  std::uint64_t within = 0;
  double error_sum = 0;
  std::vector<TopK::Entry> seen;
  for (std::uint64_t rank = 0; rank < universe; ++rank) {
    if (exact[rank] == 0) continue;
    const std::uint64_t error = sketch.query(name(rank)) - exact[rank];
    result.max_error = std::max(result.max_error, error);
    error_sum += static_cast<double>(error);
    within += static_cast<double>(error) <= result.bound;
    seen.push_back({std::string(name(rank)), exact[rank]});
  }
  result.distinct = seen.size();
  if (!seen.empty()) {
    result.mean_error = error_sum / static_cast<double>(seen.size());
    result.within_bound = static_cast<double>(within) / static_cast<double>(seen.size());
  }
  TopK truth(top_k);
  for (const TopK::Entry& entry : seen) truth.offer(entry.item, entry.count);
  result.top = sketch.top().sorted();
  result.true_top = truth.sorted();
  for (const TopK::Entry& entry : result.top) {
    result.top_overlap += std::any_of(result.true_top.begin(), result.true_top.end(),
                                      [&](const TopK::Entry& t) { return t.item == entry.item; });
  }
  return result;
}

}  // namespace sdlab::probabilistic
