// `cohsim report` and `cohsim check` on real results files: the committed
// baselines of the standard scenarios (written by `cohsim run`). Every number
// a report prints is read back from the report and compared with the results
// file, independently of the code that formatted it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "sim/results/comparison.h"
#include "support/test_support.h"

namespace cohsim::test {
namespace {

using Cells = std::map<std::pair<std::string, std::string>, std::string>;  // (row label, column header) -> cell

std::string baseline(const std::string& name) { return source_dir() + "/results/baselines/" + name + ".json"; }

std::vector<std::string> split_columns(const std::string& line) {
  // Text tables: columns are separated by two or more spaces.
  std::vector<std::string> out;
  std::regex gap(" {2,}");
  std::string trimmed = std::regex_replace(line, std::regex("^ +| +$"), "");
  for (std::sregex_token_iterator it(trimmed.begin(), trimmed.end(), gap, -1), end; it != end; ++it) out.push_back(*it);
  return out;
}

Cells text_table(const std::string& report, const std::string& title) {
  Cells cells;
  std::istringstream in(report.substr(report.find("\n" + title + "\n") + 1));
  std::string line;
  std::getline(in, line);  // the title
  std::getline(in, line);
  const std::vector<std::string> header = split_columns(line);
  std::getline(in, line);  // the rule
  while (std::getline(in, line) && !line.empty()) {
    const auto row = split_columns(line);
    if (row.size() != header.size()) break;  // the note below the table
    for (size_t i = 1; i < row.size(); ++i) cells[{row[0], header[i]}] = row[i];
  }
  return cells;
}

std::vector<std::string> pipe_cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      out.push_back(std::regex_replace(cell, std::regex("^ +| +$"), ""));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

Cells markdown_table(const std::string& report, const std::string& title) {
  Cells cells;
  std::istringstream in(report.substr(report.find("**" + title + "**")));
  std::string line;
  std::getline(in, line);
  std::getline(in, line);  // blank
  std::getline(in, line);
  const auto header = pipe_cells(line);
  std::getline(in, line);  // |---|
  while (std::getline(in, line) && line.starts_with("|")) {
    const auto row = pipe_cells(line);
    for (size_t i = 1; i < row.size(); ++i) cells[{row[0], header[i]}] = row[i];
  }
  return cells;
}

Cells html_table(const std::string& report, const std::string& title) {
  Cells cells;
  const size_t start = report.find("<caption>" + title + "</caption>");
  const std::string table = report.substr(start, report.find("</table>", start) - start);
  std::vector<std::string> header;
  const std::regex th("<th[^>]*>([^<]*)</th>"), tr("<tr>(.*?)</tr>"), td("<td[^>]*>([^<]*)</td>");
  for (std::sregex_iterator it(table.begin(), table.end(), th), end; it != end; ++it) header.push_back((*it)[1]);
  for (std::sregex_iterator row(table.begin(), table.end(), tr), end; row != end; ++row) {
    const std::string r = (*row)[1];
    std::vector<std::string> values;
    for (std::sregex_iterator c(r.begin(), r.end(), td), e; c != e; ++c) values.push_back((*c)[1]);
    for (size_t i = 1; i < values.size() && i < header.size(); ++i) cells[{values[0], header[i]}] = values[i];
  }
  return cells;
}

std::string render(const std::string& format, const std::vector<std::string>& files) {
  std::string args = "report --format " + format;
  for (const auto& f : files) args += " '" + f + "'";
  const CliResult r = run_cli(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

// Every cost cell of every format equals the results file's figure, to the
// digit printed: cost (us, 1 decimal), the factor against the ideal run and
// the share of the frame budget (to their 3 significant digits), stale lines
// (exact), the breakdown's maintenance and the host copy engine's busy time.
TEST(Report, AStatisticTheFiguresNeedIsNeverReadAsZeroWhenMissing) {
  // A baseline's figures recomputed from its statistics agree with it; with
  // a statistic taken out, the computation fails naming it instead of
  // counting it as 0.
  json results = json::parse(read_text_file(baseline("vgem-2015-1080p-cursor")));
  json again = results;
  add_coherency_figures(again);
  EXPECT_EQ(again.at("runs").at(0).at("coherency"), results.at("runs").at(0).at("coherency"));
  results.at("runs").at(0).at("exporters").at("dmabuf").erase("maintained_bytes");
  try {
    add_coherency_figures(results);
    FAIL() << "a missing statistic was read as 0";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("/exporters/dmabuf/maintained_bytes"), std::string::npos) << e.what();
  }
}

TEST(Report, EveryFormatPrintsTheNumbersOfTheResultsFile) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  const json results = read_json_file(file);
  for (const std::string format : {"text", "markdown", "html"}) {
    SCOPED_TRACE(format);
    const std::string report = render(format, {file});
    auto table = [&](const std::string& title) {
      return format == "text" ? text_table(report, title) : format == "markdown" ? markdown_table(report, title) : html_table(report, title);
    };
    const Cells core = table("Cost per frame (us)");
    const Cells against = table("Cost against the ideally coherent run");
    const Cells budget = table("Cost as a share of the frame budget");
    const Cells stale = table("Stale lines read");
    int compared = 0;
    for (const json& run : results.at("runs")) {
      const std::string platform = run.at("platform"), policy = run.at("policy");
      const auto key = std::make_pair(policy, platform);
      ASSERT_TRUE(core.count(key)) << run.at("label");
      if (run.contains("refused")) {
        EXPECT_EQ(core.at(key), "refused");
        continue;
      }
      const json& c = run.at("coherency");
      EXPECT_NEAR(std::stod(core.at(key)), c.at("cost_per_frame").at("value").get<double>() / 1000.0, 0.05 + 1e-9) << run.at("label");
      // "3075x" and "2.4%": the JSON's quantities, one format each, to the digits shown.
      const std::string &factor_cell = against.at(key), &share_cell = budget.at(key);
      const double factor = c.at("cost_vs_ideal").at("value").get<double>(), share = 100 * c.at("frame_budget_share").at("value").get<double>();
      EXPECT_EQ(factor_cell.back(), 'x') << factor_cell;
      EXPECT_NEAR(std::stod(factor_cell), factor, factor * 0.005 + 0.005) << factor_cell;
      EXPECT_EQ(share_cell.back(), '%') << share_cell;
      EXPECT_NEAR(std::stod(share_cell), share, share * 0.05 + 0.0005) << share_cell;
      EXPECT_EQ(std::stoull(stale.at(key)), c.at("stale_reads").at("value").get<std::uint64_t>()) << run.at("label");
      const Cells parts = table("Where the time goes on " + platform + ", per frame (us)");
      const double maint_us = c.at("breakdown_per_frame").at("maintenance").at("ns").get<double>() / 1000.0;
      EXPECT_NEAR(std::stod(parts.at({policy, "maint"})), maint_us, 0.05 + 1e-9) << run.at("label");
      if (c.contains("host_copy_busy_per_frame")) {
        EXPECT_NEAR(std::stod(parts.at({policy, "host"})), c.at("host_copy_busy_per_frame").at("ns").get<double>() / 1000.0, 0.05 + 1e-9);
      } else {
        EXPECT_EQ(parts.at({policy, "host"}), "-");
      }
      EXPECT_NEAR(std::stod(parts.at({policy, "ampl"})), c.at("amplification").at("value").get<double>(), 0.05 + 1e-9);
      ++compared;
    }
    EXPECT_EQ(compared, 20);  // 4 platforms x (5 policies + ideal) - 4 refused
  }
}

TEST(Report, TextFitsEightyColumnsAndStatesFindingsTheDataSupports) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  const std::string report = render("text", {file});
  std::istringstream in(report);
  std::string line;
  while (std::getline(in, line)) EXPECT_LE(line.size(), 80u) << line;
  // The cheapest stale-free policy on arm-soc, found here from the file.
  const json results = read_json_file(file);
  std::string cheapest;
  double best = 1e300;
  for (const json& run : results.at("runs")) {
    if (run.at("platform") != "arm-soc" || run.contains("refused") || run.at("policy") == "ideal" || run.at("policy") == "none") continue;
    const json& c = run.at("coherency");
    if (c.at("stale_reads").at("value").get<std::uint64_t>() != 0) continue;
    const double us = c.at("cost_per_frame").at("value").get<double>() / 1000.0;
    if (us < best) best = us, cheapest = run.at("policy");
  }
  EXPECT_NE(report.find("On arm-soc, " + cheapest + " is the cheapest policy that reads no stale data"), std::string::npos) << report;
  EXPECT_NE(report.find("Refused, not simulated"), std::string::npos);
}

// The report opens with the verdict, computed here again from the results
// file: per platform the cheapest policy without stale data (never none),
// the factor to the next, the stale lines without a sync, the importers that
// moved data, and the command that reproduces the file.
TEST(Report, TheVerdictOpensTheReportWithWhatTheDataSays) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  const std::string report = render("text", {file});
  std::istringstream in(report);
  std::string title, rule, heading;
  std::getline(in, title), std::getline(in, rule), std::getline(in, heading);
  EXPECT_EQ(heading, "Verdict");
  std::string verdict;  // unwrapped
  for (std::string line; std::getline(in, line) && !line.empty();) verdict += line.starts_with("  ") ? " " + line.substr(2) : "\n" + line;
  const json results = read_json_file(file);
  for (const char* platform : {"x86-llc", "arm-soc", "virt-vmwgfx", "virt-virtio-gpu"}) {
    std::vector<std::pair<double, std::string>> clean;
    std::uint64_t none_stale = 0;
    for (const json& run : results.at("runs")) {
      if (run.at("platform") != platform || run.contains("refused") || run.at("policy") == "ideal") continue;
      const json& c = run.at("coherency");
      const std::uint64_t stale = c.at("stale_reads").at("value").get<std::uint64_t>();
      if (run.at("policy") == "none") none_stale = stale;
      if (stale == 0 && run.at("policy") != "none") clean.emplace_back(c.at("cost_per_frame").at("value").get<double>() / 1000.0, run.at("policy"));
    }
    ASSERT_GE(clean.size(), 2u) << platform;
    std::sort(clean.begin(), clean.end());
    const std::string importer =
        std::string(platform).starts_with("virt-") ? "a virtual GPU (" + std::string(platform).substr(5) + ")" : std::string("a display that does not snoop");
    char best[64];
    std::snprintf(best, sizeof best, "%.1f us/frame", clean[0].first);
    const std::string expected = "\n- " + std::string(platform) + ", for " + importer + ": " + clean[0].second + ", " + best;
    EXPECT_NE(verdict.find(expected), std::string::npos) << expected << "\n" << verdict;
    char next[64];
    std::snprintf(next, sizeof next, "%.1f", clean[1].first);
    const std::string versus = std::string(best).substr(0, std::string(best).find(' ')) == next
                                   ? "about what the next, " + clean[1].second + ", costs"  // printed alike: no factor
                                   : cohsim::format_factor(clean[1].first / clean[0].first) + " less than the next, " + clean[1].second;
    EXPECT_NE(verdict.find(versus), std::string::npos) << versus << "\n" << verdict;
    EXPECT_NE(verdict.find("without a sync the readers see " + std::to_string(none_stale) + " stale lines"), std::string::npos) << verdict;
  }
  EXPECT_NE(verdict.find("\n- Reproduce: cohsim run scenarios/vgem-2015/1080p-cursor.json"), std::string::npos) << verdict;
  // Markdown and HTML say the same.
  EXPECT_NE(render("markdown", {file}).find("### Verdict\n\n- x86-llc, for a display that does not snoop: "), std::string::npos);
  EXPECT_NE(render("html", {file}).find("<h3>Verdict</h3>"), std::string::npos);
}

