// This file offers report_view: the dashboard's one call, every figure of one
// view (a group in a wave, with its trend, comparison, gap, heatmap and
// response rates) from the endpoint's own bodies.
#include <cmath>
#include <exception>
#include <new>

#include "report_json.h"
#include "report_text.h"
#include "sos/report.h"

namespace sos {
namespace {

using detail::Json;

Error bad(std::string pointer, std::string message) {
  return Error{"report.bad_request", std::move(pointer), std::move(message)};
}

Error inside(const Error& e, const std::string& prefix) { return Error{e.code, prefix + e.pointer, e.message}; }

struct Wave {
  std::string id;
  std::optional<Release> release;                     // a closed (or open) wave's release
  std::optional<std::vector<ResponseRate>> progress;  // an open wave's "sos-progress/1"
  NotApplicable not_applicable;                       // from the wave's groupAttributes
};

struct Comment {
  std::string group, question, text;
};

struct Request {
  ReportOptions options;
  std::string group;
  std::string role;
  std::vector<Wave> waves;
  std::optional<std::vector<std::string>> compare;
  std::vector<std::string> gap_roles;
  NotApplicable not_applicable;
  std::vector<Comment> comments;
};

Result<std::string> string_at(const Json& doc, std::string_view key, const std::string& at, bool required,
                              std::string fallback = {}) {
  auto it = doc.find(key);
  if (it == doc.end() || (it->is_null() && !required)) {
    if (required) return bad(at, "\"" + std::string(key) + "\" is required");
    return fallback;
  }
  if (!it->is_string())
    return bad(at + "/" + std::string(key), "must be a string, but is " + detail::json_type_name(*it));
  return it->get<std::string>();
}

Result<std::vector<std::string>> strings_at(const Json& value, const std::string& at) {
  if (!value.is_array()) return bad(at, "must be an array of strings, but is " + detail::json_type_name(value));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) return bad(detail::pointer_join(at, i), "must be a string");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

// "sos-progress/1" as the endpoint sends it for an open wave.
Result<std::vector<ResponseRate>> read_progress(const Json& doc, const std::string& at) {
  if (!doc.is_object() || !doc.contains("groups") || !doc["groups"].is_array())
    return bad(at, "must be an object with \"groups\"");
  std::vector<ResponseRate> out;
  for (std::size_t i = 0; i < doc["groups"].size(); ++i) {
    const Json& g = doc["groups"][i];
    std::string here = detail::pointer_join(at + "/groups", i);
    if (!g.is_object()) return bad(here, "must be an object");
    auto group = string_at(g, "group", here, true);
    if (!group.ok()) return group.error();
    auto parent = string_at(g, "parent", here, false);
    if (!parent.ok()) return parent.error();
    auto count = [&](std::string_view key) -> Result<std::optional<std::int64_t>> {
      auto it = g.find(key);
      if (it == g.end() || it->is_null()) return std::optional<std::int64_t>();
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
        return bad(here + "/" + std::string(key), "must be a count");
      return std::optional<std::int64_t>(it->get<std::int64_t>());
    };
    auto respondents = count("respondents");
    auto headcount = count("headcount");
    if (!respondents.ok()) return respondents.error();
    if (!headcount.ok()) return headcount.error();
    out.push_back(response_rate(group.value(), parent.value(), respondents.value(), headcount.value().value_or(0)));
  }
  return out;
}

Result<Request> read_request(const Survey& survey, std::string_view text) {
  Result<Json> parsed = detail::parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return bad("", "the request must be an object");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    static const char* known[] = {"format",       "language",        "greenAbove", "group",    "role",
                                  "waves",        "benchmark",       "compare",    "gapRoles", "notApplicable",
                                  "maxStrengths", "maxImprovements", "comments"};
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) return bad("/" + it.key(), "unknown field \"" + it.key() + "\"");
  }
  Request r;
  auto format = string_at(doc, "format", "", false, "sos-report-request/1");
  if (!format.ok()) return format.error();
  if (format.value() != "sos-report-request/1") return bad("/format", "must be \"sos-report-request/1\"");
  auto language = string_at(doc, "language", "", false);
  auto group = string_at(doc, "group", "", true);
  auto role = string_at(doc, "role", "", false);
  for (const auto* s : {&language, &group, &role})
    if (!s->ok()) return s->error();
  r.options.language = language.value();
  r.group = group.value();
  r.role = role.value();
  if (auto it = doc.find("greenAbove"); it != doc.end()) {
    double tenths = it->is_number() ? it->get<double>() * 10 : -1;
    if (!(tenths >= 10 && tenths <= 50) || std::fabs(tenths - std::round(tenths)) > 1e-9)
      return bad("/greenAbove", "must be a score of 1.0-5.0 with one decimal");
    r.options.green_above_tenths = static_cast<int>(std::lround(tenths));
  }
  for (const char* key : {"maxStrengths", "maxImprovements"}) {
    auto it = doc.find(key);
    if (it == doc.end()) continue;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 100)
      return bad(std::string("/") + key, "must be a whole number 0-100");
    (std::string(key) == "maxStrengths" ? r.options.max_strengths : r.options.max_improvements) = it->get<int>();
  }
  if (auto it = doc.find("benchmark"); it != doc.end() && !it->is_null()) {
    Result<Benchmark> b = parse_benchmark(it->dump());
    if (!b.ok()) return inside(b.error(), "/benchmark");
    r.options.benchmark = b.value();
  }
  auto waves = doc.find("waves");
  if (waves == doc.end() || !waves->is_array() || waves->empty())
    return bad("/waves", "must be a list of at least one wave, oldest first");
  for (std::size_t i = 0; i < waves->size(); ++i) {
    const Json& w = (*waves)[i];
    std::string at = detail::pointer_join("/waves", i);
    if (!w.is_object()) return bad(at, "must be an object");
    Wave wave;
    auto id = string_at(w, "id", at, true);
    if (!id.ok()) return id.error();
    wave.id = id.value();
    if (auto it = w.find("release"); it != w.end()) {
      Result<Release> release = parse_release(it->dump());
      if (!release.ok()) return inside(release.error(), at + "/release");
      if (release->survey != survey.id)
        return Error{"report.survey_mismatch", at + "/release/survey",
                     "the release is of survey \"" + release->survey + "\", not \"" + survey.id + "\""};
      wave.release = std::move(release).value();
    } else if (auto it = w.find("progress"); it != w.end()) {
      auto progress = read_progress(*it, at + "/progress");
      if (!progress.ok()) return progress.error();
      wave.progress = std::move(progress).value();
    } else {
      return bad(at, "a wave needs \"release\" (sos-release/1) or \"progress\" (sos-progress/1)");
    }
    if (auto it = w.find("groupAttributes"); it != w.end() && !it->is_null() && wave.release) {
      if (!it->is_object()) return bad(at + "/groupAttributes", "must be an object of group id to attributes");
      std::map<std::string, std::string, std::less<>> attributes;
      for (auto g = it->begin(); g != it->end(); ++g) attributes[g.key()] = g->dump();
      auto na = not_applicable_dimensions(survey, *wave.release, attributes);
      if (!na.ok()) return inside(na.error(), at + "/groupAttributes");
      wave.not_applicable = std::move(na).value();
    }
    r.waves.push_back(std::move(wave));
  }
  if (auto it = doc.find("compare"); it != doc.end()) {
    auto compare = strings_at(*it, "/compare");
    if (!compare.ok()) return compare.error();
    r.compare = compare.value();
  }
  if (auto it = doc.find("gapRoles"); it != doc.end()) {
    auto roles = strings_at(*it, "/gapRoles");
    if (!roles.ok()) return roles.error();
    if (roles->size() != 2) return bad("/gapRoles", "must name two roles");
    r.gap_roles = roles.value();
  }
  if (auto it = doc.find("notApplicable"); it != doc.end()) {
    if (!it->is_object()) return bad("/notApplicable", "must be an object of group id to dimension ids");
    for (auto g = it->begin(); g != it->end(); ++g) {
      auto dims = strings_at(*g, detail::pointer_join("/notApplicable", g.key()));
      if (!dims.ok()) return dims.error();
      r.not_applicable[g.key()].insert(dims->begin(), dims->end());
    }
  }
  if (auto it = doc.find("comments"); it != doc.end()) {
    if (!it->is_array()) return bad("/comments", "must be an array of released comments");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const Json& c = (*it)[i];
      std::string at = detail::pointer_join("/comments", i);
      if (!c.is_object()) return bad(at, "must be an object");
      auto group = string_at(c, "group", at, true);
      auto question = string_at(c, "question", at, true);
      auto text = string_at(c, "text", at, true);
      for (const auto* s : {&group, &question, &text})
        if (!s->ok()) return s->error();
      int q = survey.question_index(question.value());
      if (q < 0 || survey.questions[q].type != QuestionType::comment)
        return bad(at + "/question", "\"" + question.value() + "\" is not a comment question of the survey");
      r.comments.push_back({group.value(), question.value(), text.value()});
    }
  }
  return r;
}

