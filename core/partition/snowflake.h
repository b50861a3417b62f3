// sdlab::partition::SnowflakeGenerator — Twitter Snowflake ids on the simulated clock.
//
// A 64-bit id is 0 | 41 bits of milliseconds since a custom epoch | 10 bits of machine |
// 12 bits of sequence. The custom epoch is the simulated clock's zero; a machine reads the clock
// plus its own skew (set_skew models an NTP step). Within one millisecond the sequence counts up;
// the 4,097th id of a millisecond waits for the next one: the generator advances the shared
// simulated clock to it and reports the wait. A clock that reads earlier than the last id's
// millisecond (a step back) is an error and no id is made, as in the original. So is a wait past
// the 41-bit range: the next millisecond must exist (the last one, 2^41 − 1 ms after the epoch,
// holds 4,096 ids per machine) and the shared clock may not pass kSnowflakeMaxClock, which would
// stop every machine; the refusal leaves the clock and the generator as they were.
//
// Invariants: ids of one machine strictly increase; ids of different machines differ in the
// machine bits. Complexity: O(1) per id. Thread-safety: none (one generator per machine).
#pragma once

#include <cstdint>
#include <cmath>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::partition {

inline constexpr int kSnowflakeSequenceBits = 12;
inline constexpr int kSnowflakeMachineBits = 10;
inline constexpr std::int64_t kSnowflakeMaxTime = (std::int64_t{1} << 41) - 1;
// The latest the shared clock may read: the start of the last millisecond.
inline constexpr sim::Micros kSnowflakeMaxClock = kSnowflakeMaxTime * sim::kMicrosPerMilli;
inline constexpr double kMaxMachine = (1 << kSnowflakeMachineBits) - 1;

struct SnowflakeParts {
  std::int64_t time_ms;  // since the custom epoch
  std::uint32_t machine;
  std::uint32_t sequence;
};

inline SnowflakeParts decode_snowflake(std::uint64_t id) {
  return {static_cast<std::int64_t>(id >> (kSnowflakeMachineBits + kSnowflakeSequenceBits)),
          static_cast<std::uint32_t>((id >> kSnowflakeSequenceBits) & 0x3FF),
          static_cast<std::uint32_t>(id & 0xFFF)};
}

inline Status check_machine(double machine) {
  return check_integer("machine", machine, 0, kMaxMachine);
}

// Reads a decimal id (1–19 digits, below 2^63) into `id`; changes nothing when `text` is not one.
inline Status parse_snowflake(std::string_view text, std::uint64_t& id) {
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 19;
  for (char c : text) {
    ok = ok && c >= '0' && c <= '9';
    if (ok) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!ok || value >> 63) {
    return Status::invalid("id must be a decimal string of a 64-bit id below 2^63, got \"" +
                           std::string(text.substr(0, 40)) + "\"");
  }
  id = value;
  return Status::ok();
}

// Moving `clock` on by `ms` keeps it inside the 41-bit millisecond range ids can encode.
inline Status check_advance(const sim::Clock& clock, double ms) {
  const double left = static_cast<double>(kSnowflakeMaxClock - clock.now());
  return check_number("ms", ms, 0, std::floor(left / sim::kMicrosPerMilli));
}

class SnowflakeGenerator {
 public:
  // Preconditions: check_machine(machine) is ok; `clock` outlives the generator.
  SnowflakeGenerator(sim::Clock& clock, std::uint32_t machine) : clock_(clock), machine_(machine) {}

