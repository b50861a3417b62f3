// sdlab::partition::UrlShortener — short codes for long URLs (bit.ly, TinyURL), on a simulated
// clock, in one of three modes:
//   counter    base62 of a counter that counts up from 0, padded to the code length (codes grow
//              past it once all 62^L are used): unique, dense, and guessable.
//   hash       XXH3(url, salt) mod 62^L in base62 — the last L digits (the leading digits of a
//              64-bit number are biased). A code taken by another URL is a collision: re-hash with
//              salt + 1. The same live URL gets its existing code back.
//   snowflake  base62 of a Snowflake id from one of kShortenerServers servers in turn, on the same
//              clock: unique without coordination. L only pads: the length follows the id's time
//              since the epoch, which is the simulated clock's zero — L characters in the first
//              milliseconds, 7 from 13.5 s, 9 from 14.5 hours, 11 (at most; a real service, years
//              past its epoch, sees 11) from 6.3 years. Never truncated — the leading digits are
//              the time, so a cut code would collide across servers.
// A custom alias is checked for its charset, its length (kMinAliasBytes to kMaxAliasBytes: shorter
// paths such as /api and /www cannot be aliases at all), the reserved words below and being taken.
// A code may expire (ttl); an expired code stays in the table and resolves as expired, so it is
// not reused. Every live resolve counts a click.
//
// Trace: shorten reports how each candidate code was made ("counter", "hash", "snowflake"), any
// "collision" or "existing" code, then "store"; resolve reports "decode" (counter mode), then
// "hit", "expired" or "missing".
//
// Invariants: codes are unique; a rejected call changes nothing. Complexity: O(log n) per call
// (plus retries on collision). Thread-safety: none.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "partition/snowflake_cluster.h"

namespace sdlab::partition {

enum class CodeMode { kCounter, kHash, kSnowflake };
inline constexpr std::array<std::string_view, 3> kCodeModeNames = {"counter", "hash", "snowflake"};

inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr double kMinCodeLength = 4;
inline constexpr double kMaxCodeLength = 8;
inline constexpr std::size_t kMinAliasBytes = 4;
inline constexpr std::size_t kMaxAliasBytes = 32;
inline constexpr std::size_t kMaxCodeBytes = 64;  // any code given to resolve
inline constexpr double kMaxShortUrls = 100'000;
inline constexpr double kMaxTtlMs = 315'360'000'000;  // ten years
inline constexpr int kMaxCodeAttempts = 100;
inline constexpr std::uint32_t kShortenerServers = 4;
inline constexpr sim::Micros kNoExpiry = -1;

// Aliases refused as the service's own paths, in any case. Only names an alias could otherwise
// take: each is at least kMinAliasBytes long.
inline constexpr std::array<std::string_view, 6> kReservedAliases = {"admin",  "help",   "login",
                                                                     "logout", "signup", "static"};
static_assert(std::all_of(kReservedAliases.begin(), kReservedAliases.end(),
                          [](std::string_view word) { return word.size() >= kMinAliasBytes; }));

// "counter", "hash" or "snowflake" into `mode`.
Status parse_code_mode(std::string_view name, CodeMode& mode);
Status check_code_length(double length);
// Not empty, at most kMaxUrlBytes, http:// or https:// (any case) then a host, no whitespace.
Status check_url(std::string_view url);
Status check_ttl_ms(double ttl_ms);

struct ShortUrl {
  std::string url;
  std::uint64_t clicks = 0;
  sim::Micros expires_at = kNoExpiry;
  bool alias = false;
};

struct Resolution {
  enum class Outcome { kFound, kExpired, kMissing } outcome;
  const ShortUrl* entry;  // null when missing
};

// One row of the capacity table: 62^length codes, and the years a rate of new codes takes to
// use them all.
struct CapacityRow {
  int length;
  double codes;
  double years;
};

inline constexpr double kMaxCodesPerSec = 1e9;
Status check_rate(double per_sec);
std::vector<CapacityRow> short_code_capacity(double per_sec);  // lengths 4–8

class UrlShortener {
 public:
  // Preconditions: check_code_length(length) is ok; `clock` outlives the shortener.
  UrlShortener(sim::Clock& clock, CodeMode mode, std::uint32_t length);

  // A new code for `url` (hash mode: its live code, if it has one), expiring `ttl` after now
  // (kNoExpiry: never). Fails, changing nothing, for a bad URL, a full table, or no free code.
  Status shorten(std::string_view url, sim::Micros ttl, std::string& code);
  // `alias` as the code: fails when it breaks a rule or is taken.
  Status shorten_with_alias(std::string_view url, std::string_view alias, sim::Micros ttl);

  // Counts a click when the code is live. Precondition: code is at most kMaxCodeBytes.
  Resolution resolve(std::string_view code);

  const std::map<std::string, ShortUrl>& entries() const { return entries_; }
  bool expired(const ShortUrl& entry) const;
  CodeMode mode() const { return mode_; }
  std::uint32_t code_length() const { return length_; }
  std::uint64_t counter() const { return counter_; }
  std::uint64_t collisions() const { return collisions_; }
  void set_trace(sim::Trace* trace);

 private:
  Status check_alias(std::string_view alias) const;
  Status check_room() const;
  Status next_candidate(std::string_view url, int attempt, std::string& code);
  void store(std::string code, std::string_view url, sim::Micros ttl, bool alias);
  // A step, when tracing. Precondition: trace_ is set (callers test it, so untraced calls build
  // no strings).
  void note(const char* kind, std::string subject, std::string why, sim::Data data = {},
            sim::Where where = {});

  sim::Clock& clock_;
  CodeMode mode_;
  std::uint32_t length_;
  SnowflakeCluster servers_;
  std::map<std::string, ShortUrl> entries_;
  std::uint64_t counter_ = 0;
  std::uint64_t collisions_ = 0;
  std::uint64_t requests_ = 0;  // snowflake mode: request i goes to server i mod servers
  sim::Trace* trace_ = nullptr;
};

}  // namespace sdlab::partition
