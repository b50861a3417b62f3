// sdlab::messaging::CronExpression — a standard five-field cron expression and its next fire time
// on a UTC civil calendar, as Vixie cron (and cronie, which descends from it) reads and runs one.
//
//   minute hour day-of-month month day-of-week        e.g. "*/15 9-17 * * MON-FRI"
//   0-59   0-23 1-31         1-12  0-7 (0 and 7 are Sunday)
// A field is a comma-separated list of items; an item is `*`, a value, or a range `a-b`, and `*`
// or a range may take a step `/n` (`*/15`, `10-50/20`). Months may be named JAN-DEC and days
// SUN-SAT, in any case, also inside ranges (`MON-FRI`). A step after a single value (`5/10`),
// which cron implementations read in different ways, is refused, as are a reversed range (`5-1`),
// a zero step and `@` shorthands (`@daily`).
// Any malformed expression is a Status naming the field and the offending text.
//
// The day rule (Vixie's DOM_STAR / DOW_STAR): when both day-of-month and day-of-week are
// restricted, a day matches if EITHER matches ("0 0 13 * FRI" fires on every 13th and every
// Friday); when either field starts with `*` (including `*/2`, as in cron's source) both must
// match, so the `*` one constrains only through its step.
//
// Time: integer microseconds since 1970-01-01T00:00Z, the proleptic Gregorian calendar in UTC,
// no time zones and no leap seconds (days_from_civil / civil_from_days after H. Hinnant's
// algorithms). A fire time is a whole minute. next_fire(after) is the first fire time strictly
// after `after`, or empty when there is none up to kMaxTime (2^53 µs, in the year 2255): an
// expression that can never fire ("0 0 30 2 *", "0 0 31 4 *") gives empty after at most one
// pass over that span, skipping whole months and days, never looping. Feb 29 fires only in leap
// years (2100 is not one); "0 0 31 * *" skips the months that have no 31st.
//
// Complexity: parse O(length); next_fire O(months + days skipped), at most ~3,500 months and
// ~104,000 days when it never fires (bench/messaging_bench.cpp measures it). Thread-safety: a
// parsed expression is immutable; const calls may run concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sim/clock.h"
#include "sim/trace.h"

namespace sdlab::messaging {

using sim::Micros;

inline constexpr std::size_t kMaxCronBytes = 256;
inline constexpr Micros kMicrosPerMinute = 60'000'000;
inline constexpr Micros kMicrosPerDay = 86'400'000'000;

// A civil date and time of day in UTC.
struct Civil {
  std::int64_t year = 1970;
  std::uint32_t month = 1;  // 1-12
  std::uint32_t day = 1;    // 1-31
  std::uint32_t hour = 0;
  std::uint32_t minute = 0;
  std::uint32_t weekday = 4;  // 0 = Sunday; 1970-01-01 was a Thursday
};

// Days since 1970-01-01 of a proleptic Gregorian date (negative before it). O(1).
std::int64_t days_from_civil(std::int64_t year, std::uint32_t month, std::uint32_t day);
// The date and time of `t` µs since the epoch (floored to the minute). O(1).
Civil civil_from_micros(Micros t);
bool is_leap_year(std::int64_t year);
std::uint32_t days_in_month(std::int64_t year, std::uint32_t month);

class CronExpression {
 public:
  // Parses `text` into `out`; on failure `out` is unchanged.
  static Status parse(std::string_view text, CronExpression& out);

  // The first fire time > after, or empty if none <= kMaxTime. Every `after` is allowed: one
  // below 0 searches from 0. With a trace, reports each month, day and hour it skips and why.
  std::optional<Micros> next_fire(Micros after, sim::Trace* trace = nullptr) const;
  // Does the minute that holds `t` match?
  bool matches(Micros t) const;

  const std::string& text() const { return text_; }
  // Bit i set when value i is in the field (day-of-week: 0-6, Sunday 0, 7 folded into 0).
  std::uint64_t minutes() const { return minutes_; }
  std::uint32_t hours() const { return hours_; }
  std::uint32_t days_of_month() const { return days_of_month_; }
  std::uint32_t months() const { return months_; }
  std::uint32_t days_of_week() const { return days_of_week_; }
  // The fields that start with `*` (Vixie's DOM_STAR / DOW_STAR).
  bool day_of_month_star() const { return dom_star_; }
  bool day_of_week_star() const { return dow_star_; }

 private:
  bool day_matches(const Civil& c) const;

  std::string text_ = "* * * * *";
  std::uint64_t minutes_ = (std::uint64_t{1} << 60) - 1;
  std::uint32_t hours_ = (1u << 24) - 1;
  std::uint32_t days_of_month_ = ((1u << 31) - 1) << 1;
  std::uint32_t months_ = ((1u << 12) - 1) << 1;
  std::uint32_t days_of_week_ = (1u << 7) - 1;
  bool dom_star_ = true;
  bool dow_star_ = true;
};

}  // namespace sdlab::messaging
