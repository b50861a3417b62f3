// Cron expressions: parsing (every field's range ends, names, steps, errors naming the field) and
// next fire times against standard cron's behaviour (Vixie / cronie): the day-of-month OR
// day-of-week rule, month ends, leap years, year ends, the end of simulated time.
// The expected times were checked with a brute-force minute scan over Python's datetime.
#include "messaging/cron.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../trace_data.h"

namespace sdlab::messaging {
namespace {

constexpr Micros kMinute = kMicrosPerMinute;

Micros at(std::int64_t y, std::uint32_t mo, std::uint32_t d, std::uint32_t h = 0,
          std::uint32_t mi = 0) {
  return days_from_civil(y, mo, d) * kMicrosPerDay + h * 60 * kMinute + mi * kMinute;
}

CronExpression parsed(const std::string& text) {
  CronExpression e;
  Status s = CronExpression::parse(text, e);
  EXPECT_TRUE(s.is_ok()) << text << ": " << s.message();
  return e;
}

std::string parse_error(const std::string& text) {
  CronExpression e;
  return CronExpression::parse(text, e).message();
}

TEST(CronCalendar, DaysFromCivilMatchesKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 1, 1), 19723);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  EXPECT_EQ(days_from_civil(2100, 3, 1), 47541);
  EXPECT_EQ(days_from_civil(1600, 3, 1), -135080);
  EXPECT_EQ(days_from_civil(2255, 6, 5), 104249);
}

TEST(CronCalendar, CivilFromMicrosInvertsItEveryDayOverFourHundredYears) {
  // One full Gregorian cycle, from before the epoch, with the weekday stepping by one each day.
  std::uint32_t weekday = civil_from_micros(at(1900, 1, 1)).weekday;
  EXPECT_EQ(weekday, 1u);  // a Monday
  for (std::int64_t days = days_from_civil(1900, 1, 1); days < days_from_civil(2300, 1, 1);
       ++days) {
    const Civil c = civil_from_micros(days * kMicrosPerDay + kMicrosPerDay - 1);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), days);
    ASSERT_EQ(c.hour, 23u);
    ASSERT_EQ(c.minute, 59u);
    ASSERT_EQ(c.weekday, weekday);
    ASSERT_LE(c.day, days_in_month(c.year, c.month));
    weekday = (weekday + 1) % 7;
  }
}

TEST(CronCalendar, LeapYears) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2100, 2), 28u);
  EXPECT_EQ(days_in_month(2023, 4), 30u);
  EXPECT_EQ(days_in_month(2023, 12), 31u);
}

TEST(CronParse, FieldsBecomeBitSets) {
  const CronExpression e = parsed("*/15 9-17/4 1,15,31 JAN-mar,Dec mon-FRI");
  EXPECT_EQ(e.minutes(), 1ull << 0 | 1ull << 15 | 1ull << 30 | 1ull << 45);
  EXPECT_EQ(e.hours(), 1u << 9 | 1u << 13 | 1u << 17);
  EXPECT_EQ(e.days_of_month(), 1u << 1 | 1u << 15 | 1u << 31);
  EXPECT_EQ(e.months(), 1u << 1 | 1u << 2 | 1u << 3 | 1u << 12);
  EXPECT_EQ(e.days_of_week(), 0b0111110u);
  EXPECT_FALSE(e.day_of_month_star());
  EXPECT_FALSE(e.day_of_week_star());
  EXPECT_EQ(e.text(), "*/15 9-17/4 1,15,31 JAN-mar,Dec mon-FRI");
}