  // Makes the next id into `id`; `waited` receives the simulated µs spent waiting for the next
  // millisecond (0 mostly). Fails, changing nothing, when the clock reads before the last id's
  // millisecond or outside the 41-bit range, or when the wait would leave the range.
  Status next(std::uint64_t& id, sim::Micros& waited) {
    std::int64_t now = millis();
    if (now < 0 || now > kSnowflakeMaxTime) {
      return Status::invalid("the clock reads " + std::to_string(now) +
                             " ms since the epoch, outside the 41-bit range [0, 2199023255551]");
    }
    if (now < last_ms_) {
      if (trace_) {
        note("backwards", "clock moved back by " + std::to_string(last_ms_ - now) + " ms",
             {{"backMs", last_ms_ - now}});
      }
      return Status::invalid("clock moved backwards by " + std::to_string(last_ms_ - now) +
                             " ms (last id at " + std::to_string(last_ms_) + " ms, now " +
                             std::to_string(now) + " ms): no id generated");
    }
    std::uint32_t sequence = 0;
    sim::Micros wait = 0;
    if (now == last_ms_) {
      sequence = (sequence_ + 1) & 0xFFF;
      if (sequence == 0) {
        if (Status status = wait_for_next_millisecond(wait); !status) return status;
        now = millis();
      }
    }
    waited = wait;
    last_ms_ = now;
    sequence_ = sequence;
    id = (static_cast<std::uint64_t>(now) << (kSnowflakeMachineBits + kSnowflakeSequenceBits)) |
         (std::uint64_t{machine_} << kSnowflakeSequenceBits) | sequence;
    if (trace_) {
      note("id",
           "time " + std::to_string(now) + " ms, machine " + std::to_string(machine_) +
               ", sequence " + std::to_string(sequence),
           {{"timeMs", now}, {"machine", machine_}, {"sequence", sequence}});
    }
    return Status::ok();
  }

  // This machine's clock runs `skew` µs ahead of the simulation (behind when negative).
  void set_skew(sim::Micros skew) { skew_ = skew; }
  std::uint32_t machine() const { return machine_; }
  std::int64_t last_ms() const { return last_ms_; }  // -1 before the first id
  std::uint32_t sequence() const { return sequence_; }
  sim::Micros skew() const { return skew_; }
  void set_trace(sim::Trace* trace) { trace_ = trace; }

 private:
  std::int64_t millis() const {
    const sim::Micros t = clock_.now() + skew_;
    return t >= 0 ? t / sim::kMicrosPerMilli : -((-t + sim::kMicrosPerMilli - 1) / sim::kMicrosPerMilli);
  }

  // After 4,096 ids in last_ms_: moves the shared clock on to this machine's next millisecond
  // (`waited` receives how far), or refuses, changing nothing, when that is past the range.
  Status wait_for_next_millisecond(sim::Micros& waited) {
    const sim::Micros next_starts = (last_ms_ + 1) * sim::kMicrosPerMilli - skew_;
    if (last_ms_ == kSnowflakeMaxTime || next_starts > kSnowflakeMaxClock) {
      const std::string why = "4096 ids in " + std::to_string(last_ms_) +
                              " ms; waiting for the next millisecond would take the clock past "
                              "the 41-bit range (2199023255551 ms)";
      if (trace_) note("exhausted", why, {{"lastMs", last_ms_}});
      return Status::invalid(why + ": no id generated");
    }
    const sim::Micros before = clock_.now();
    clock_.advance_to(next_starts);
    waited = clock_.now() - before;
    if (trace_) {
      note("wait",
           "4096 ids in " + std::to_string(last_ms_) + " ms: waited " + std::to_string(waited) +
               " µs for the next millisecond",
           {{"waitedMs", sim::to_millis(waited)}});
    }
    return Status::ok();
  }

  // A step, when tracing. Precondition: trace_ is set (callers test it, so untraced calls build
  // no strings).
  void note(const char* kind, std::string why, sim::Data data, sim::Where where = {}) {
    trace_->add(kind, "machine " + std::to_string(machine_), std::move(why), std::move(data),
                where);
  }

  sim::Clock& clock_;
  std::uint32_t machine_;
  sim::Micros skew_ = 0;
  std::int64_t last_ms_ = -1;
  std::uint32_t sequence_ = 0;
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
