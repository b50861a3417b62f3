#include "messaging/cron.h"

#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <vector>

#include "sim/micros.h"

namespace sdlab::messaging {

namespace {

constexpr Micros kMicrosPerHour = 3'600'000'000;
constexpr std::uint32_t kTracedSkips = 64;  // a never-firing search reports its first skips only

struct FieldSpec {
  const char* name;
  std::uint32_t low;
  std::uint32_t high;
  const char* const* names;  // names[i] is value low_name + i; null when the field has none
  std::uint32_t low_name;
  std::uint32_t name_count;
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<FieldSpec, 5> kFields = {{{"minute", 0, 59, nullptr, 0, 0},
                                               {"hour", 0, 23, nullptr, 0, 0},
                                               {"day-of-month", 1, 31, nullptr, 0, 0},
                                               {"month", 1, 12, kMonthNames, 1, 12},
                                               {"day-of-week", 0, 7, kDayNames, 0, 7}}};

bool same_name(std::string_view text, const char* name) {
  if (text.size() != 3) return false;
  for (std::size_t i = 0; i < 3; ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != name[i]) return false;
  }
  return true;
}

// Parses one field: its comma-separated items into a bit set.
class FieldParser {
 public:
  FieldParser(const FieldSpec& spec, std::string_view field) : spec_(spec), field_(field) {}

  Status parse(std::uint64_t& bits) {
    std::uint64_t set = 0;
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = field_.find(',', start);
      const std::string_view item =
          field_.substr(start, comma == std::string_view::npos ? comma : comma - start);
      Status s = parse_item(item, set);
      if (!s.is_ok()) return s;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    bits = set;
    return Status::ok();
  }

 private:
  Status error(const std::string& why) const {
    return Status::invalid(std::string(spec_.name) + " field \"" + std::string(field_) +
                           "\": " + why);
  }

  // A value at the front of `rest`, consumed.
  Status value(std::string_view& rest, std::uint32_t& out) const {
    std::size_t n = 0;
    while (n < rest.size() && std::isalnum(static_cast<unsigned char>(rest[n]))) ++n;
    const std::string_view word = rest.substr(0, n);
    if (word.empty()) {
      return error(rest.empty() ? "a value is missing"
                                : "unexpected \"" + std::string(rest) + "\"");
    }
    rest.remove_prefix(n);
    for (std::uint32_t i = 0; i < spec_.name_count; ++i) {
      if (same_name(word, spec_.names[i])) {
        out = spec_.low_name + i;
        return Status::ok();
      }
    }
    std::uint32_t number = 0;
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), number);
    if (ec != std::errc() || end != word.data() + word.size()) {
      return error("\"" + std::string(word) + "\" is not a " +
                   (spec_.names ? "number or a name" : "number"));
    }
    if (number < spec_.low || number > spec_.high) {
      return error(std::string(word) + " is out of range [" + std::to_string(spec_.low) + ", " +
                   std::to_string(spec_.high) + "]");
    }
    out = number;
    return Status::ok();
  }

  Status parse_item(std::string_view item, std::uint64_t& set) const {
    if (item.empty()) return error("an empty list item");
    std::string_view rest = item;
    std::uint32_t low = spec_.low, high = spec_.high, step = 1;
    const bool star = rest.front() == '*';
    bool single = false;
    if (star) {
      rest.remove_prefix(1);
    } else {
      Status s = value(rest, low);
      if (!s.is_ok()) return s;
      high = low;
      single = rest.empty() || rest.front() != '-';
      if (!single) {
        rest.remove_prefix(1);
        s = value(rest, high);
        if (!s.is_ok()) return s;
        if (high < low) return error("the range " + std::string(item) + " is reversed");
      }
    }
    if (!rest.empty() && rest.front() == '/') {
      if (single) return error("a step needs * or a range before it, got " + std::string(item));
      rest.remove_prefix(1);
      auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), step);
      if (ec != std::errc() || end != rest.data() + rest.size() || rest.empty()) {
        return error("the step in " + std::string(item) + " is not a number");
      }
      if (step == 0) return error("the step in " + std::string(item) + " must be at least 1");
      rest = {};
    }
    if (!rest.empty())
      return error("unexpected \"" + std::string(rest) + "\" in " + std::string(item));
    for (std::uint64_t v = low; v <= high; v += step) set |= std::uint64_t{1} << v;
    return Status::ok();
  }

  const FieldSpec& spec_;
  std::string_view field_;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b < 0); }

// The lowest set bit of `bits` at or above `from`, or -1.
int next_bit(std::uint64_t bits, std::uint32_t from) {
  if (from >= 64) return -1;
  const std::uint64_t above = bits >> from << from;
  return above ? std::countr_zero(above) : -1;
}

std::string month_name(std::uint32_t month) { return kMonthNames[month - 1]; }

