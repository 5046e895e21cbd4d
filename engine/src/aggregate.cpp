// This file offers the merge of aggregates and their JSON form, both driven
// by kStatisticFields.
#include "sos/aggregate.h"

#include "json_adapter.h"
#include "json_write.h"

namespace sos {

std::int64_t Aggregate::respondents() const {
  auto it = cells.find("respondents");
  return it == cells.end() ? 0 : it->second.n;
}

Status merge_into(Aggregate& a, const Aggregate& b) {
  if (a.survey != b.survey || a.version != b.version)
    return Error{"aggregate.mismatch", "",
                 "cannot merge " + b.survey + " " + b.version + " into " + a.survey + " " + a.version};
  // Check every sum first, so a refused merge leaves `a` as it was.
  for (const auto& [key, cell] : b.cells) {
    auto it = a.cells.find(key);
    if (it == a.cells.end()) continue;
    for (const StatisticField& field : kStatisticFields) {
      std::int64_t ignored;
      if (__builtin_add_overflow(it->second.*field.member, cell.*field.member, &ignored))
        return Error{"aggregate.overflow", "/cells/" + key + "/" + std::string(field.name),
                     "the sum leaves the 64-bit integer range"};
    }
  }
  for (const auto& [key, cell] : b.cells) {
    Statistic& target = a.cells[key];
    for (const StatisticField& field : kStatisticFields) target.*field.member += cell.*field.member;
  }
  if (a.role != b.role) a.role.clear();
  return {};
}

Result<Aggregate> merge(const Aggregate& a, const Aggregate& b) {
  Aggregate out = a;
  if (Status st = merge_into(out, b); !st.ok()) return st.error();
  return out;
}

std::string aggregate_to_json(const Aggregate& aggregate) {
  // Cells come sorted by key (a std::map), their fields in kStatisticFields'
  // order, which is sorted too.
  detail::JsonWriter cells;
  cells.begin_object();
  for (const auto& [key, cell] : aggregate.cells) {
    cells.key(key).begin_object();
    for (const StatisticField& field : kStatisticFields)
      if (cell.*field.member != 0) cells.key(field.name).integer(cell.*field.member);
    cells.end_object();
  }
  detail::JsonObject doc;
  doc.string("format", kAggregateFormat)
      .string("survey", aggregate.survey)
      .string("version", aggregate.version)
      .string("role", aggregate.role)
      .raw("cells", cells.end_object().take());
  return doc.str();
}

namespace detail {

// Reads "cells" of an aggregate or contribution into `out`.
Status read_cells(const Json& cells, const std::string& pointer, std::map<std::string, Statistic, std::less<>>& out,
                  const std::string& code) {
  if (!cells.is_object()) return Error{code, pointer, "must be an object, but is " + json_type_name(cells)};
  for (auto it = cells.begin(); it != cells.end(); ++it) {
    std::string at = pointer_join(pointer, it.key());
    if (!it->is_object()) return Error{code, at, "must be an object, but is " + json_type_name(*it)};
    Statistic cell;
    for (auto f = it->begin(); f != it->end(); ++f) {
      const StatisticField* field = nullptr;
      for (const StatisticField& candidate : kStatisticFields)
        if (candidate.name == f.key()) field = &candidate;
      if (!field) return Error{code, pointer_join(at, f.key()), "unknown field \"" + f.key() + "\""};
      if (!f->is_number_integer())
        return Error{code, pointer_join(at, f.key()), "must be an integer, but is " + f->dump()};
      cell.*field->member = f->get<std::int64_t>();
    }
    out.emplace(it.key(), cell);
  }
  return {};
}

}  // namespace detail

Result<Aggregate> parse_aggregate(std::string_view json_text) {
  const std::string code = "aggregate.bad_format";
  auto parsed = detail::parse_json(json_text);
  if (!parsed.ok()) return Error{code, "", parsed.error().message};
  const detail::Json& doc = parsed.value();
  if (!doc.is_object()) return Error{code, "", "an aggregate must be an object"};
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "format" && it.key() != "survey" && it.key() != "version" && it.key() != "role" &&
        it.key() != "cells")
      return Error{code, "/" + it.key(), "unknown field \"" + it.key() + "\""};
  Aggregate out;
  auto text = [&](const char* key, std::string& into) -> Status {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return Error{code, std::string("/") + key, "missing or not a string"};
    into = it->get<std::string>();
    return {};
  };
  std::string format;
  for (auto [key, into] : {std::pair{"format", &format}, {"survey", &out.survey}, {"version", &out.version},
                           {"role", &out.role}})
    if (Status st = text(key, *into); !st.ok()) return st.error();
  if (format != kAggregateFormat) return Error{code, "/format", "must be \"" + std::string(kAggregateFormat) + "\""};
  auto cells = doc.find("cells");
  if (cells == doc.end()) return Error{code, "/cells", "missing"};
  if (Status st = detail::read_cells(*cells, "/cells", out.cells, code); !st.ok()) return st.error();
  return out;
}

}  // namespace sos
