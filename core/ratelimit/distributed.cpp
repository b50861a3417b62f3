#include "ratelimit/distributed.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

#include "ratelimit/limiter.h"
#include "sim/random.h"

namespace sdlab::ratelimit {

namespace {

// Counts per (client, window), as a store or a server keeps them.
class Counters {
 public:
  std::uint64_t& at(std::uint32_t client, sim::Micros window) {
    return counts_[static_cast<std::uint64_t>(window) * kClientSlots + client];
  }

  // Admitted cost beyond `limit`, summed over every (client, window).
  std::uint64_t beyond(std::uint64_t limit) const {
    std::uint64_t total = 0;
    for (const auto& [key, count] : counts_) total += count > limit ? count - limit : 0;
    return total;
  }

 private:
  static constexpr std::uint64_t kClientSlots = 1 << 20;  // > TrafficSpec::kMaxClients
  std::unordered_map<std::uint64_t, std::uint64_t> counts_;
};

// A racy write in flight: SET count = value at `lands`.
struct Write {
  sim::Micros lands;
  std::uint64_t order;
  std::uint32_t client;
  sim::Micros window;
  std::uint64_t value;
  bool operator>(const Write& other) const {
    return lands != other.lands ? lands > other.lands : order > other.order;
  }
};

}  // namespace

Status parse_placement(std::string_view name, Placement& placement) {
  static constexpr std::pair<std::string_view, Placement> kNames[] = {
      {"local-split", Placement::kLocalSplit}, {"local-full", Placement::kLocalFull},
      {"atomic", Placement::kAtomic}, {"racy", Placement::kRacy}};
  return parse_name("placement", name, kNames, placement);
}

Status parse_routing(std::string_view name, Routing& routing) {
  static constexpr std::pair<std::string_view, Routing> kNames[] = {
      {"round-robin", Routing::kRoundRobin}, {"random", Routing::kRandom}};
  return parse_name("routing", name, kNames, routing);
}

Status parse_fail_mode(std::string_view name, FailMode& fail) {
  static constexpr std::pair<std::string_view, FailMode> kNames[] = {{"open", FailMode::kOpen},
                                                                    {"closed", FailMode::kClosed}};
  return parse_name("failMode", name, kNames, fail);
}

Status check_distributed(const DistributedSpec& s) {
  return first_error(check_integer("servers", s.servers, 1, DistributedSpec::kMaxServers),
                     check_limit("limit", s.limit), check_window_ms("windowMs", s.window_ms),
                     check_number("latencyMs", s.latency_ms, 0, kMaxWindowMs),
                     check_number("outageStartMs", s.outage_start_ms, 0, kMaxWindowMs),
                     check_number("outageEndMs", s.outage_end_ms, s.outage_start_ms, kMaxWindowMs),
                     check_integer("seed", s.seed, 0, 4294967295.0));
}

DistributedResult simulate_distributed(const std::vector<Arrival>& traffic,
                                       const DistributedSpec& s) {
  const auto servers = static_cast<std::uint32_t>(s.servers);
  const auto limit = static_cast<std::uint64_t>(s.limit);
  const std::uint64_t local_limit =
      s.placement == Placement::kLocalSplit ? std::max<std::uint64_t>(1, limit / servers) : limit;
  const sim::Micros window = sim::from_millis(s.window_ms);
  const sim::Micros latency = sim::from_millis(s.latency_ms);
  const sim::Micros outage_start = sim::from_millis(s.outage_start_ms);
  const sim::Micros outage_end = sim::from_millis(s.outage_end_ms);
  const bool local = s.placement == Placement::kLocalSplit || s.placement == Placement::kLocalFull;

  sim::Random random(static_cast<std::uint64_t>(s.seed));
  std::vector<Counters> server_counts(local ? servers : 0);
  Counters store, exact, admitted_counts;
  std::priority_queue<Write, std::vector<Write>, std::greater<>> writes;
  DistributedResult r;
  r.server_requests.assign(servers, 0);
  r.server_admitted.assign(servers, 0);

  for (std::size_t i = 0; i < traffic.size(); ++i) {
    const Arrival& a = traffic[i];
    const auto server = s.routing == Routing::kRoundRobin
                            ? static_cast<std::uint32_t>(i % servers)
                            : static_cast<std::uint32_t>(random.below(servers));
    const sim::Micros w = a.time / window;
    std::uint64_t& reference = exact.at(a.client, w);
    if (reference + a.cost <= limit) {
      reference += a.cost;
      ++r.exact_admitted;
    }
    bool admit = false;
    if (local) {
      std::uint64_t& count = server_counts[server].at(a.client, w);
      admit = count + a.cost <= local_limit;
      if (admit) count += a.cost;
    } else if (a.time >= outage_start && a.time < outage_end) {
      admit = s.fail == FailMode::kOpen;
      ++r.unchecked;
    } else if (s.placement == Placement::kAtomic) {
      std::uint64_t& count = store.at(a.client, w);
      admit = count + a.cost <= limit;
      if (admit) count += a.cost;
      ++r.store_round_trips;
    } else {
      const sim::Micros read_at = a.time + latency / 2;
      while (!writes.empty() && writes.top().lands <= read_at) {
        store.at(writes.top().client, writes.top().window) = writes.top().value;
        writes.pop();
      }
      const std::uint64_t seen = store.at(a.client, w);
      admit = seen + a.cost <= limit;
      ++r.store_round_trips;
      if (admit) {
        writes.push({a.time + latency / 2 + latency, i, a.client, w, seen + a.cost});
        ++r.store_round_trips;
      }
    }
    ++r.server_requests[server];
    if (admit) {
      ++r.admitted;
      ++r.server_admitted[server];
      admitted_counts.at(a.client, w) += a.cost;
    } else {
      ++r.rejected;
    }
  }
  r.over_admitted = admitted_counts.beyond(limit);
  return r;
}

}  // namespace sdlab::ratelimit
