#include "ratelimit/exact_rate.h"

#include <cmath>

namespace sdlab::ratelimit {

namespace {

constexpr std::uint64_t kMicrosPerSecond = 1'000'000;
constexpr Units kMaxDenominator = 1'000'000'000'000;  // 10^12

struct Fraction {
  Units p, q;
};

// The fraction with the smallest denominator in [lo_p/lo_q, hi_p/hi_q] (0 < lo < hi): take the
// whole part if a whole number fits, else go on with the reciprocals of what is left of both ends,
// as their continued fractions do. Every value met is at most the largest input.
Fraction simplest_between(Units lo_p, Units lo_q, Units hi_p, Units hi_q) {
  const Units whole = lo_p / lo_q;
  if (whole * lo_q == lo_p) return {whole, 1};
  if ((whole + 1) * hi_q <= hi_p) return {whole + 1, 1};
  // Both ends are in (whole, whole + 1): x = whole + 1/y, y in [1/(hi − whole), 1/(lo − whole)].
  const Fraction y = simplest_between(hi_q, hi_p - whole * hi_q, lo_q, lo_p - whole * lo_q);
  return {whole * y.p + y.q, y.p};
}

}  // namespace

ExactRate ExactRate::per_second(double x) {
  int exponent = 0;
  const double mantissa = std::frexp(x, &exponent);  // x = mantissa · 2^exponent, in [0.5, 1)
  // x = digits · 2^(exponent − 53), and the reals that round to x are those within half a last
  // digit (a quarter below a power of two, where the digits below are finer). In units of
  // 2^-shift, a quarter digit, with shift in [25, 74] for x in [1e-6, 1e9]:
  const auto digits = static_cast<Units>(std::ldexp(mantissa, 53));
  const int shift = 55 - exponent;
  const Units scale = Units{1} << shift;
  const Units below = digits == Units{1} << 52 ? 1 : 2;
  // Its ends have the denominator 2^(shift − 1) or 2^shift, more than the simplest fraction
  // inside needs: the simplest is strictly inside and rounds to x.
  const Fraction f = simplest_between(4 * digits - below, scale, 4 * digits + 2, scale);
  if (f.q <= kMaxDenominator) {
    return ExactRate(static_cast<std::uint64_t>(f.p),
                     static_cast<std::uint64_t>(f.q) * kMicrosPerSecond);
  }
  // Round x · q to the nearest whole number, for the largest q <= 10^12 that keeps it below 2^63.
  auto q = static_cast<std::uint64_t>(kMaxDenominator);
  while (x * static_cast<double>(q) >= 0x1p63) q /= 10;
  const Units p = (digits * q + (Units{1} << (shift - 3))) >> (shift - 2);
  return ExactRate(static_cast<std::uint64_t>(p), q * kMicrosPerSecond);
}

double ExactRate::tokens(Units amount) const {
  return static_cast<double>(amount / per_token_) +
         static_cast<double>(amount % per_token_) / static_cast<double>(per_token_);
}

double ExactRate::per_second() const {
  return static_cast<double>(per_micro_) / static_cast<double>(per_token_ / kMicrosPerSecond);
}

}  // namespace sdlab::ratelimit
