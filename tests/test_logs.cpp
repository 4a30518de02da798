// Logs never hold a person's name, at any level: every log line of loading, scoring, writing
// every output, planning, trends and reading a database is captured at the most verbose level
// and searched for each member's and cadre's name.
#include <chibo/chibo.hpp>
#include <chibo/database.hpp>
#include <chibo/html.hpp>
#include <chibo/plan.hpp>
#include <chibo/trend.hpp>

#include "files.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include <sstream>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

/// Every log line while it lives, at trace level; the previous logger is restored after.
class CapturedLogs {
 public:
  CapturedLogs() : previous_(spdlog::default_logger()), previous_level_(spdlog::get_level()) {
    auto logger =
        std::make_shared<spdlog::logger>("captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_));
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::trace);
  }
  ~CapturedLogs() {
    spdlog::set_default_logger(previous_);
    spdlog::set_level(previous_level_);
  }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> previous_;
  spdlog::level::level_enum previous_level_;
};

/// The names of `column` found in `text`.
std::vector<std::string> found(const std::string& text, const StringColumn& column) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < column.size(); ++i) {
    const std::string name(column[i]);
    if (!name.empty() && text.find(name) != std::string::npos) out.push_back(name);
  }
  return out;
}

}  // namespace

TEST_CASE("logs never hold a member's or a cadre's name, at any level", "[logs][privacy]") {
  const fs::path folder = test::scratch_root() / "logs-data";
  GenerateOptions g;
  g.preset = Preset::commune;
  g.seed = 11;
  write_generated(g, folder);
  const Dataset names = load_csv(folder);  // the names to search for
  REQUIRE(names.members.size() > 100);

  CapturedLogs logs;
  {
    LoadOptions lo;
    lo.part_bytes = 4096;  // many parts: the loader's every log line
    const Dataset ds = load_csv(folder, lo);
    const Policy policy = Policy::builtin();
    ScoreOptions so;
    const Report r = score(ds, Period::year(2025), policy, so);
    std::ostringstream sink;
    write_summary(sink, r);
    JsonOptions jo;
    jo.findings = FindingsStyle::detail;
    write_json(sink, r, jo);
    write_csv(test::scratch_root() / "logs-csv", r, {true, FindingsStyle::detail, 3, 0});
    const SupervisionPlan plan = supervision_plan(r, {});
    write_plan_text(sink, r, plan);
    HtmlOptions ho;
    ho.plan = &plan;
    write_html(sink, r, ho);
    write_html_dir(test::scratch_root() / "logs-pages", r, ho);
    const Trend t = score_trend(ds, Period::year(2025), StepLength::month, policy);
    write_trend_text(sink, t);
    const fs::path db = test::scratch_root() / "logs.sqlite";
    import_sqlite(folder, db);
    (void)load_sqlite(db);
    // What was logged is what the searches below look at: they must see names if there were any.
    REQUIRE_FALSE(found(sink.str(), names.members.full_name).empty());
    REQUIRE_FALSE(found(sink.str(), names.cadres.full_name).empty());
  }
  const std::string text = logs.text();
  INFO(text.substr(0, 2000));
  CHECK(text.find("load:") != std::string::npos);  // debug lines were captured
  CHECK(found(text, names.members.full_name).empty());
  CHECK(found(text, names.cadres.full_name).empty());

  // The search finds a name that is logged.
  spdlog::debug("about {}", names.cadres.full_name[0]);
  CHECK(found(logs.text(), names.cadres.full_name).size() == 1);
}