class ViewBuilder {
 public:
  ViewBuilder(const Survey& survey, const Request& request) : s_(survey), q_(request) {}

  Result<Json> build() {
    const Wave& latest = q_.waves.back();
    const std::string at = "/waves/" + std::to_string(q_.waves.size() - 1);
    Json view = Json::object();
    view["format"] = kReportFormat;
    view["kind"] = "view";
    view["wave"] = latest.id;
    view["group"] = q_.group;
    view["role"] = q_.role;
    // An open wave shows response counts and rates only.
    if (latest.progress || latest.release->state == WaveState::open) {
      view["state"] = "open";
      view["responses"] = detail::response_rates_object(latest.progress ? *latest.progress
                                                                        : response_rates_from_release(*latest.release));
      return view;
    }
    view["state"] = "closed";
    const Release& release = *latest.release;
    auto report = report_for(latest, q_.group, q_.role, at, true);
    if (!report.ok()) return report.error();
    view["report"] = detail::report_object(report.value());

    auto trend = trend_for();
    if (!trend.ok()) return trend.error();
    view["trend"] = detail::trend_object(trend.value());

    std::vector<std::string> references = q_.compare ? *q_.compare : ancestors(release, q_.group);
    std::vector<GroupReport> others;
    for (const std::string& id : references) {
      auto other = report_for(latest, id, q_.role, at);
      if (!other.ok()) return other.error();
      others.push_back(std::move(other).value());
    }
    auto comparison = compare_groups(report.value(), others);
    if (!comparison.ok()) return comparison.error();
    view["comparison"] = detail::comparison_object(comparison.value());

    view["gap"] = nullptr;
    std::vector<std::string> roles = q_.gap_roles;
    if (roles.empty() && s_.role_index("seller") >= 0 && s_.role_index(release.manager_role) >= 0 &&
        release.manager_role != "seller")
      roles = {"seller", release.manager_role};
    if (roles.size() == 2) {
      auto a = report_for(latest, q_.group, roles[0], at);
      auto b = report_for(latest, q_.group, roles[1], at);
      if (!a.ok()) return a.error();
      if (!b.ok()) return b.error();
      auto gap = perception_gap(a.value(), b.value());
      if (!gap.ok()) return gap.error();
      view["gap"] = detail::gap_object(gap.value());
    }

    Json heatmap = Json::array();
    for (const GroupFigures& g : release.groups) {
      auto r = report_for(latest, g.group, q_.role, at);
      if (!r.ok()) return r.error();
      Json row = {
          {"group", g.group}, {"parent", g.parent}, {"respondents", r->respondents ? Json(*r->respondents) : Json()}};
      Json cells = Json::array();
      for (const DimensionFigure& d : r->dimensions) {
        Json cell = {{"id", d.dimension}, {"state", state_name(d.state)}, {"colour", colour_name(d.colour)}};
        // Colour is never the only signal: the label goes with it.
        if (!d.colour_label.empty()) cell["colourLabel"] = d.colour_label;
        if (!d.state_label.empty()) cell["stateLabel"] = d.state_label;
        cell["tenths"] = d.score ? Json(d.score->tenths) : Json();
        cell["display"] = d.score ? Json(detail::format_tenths(d.score->tenths, report->language)) : Json();
        cells.push_back(std::move(cell));
      }
      row["dimensions"] = std::move(cells);
      heatmap.push_back(std::move(row));
    }
    view["heatmap"] = std::move(heatmap);
    view["responses"] = detail::response_rates_object(response_rates_from_release(release));
    view["comments"] = comments_of(report->language);
    return view;
  }