std::string date_text(const Civil& c) {
  return std::to_string(c.year) + "-" + month_name(c.month) + "-" + std::to_string(c.day);
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, std::uint32_t month, std::uint32_t day) {
  const std::int64_t y = year - (month <= 2);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil civil_from_micros(Micros t) {
  const std::int64_t days = floor_div(t, kMicrosPerDay);
  const Micros in_day = t - days * kMicrosPerDay;
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = static_cast<std::uint32_t>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<std::uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<std::uint32_t>(in_day / kMicrosPerHour);
  c.minute = static_cast<std::uint32_t>(in_day % kMicrosPerHour / kMicrosPerMinute);
  c.weekday = static_cast<std::uint32_t>(days - floor_div(days + 4, 7) * 7 + 4);
  return c;
}

bool is_leap_year(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

std::uint32_t days_in_month(std::int64_t year, std::uint32_t month) {
  constexpr std::uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

Status CronExpression::parse(std::string_view text, CronExpression& out) {
  Status s = check_length("expression", text, kMaxCronBytes);
  if (!s.is_ok()) return s;
  std::vector<std::string_view> fields;
  for (std::size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    fields.push_back(text.substr(i, end - i));
    i = end;
  }
  if (fields.size() != kFields.size()) {
    return Status::invalid(
        "expression must have five fields (minute hour day-of-month month day-of-week), got " +
        std::to_string(fields.size()) + " in \"" + std::string(text) + "\"");
  }
  std::array<std::uint64_t, 5> bits{};
  for (std::size_t f = 0; f < kFields.size(); ++f) {
    s = FieldParser(kFields[f], fields[f]).parse(bits[f]);
    if (!s.is_ok()) return s;
  }
  CronExpression e;
  e.text_ = std::string(text);
  e.minutes_ = bits[0];
  e.hours_ = static_cast<std::uint32_t>(bits[1]);
  e.days_of_month_ = static_cast<std::uint32_t>(bits[2]);
  e.months_ = static_cast<std::uint32_t>(bits[3]);
  e.days_of_week_ = static_cast<std::uint32_t>((bits[4] | bits[4] >> 7) & 0x7f);  // 7 is Sunday
  e.dom_star_ = fields[2].front() == '*';
  e.dow_star_ = fields[4].front() == '*';
  out = std::move(e);
  return Status::ok();
}

bool CronExpression::day_matches(const Civil& c) const {
  const bool dom = days_of_month_ >> c.day & 1;
  const bool dow = days_of_week_ >> c.weekday & 1;
  return dom_star_ || dow_star_ ? dom && dow : dom || dow;
}

bool CronExpression::matches(Micros t) const {
  const Civil c = civil_from_micros(t);
  return (minutes_ >> c.minute & 1) && (hours_ >> c.hour & 1) && (months_ >> c.month & 1) &&
         day_matches(c);
}

std::optional<Micros> CronExpression::next_fire(Micros after, sim::Trace* trace) const {
  std::uint32_t traced = 0;
  Micros from = 0;
  auto skip = [&](const char* kind, const Civil& c, Micros to, std::string why) {
    if (trace && traced++ < kTracedSkips)
      trace->add(kind, date_text(c), std::move(why), {{"from", from}, {"to", to}});
  };
  Micros t = after < 0                ? 0
             : after >= sim::kMaxTime ? sim::kMaxTime + 1  // none; and no overflow below
                                      : (after / kMicrosPerMinute + 1) * kMicrosPerMinute;
  while (t <= sim::kMaxTime) {
    from = t;
    const Civil c = civil_from_micros(t);
    const Micros midnight = days_from_civil(c.year, c.month, c.day) * kMicrosPerDay;
    int month = next_bit(months_, c.month);
    if (month != static_cast<int>(c.month)) {
      const std::int64_t year = c.year + (month < 0);
      if (month < 0) month = next_bit(months_, 1);
      t = days_from_civil(year, static_cast<std::uint32_t>(month), 1) * kMicrosPerDay;
      skip("month", c, t,
           month_name(c.month) + " is not in the month field: on to " +
               month_name(static_cast<std::uint32_t>(month)) + " " + std::to_string(year));
      continue;
    }
    const std::uint32_t length = days_in_month(c.year, c.month);
    Civil d = c;  // the first matching day of the month from c on
    while (d.day <= length && !day_matches(d)) {
      ++d.day;
      d.weekday = (d.weekday + 1) % 7;
    }
    if (d.day > length) {
      t = midnight + (length - c.day + 1) * kMicrosPerDay;
      skip("day", c, t,
           "no day left in " + month_name(c.month) + " " + std::to_string(c.year) + " matches " +
               (dom_star_ || dow_star_ ? "both day fields" : "either day field (the OR rule)"));
      continue;
    }
    const bool same_day = d.day == c.day;
    const Micros day_start = midnight + (d.day - c.day) * kMicrosPerDay;
    const int hour = next_bit(hours_, same_day ? c.hour : 0);
    const int minute =
        hour < 0 ? -1
                 : next_bit(minutes_, same_day && hour == static_cast<int>(c.hour) ? c.minute : 0);
    if (minute < 0) {
      // No matching minute left in this hour: the next matching hour starts from minute 0.
      const int later = hour < 0 ? -1 : next_bit(hours_, static_cast<std::uint32_t>(hour) + 1);
      t = later < 0 ? day_start + kMicrosPerDay : day_start + later * kMicrosPerHour;
      skip("hour", d, t, "no matching time left on " + date_text(d));
      continue;
    }
    const Micros fire = day_start + hour * kMicrosPerHour + minute * kMicrosPerMinute;
    if (fire > sim::kMaxTime) break;
    if (trace) trace->add("fire", date_text(d), "the first matching minute", {{"at", fire}});
    return fire;
  }
  if (trace)
    trace->add("never", text_, "no fire time up to the end of simulated time",
               {{"end", sim::kMaxTime}});
  return std::nullopt;
}

}  // namespace sdlab::messaging