TEST(CronParse, RangeEndsOfEveryField) {
  const CronExpression low = parsed("0 0 1 1 0");
  EXPECT_EQ(low.minutes(), 1ull);
  EXPECT_EQ(low.hours(), 1u);
  EXPECT_EQ(low.days_of_month(), 1u << 1);
  EXPECT_EQ(low.months(), 1u << 1);
  EXPECT_EQ(low.days_of_week(), 1u);
  const CronExpression high = parsed("59 23 31 12 7");
  EXPECT_EQ(high.minutes(), 1ull << 59);
  EXPECT_EQ(high.hours(), 1u << 23);
  EXPECT_EQ(high.days_of_month(), 1u << 31);
  EXPECT_EQ(high.months(), 1u << 12);
  EXPECT_EQ(high.days_of_week(), 1u);  // 7 is Sunday, as 0 is
  EXPECT_EQ(parsed("0 0 * * 5-7").days_of_week(), 1u << 5 | 1u << 6 | 1u);
  EXPECT_EQ(parsed("0 0 * * sun,SAT").days_of_week(), 1u << 6 | 1u);
  EXPECT_EQ(parsed("*/60 * * * *").minutes(), 1ull);  // a step past the range: the start only
  EXPECT_EQ(parsed("  *\t* * *   *  ").minutes(), (1ull << 60) - 1);
  EXPECT_TRUE(parsed("*/2 * * * *").day_of_month_star());
  EXPECT_TRUE(parsed("0 0 */2 * 5").day_of_month_star());
  EXPECT_TRUE(parsed("0 0 1 * *,5").day_of_week_star());
}

TEST(CronParse, MalformedExpressionsNameTheFieldAndTheText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"60 * * * *", "minute field \"60\": 60 is out of range [0, 59]"},
      {"* 24 * * *", "hour field \"24\": 24 is out of range [0, 23]"},
      {"* * 0 * *", "day-of-month field \"0\": 0 is out of range [1, 31]"},
      {"* * 32 * *", "day-of-month field \"32\": 32 is out of range [1, 31]"},
      {"* * * 0 *", "month field \"0\": 0 is out of range [1, 12]"},
      {"* * * 13 *", "month field \"13\": 13 is out of range [1, 12]"},
      {"* * * * 8", "day-of-week field \"8\": 8 is out of range [0, 7]"},
      {"* * * JANUARY *", "month field \"JANUARY\": \"JANUARY\" is not a number or a name"},
      {"* * * * MON-", "day-of-week field \"MON-\": a value is missing"},
      {"JAN * * * *", "minute field \"JAN\": \"JAN\" is not a number"},
      {"* * * FEB-JAN *", "month field \"FEB-JAN\": the range FEB-JAN is reversed"},
      {"5-1 * * * *", "minute field \"5-1\": the range 5-1 is reversed"},
      {"*/0 * * * *", "minute field \"*/0\": the step in */0 must be at least 1"},
      {"*/ * * * *", "minute field \"*/\": the step in */ is not a number"},
      {"*/x * * * *", "minute field \"*/x\": the step in */x is not a number"},
      {"5/10 * * * *", "minute field \"5/10\": a step needs * or a range before it, got 5/10"},
      {"1,,2 * * * *", "minute field \"1,,2\": an empty list item"},
      {"1, * * * *", "minute field \"1,\": an empty list item"},
      {"** * * * *", "minute field \"**\": unexpected \"*\" in **"},
      {"-5 * * * *", "minute field \"-5\": unexpected \"-5\""},
      {"* * * *",
       "expression must have five fields (minute hour day-of-month month day-of-week), "
       "got 4 in \"* * * *\""},
      {"* * * * * *",
       "expression must have five fields (minute hour day-of-month month "
       "day-of-week), got 6 in \"* * * * * *\""},
      {"",
       "expression must have five fields (minute hour day-of-month month day-of-week), got 0 "
       "in \"\""},
      {"@daily",
       "expression must have five fields (minute hour day-of-month month day-of-week), "
       "got 1 in \"@daily\""},
  };
  for (const auto& [text, message] : cases) EXPECT_EQ(parse_error(text), message) << text;
}

