// This file offers the "sos-benchmark/1" JSON form: benchmark_to_json and
// parse_benchmark.
#include "json_adapter.h"
#include "release_benchmark.h"
#include "sos/release.h"

namespace sos {

std::string benchmark_to_json(const Benchmark& benchmark) {
  detail::Json doc = detail::Json::object();
  doc["format"] = kBenchmarkFormat;
  doc["survey"] = benchmark.survey;
  doc["source"] = benchmark.source;
  doc["date"] = benchmark.date;
  doc["k"] = benchmark.k;
  doc["minOrganisations"] = benchmark.min_organisations;
  detail::Json dimensions = detail::Json::array();
  for (const BenchmarkDimension& d : benchmark.dimensions) {
    detail::Json entry = detail::Json::object();
    entry["id"] = d.dimension;
    entry["mean"] = d.mean ? detail::Json(*d.mean) : detail::Json(nullptr);
    entry["organisations"] = d.organisations;
    dimensions.push_back(std::move(entry));
  }
  doc["dimensions"] = std::move(dimensions);
  return doc.dump();
}

namespace {

const std::string kCode = "benchmark.bad_format";

Status check_fields(const detail::Json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> fields) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view f : fields) known = known || it.key() == f;
    if (!known) return Error{kCode, detail::pointer_join(pointer, it.key()), "unknown field \"" + it.key() + "\""};
  }
  for (std::string_view f : fields)
    if (!object.contains(std::string(f))) return Error{kCode, detail::pointer_join(pointer, f), "missing"};
  return {};
}

Error type_error(const std::string& pointer, std::string_view expected, const detail::Json& value) {
  return Error{kCode, pointer, "must be " + std::string(expected) + ", but is " + detail::json_type_name(value)};
}

}  // namespace

Result<Benchmark> parse_benchmark(std::string_view json_text) {
  auto parsed = detail::parse_json(json_text);
  if (!parsed.ok()) return Error{kCode, "", parsed.error().message};
  const detail::Json& doc = parsed.value();
  if (!doc.is_object()) return type_error("", "an object", doc);
  if (Status st = check_fields(doc, "", {"format", "survey", "source", "date", "k", "minOrganisations", "dimensions"});
      !st.ok())
    return st.error();
  Benchmark out;
  for (auto [key, into] : {std::pair{"survey", &out.survey}, {"source", &out.source}, {"date", &out.date}}) {
    if (!doc[key].is_string()) return type_error(std::string("/") + key, "a string", doc[key]);
    *into = doc[key].get<std::string>();
  }
  if (!doc["format"].is_string() || doc["format"].get<std::string>() != kBenchmarkFormat)
    return Error{kCode, "/format", "must be \"" + std::string(kBenchmarkFormat) + "\""};
  for (auto [key, into] : {std::pair{"k", &out.k}, {"minOrganisations", &out.min_organisations}}) {
    const detail::Json& v = doc[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1'000'000)
      return type_error(std::string("/") + key, "an integer in 0..1000000", v);
    *into = v.get<int>();
  }
  if (Status st = detail::check_benchmark_header(kCode, out.k, out.min_organisations, out.source, out.date); !st.ok())
    return st.error();
  const detail::Json& dimensions = doc["dimensions"];
  if (!dimensions.is_array()) return type_error("/dimensions", "an array", dimensions);
  for (std::size_t i = 0; i < dimensions.size(); ++i) {
    const std::string at = detail::pointer_join("/dimensions", i);
    const detail::Json& d = dimensions[i];
    if (!d.is_object()) return type_error(at, "an object", d);
    if (Status st = check_fields(d, at, {"id", "mean", "organisations"}); !st.ok()) return st.error();
    BenchmarkDimension entry;
    if (!d["id"].is_string() || d["id"].get<std::string>().empty())
      return type_error(at + "/id", "a non-empty string", d["id"]);
    entry.dimension = d["id"].get<std::string>();
    const detail::Json& organisations = d["organisations"];
    if (!organisations.is_number_integer() || organisations.get<std::int64_t>() < 0 ||
        organisations.get<std::int64_t>() > 1'000'000'000)
      return type_error(at + "/organisations", "an integer in 0..1000000000", organisations);
    entry.organisations = organisations.get<int>();
    const detail::Json& mean = d["mean"];
    if (!mean.is_null()) {
      if (!mean.is_number() || mean.get<double>() < 1.0 || mean.get<double>() > 5.0)
        return type_error(at + "/mean", "null or a number in 1..5", mean);
      if (entry.organisations < out.min_organisations)
        return Error{kCode, at + "/mean",
                     "a mean needs at least " + std::to_string(out.min_organisations) + " organisations, not " +
                         std::to_string(entry.organisations)};
      entry.mean = mean.get<double>();
    }
    out.dimensions.push_back(std::move(entry));
  }
  return out;
}

}  // namespace sos
