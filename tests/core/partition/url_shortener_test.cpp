// Base62 and the UrlShortener: the three code modes, collisions, aliases, expiry, clicks, and
// rejected input that changes nothing.
#include "partition/url_shortener.h"

#include <gtest/gtest.h>

#include <set>

#include "../trace_data.h"
#include "partition/base62.h"

namespace sdlab::partition {
namespace {

constexpr sim::Micros kNever = kNoExpiry;

std::string shorten(UrlShortener& s, const std::string& url, sim::Micros ttl = kNever) {
  std::string code;
  EXPECT_TRUE(s.shorten(url, ttl, code).is_ok()) << url;
  return code;
}

TEST(Base62, EncodesAndDecodesRoundTrip) {
  EXPECT_EQ(base62_encode(0), "0");
  EXPECT_EQ(base62_encode(12345), "3d7");  // the seed's "3D7" uses another digit order
  EXPECT_EQ(base62_encode(61, 4), "000Z");
  EXPECT_EQ(base62_encode(UINT64_MAX), "lYGhA16ahyf");
  for (std::uint64_t v :
       {std::uint64_t{0}, std::uint64_t{62}, std::uint64_t{987654321}, UINT64_MAX}) {
    std::uint64_t back = 1;
    ASSERT_TRUE(base62_decode(base62_encode(v), back).is_ok());
    EXPECT_EQ(back, v);
  }
  std::uint64_t value = 5;
  EXPECT_EQ(base62_decode("ab-", value).message(), "\"-\" is not a base62 digit (0-9, a-z, A-Z)");
  EXPECT_EQ(base62_decode("lYGhA16ahyg", value).message(),
            "base62 code \"lYGhA16ahyg\" is past 2^64 - 1");
  EXPECT_EQ(value, 5u);
}

TEST(UrlShortener, CounterCodesAreBase62OfTheCounterPaddedToTheLength) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  EXPECT_EQ(shorten(s, "https://a.example/1"), "0000");
  EXPECT_EQ(shorten(s, "https://a.example/1"), "0001");  // a new code per request
  EXPECT_EQ(s.counter(), 2u);
  ASSERT_TRUE(s.shorten_with_alias("https://b.example", "0002", kNever).is_ok());
  EXPECT_EQ(shorten(s, "https://a.example/3"), "0003");  // skips the alias
  EXPECT_EQ(s.collisions(), 1u);
}

TEST(UrlShortener, HashCodesRehashWithTheNextSaltOnACollision) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kHash, 4);
  sim::Trace trace;
  s.set_trace(&trace);
  // 62^4 ≈ 14.8M codes: 20,000 URLs collide a dozen times (birthday bound n²/2m ≈ 13.5).
  std::set<std::string> codes;
  std::string seventh;
  for (int i = 0; i < 20000; ++i) {
    const std::string code = shorten(s, "https://example.com/" + std::to_string(i));
    ASSERT_EQ(code.size(), 4u);
    ASSERT_TRUE(codes.insert(code).second);
    if (i == 7) seventh = code;
  }
  EXPECT_GT(s.collisions(), 3u);
  EXPECT_LT(s.collisions(), 40u);
  std::size_t traced = 0;
  for (const sim::Step& step : trace.steps()) traced += step.kind == "collision";
  EXPECT_EQ(traced, s.collisions());
  trace.clear();
  EXPECT_EQ(shorten(s, "https://example.com/7"), seventh);
  EXPECT_EQ(trace.steps().back().kind, "existing");
}

TEST(UrlShortener, SnowflakeCodesComeFromServersInTurnAndNeverCollide) {
  sim::Clock clock;
  clock.advance(5 * sim::kMicrosPerMilli);
  UrlShortener s(clock, CodeMode::kSnowflake, 6);
  std::set<std::string> codes;
  for (int i = 0; i < 8; ++i) {
    const std::string code = shorten(s, "https://example.com/");
    std::uint64_t id = 0;
    ASSERT_TRUE(base62_decode(code, id).is_ok());
    EXPECT_EQ(decode_snowflake(id).machine, static_cast<std::uint32_t>(i) % kShortenerServers);
    EXPECT_EQ(decode_snowflake(id).time_ms, 5);
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), 8u);
  EXPECT_EQ(s.collisions(), 0u);
}

