#include "common/status.h"

#include <cstdio>

namespace sdlab {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

namespace {
std::string range(double min, double max) {
  return "[" + format_number(min) + ", " + format_number(max) + "]";
}
}  // namespace

Status check_integer(std::string_view name, double value, double min, double max) {
  if (std::isfinite(value) && value == std::floor(value) && value >= min && value <= max) {
    return Status::ok();
  }
  return Status::invalid(std::string(name) + " must be an integer in " + range(min, max) +
                         ", got " + format_number(value));
}

Status check_number(std::string_view name, double value, double min, double max) {
  if (std::isfinite(value) && value >= min && value <= max) return Status::ok();
  return Status::invalid(std::string(name) + " must be a finite number in " + range(min, max) +
                         ", got " + format_number(value));
}

Status check_length(std::string_view name, std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return Status::ok();
  return Status::invalid(std::string(name) + " must be at most " + std::to_string(max_bytes) +
                         " bytes long, got " + std::to_string(text.size()));
}

}  // namespace sdlab
