// This file offers the JSON form of the report model ("sos-report/1",
// docs/report.md): exact integers next to the decimals and texts to show.
#include "report_json.h"

#include "report_text.h"

namespace sos {
namespace {

using detail::Json;

// Texts come from parsed JSON and are valid UTF-8; replacing rather than
// throwing keeps the promise that nothing here throws on text.
std::string dump(const Json& doc) { return doc.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json document(std::string_view kind) {
  Json doc = Json::object();
  doc["format"] = kReportFormat;
  doc["kind"] = kind;
  return doc;
}

double value_of(int tenths) { return tenths / 10.0; }
double value_of_e4(std::int64_t e4) { return static_cast<double>(e4) / 10000.0; }

std::string signed_display(int tenths, std::string_view language) {
  return (tenths > 0 ? "+" : "") + detail::format_tenths(tenths, language);
}

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json score_json(const ScoreFigure& s, std::string_view language) {
  Json out = Json::object();
  out["n"] = s.n;
  out["sum"] = s.sum;
  out["sumsq"] = s.sumsq;
  out["meanE4"] = s.mean_e4;
  out["mean"] = value_of_e4(s.mean_e4);
  out["tenths"] = s.tenths;
  out["value"] = value_of(s.tenths);
  out["display"] = detail::format_tenths(s.tenths, language);
  out["sdE4"] = or_null(s.sd_e4);
  out["sd"] = s.sd_e4 ? Json(value_of_e4(*s.sd_e4)) : Json(nullptr);
  return out;
}

Json strings(const std::vector<std::string>& list) {
  Json out = Json::array();
  for (const std::string& s : list) out.push_back(s);
  return out;
}

Json dimension_json(const DimensionFigure& d, std::string_view language) {
  Json out = Json::object();
  out["id"] = d.dimension;
  out["title"] = d.title;
  out["state"] = state_name(d.state);
  if (!d.state_label.empty()) out["stateLabel"] = d.state_label;
  out["score"] = d.score ? score_json(*d.score, language) : Json(nullptr);
  out["benchmarkE4"] = or_null(d.benchmark_e4);
  out["benchmarkTenths"] = or_null(d.benchmark_tenths);
  out["benchmark"] = d.benchmark_tenths ? Json(value_of(*d.benchmark_tenths)) : Json(nullptr);
  out["benchmarkDisplay"] =
      d.benchmark_tenths ? Json(detail::format_tenths(*d.benchmark_tenths, language)) : Json(nullptr);
  out["colour"] = colour_name(d.colour);
  if (!d.colour_label.empty()) out["colourLabel"] = d.colour_label;
  out["rank"] = d.rank;
  out["band"] = d.band;
  out["tips"] = strings(d.tips);
  out["strength"] = d.strength;
  return out;
}

Json question_json(const QuestionFigure& q) {
  Json out = Json::object();
  out["id"] = q.question;
  out["type"] = question_type_name(q.type);
  out["text"] = q.text;
  out["dimension"] = q.dimension;
  out["reverse"] = q.reverse;
  if (q.type == QuestionType::likert) {
    out["minLabel"] = q.min_label;
    out["maxLabel"] = q.max_label;
  }
  out["answered"] = q.answered_withheld ? Json(nullptr) : Json(q.answered);
  Json options = Json::array();
  for (const OptionFigure& o : q.options) {
    Json option = Json::object();
    option["value"] = o.value;
    option["label"] = o.label;
    option["state"] = o.withheld ? "withheld" : "shown";
    option["count"] = o.withheld ? Json(nullptr) : Json(o.count);
    option["percent"] = or_null(o.percent);
    options.push_back(std::move(option));
  }
  out["options"] = std::move(options);
  if (q.type == QuestionType::number)
    out["mean"] = q.mean_e2 ? Json(static_cast<double>(*q.mean_e2) / 100.0) : Json(nullptr);
  return out;
}

Json change_json(const std::optional<Change>& change, std::string_view language) {
  if (!change) return nullptr;
  Json out = Json::object();
  out["from"] = change->from_wave;
  out["to"] = change->to_wave;
  out["tenths"] = change->tenths;
  out["value"] = value_of(change->tenths);
  out["display"] = signed_display(change->tenths, language);
  out["differenceE4"] = change->difference_e4;
  out["marginE4"] = or_null(change->margin_e4);
  out["withinChance"] = or_null(change->within_chance);
  return out;
}

Json compared_json(const ComparedValue& v, std::string_view language) {
  Json out = Json::object();
  out["group"] = v.group;
  out["state"] = state_name(v.state);
  out["tenths"] = or_null(v.tenths);
  out["value"] = v.tenths ? Json(value_of(*v.tenths)) : Json(nullptr);
  out["display"] = v.tenths ? Json(detail::format_tenths(*v.tenths, language)) : Json(nullptr);
  out["colour"] = colour_name(v.colour);
  if (!v.colour_label.empty()) out["colourLabel"] = v.colour_label;
  if (!v.state_label.empty()) out["stateLabel"] = v.state_label;
  if (v.difference_tenths) {
    out["differenceTenths"] = *v.difference_tenths;
    out["differenceDisplay"] = signed_display(*v.difference_tenths, language);
  }
  return out;
}

}  // namespace

detail::Json detail::report_object(const GroupReport& r) {
  Json doc = document("group");
  doc["survey"] = r.survey;
  doc["group"] = r.group;
  doc["role"] = r.role;
  doc["language"] = r.language;
  doc["respondents"] = or_null(r.respondents);
  doc["respondentsState"] = r.respondents ? "shown" : "withheld";
  if (!r.respondents) doc["respondentsLabel"] = detail::report_text("withheld", r.language);
  doc["leftOutRole"] = r.left_out_role;
  Json rule = Json::object();
  rule["greenAboveTenths"] = r.green_above_tenths;
  rule["greenAbove"] = value_of(r.green_above_tenths);
  rule["text"] = r.colour_rule;
  // Every colour's text label, for a legend beside cells that show a colour.
  Json labels = Json::object();
  std::string threshold = detail::format_tenths(r.green_above_tenths, r.language);
  for (Colour c : {Colour::green, Colour::yellow, Colour::red, Colour::neutral})
    labels[std::string(colour_name(c))] = detail::report_text(colour_name(c), r.language, threshold);
  rule["labels"] = std::move(labels);
  doc["colourRule"] = std::move(rule);
  doc["notes"] = strings(r.notes);
  bool any_benchmark = false;
  for (const DimensionFigure& d : r.dimensions) any_benchmark = any_benchmark || d.benchmark_tenths.has_value();
  Json benchmark = Json::object();
  benchmark["source"] = r.benchmark_source;
  benchmark["date"] = r.benchmark_date;
  doc["benchmark"] = any_benchmark ? std::move(benchmark) : Json(nullptr);
  Json dimensions = Json::array();
  for (const DimensionFigure& d : r.dimensions) dimensions.push_back(dimension_json(d, r.language));
  doc["dimensions"] = std::move(dimensions);
  doc["ranking"] = strings(r.ranking);
  doc["strengths"] = strings(r.strengths);
  doc["improvements"] = strings(r.improvements);
  Json questions = Json::array();
  for (const QuestionFigure& q : r.questions) questions.push_back(question_json(q));
  doc["questions"] = std::move(questions);
  return doc;
}

detail::Json detail::trend_object(const Trend& t) {
  Json doc = document("trend");
  doc["group"] = t.group;
  doc["role"] = t.role;
  doc["language"] = t.language;
  doc["waves"] = strings(t.waves);
  Json dimensions = Json::array();
  for (const DimensionTrend& d : t.dimensions) {
    Json out = Json::object();
    out["id"] = d.dimension;
    out["title"] = d.title;
    Json points = Json::array();
    for (const TrendPoint& p : d.points) {
      Json point = Json::object();
      point["wave"] = p.wave;
      point["state"] = state_name(p.state);
      point["score"] = p.score ? score_json(*p.score, t.language) : Json(nullptr);
      points.push_back(std::move(point));
    }
    out["points"] = std::move(points);
    out["sincePrevious"] = change_json(d.since_previous, t.language);
    out["overAll"] = change_json(d.over_all, t.language);
    dimensions.push_back(std::move(out));
  }
  doc["dimensions"] = std::move(dimensions);
  return doc;
}

detail::Json detail::comparison_object(const Comparison& c) {
  Json doc = document("comparison");
  doc["role"] = c.role;
  doc["language"] = c.language;
  doc["subject"] = c.subject;
  doc["references"] = strings(c.references);
  Json dimensions = Json::array();
  for (const DimensionComparison& d : c.dimensions) {
    Json out = Json::object();
    out["id"] = d.dimension;
    out["title"] = d.title;
    out["subject"] = compared_json(d.subject, c.language);
    Json references = Json::array();
    for (const ComparedValue& v : d.references) references.push_back(compared_json(v, c.language));
    out["references"] = std::move(references);
    dimensions.push_back(std::move(out));
  }
  doc["dimensions"] = std::move(dimensions);
  return doc;
}

detail::Json detail::gap_object(const PerceptionGap& g) {
  Json doc = document("gap");
  doc["group"] = g.group;
  doc["language"] = g.language;
  doc["roleA"] = g.role_a;
  doc["roleB"] = g.role_b;
  Json ranked = Json::array();
  for (const DimensionGap& d : g.ranked) {
    Json out = Json::object();
    out["id"] = d.dimension;
    out["title"] = d.title;
    out["a"] = score_json(d.a, g.language);
    out["b"] = score_json(d.b, g.language);
    out["tenths"] = d.tenths;
    out["value"] = value_of(d.tenths);
    out["display"] = signed_display(d.tenths, g.language);
    out["differenceE4"] = d.difference_e4;
    ranked.push_back(std::move(out));
  }
  doc["ranked"] = std::move(ranked);
  doc["missing"] = strings(g.missing);
  return doc;
}

detail::Json detail::response_rates_object(const std::vector<ResponseRate>& rates) {
  Json doc = document("responses");
  Json groups = Json::array();
  for (const ResponseRate& p : rates) {
    Json out = Json::object();
    out["group"] = p.group;
    out["parent"] = p.parent;
    out["respondents"] = or_null(p.respondents);
    out["headcount"] = p.headcount;
    out["ratePercent"] = or_null(p.rate_percent);
    groups.push_back(std::move(out));
  }
  doc["groups"] = std::move(groups);
  return doc;
}

std::string report_to_json(const GroupReport& report) { return dump(detail::report_object(report)); }
std::string trend_to_json(const Trend& trend) { return dump(detail::trend_object(trend)); }
std::string comparison_to_json(const Comparison& comparison) { return dump(detail::comparison_object(comparison)); }
std::string gap_to_json(const PerceptionGap& gap) { return dump(detail::gap_object(gap)); }
std::string response_rates_to_json(const std::vector<ResponseRate>& rates) {
  return dump(detail::response_rates_object(rates));
}

}  // namespace sos
