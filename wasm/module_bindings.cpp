// Module-wide entry points: the error channel and signatures api.js reads, and heap figures for
// lifetime tests.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <map>

#include "binding.h"

namespace sdlab::wasm {
namespace {

std::string& pending_error() {
  static std::string message;
  return message;
}

struct Signature {
  std::vector<std::string> params;
  std::vector<std::string> types;
};

std::map<std::string, Signature>& signatures() {
  static std::map<std::string, Signature> table;
  return table;
}

// {"LruCache": {params: ["capacity"], types: ["number"]}, "LruCache.put": {…}, …}
emscripten::val api_signatures() {
  emscripten::val result = emscripten::val::object();
  for (const auto& [name, signature] : signatures()) {
    emscripten::val entry = emscripten::val::object();
    entry.set("params", emscripten::val::array(signature.params));
    entry.set("types", emscripten::val::array(signature.types));
    result.set(name, entry);
  }
  return result;
}

// Bytes of the heap in use by malloc: lifetime tests compare it before and after.
double heap_bytes_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

bool failed(const Status& status) {
  if (status.is_ok()) return false;
  pending_error() = status.message();
  return true;
}

void record_signature(const std::string& name, std::initializer_list<const char*> params,
                      const std::vector<std::string>& types) {
  signatures()[name] = Signature{{params.begin(), params.end()}, types};
}

namespace {
bool field_is(const emscripten::val& options, const char* name, const char* type, Status& status) {
  const emscripten::val field = options[name];
  if (field.typeOf().as<std::string>() == type) return true;
  if (status.is_ok()) {
    status = Status::invalid(std::string("options.") + name + " must be a " + type + ", got " +
                             field.typeOf().as<std::string>());
  }
  return false;
}
}  // namespace

double number_field(const emscripten::val& options, const char* name, Status& status) {
  return field_is(options, name, "number", status) ? options[name].as<double>() : 0;
}

std::string string_field(const emscripten::val& options, const char* name, Status& status) {
  return field_is(options, name, "string", status) ? options[name].as<std::string>() : "";
}

emscripten::val to_js(const sim::Trace& trace) {
  emscripten::val steps = emscripten::val::array();
  for (const sim::Step& step : trace.steps()) {
    emscripten::val item = emscripten::val::object();
    item.set("kind", step.kind);
    item.set("subject", step.subject);
    item.set("note", step.note);
    steps.call<void>("push", item);
  }
  return steps;
}

}  // namespace sdlab::wasm

// The message of the last failed call, consumed once; null when the call succeeded.
extern "C" EMSCRIPTEN_KEEPALIVE const char* sdlab_take_error() {
  static std::string taken;
  taken.swap(sdlab::wasm::pending_error());
  sdlab::wasm::pending_error().clear();
  return taken.empty() ? nullptr : taken.c_str();
}

EMSCRIPTEN_BINDINGS(sdlab_module) {
  emscripten::function("apiSignatures", &sdlab::wasm::api_signatures);
  emscripten::function("heapBytesInUse", &sdlab::wasm::heap_bytes_in_use);
}
