// Module-wide entry points: the error channel, the API schema that api.js and
// scripts/generate-api.mjs read, and heap figures for lifetime tests.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>

#include "binding.h"

namespace sdlab::wasm {
namespace {

std::string& pending_error() {
  static std::string message;
  return message;
}

const char* kind_name(Rule::Kind kind) {
  switch (kind) {
    case Rule::Kind::kInteger: return "integer";
    case Rule::Kind::kNumber: return "number";
    case Rule::Kind::kText: return "text";
    case Rule::Kind::kChoice: return "choice";
    case Rule::Kind::kFlag: return "flag";
    case Rule::Kind::kObject: return "object";
    case Rule::Kind::kList: return "list";
    case Rule::Kind::kAny: return "any";
  }
  return "any";
}

emscripten::val param_to_js(const Param& param) {
  emscripten::val result = rule_to_js(param.rule);
  result.set("name", param.name);
  result.set("doc", param.doc);
  return result;
}

emscripten::val signature_to_js(const Signature& signature) {
  emscripten::val params = emscripten::val::array();
  for (const Param& param : signature.params) params.call<void>("push", param_to_js(param));
  emscripten::val result = emscripten::val::object();
  result.set("params", params);
  result.set("returns", signature.returns);
  result.set("doc", signature.doc);
  return result;
}

// {types: {Name: {doc, fields: [{name, type, doc, rule?}]}},
//  classes: [{name, doc, constructor: signature, methods: [{name, …signature}]}],
//  functions: [{name, …signature}]}, where a signature is {params: [{name, doc, …rule}],
//  returns (TypeScript), doc}.
emscripten::val api_schema() {
  using emscripten::val;
  val types = val::object();
  for (const auto& [name, info] : described_types()) {
    val fields = val::array();
    for (const TypeInfo::FieldInfo& f : info.fields) {
      val item = val::object();
      item.set("name", f.name);
      item.set("type", f.type);
      item.set("doc", f.doc);
      if (f.rule) item.set("rule", rule_to_js(*f.rule));
      fields.call<void>("push", item);
    }
    val type = val::object();
    type.set("doc", info.doc);
    type.set("fields", fields);
    types.set(name, type);
  }
  val classes = val::array();
  for (const auto& [name, info] : api_classes()) {
    val methods = val::array();
    for (const auto& [method, signature] : info.methods) {
      val item = signature_to_js(signature);
      item.set("name", method);
      methods.call<void>("push", item);
    }
    val item = val::object();
    item.set("name", name);
    item.set("doc", info.doc);
    item.set("constructor", signature_to_js(info.constructor));
    item.set("methods", methods);
    classes.call<void>("push", item);
  }
  val functions = val::array();
  for (const auto& [name, signature] : api_functions()) {
    val item = signature_to_js(signature);
    item.set("name", name);
    functions.call<void>("push", item);
  }
  val result = val::object();
  result.set("types", types);
  result.set("classes", classes);
  result.set("functions", functions);
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

std::map<std::string, TypeInfo>& described_types() {
  static std::map<std::string, TypeInfo> types;
  return types;
}

std::vector<std::pair<std::string, ClassInfo>>& api_classes() {
  static std::vector<std::pair<std::string, ClassInfo>> classes;
  return classes;
}

std::vector<std::pair<std::string, Signature>>& api_functions() {
  static std::vector<std::pair<std::string, Signature>> functions;
  return functions;
}

void registration_error(const std::string& where, const std::string& problem) {
  std::fprintf(stderr, "sdlab binding %s: %s\n", where.c_str(), problem.c_str());
  std::abort();
}

emscripten::val rule_to_js(const Rule& rule) {
  emscripten::val result = emscripten::val::object();
  result.set("kind", kind_name(rule.kind));
  switch (rule.kind) {
    case Rule::Kind::kInteger:
    case Rule::Kind::kNumber:
    case Rule::Kind::kList:
      result.set("min", rule.min);
      result.set("max", rule.max);
      break;
    case Rule::Kind::kText: result.set("max", rule.max); break;
    case Rule::Kind::kChoice: result.set("choices", emscripten::val::array(rule.choices)); break;
    case Rule::Kind::kObject: result.set("type", rule.type); break;
    default: break;
  }
  if (rule.item) result.set("item", rule_to_js(*rule.item));
  if (rule.optional) result.set("optional", true);
  return result;
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
  emscripten::function("apiSchema", &sdlab::wasm::api_schema);
  emscripten::function("heapBytesInUse", &sdlab::wasm::heap_bytes_in_use);
}