TEST(CronParse, AFailedParseChangesNothingAndTheLengthIsBounded) {
  CronExpression e = parsed("0 12 * * *");
  EXPECT_FALSE(CronExpression::parse("0 24 * * *", e).is_ok());
  EXPECT_EQ(e.text(), "0 12 * * *");
  EXPECT_EQ(e.hours(), 1u << 12);
  std::string longest = "0 0 * * *" + std::string(kMaxCronBytes - 9, ' ');
  EXPECT_TRUE(CronExpression::parse(longest, e).is_ok());
  EXPECT_EQ(parse_error(longest + " "), "expression must be at most 256 bytes long, got 257");
}

struct FireCase {
  const char* expression;
  Micros after;
  Micros expected;  // -1: never
  const char* why;
};

TEST(CronNextFire, MatchesStandardCron) {
  const std::vector<FireCase> cases = {
      {"* * * * *", at(2024, 1, 1), at(2024, 1, 1, 0, 1), "strictly after"},
      {"* * * * *", at(2024, 1, 1) + 30'000'000, at(2024, 1, 1, 0, 1), "the next whole minute"},
      {"* * * * *", at(2024, 1, 1, 0, 1) - 1, at(2024, 1, 1, 0, 1), "one µs before"},
      {"0 0 1 1 *", at(2024, 12, 31, 23, 59), at(2025, 1, 1), "Dec 31 to Jan 1"},
      {"59 23 31 12 *", at(2024, 6, 1), at(2024, 12, 31, 23, 59), "max range ends"},
      {"0 0 1 1 0", at(2024, 1, 1), at(2024, 1, 7), "min range ends, OR rule: Sunday"},
      {"0 0 29 2 *", at(2024, 3, 1), at(2028, 2, 29), "Feb 29 in leap years only"},
      {"0 0 29 2 *", at(2096, 3, 1), at(2104, 2, 29), "2100 is not a leap year"},
      {"0 0 31 * *", at(2024, 1, 31), at(2024, 3, 31), "skips February"},
      {"0 0 31 * *", at(2024, 3, 31), at(2024, 5, 31), "skips April"},
      {"0 0 13 * 5", at(2024, 9, 1), at(2024, 9, 6), "OR rule: the first Friday"},
      {"0 0 13 * 5", at(2024, 9, 6), at(2024, 9, 13), "OR rule: the 13th"},
      {"0 0 13 * FRI", at(2024, 9, 13), at(2024, 9, 20), "OR rule, by name"},
      {"30 4 1,15 * 5", at(2024, 9, 2), at(2024, 9, 6, 4, 30), "crontab(5)'s example"},
      {"0 0 13 * *", at(2024, 9, 1), at(2024, 9, 13), "day of week *: day of month only"},
      {"0 0 */2 * 5", at(2024, 9, 1), at(2024, 9, 13), "*/2 counts as *: an odd day AND Friday"},
      {"0 0 1-31/2 * 5", at(2024, 9, 1), at(2024, 9, 3), "1-31/2 is restricted: OR"},
      {"0 0 29 2 1", at(2024, 3, 1), at(2025, 2, 3), "OR: a Monday in February"},
      {"0 0 29 2 */7", at(2024, 3, 1), at(2032, 2, 29), "AND: Feb 29 on a Sunday"},
      {"0 12 * * MON-FRI", at(2024, 9, 6, 13), at(2024, 9, 9, 12), "over a weekend"},
      {"0 0 * * 7", at(2024, 9, 4), at(2024, 9, 8), "7 is Sunday"},
      {"0 0 * * 0", at(2024, 9, 4), at(2024, 9, 8), "0 is Sunday"},
      {"0 0 * * 5-7", at(2024, 9, 7), at(2024, 9, 8), "Friday to Sunday"},
      {"*/15 9-17 * jan-mar *", at(2024, 3, 31, 17, 45), at(2025, 1, 1, 9), "into next year"},
      {"10-50/20 * * * *", at(2024, 1, 1, 0, 30), at(2024, 1, 1, 0, 50), "a stepped range"},
      {"0 0 1 1 *", 0, at(1971, 1, 1), "the epoch itself is not after 0"},
      {"* * * * *", -1, 0, "before the epoch: from 0"},
      {"* * * * *", -kMicrosPerDay * 400, 0, "long before the epoch: from 0"},
      {"0 0 30 2 *", 0, -1, "Feb 30 never comes"},
      {"0 0 31 4,6,9,11 *", 0, -1, "no 31st in these months"},
      {"47 23 5 6 *", at(2255, 1, 1), at(2255, 6, 5, 23, 47), "the last minute before kMaxTime"},
      {"48 23 5 6 *", at(2255, 1, 1), -1, "one minute past kMaxTime"},
      {"* * * * *", at(2255, 6, 5, 23, 47) - 1, at(2255, 6, 5, 23, 47), "the last fire time"},
      {"* * * * *", at(2255, 6, 5, 23, 47), -1, "nothing after it"},
      {"* * * * *", sim::kMaxTime, -1, "after the end of time"},
      {"* * * * *", INT64_MAX, -1, "the largest after"},
      {"* * * * *", INT64_MIN, 0, "the smallest after"},
  };
  for (const FireCase& c : cases) {
    const auto next = parsed(c.expression).next_fire(c.after);
    EXPECT_EQ(next.value_or(-1), c.expected) << c.expression << " (" << c.why << ")";
    if (next) {
      EXPECT_TRUE(parsed(c.expression).matches(*next)) << c.expression;
    }
  }
}