// The cost findings rank by counts everything a policy costs: on vmwgfx,
// sync-full costs the guest's core less than sync-rects but keeps the host's
// copy engine busy copying the whole surface, so sync-rects is cheaper.
TEST(Report, CostCountsTheHostCopyEngineSoTheVmwgfxRankingFlips) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  const json results = read_json_file(file);
  auto c = [&](const char* label) { return test::run_of(results, label).at("coherency"); };
  const json full = c("virt-vmwgfx/sync-full"), rects = c("virt-vmwgfx/sync-rects");
  // The premise, from the data: by core time alone sync-full would win.
  ASSERT_LE(full.at("core_busy_per_frame").at("ns").get<double>(), rects.at("core_busy_per_frame").at("ns").get<double>());
  ASSERT_GT(full.at("host_copy_busy_per_frame").at("ns").get<double>(), 100 * rects.at("host_copy_busy_per_frame").at("ns").get<double>());
  // Cost is exactly its parts; the core part is the core's busy time.
  for (const json& run : results.at("runs")) {
    if (run.contains("refused")) continue;
    const json& f = run.at("coherency");
    const json& parts = f.at("cost_parts_per_frame");
    EXPECT_DOUBLE_EQ(f.at("cost_per_frame").at("value").get<double>(), parts.at("core").at("value").get<double>() +
                                                                           parts.at("host_copy_engine").at("value").get<double>() +
                                                                           parts.at("device_dma_beyond_ideal").at("value").get<double>());
    EXPECT_DOUBLE_EQ(parts.at("core").at("value").get<double>(), f.at("core_busy_per_frame").at("ns").get<double>());
    EXPECT_DOUBLE_EQ(f.at("frame_budget_share").at("value").get<double>(), f.at("cost_per_frame").at("value").get<double>() / (1e9 / 60));
  }
  const std::string report = render("text", {file});
  EXPECT_NE(report.find("On virt-vmwgfx, sync-rects is the cheapest policy that reads no stale data"), std::string::npos) << report;
  EXPECT_EQ(report.find("On virt-vmwgfx, sync-full is the cheapest"), std::string::npos) << report;
}