TEST(UrlShortener, SnowflakeCodesStartAtTheCodeLengthAndGrowWithTheClockTo11) {
  // The first id at t ms on server 0 is t·2^22; it needs L + 1 digits from 62^L on.
  const auto first_code_at = [](sim::Micros ms) {
    sim::Clock clock;
    clock.advance(ms * sim::kMicrosPerMilli);
    UrlShortener s(clock, CodeMode::kSnowflake, 4);
    return shorten(s, "https://example.com/");
  };
  EXPECT_EQ(first_code_at(0), "0000");
  EXPECT_EQ(first_code_at(3).size(), 4u);
  EXPECT_EQ(first_code_at(4).size(), 5u);
  EXPECT_EQ(first_code_at(13'542).size(), 6u);
  EXPECT_EQ(first_code_at(13'543).size(), 7u);
  EXPECT_EQ(first_code_at(200'104'562'251).size(), 10u);  // 6.3 years after the epoch
  EXPECT_EQ(first_code_at(200'104'562'252).size(), 11u);
  EXPECT_EQ(first_code_at(kSnowflakeMaxTime).size(), 11u);  // and never more
}

TEST(UrlShortener, EveryReservedWordIsALegalAliasOtherwise) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  for (std::string_view word : kReservedAliases) {
    EXPECT_EQ(s.shorten_with_alias("https://x.example", word, kNever).message(),
              "alias \"" + std::string(word) + "\" is reserved");
    std::string upper(word);
    upper[0] = 'X';  // the same shape, not reserved
    EXPECT_TRUE(s.shorten_with_alias("https://x.example", upper, kNever).is_ok()) << upper;
  }
}

TEST(UrlShortener, AliasesBreakingARuleAreNamedAndChangeNothing) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 6);
  ASSERT_TRUE(s.shorten_with_alias("https://x.example", "my_link-1", kNever).is_ok());
  const auto fails = [&](std::string_view alias) {
    return s.shorten_with_alias("https://y.example", alias, kNever).message();
  };
  EXPECT_EQ(fails("abc"), "alias must be 4 to 32 characters long, got 3");
  EXPECT_EQ(fails(std::string(33, 'a')), "alias must be 4 to 32 characters long, got 33");
  EXPECT_EQ(fails("my link"),
            "alias may contain only A-Z, a-z, 0-9, \"_\" and \"-\", got \"my link\"");
  EXPECT_EQ(fails("Admin"), "alias \"Admin\" is reserved");
  EXPECT_EQ(fails("my_link-1"), "alias \"my_link-1\" is already taken");
  EXPECT_EQ(s.entries().size(), 1u);
  EXPECT_TRUE(s.entries().at("my_link-1").alias);
}

TEST(UrlShortener, OnlyHttpUrlsUpToTheLimitAreAccepted) {
  EXPECT_TRUE(check_url("HTTPS://example.com/a?b=c").is_ok());
  EXPECT_EQ(check_url("").message(), "url must not be empty");
  EXPECT_EQ(check_url("ftp://example.com").message(),
            "url must start with http:// or https://, got \"ftp://example.com\"");
  EXPECT_EQ(check_url("http://").message(), "url must name a host after http://");
  EXPECT_EQ(check_url("https://a b").message(),
            "url must not contain whitespace or control characters");
  EXPECT_EQ(check_url("https://" + std::string(2041, 'a')).message(),
            "url must be at most 2048 bytes long, got 2049");
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  std::string code = "kept";
  EXPECT_FALSE(s.shorten("javascript:alert(1)", kNever, code).is_ok());
  EXPECT_EQ(code, "kept");
  EXPECT_EQ(s.counter(), 0u);
  EXPECT_TRUE(s.entries().empty());
}

TEST(UrlShortener, ResolveCountsClicksUntilTheCodeExpires) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  const std::string code = shorten(s, "https://a.example", 1000 * sim::kMicrosPerMilli);
  EXPECT_EQ(s.resolve(code).outcome, Resolution::Outcome::kFound);
  clock.advance(999 * sim::kMicrosPerMilli);
  const Resolution hit = s.resolve(code);
  ASSERT_EQ(hit.outcome, Resolution::Outcome::kFound);
  EXPECT_EQ(hit.entry->clicks, 2u);
  clock.advance(sim::kMicrosPerMilli);
  const Resolution gone = s.resolve(code);
  EXPECT_EQ(gone.outcome, Resolution::Outcome::kExpired);
  EXPECT_EQ(gone.entry->clicks, 2u);
  EXPECT_EQ(s.resolve("zzzz").outcome, Resolution::Outcome::kMissing);
  EXPECT_NE(shorten(s, "https://b.example"), code);  // an expired code is not reused
}

TEST(UrlShortener, CapacityTableGivesCodesAndYearsPerLength) {
  const std::vector<CapacityRow> rows = short_code_capacity(1000);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].length, 4);
  EXPECT_EQ(rows[0].codes, 14776336);
  EXPECT_EQ(rows[4].codes, 218340105584896);
  EXPECT_NEAR(rows[2].years, 56800235584.0 / 1000 / (365.25 * 86400), 1e-9);
  EXPECT_EQ(check_rate(0).message(),
            "ratePerSec must be a finite number in [0.001, 1000000000], got 0");
  CodeMode mode = CodeMode::kHash;
  EXPECT_EQ(parse_code_mode("random", mode).message(),
            "mode must be \"counter\", \"hash\" or \"snowflake\", got \"random\"");
  EXPECT_EQ(mode, CodeMode::kHash);
  EXPECT_EQ(check_code_length(9).message(), "codeLength must be an integer in [4, 8], got 9");
}

TEST(UrlShortener, TraceGivesTheCounterTheStoredUrlAndTheClicks) {
  sim::Clock clock;
  UrlShortener s(clock, CodeMode::kCounter, 4);
  sim::Trace trace;
  s.set_trace(&trace);
  const std::string code = shorten(s, "https://a.example");
  EXPECT_EQ(testing::number(trace.steps()[0], "counter"), 0.0);
  EXPECT_EQ(testing::text(trace.steps()[1], "url"), "https://a.example");
  trace.clear();
  s.resolve(code);
  s.resolve(code);
  EXPECT_EQ(trace.steps().back().kind, "hit");
  EXPECT_EQ(testing::number(trace.steps().back(), "clicks"), 2.0);
}

}  // namespace
}  // namespace sdlab::partition
