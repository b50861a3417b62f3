#include "partition/url_shortener.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/hash.h"
#include "partition/base62.h"
#include "partition/choice.h"

namespace sdlab::partition {

namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

}  // namespace

Status parse_code_mode(std::string_view name, CodeMode& mode) {
  return parse_choice("mode", name, kCodeModeNames, mode);
}

Status check_code_length(double length) {
  return check_integer("codeLength", length, kMinCodeLength, kMaxCodeLength);
}

Status check_url(std::string_view url) {
  if (url.empty()) return Status::invalid("url must not be empty");
  if (Status status = check_length("url", url, kMaxUrlBytes); !status) return status;
  const std::string head = lower(url.substr(0, 8));
  const std::size_t scheme = head.rfind("http://", 0) == 0    ? 7
                             : head.rfind("https://", 0) == 0 ? 8
                                                              : 0;
  if (scheme == 0)
    return Status::invalid("url must start with http:// or https://, got " + quoted(url));
  if (url.size() == scheme || url[scheme] == '/') {
    return Status::invalid("url must name a host after " + std::string(url.substr(0, scheme)));
  }
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return Status::invalid("url must not contain whitespace or control characters");
    }
  }
  return Status::ok();
}

Status check_ttl_ms(double ttl_ms) { return check_number("ttlMs", ttl_ms, 1, kMaxTtlMs); }

Status check_rate(double per_sec) {
  return check_number("ratePerSec", per_sec, 0.001, kMaxCodesPerSec);
}

std::vector<CapacityRow> short_code_capacity(double per_sec) {
  std::vector<CapacityRow> rows;
  for (int length = static_cast<int>(kMinCodeLength); length <= kMaxCodeLength; ++length) {
    const double codes = base62_capacity(length);
    rows.push_back({length, codes, codes / per_sec / kSecondsPerYear});
  }
  return rows;
}

UrlShortener::UrlShortener(sim::Clock& clock, CodeMode mode, std::uint32_t length)
    : clock_(clock), mode_(mode), length_(length), servers_(clock, kShortenerServers) {}

void UrlShortener::set_trace(sim::Trace* trace) {
  trace_ = trace;
  servers_.set_trace(trace);
}

void UrlShortener::note(const char* kind, std::string subject, std::string why, sim::Data data,
                        sim::Where where) {
  trace_->add(kind, std::move(subject), std::move(why), std::move(data), where);
}

bool UrlShortener::expired(const ShortUrl& entry) const {
  return entry.expires_at != kNoExpiry && clock_.now() >= entry.expires_at;
}

Status UrlShortener::next_candidate(std::string_view url, int attempt, std::string& code) {
  switch (mode_) {
    case CodeMode::kCounter:
      code = base62_encode(counter_, length_);
      if (trace_) {
        note("counter", code, "counter " + std::to_string(counter_) + " in base62",
             {{"counter", counter_}});
      }
      ++counter_;
      return Status::ok();
    case CodeMode::kHash: {
      const std::uint64_t hash = hash64(url, static_cast<std::uint64_t>(attempt));
      const auto space = static_cast<std::uint64_t>(base62_capacity(static_cast<int>(length_)));
      code = base62_encode(hash % space, length_);
      if (trace_) {
        note("hash", code,
             "XXH3(url, salt " + std::to_string(attempt) + ") = " + std::to_string(hash) +
                 ", mod 62^" + std::to_string(length_),
             {{"salt", attempt}, {"hash", hex64(hash)}, {"codes", space}});
      }
      return Status::ok();
    }
    case CodeMode::kSnowflake: {
      const auto server = static_cast<std::uint32_t>(requests_ % kShortenerServers);
      std::uint64_t id = 0;
      sim::Micros waited = 0;
      if (Status status = servers_.next(server, id, waited); !status) return status;
      ++requests_;
      code = base62_encode(id, length_);
      if (trace_) {
        note("snowflake", code,
             "server " + std::to_string(server) + ": id " + std::to_string(id) + " in base62",
             {{"server", server}, {"id", std::to_string(id)}});
      }
      return Status::ok();
    }
  }
  return Status::ok();
}