TEST(Report, HtmlIsOneSelfContainedFileWithChartsTopologyAndFoldedConfig) {
  const std::string html = render("html", {baseline("vgem-2015-1080p-cursor")});
  EXPECT_EQ(std::count(html.begin(), html.end(), '\n') > 0, true);
  const std::regex chart("<svg class=\"chart\"");
  EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), chart), std::sregex_iterator()), 3);  // cost, breakdown, amplification
  EXPECT_NE(html.find("<details>"), std::string::npos);
  EXPECT_NE(html.find("Platform topology"), std::string::npos);
  // Nothing to fetch: no scripts, no external references.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("no topology"), std::string::npos);  // every platform, virtual ones too, reads back
}

TEST(Report, TwoFilesThatDifferInABufferSizeGiveCostAgainstThatSize) {
  const std::string small = baseline("vgem-2015-1080p-cursor"), large = baseline("vgem-2015-4k-cursor");
  const std::string report = render("text", {large, small});
  const Cells sweep = text_table(report, "Cost per frame (us) on arm-soc against /workload/params/height");
  for (const auto& [file, height] : {std::make_pair(small, "1080"), std::make_pair(large, "2160")}) {
    const json results = read_json_file(file);
    for (const json& run : results.at("runs")) {
      if (run.at("platform") != "arm-soc" || run.contains("refused")) continue;
      EXPECT_NEAR(std::stod(sweep.at({height, run.at("policy")})), run.at("coherency").at("cost_per_frame").at("value").get<double>() / 1000.0, 0.05 + 1e-9);
    }
  }
  const std::string html = render("html", {small, large});
  EXPECT_NE(html.find("id=\"sweep-cost\""), std::string::npos);
}

