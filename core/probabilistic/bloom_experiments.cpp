#include "probabilistic/bloom_experiments.h"

#include <string>
#include <unordered_set>

#include "common/hash.h"
#include "sim/random.h"

namespace sdlab::probabilistic {
namespace {

constexpr std::uint64_t kTopBit = std::uint64_t{1} << 63;

Status check_seed(double seed) { return check_integer("seed", seed, 0, 4294967295.0); }

}  // namespace

Status check_bloom_experiment(const BloomExperimentSpec& spec) {
  return first_error(check_bloom_target(spec.design_items, spec.rate),
                     check_integer("maxItems", spec.max_items, 1, BloomExperimentSpec::kMaxItems),
                     check_integer("points", spec.points, 1, BloomExperimentSpec::kMaxPoints),
                     check_integer("probes", spec.probes, 1, BloomExperimentSpec::kMaxProbes),
                     check_seed(spec.seed));
}

BloomExperimentResult run_bloom_experiment(const BloomExperimentSpec& spec) {
  BloomExperimentResult result{bloom_shape_for(spec.design_items, spec.rate), {}};
  BloomFilter filter(result.shape);
  sim::Random members(static_cast<std::uint64_t>(spec.seed));
  sim::Random others(static_cast<std::uint64_t>(spec.seed) ^ 0x5bd1e995);
  const auto max_items = static_cast<std::uint64_t>(spec.max_items);
  const auto points = static_cast<std::uint64_t>(spec.points);
  const auto probes = static_cast<std::uint64_t>(spec.probes);
  std::uint64_t added = 0;
  for (std::uint64_t point = 1; point <= points; ++point) {
    for (const std::uint64_t target = max_items * point / points; added < target; ++added) {
      const std::uint64_t item = members() & ~kTopBit;
      filter.add(bytes_of(item));
    }
    std::uint64_t item = 0;
    const std::uint64_t positives = filter.count_contained(probes, [&](std::size_t) {
      item = others() | kTopBit;
      return bytes_of(item);
    });
    result.points.push_back({added, static_cast<double>(positives) / static_cast<double>(probes),
                             filter.false_positive_rate(), filter.bits_set()});
  }
  return result;
}

Status check_username_check(const UsernameCheckSpec& spec) {
  return first_error(
      check_integer("existing", spec.existing, 1, UsernameCheckSpec::kMaxExisting),
      check_number("falsePositiveRate", spec.rate, kMinBloomRate, kMaxBloomRate),
      check_integer("queries", spec.queries, 0, UsernameCheckSpec::kMaxQueries),
      check_number("takenShare", spec.taken_share, 0, 1),
      check_number("storeLatencyMs", spec.store_latency_ms, 0, UsernameCheckSpec::kMaxLatencyMs),
      check_seed(spec.seed));
}

UsernameCheckResult check_usernames(const UsernameCheckSpec& spec) {
  const auto existing = static_cast<std::uint64_t>(spec.existing);
  UsernameCheckResult result;
  result.shape = bloom_shape_for(spec.existing, spec.rate);
  BloomFilter filter(result.shape);
  std::unordered_set<std::string> store;
  for (std::uint64_t i = 0; i < existing; ++i) {
    std::string name = "user" + std::to_string(i);
    filter.add(name);
    store.insert(std::move(name));
  }
  sim::Random random(static_cast<std::uint64_t>(spec.seed));
  result.queries = static_cast<std::uint64_t>(spec.queries);
  for (std::uint64_t i = 0; i < result.queries; ++i) {
    const bool taken = random.uniform01() < spec.taken_share;
    const std::string name = taken ? "user" + std::to_string(random.below(existing))
                                   : "new" + std::to_string(i);
    result.taken += taken;
    if (!filter.contains(name)) {
      ++result.lookups_saved;
      continue;
    }
    ++result.store_lookups;
    result.false_positives += store.count(name) == 0;
  }
  result.store_ms_with_filter = static_cast<double>(result.store_lookups) * spec.store_latency_ms;
  result.store_ms_without_filter = static_cast<double>(result.queries) * spec.store_latency_ms;
  return result;
}

}  // namespace sdlab::probabilistic
