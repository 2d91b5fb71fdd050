// A small validator of the JSON Schema keywords schemas/*.json use, for tests that check
// byline's JSON against them (python's jsonschema is not a build dependency).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "test_support.h"

namespace byline::testing {

using nlohmann::json;

inline json load_schema(const std::string& name) {
  return json::parse(read_file(source_dir() / "schemas" / name));
}

inline bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  ADD_FAILURE() << "validator: unknown type " << type;
  return false;
}

inline size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Appends one line per violation of `schema` by `v` (at `where`) to `errors`. Knows the keywords
// schemas/ uses; any other, but for annotations, fails the test so it gets learnt here.
inline void validate(const json& root, const json& schema, const json& v, const std::string& where,
                     std::vector<std::string>& errors) {
  for (const auto& [key, s] : schema.items()) {
    if (key == "$ref") {
      const std::string ref = s.get<std::string>();
      if (ref.rfind("#/$defs/", 0) == 0) {
        validate(root, root["$defs"][ref.substr(8)], v, where, errors);
      } else {  // another file of schemas/ ("article.schema.json"), relative to the $id
        ASSERT_EQ(ref.find_first_of("#/"), std::string::npos) << ref;
        const json other = load_schema(ref);
        validate(other, other, v, where, errors);
      }
    } else if (key == "type") {
      bool ok = false;
      for (const auto& t : s.is_array() ? s : json::array({s})) ok |= has_type(v, t);
      if (!ok) errors.push_back(where + ": not of type " + s.dump() + ": " + v.dump());
    } else if (key == "const") {
      if (v != s) errors.push_back(where + ": " + v.dump() + " is not " + s.dump());
    } else if (key == "enum") {
      if (std::find(s.begin(), s.end(), v) == s.end())
        errors.push_back(where + ": " + v.dump() + " not in " + s.dump());
    } else if (key == "required") {
      if (v.is_object())
        for (const auto& k : s)
          if (!v.contains(k.get<std::string>()))
            errors.push_back(where + ": lacks required " + k.dump());
    } else if (key == "properties") {
      if (v.is_object())
        for (const auto& [name, sub] : s.items())
          if (v.contains(name)) validate(root, sub, v[name], where + "." + name, errors);
    } else if (key == "additionalProperties") {
      ASSERT_TRUE(s.is_boolean()) << "validator: additionalProperties is a boolean here";
      if (v.is_object() && !s.get<bool>())
        for (const auto& [name, value] : v.items())
          if (!schema.contains("properties") || !schema["properties"].contains(name))
            errors.push_back(where + ": has " + name + ", not in the schema");
    } else if (key == "items") {
      if (v.is_array())
        for (size_t i = 0; i < v.size(); ++i)
          validate(root, s, v[i], where + "[" + std::to_string(i) + "]", errors);
    } else if (key == "anyOf") {
      bool any = false;
      for (const auto& sub : s) {
        std::vector<std::string> e;
        validate(root, sub, v, where, e);
        any |= e.empty();
      }
      if (!any) errors.push_back(where + ": matches none of anyOf");
    } else if (key == "minimum") {
      if (v.is_number() && v.get<double>() < s.get<double>())
        errors.push_back(where + ": below " + s.dump());
    } else if (key == "maxLength") {
      if (v.is_string() && code_points(v.get<std::string>()) > s.get<size_t>())
        errors.push_back(where + ": longer than " + s.dump());
    } else if (key == "minLength") {
      if (v.is_string() && code_points(v.get<std::string>()) < s.get<size_t>())
        errors.push_back(where + ": shorter than " + s.dump());
    } else if (key == "maxItems") {
      if (v.is_array() && v.size() > s.get<size_t>()) errors.push_back(where + ": too many items");
    } else if (key == "minItems") {
      if (v.is_array() && v.size() < s.get<size_t>()) errors.push_back(where + ": too few items");
    } else if (key == "pattern") {
      if (v.is_string() &&
          !std::regex_search(v.get<std::string>(), std::regex(s.get<std::string>())))
        errors.push_back(where + ": " + v.dump() + " does not match " + s.dump());
    } else if (key != "$schema" && key != "$id" && key != "$defs" && key != "title" &&
               key != "description" && key != "format") {
      ADD_FAILURE() << "validator: unknown keyword " << key;
    }
  }
}

// Each error, or "" when `text` (one JSON document) is valid.
inline std::string check(const json& schema, const std::string& text, const std::string& what) {
  const json v = json::parse(text, nullptr, false);
  if (v.is_discarded()) return what + ": not JSON: " + text.substr(0, 200);
  std::vector<std::string> errors;
  validate(schema, schema, v, what, errors);
  std::string out;
  for (const auto& e : errors) out += e + "\n";
  return out;
}

}  // namespace byline::testing