// Two files that differ in their exporter: per platform, each file's cheapest
// policy that reads nothing stale (never `none`) and its stale policies, as
// computed here from the results files themselves.
TEST(Report, FilesThatDifferInTheirExporterGiveTheCheapestPolicyWithoutStaleData) {
  // A GPU renders, the CPU reads: udmabuf's sync does nothing on x86, so the
  // CPU reads stale lines on x86-nollc.
  ScratchDir dir;
  auto results_of = [&](const std::string& exporter) {
    const json s = {{"name", "t"},
                    {"platforms", {"arm-soc-ioc", "x86-nollc"}},
                    {"policies", {"sync-full", "wc-map", "none"}},
                    {"exporter", {{"kind", exporter}}},
                    {"workload", {{"generator", "gpu-to-cpu"}, {"params", {{"width", 256}, {"height", 128}, {"frames", 4}, {"fps", 0}}}}}};
    return dir.write(exporter + ".json", test::run_scenario_json(s).dump());
  };
  const std::string vgem = results_of("vgem"), udmabuf = results_of("udmabuf");
  const std::string report = render("text", {vgem, udmabuf});
  int stale_cells = 0;
  for (const char* platform : {"arm-soc-ioc", "x86-nollc"}) {
    const Cells table = text_table(report, std::string("Cheapest policy without stale data on ") + platform + " (us per frame)");
    for (const auto& [file, kind] : {std::make_pair(vgem, "vgem"), std::make_pair(udmabuf, "udmabuf")}) {
      std::string best, stale;
      double best_cost = 0;
      const json results = read_json_file(file);
      for (const json& run : results.at("runs")) {
        if (run.at("platform") != platform || run.contains("refused") || run.at("policy") == "ideal") continue;
        const double cost = run.at("coherency").at("cost_per_frame").at("value").get<double>() / 1000.0;
        const std::string policy = run.at("policy");
        if (run.at("coherency").at("stale_reads").at("value").get<std::uint64_t>() > 0) {
          stale += (stale.empty() ? "" : " ") + policy;
        } else if (policy != "none" && (best.empty() || cost < best_cost)) {
          best = policy;
          best_cost = cost;
        }
      }
      const std::string cell = table.at({kind, "cheapest, us"});
      if (best.empty()) {
        EXPECT_EQ(cell, "-") << platform << " " << kind;
      } else {
        EXPECT_EQ(cell.substr(0, cell.find(' ')), best) << platform << " " << kind;
        EXPECT_NEAR(std::stod(cell.substr(cell.find(' ') + 1)), best_cost, 0.05 + 1e-9) << platform << " " << kind;
      }
      EXPECT_EQ(table.at({kind, "stale"}), stale.empty() ? "-" : stale) << platform << " " << kind;
      stale_cells += stale.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(stale_cells, 0);  // the check compares something stale
  // udmabuf on arm-soc-ioc: its sync still maintains, so wc-map or sync-full, never none.
  EXPECT_NE(text_table(report, "Cheapest policy without stale data on arm-soc-ioc (us per frame)").at({"udmabuf", "cheapest, us"}).find("none"), 0u);
}

TEST(Report, BadInputIsExitTwoNamingTheFile) {
  ScratchDir dir;
  const std::string not_results = dir.write("scenario.json", R"({"name": "x", "workload": {"trace": "t"}})");
  for (const std::string& file : {dir.path() + "/missing.json", not_results}) {
    const CliResult r = run_cli("report '" + file + "' -o '" + dir.path() + "/out.html'");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_FALSE(std::ifstream(dir.path() + "/out.html").good());  // nothing half-written
  }
  const std::string broken = dir.write("broken.json", R"({"schema_version": 1, "scenario": {"config": {"name": "x"}}, "runs": [{"label": "a"}]})");
  const CliResult r = run_cli("report '" + broken + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(broken + ":/runs"), std::string::npos) << r.err;
}

// ------------------------------------------------------------------ check

TEST(Check, SameResultsPassAndADoctoredBaselineFailsNamingTheMetric) {
  const std::string file = baseline("vgem-2015-1080p-full");
  CliResult same = run_cli("check --baseline '" + file + "' '" + file + "'");
  EXPECT_EQ(same.status, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("within tolerance"), std::string::npos);

  ScratchDir dir;
  json doctored = read_json_file(file);
  json& run = doctored.at("runs").at(1);
  const std::string label = run.at("label");
  double& stale = run.at("coherency").at("dram_bytes_read_per_frame").at("value").get_ref<double&>();
  const double was = stale;
  stale = was * 1.03;  // 3% more DRAM traffic in the baseline than now
  const std::string doctored_path = dir.write("doctored.json", doctored.dump(2));
  const CliResult moved = run_cli("check --baseline '" + doctored_path + "' '" + file + "'");
  EXPECT_EQ(moved.status, 1) << moved.err;
  EXPECT_NE(moved.out.find("coherency/dram_bytes_read_per_frame"), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find(label), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("1 differences"), std::string::npos) << moved.out;

  // A tolerance for that metric lets it pass; one for another metric does not.
  EXPECT_EQ(run_cli("check --baseline '" + doctored_path + "' '" + file + "' --tolerance coherency/dram_bytes_read_per_frame=3%").status, 0);
  EXPECT_EQ(run_cli("check --baseline '" + doctored_path + "' '" + file + "' --tolerance coherency=2.9%").status, 1);
  EXPECT_EQ(run_cli("check --baseline '" + doctored_path + "' '" + file + "' --tolerance caches=50%").status, 1);
  EXPECT_EQ(run_cli("check --baseline '" + doctored_path + "' '" + file + "' --tolerance 3%").status, 0);
}

TEST(Check, AMissingRunOrAChangedRefusalIsADifference) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  ScratchDir dir;
  json fewer = read_json_file(file);
  fewer.at("runs").erase(0);
  const CliResult missing = run_cli("check --baseline '" + file + "' '" + dir.write("fewer.json", fewer.dump()) + "'");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("missing run"), std::string::npos) << missing.out;
  const CliResult added = run_cli("check --baseline '" + dir.path() + "/fewer.json' '" + file + "'");
  EXPECT_EQ(added.status, 1);
  EXPECT_NE(added.out.find("new run"), std::string::npos) << added.out;
}