 private:
  // Other groups' and roles' reports feed only dimension figures: their
  // question distributions are left out.
  Result<GroupReport> report_for(const Wave& wave, const std::string& group, const std::string& role,
                                 const std::string& at, bool questions = false) {
    const Release& release = *wave.release;
    auto figures = figures_from_release(release, group, role);
    if (!figures.ok()) return inside(figures.error(), at + "/release");
    figures->not_applicable = not_applicable_to(wave, group);
    ReportOptions options = q_.options;
    options.questions = questions;
    auto report = report_group(s_, figures.value(), options);
    if (!report.ok()) return inside(in_release(report.error(), release, group, role), at + "/release");
    return report;
  }

  // The group's report in every closed wave that has it, oldest first.
  Result<Trend> trend_for() {
    std::vector<WaveReport> waves;
    for (std::size_t i = 0; i < q_.waves.size(); ++i) {
      const Wave& w = q_.waves[i];
      if (!w.release || w.release->state != WaveState::closed) continue;
      auto figures = figures_from_release(*w.release, q_.group, q_.role);
      if (!figures.ok()) continue;  // a group or role that did not exist in that wave
      figures->not_applicable = not_applicable_to(w, q_.group);
      ReportOptions options = q_.options;
      options.questions = false;
      auto report = report_group(s_, figures.value(), options);
      if (!report.ok())
        return inside(in_release(report.error(), *w.release, q_.group, q_.role),
                      "/waves/" + std::to_string(i) + "/release");
      waves.push_back({w.id, std::move(report).value()});
    }
    return report_trend(waves);
  }