// Every minute between after and the next fire time fails to match: no fire time is skipped.
TEST(CronNextFire, SkipsNoMatchingMinute) {
  for (const char* text : {"*/7 */5 * * *", "0 0 13 * 5", "0 0 */3 * 1-2", "59 23 31 * *"}) {
    const CronExpression e = parsed(text);
    Micros t = at(2024, 1, 1) - 1;
    for (int fires = 0; fires < 20; ++fires) {
      const Micros next = *e.next_fire(t);
      for (Micros m = (t / kMinute + 1) * kMinute; m < next; m += kMinute) {
        ASSERT_FALSE(e.matches(m)) << text << " at " << m;
      }
      t = next;
    }
  }
}

TEST(CronNextFire, TheTraceSaysWhatWasSkippedAndWhy) {
  sim::Trace trace;
  EXPECT_EQ(parsed("0 0 31 * *").next_fire(at(2024, 2, 10), &trace), at(2024, 3, 31));
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "day");
  EXPECT_EQ(trace.steps()[0].subject, "2024-FEB-10");
  EXPECT_EQ(trace.steps()[0].note, "no day left in FEB 2024 matches both day fields");
  EXPECT_EQ(testing::number(trace.steps()[0], "to"), at(2024, 3, 1));
  EXPECT_EQ(trace.steps()[1].kind, "fire");
  EXPECT_EQ(testing::number(trace.steps()[1], "at"), at(2024, 3, 31));

  trace.clear();
  EXPECT_EQ(parsed("30 9 * * *").next_fire(at(2024, 1, 1, 9, 45), &trace), at(2024, 1, 2, 9, 30));
  ASSERT_EQ(trace.steps().size(), 2u);
  EXPECT_EQ(trace.steps()[0].kind, "hour");
  EXPECT_EQ(trace.steps()[0].note, "no matching time left on 2024-JAN-1");
  EXPECT_EQ(trace.steps()[1].subject, "2024-JAN-2");

  trace.clear();
  EXPECT_FALSE(parsed("0 0 30 2 *").next_fire(0, &trace));
  EXPECT_EQ(trace.steps().size(), 65u);  // the first 64 skips, then the verdict
  EXPECT_EQ(trace.steps()[0].kind, "month");
  EXPECT_EQ(trace.steps()[0].note, "JAN is not in the month field: on to FEB 1970");
  EXPECT_EQ(trace.steps().back().kind, "never");
}

}  // namespace
}  // namespace sdlab::messaging