TEST(Check, BadInputIsExitTwo) {
  const std::string file = baseline("vgem-2015-1080p-cursor");
  ScratchDir dir;
  auto expect_bad = [](const CliResult& r, const std::string& names) {
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.err.find(names), std::string::npos) << r.err;
  };
  expect_bad(run_cli("check --baseline '" + dir.path() + "/none.json' '" + file + "'"), dir.path() + "/none.json");
  expect_bad(run_cli("check --baseline '" + file + "' '" + baseline("vgem-2015-4k-cursor") + "'"), "/scenario/config/name");
  expect_bad(run_cli("check --baseline '" + file + "' '" + file + "' --tolerance 'x=-1%'"), "--tolerance");
  expect_bad(run_cli("check --baseline '" + file + "' '" + file + "' --tolerance abc"), "--tolerance");
  expect_bad(run_cli("check '" + file + "'"), "--baseline");
}

TEST(Check, UpdateRewritesTheBaselineWithoutWallClockFigures) {
  const std::string file = baseline("frame-handoff");
  ScratchDir dir;
  const std::string target = dir.path() + "/new-baseline.json";
  const CliResult created = run_cli("check --update --baseline '" + target + "' '" + file + "'");
  EXPECT_EQ(created.status, 0) << created.err;
  const json written = read_json_file(target);
  EXPECT_FALSE(written.at("host").contains("wall_seconds"));
  EXPECT_EQ(written.at("runs"), read_json_file(file).at("runs"));
  EXPECT_EQ(run_cli("check --baseline '" + target + "' '" + file + "'").status, 0);
}

