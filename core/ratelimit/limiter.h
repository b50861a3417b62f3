// sdlab::ratelimit — what every rate limiter shares: the Decision it returns, the checks every
// request passes, and the trace step that explains each decision in words.
//
// A limiter is a class `A` deriving from Limiter<A> that provides
//   void refresh(sim::Micros now)            bring the state up to `now` (roll a window, drain a
//                                            queue, drop expired log entries) — never changes a
//                                            later decision, so a snapshot may call it too;
//   std::string describe(sim::Micros now, sim::Data& data) const   the state the request meets,
//                                            in words, and its figures into `data`;
//   Decision decide(sim::Micros now, std::uint64_t cost)   admit or reject, updating the state;
// and Limiter<A>::request() checks the input, then runs them in that order (describe only when a
// trace is attached, so an untraced request builds no strings).
//
// Costs are whole numbers (std::uint64_t), as in x/time/rate's AllowN(n int) and redis-cell's
// quantity. Cost 0 asks without consuming: it is admitted and changes nothing that matters.
// A cost above what the limiter can ever hold (its burst, capacity or limit) is not an error: it
// is rejected with retry_after == kNever, which is what x/time/rate (AllowN(n > burst) is false)
// and redis-cell (retry_after −1) do.
//
// Time is integer microseconds in [0, sim::kMaxTime]. Every duration a limiter computes is bounded
// by its configuration (a window, a tolerance, or a fill: a refill or drain from end to end, at
// most kMaxFillMs, see check_fill), so time + duration never overflows; products of a rate or a
// count and a time are formed in 128-bit integers (Wide).
//
// Errors (Status, nothing changed): a time earlier than the last request's ("time went
// backwards") or outside [0, sim::kMaxTime], a cost above kMaxCost.
// Thread-safety: none; a limiter belongs to one simulation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::ratelimit {

// retry_after of a request that can never be admitted (its cost exceeds the capacity).
inline constexpr sim::Micros kNever = -1;
inline constexpr std::uint64_t kMaxCost = 1'000'000'000;
// Limits, bursts and capacities are integers in [1, kMaxLimit].
inline constexpr double kMaxLimit = 1'000'000'000;
// Rates are finite numbers of events per second in [kMinRate, kMaxRate].
inline constexpr double kMinRate = 1e-6;
inline constexpr double kMaxRate = 1e9;
// Windows and periods are finite numbers of milliseconds in [0.001, kMaxWindowMs] (one year).
inline constexpr double kMaxWindowMs = 365.0 * 24 * 3600 * 1000;
// The longest a rate-based limiter may take to go from end to end — a token bucket's refill from
// empty, a leaky bucket's drain from full — and so the longest wait it ever reports: 100 years.
inline constexpr double kMaxFillMs = 100 * kMaxWindowMs;

// Unsigned 128-bit integers, for the exact products the limiters form (a rate or a count times a
// time) without overflow.
__extension__ typedef unsigned __int128 Wide;

struct Decision {
  bool allowed = false;
  double remaining = 0;            // allowance left after this request
  sim::Micros retry_after = 0;     // 0 when allowed; kNever when it can never be admitted
  sim::Micros reset_after = 0;     // until the limiter is fully replenished / the window resets
};

// "1.200 s", or "0.333333 s" when the time has a sub-millisecond part; exact for every time.
std::string format_seconds(sim::Micros t);
// A count or a fractional level: "5", "2.50".
std::string format_amount(double amount);

Status check_rate(const char* name, double per_second);
Status check_limit(const char* name, double limit);
Status check_window_ms(const char* name, double ms);
// `amount` (a checked limit) at `per_second` (a checked rate) takes at most kMaxFillMs; `what`
// names the ratio and what it means ("burst / ratePerSec, the time a refill from empty takes,").
Status check_fill(const char* what, double amount, double per_second);
// A request at `now` of `cost`, after the last one at `last_seen`.
Status check_request(sim::Micros now, sim::Micros last_seen, std::uint64_t cost);
// Moving `clock` on by `ms` (from the page): a duration in [0, kMaxFillMs] that keeps it at or
// before sim::kMaxTime.
Status check_advance(const sim::Clock& clock, double ms);

// Looks `name` up in a table of {name, value} for the option `field`; an error listing the
// choices when it is not there.
template <class T, std::size_t N>
Status parse_name(const char* field, std::string_view name,
                  const std::pair<std::string_view, T> (&names)[N], T& out) {
  std::string choices;
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i].first) {
      out = names[i].second;
      return Status::ok();
    }
    choices += i == 0 ? "\"" : i + 1 == N ? " or \"" : ", \"";
    choices += std::string(names[i].first) + "\"";
  }
  return Status::invalid(std::string(field) + " must be " + choices + ", got \"" +
                         std::string(name) + "\"");
}

template <class A>
class Limiter {
 public:
  // Decides on a request of `cost` at `now` into *decision. On an error nothing changes.
  Status request(sim::Micros now, std::uint64_t cost, Decision* decision) {
    if (Status s = check_request(now, last_seen_, cost); !s.is_ok()) return s;
    last_seen_ = now;
    A& self = static_cast<A&>(*this);
    self.refresh(now);
    std::string before;
    sim::Data state;
    if (trace_) before = self.describe(now, state);
    *decision = self.decide(now, cost);
    if (trace_) {
      const Decision& d = *decision;
      sim::Data data = {{"atMs", sim::to_millis(now)}, {"cost", cost}};
      data.insert(data.end(), state.begin(), state.end());
      data.push_back({"remaining", d.remaining});
      data.push_back(
          {"retryAfterMs", d.retry_after == kNever ? -1 : sim::to_millis(d.retry_after)});
      data.push_back({"resetAfterMs", sim::to_millis(d.reset_after)});
      trace_->add(d.allowed ? "admit" : "reject", format_seconds(now),
                  before + ": " + verdict(d, cost), std::move(data));
    }
    return Status::ok();
  }

  // The time of the last request (0 before any).
  sim::Micros last_seen() const { return last_seen_; }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  static std::string verdict(const Decision& d, std::uint64_t cost) {
    std::string text = d.allowed ? "admitted" : "rejected";
    if (cost != 1) text += " (cost " + std::to_string(cost) + ")";
    if (d.allowed) return text + ", " + format_amount(d.remaining) + " left";
    if (d.retry_after == kNever) return text + ": more than it can ever allow";
    return text + ", retry in " + format_seconds(d.retry_after);
  }

  sim::Micros last_seen_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::ratelimit