Status UrlShortener::shorten(std::string_view url, sim::Micros ttl, std::string& code) {
  if (Status status = first_error(check_url(url), check_room()); !status) return status;
  const std::uint64_t counter = counter_, collisions = collisions_, requests = requests_;
  for (int attempt = 0; attempt < kMaxCodeAttempts; ++attempt) {
    std::string candidate;
    if (Status status = next_candidate(url, attempt, candidate); !status) return status;
    auto it = entries_.find(candidate);
    if (it == entries_.end()) {
      store(candidate, url, ttl, false);
      code = std::move(candidate);
      return Status::ok();
    }
    if (mode_ == CodeMode::kHash && it->second.url == url && !expired(it->second)) {
      if (trace_) note("existing", candidate, "the URL already has this code");
      code = std::move(candidate);
      return Status::ok();
    }
    ++collisions_;
    if (trace_) {
      note("collision", candidate,
           "taken by " + quoted(it->second.url) + ": try the next " +
               (mode_ == CodeMode::kHash ? "salt" : "code"),
           {{"takenBy", it->second.url}, {"attempt", attempt}});
    }
  }
  counter_ = counter, collisions_ = collisions, requests_ = requests;
  return Status::invalid("no free code after " + std::to_string(kMaxCodeAttempts) + " attempts");
}

Status UrlShortener::check_alias(std::string_view alias) const {
  if (alias.size() < kMinAliasBytes || alias.size() > kMaxAliasBytes) {
    return Status::invalid("alias must be " + std::to_string(kMinAliasBytes) + " to " +
                           std::to_string(kMaxAliasBytes) + " characters long, got " +
                           std::to_string(alias.size()));
  }
  const bool charset = std::all_of(alias.begin(), alias.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!charset) {
    return Status::invalid("alias may contain only A-Z, a-z, 0-9, \"_\" and \"-\", got " +
                           quoted(alias));
  }
  const std::string folded = lower(alias);
  if (std::find(kReservedAliases.begin(), kReservedAliases.end(), folded) !=
      kReservedAliases.end()) {
    return Status::invalid("alias " + quoted(alias) + " is reserved");
  }
  if (entries_.count(std::string(alias))) {
    return Status::invalid("alias " + quoted(alias) + " is already taken");
  }
  return Status::ok();
}

Status UrlShortener::check_room() const {
  if (static_cast<double>(entries_.size()) < kMaxShortUrls) return Status::ok();
  return Status::invalid("the table is full: at most " + format_number(kMaxShortUrls) +
                         " short URLs");
}

Status UrlShortener::shorten_with_alias(std::string_view url, std::string_view alias,
                                        sim::Micros ttl) {
  if (Status status = first_error(check_url(url), check_alias(alias), check_room()); !status)
    return status;
  store(std::string(alias), url, ttl, true);
  return Status::ok();
}

void UrlShortener::store(std::string code, std::string_view url, sim::Micros ttl, bool alias) {
  const sim::Micros expires_at = ttl == kNoExpiry ? kNoExpiry : clock_.now() + ttl;
  if (trace_) {
    sim::Data data = {{"url", url}, {"alias", alias ? "yes" : "no"}};
    if (ttl != kNoExpiry) data.push_back({"expiresAtMs", sim::to_millis(expires_at)});
    note("store", code,
         ttl == kNoExpiry ? "no expiry"
                          : "expires at " + format_number(sim::to_millis(expires_at)) + " ms",
         std::move(data));
  }
  entries_.emplace(std::move(code), ShortUrl{std::string(url), 0, expires_at, alias});
}

Resolution UrlShortener::resolve(std::string_view code) {
  const std::string key(code);
  std::uint64_t counter = 0;
  if (trace_ && mode_ == CodeMode::kCounter && base62_decode(code, counter)) {
    note("decode", key, "base62 → counter " + std::to_string(counter), {{"counter", counter}});
  }
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (trace_) note("missing", key, "no such code");
    return {Resolution::Outcome::kMissing, nullptr};
  }
  ShortUrl& entry = it->second;
  if (expired(entry)) {
    if (trace_) {
      note("expired", key, "expired at " + format_number(sim::to_millis(entry.expires_at)) + " ms",
           {{"url", entry.url}, {"expiredAtMs", sim::to_millis(entry.expires_at)}});
    }
    return {Resolution::Outcome::kExpired, &entry};
  }
  ++entry.clicks;
  if (trace_) {
    note("hit", key, "click " + std::to_string(entry.clicks) + " → " + quoted(entry.url),
         {{"url", entry.url}, {"clicks", entry.clicks}});
  }
  return {Resolution::Outcome::kFound, &entry};
}

}  // namespace sdlab::partition