// ------------------------------------------------------------------ dashboard

// Two real Google Benchmark runs (tools/bench.sh output of cohsim_bench).
TEST(Dashboard, BuildsFromTwoRunsAndShowsBoth) {
  const std::string folder = source_dir() + "/tests/report/fixtures/bench";
  const CliResult r = run_cli("dashboard '" + folder + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string& html = r.out;
  const json a = read_json_file(folder + "/run-a.json"), b = read_json_file(folder + "/run-b.json");
  // Both runs' dates on the trend charts, in time order.
  const std::string date_a = a.at("context").at("date").get<std::string>().substr(0, 19);
  const std::string date_b = b.at("context").at("date").get<std::string>().substr(0, 19);
  ASSERT_LT(date_a, date_b);
  EXPECT_LT(html.find(date_a), html.find(date_b));
  // One trend chart per benchmark; the table's latest and previous values and
  // their change come from the two files.
  const Cells table = html_table(html, "Latest run against the one before");
  for (size_t i = 0; i < a.at("benchmarks").size(); ++i) {
    const std::string name = a.at("benchmarks")[i].at("name");
    EXPECT_NE(html.find("id=\"bench-" + std::to_string(i) + "\""), std::string::npos);
    const std::string counter = name == "Maintenance" ? "maintenance_lines_per_second" : "line_accesses_per_second";
    EXPECT_EQ(table.at({name, "figure"}), counter);
    const double was = a.at("benchmarks")[i].at(counter), now = b.at("benchmarks")[i].at(counter);
    char expected[32];
    std::snprintf(expected, sizeof expected, "%+.1f%%", 100.0 * (now / was - 1.0));
    EXPECT_EQ(table.at({name, "change"}), expected) << name;
    EXPECT_EQ(table.at({name, "runs"}), "2");
    // The chart's points carry both values (as 3-digit tooltips).
    for (double v : {was, now}) {
      char shown[32];
      std::snprintf(shown, sizeof shown, "%.3gM", v / 1e6);
      EXPECT_NE(html.find(name + " at " + (v == was ? date_a : date_b) + ": " + shown), std::string::npos) << name << " " << shown;
    }
  }
}

// The committed history (tools/bench.sh --record: a line per program and
// commit, only the fields the dashboard reads) draws by commit, in the
// file's order; the two fixture runs stand for two commits.
TEST(Dashboard, DrawsTheHistoryByCommit) {
  ScratchDir dir;
  const std::string folder = source_dir() + "/tests/report/fixtures/bench";
  std::string history;
  for (const auto& [file, commit] : {std::make_pair("run-b.json", "bbbb222"), std::make_pair("run-a.json", "aaaa111")}) {
    const json run = read_json_file(folder + "/" + file);
    json benchmarks = json::array();
    for (const json& b : run.at("benchmarks")) {
      json kept = {{"name", b.at("name")}, {"real_time", b.at("real_time")}, {"time_unit", b.at("time_unit")}};
      for (const auto& [key, value] : b.items())
        if (key.ends_with("_per_second")) kept[key] = value;
      benchmarks.push_back(kept);
    }
    history += json{{"commit", commit}, {"date", run.at("context").at("date")}, {"program", "cohsim_bench"}, {"benchmarks", benchmarks}}.dump() + "\n";
  }
  const std::string path = dir.write("history.jsonl", history);
  const CliResult r = run_cli("dashboard '" + path + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  // By commit in the file's order (not by date: b's date is the later one).
  EXPECT_LT(r.out.find("bbbb222"), r.out.find("aaaa111"));
  EXPECT_NE(r.out.find("2 commits from"), std::string::npos);
  const Cells table = html_table(r.out, "Latest run against the one before");
  const json a = read_json_file(folder + "/run-a.json"), b = read_json_file(folder + "/run-b.json");
  const std::string name = a.at("benchmarks")[0].at("name");
  const std::string counter = name == "Maintenance" ? "maintenance_lines_per_second" : "line_accesses_per_second";
  const double was = b.at("benchmarks")[0].at(counter), now = a.at("benchmarks")[0].at(counter);
  char expected[32];
  std::snprintf(expected, sizeof expected, "%+.1f%%", 100.0 * (now / was - 1.0));
  EXPECT_EQ(table.at({name, "change"}), expected);
  // A line that does not parse, or lacks its commit: exit 2 naming the line.
  const std::string broken = dir.write("broken.jsonl", history.substr(0, history.find('\n') + 1) + "{\"commit\": \n");
  const CliResult bad = run_cli("dashboard '" + broken + "'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("broken.jsonl:2"), std::string::npos) << bad.err;
  const std::string no_commit = dir.write("no-commit.jsonl", R"({"date": "d", "program": "p", "benchmarks": []})"
                                                             "\n");
  const CliResult missing = run_cli("dashboard '" + no_commit + "'");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no-commit.jsonl:1: a history line needs a string \"commit\""), std::string::npos) << missing.err;
}

TEST(Dashboard, BadInputIsExitTwo) {
  ScratchDir dir;
  EXPECT_EQ(run_cli("dashboard '" + dir.path() + "/none'").status, 2);
  EXPECT_EQ(run_cli("dashboard '" + dir.path() + "'").status, 2);  // no JSON in it
  const std::string other = dir.write("results.json", R"({"runs": []})");
  const CliResult r = run_cli("dashboard '" + dir.path() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(other), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cohsim::test