  // What the request says directly and what the wave's group attributes
  // decide by the survey's rules.
  std::set<std::string, std::less<>> not_applicable_to(const Wave& wave, const std::string& group) const {
    std::set<std::string, std::less<>> out;
    for (const NotApplicable* source : {&q_.not_applicable, &wave.not_applicable})
      if (auto it = source->find(group); it != source->end()) out.insert(it->second.begin(), it->second.end());
    return out;
  }

  // The group's own released comments under their questions, in survey
  // order, each question's text in the report's language. The texts are
  // untrusted: they go out as JSON strings, to be drawn as text.
  Json comments_of(const std::string& language) const {
    Json questions = Json::array();
    for (const Question& q : s_.questions) {
      if (q.type != QuestionType::comment) continue;
      Json texts = Json::array();
      for (const Comment& c : q_.comments)
        if (c.group == q_.group && c.question == q.id) texts.push_back(c.text);
      if (texts.empty()) continue;
      questions.push_back(
          {{"id", q.id}, {"text", std::string(q.text.in(language, s_.fallback_language))}, {"comments", texts}});
    }
    return {{"group", q_.group}, {"questions", std::move(questions)}};
  }

  // Where report_group's "/cells/KEY" is in the release:
  // "/groups/I/roles/J/cells/K", K the key's index (cells are aligned with
  // the release's keys).
  static Error in_release(Error e, const Release& release, const std::string& group, const std::string& role) {
    static constexpr std::string_view kCells = "/cells/";
    for (std::size_t g = 0; g < release.groups.size(); ++g) {
      if (release.groups[g].group != group) continue;
      for (std::size_t r = 0; r < release.groups[g].roles.size(); ++r) {
        if (release.groups[g].roles[r].role != role) continue;
        std::string place = "/groups/" + std::to_string(g) + "/roles/" + std::to_string(r);
        if (e.pointer.rfind(kCells, 0) == 0) {
          int key = release.key_index(std::string_view(e.pointer).substr(kCells.size()));
          if (key >= 0) e.pointer = place + "/cells/" + std::to_string(key);
        }
        return e;
      }
    }
    return e;
  }

  static std::vector<std::string> ancestors(const Release& release, const std::string& group) {
    std::vector<std::string> out;
    std::string current = group;
    for (std::size_t guard = 0; guard <= release.groups.size(); ++guard) {
      const GroupFigures* found = nullptr;
      for (const GroupFigures& g : release.groups)
        if (g.group == current) found = &g;
      if (!found || found->parent.empty()) break;
      out.push_back(found->parent);
      current = found->parent;
    }
    return out;
  }

  const Survey& s_;
  const Request& q_;
};

}  // namespace

Result<std::string> report_view(const Survey& survey, std::string_view request_json) {
  auto request = read_request(survey, request_json);
  if (!request.ok()) return request.error();
  auto view = ViewBuilder(survey, request.value()).build();
  if (!view.ok()) return view.error();
  return view->dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string report_view_json(const std::string& survey_json, const std::string& request_json) {
  auto fail = [](const Error& e) {
    Json out = {{"ok", false}, {"error", {{"code", e.code}, {"pointer", e.pointer}, {"message", e.message}}}};
    return out.dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  try {
    LoadResult loaded = load_survey(survey_json);
    if (!loaded.ok()) {
      for (const Diagnostic& d : loaded.diagnostics)
        if (d.severity == Severity::error) return fail(d.error);
      return fail({"survey.invalid", "", "the survey does not load"});
    }
    auto view = report_view(*loaded.survey, request_json);
    if (!view.ok()) return fail(view.error());
    return "{\"ok\":true,\"view\":" + view.value() + "}";
  } catch (const std::bad_alloc&) {
    return fail({"engine.out_of_memory", "", "the engine ran out of memory"});
  } catch (const std::exception& e) {
    return fail({"engine.internal", "", std::string("internal error: ") + e.what()});
  }
}

}  // namespace sos
