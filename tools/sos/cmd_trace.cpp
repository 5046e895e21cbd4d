// This file offers `sos trace SURVEY --role R`: answers read as JSON lines
// on stdin, and after each the visible questions and every page's
// validation messages as one JSON line, to see how a survey's conditions
// play out (and to compare the engine with another one in tests).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "sos/commands.h"
#include "sos/session.h"

namespace sos::cli {
namespace {

using Json = nlohmann::ordered_json;

Json state_of(const Session& session) {
  const Survey& s = session.survey();
  Json visible = Json::array();
  for (std::size_t q = 0; q < s.questions.size(); ++q)
    if (session.question_visible(static_cast<int>(q))) visible.push_back(s.questions[q].id);
  Json pages = Json::array();
  for (std::size_t p = 0; p < s.pages.size(); ++p) {
    Json messages = Json::array();
    for (const Message& m : session.validate_page(static_cast<int>(p)))
      messages.push_back({{"question", m.question}, {"code", m.code}, {"text", m.text}});
    pages.push_back({{"id", s.blocks[s.pages[p]].id},
                     {"visible", session.page_visible(static_cast<int>(p))},
                     {"messages", std::move(messages)}});
  }
  return {{"visible", std::move(visible)}, {"pages", std::move(pages)}};
}

Json error_of(const Error& e) { return {{"code", e.code}, {"pointer", e.pointer}, {"message", e.message}}; }

// One input line: {"answer": "q1", "value": 4}; a null value clears.
Json step(Session& session, const std::string& line) {
  Json input = Json::parse(line, nullptr, false);
  if (input.is_discarded() || !input.is_object() || !input.contains("answer") || !input["answer"].is_string() ||
      !input.contains("value"))
    return {{"ok", false},
            {"error", error_of({"trace.bad_line", "", "expected {\"answer\": \"ID\", \"value\": JSON}, got " + line})}};
  auto changes = session.set_answer(input["answer"].get<std::string>(), input["value"].dump());
  if (!changes.ok()) return {{"ok", false}, {"error", error_of(changes.error())}};
  return {{"ok", true},
          {"changes", {{"shown", changes->shown}, {"hidden", changes->hidden}, {"cleared", changes->cleared}}}};
}

}  // namespace

void add_trace_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "trace", "Replay answers (JSON lines on stdin) and print, after each, the visible questions and every "
               "page's validation messages (JSON lines on stdout)");
  auto survey_path = std::make_shared<std::string>();
  auto start = std::make_shared<SessionStart>();
  cmd->add_option("survey", *survey_path, "Survey definition (JSON)")->required();
  cmd->add_option("--role", start->role, "The respondent's role")->required();
  cmd->add_option("--group", start->group_json, "Group attributes as JSON, e.g. '{\"selling\": \"volume\"}'");
  cmd->add_option("--language", start->language, "Language of the messages (default: the fallback)");
  cmd->footer(
      "Input, one per line: {\"answer\": \"q1\", \"value\": 4} (null, \"\" or [] clears the answer).\n"
      "Output: one line for the start, then one per input line:\n"
      "  {\"step\": N, \"ok\": true, \"changes\": {\"shown\", \"hidden\", \"cleared\"},\n"
      "   \"visible\": [question ids], \"pages\": [{\"id\", \"visible\", \"messages\": [{\"question\", \"code\", \"text\"}]}]}\n"
      "or \"ok\": false with the \"error\" that refused the answer (nothing is stored then).\n"
      "Example: printf '{\"answer\":\"q1\",\"value\":4}\\n' | sos trace survey.json --role seller");
  cmd->callback([=] {
    auto survey = load_survey_or_exit(*survey_path);
    auto session = Session::start(survey, *start);
    if (!session.ok()) {
      std::fprintf(stderr, "%s: error: %s\n", survey_path->c_str(), session.error().to_string().c_str());
      throw CLI::RuntimeError(1);
    }
    Json first = {{"step", 0}, {"ok", true}};
    first.update(state_of(session.value()));
    std::printf("%s\n", first.dump().c_str());
    std::string line;
    for (int n = 1; std::getline(std::cin, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Json out = {{"step", n++}};
      out.update(step(session.value(), line));
      out.update(state_of(session.value()));
      std::printf("%s\n", out.dump().c_str());
      std::fflush(stdout);
    }
  });
}

}  // namespace sos::cli
