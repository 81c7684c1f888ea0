#include "sim/report/dashboard.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/config/json_source.h"
#include "sim/report/svg_chart.h"
#include "sim/report/tables.h"
#include "sim/util/input_error.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

// One Google Benchmark output file, or one commit of the history: when it
// ran, and each benchmark's figure.
struct BenchRun {
  std::string file, date;
  std::string commit;                                             // the history's; empty for a file
  std::map<std::string, std::pair<std::string, double>> figures;  // benchmark -> (metric, value)
};

// The figure a trend should follow: the first rate counter (higher is
// better), else the time per iteration (lower is better).
std::pair<std::string, double> headline(const json& b) {
  // A counter the benchmark names itself first, then Google Benchmark's generic ones.
  for (const bool generic : {false, true}) {
    for (const auto& [key, value] : b.items()) {
      const bool is_generic = key == "items_per_second" || key == "bytes_per_second";
      if (key.ends_with("_per_second") && value.is_number() && is_generic == generic) return {key, value.get<double>()};
    }
  }
  return {"real_time (" + b.value("time_unit", "ns") + ")", b.at("real_time").get<double>()};
}

// Each benchmark's headline figure into `run`; `place` names the array in errors.
void add_figures(BenchRun& run, const json& benchmarks, const std::string& file, const std::string& place) {
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const json& b = benchmarks[i];
    try {
      // Repetitions add mean/median/stddev rows: the mean stands for the benchmark.
      const std::string type = b.value("run_type", "iteration");
      if (type == "aggregate" && b.value("aggregate_name", "") != "mean") continue;
      std::string name = b.value("run_name", b.at("name").get<std::string>());
      if (b.contains("label") && !b.at("label").get<std::string>().empty()) name += " [" + b.at("label").get<std::string>() + "]";
      if (type == "iteration" && run.figures.count(name) != 0) continue;  // a repetition: keep the first, the mean follows
      run.figures[name] = headline(b);
    } catch (const json::exception& e) {
      throw InputError(file, place + "/benchmarks/" + std::to_string(i), std::string("a benchmark without name or time: ") + e.what());
    }
  }
}

BenchRun read_run(const std::string& path) {
  const json doc = config::load_json_file(path);
  if (!doc.is_object() || !doc.contains("context") || !doc.contains("benchmarks") || !doc.at("benchmarks").is_array())
    throw InputError(path, "", "not Google Benchmark JSON output (expected \"context\" and \"benchmarks\"; write it with --benchmark_out_format=json)");
  BenchRun run{path, doc.at("context").value("date", ""), "", {}};
  add_figures(run, doc.at("benchmarks"), path, "");
  return run;
}

// The committed history (tools/bench.sh --record): one JSON object per line
// and program; the lines of one commit make one run, in the file's order.
std::vector<BenchRun> read_history(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "", "cannot open the benchmark history");
  std::vector<BenchRun> runs;
  std::string text;
  for (std::size_t number = 1; std::getline(in, text); ++number) {
    const std::string place = "line " + std::to_string(number);
    if (text.empty()) continue;
    json line;
    try {
      line = json::parse(text);
    } catch (const json::exception& e) {
      throw InputError(path + ":" + std::to_string(number), "", std::string("not a JSON object: ") + e.what());
    }
    for (const char* key : {"commit", "date", "program"})
      if (!line.is_object() || !line.contains(key) || !line.at(key).is_string())
        throw InputError(path + ":" + std::to_string(number), "",
                         std::string("a history line needs a string \"") + key + "\" (tools/bench.sh --record writes them)");
    if (!line.contains("benchmarks") || !line.at("benchmarks").is_array() || line.at("benchmarks").empty())
      throw InputError(path + ":" + std::to_string(number), "", "a history line needs a non-empty \"benchmarks\" array");
    // The lines of one commit make one point, wherever they are.
    const std::string commit = line.at("commit").get<std::string>();
    auto run = std::find_if(runs.begin(), runs.end(), [&](const BenchRun& r) { return r.commit == commit; });
    if (run == runs.end()) run = runs.insert(runs.end(), BenchRun{place, line.at("date").get<std::string>(), commit, {}});
    const nlohmann::json machine = line.value("machine", json::object());
    if (machine.is_object() && machine.contains("host") && run->file.find(" on ") == std::string::npos)
      run->file += " on " + machine.value("host", std::string("?")) + ", " + std::to_string(machine.value("cpus", 0)) + " CPUs";
    add_figures(*run, line.at("benchmarks"), path + ":" + std::to_string(number), "");
  }
  if (runs.empty()) throw InputError(path, "", "the benchmark history holds no line");
  return runs;
}

std::string change_text(double before, double now) {
  if (before == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * (now / before - 1.0));
  return buf;
}

// A folder of benchmark files, in time order (runs of the same date in file-name order).
std::vector<BenchRun> read_folder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw InputError(folder, "", "not a folder of benchmark JSON files, nor a benchmark history (.jsonl)");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
  if (files.empty()) throw InputError(folder, "", "holds no *.json benchmark output");
  std::vector<BenchRun> runs;
  runs.reserve(files.size());
  for (const auto& f : files) runs.push_back(read_run(f));
  std::sort(runs.begin(), runs.end(), [](const BenchRun& a, const BenchRun& b) { return std::tie(a.date, a.file) < std::tie(b.date, b.file); });
  return runs;
}

}  // namespace

std::string render_dashboard(const std::string& source) {
  const bool by_commit = source.ends_with(".jsonl");
  const std::vector<BenchRun> runs = by_commit ? read_history(source) : read_folder(source);

  std::vector<std::string> names;  // every benchmark, in order of first appearance
  for (const auto& r : runs)
    for (const auto& [name, figure] : r.figures)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);

  Table summary;
  summary.title = "Latest run against the one before";
  summary.header = {"benchmark", "figure", "latest", "before", "change", "runs"};
  std::ostringstream charts;
  const std::string x_axis = by_commit ? "commit" : "run date";
  for (std::size_t n = 0; n < names.size(); ++n) {
    const std::string& name = names[n];
    LineChart chart;
    chart.frame.id = "bench-" + std::to_string(n);
    chart.frame.title = name;
    chart.x_label = x_axis;
    Series series{name, {}};
    std::vector<double> values;
    std::string metric;
    for (const auto& r : runs) {
      auto it = r.figures.find(name);
      if (it == r.figures.end()) continue;
      metric = it->second.first;
      chart.x_labels.push_back(by_commit ? r.commit : r.date.substr(0, 19));
      series.values.push_back(it->second.second);
      values.push_back(it->second.second);
    }
    chart.frame.y_label = metric;
    chart.lines.push_back(std::move(series));
    charts << line_chart_svg(chart);
    const double latest = values.back();
    const double before = values.size() > 1 ? values[values.size() - 2] : std::numeric_limits<double>::quiet_NaN();
    summary.rows.push_back({name, metric, short_number(latest), values.size() > 1 ? short_number(before) : "-",
                            values.size() > 1 ? change_text(before, latest) : "-", std::to_string(values.size())});
  }
  summary.note =
      "A rate (*_per_second) is better higher; a time is better lower. Runs share a machine with other work: compare ratios "
      "measured in the same run, and read a single run's change with care.";

  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>cohsim benchmark dashboard</title>\n<style>"
      << "body{font-family:sans-serif;max-width:1100px;margin:24px auto;padding:0 16px}table{border-collapse:collapse}"
      << "th,td{border:1px solid #ccc;padding:3px 8px;font-size:0.9em}td.num,th.num{text-align:right}caption{text-align:left;font-weight:bold}"
      << "p.note{font-size:0.85em;color:#555}svg.chart{display:block;margin:16px 0;border:1px solid #ddd}</style>\n</head>\n<body>\n"
      << "<h1>cohsim benchmark dashboard</h1>\n<p class=\"note\">" << runs.size() << (by_commit ? " commit" : " benchmark file")
      << (runs.size() == 1 ? "" : "s") << " from " << escape_xml(source) << ", " << escape_xml(runs.front().date) << " to " << escape_xml(runs.back().date)
      << ".</p>\n"
      << render_html(summary) << charts.str() << (by_commit ? "<h2>Commits</h2>\n<ul>\n" : "<h2>Files</h2>\n<ul>\n");
  for (const auto& r : runs) out << "<li>" << escape_xml(r.date) << ": " << escape_xml(by_commit ? r.commit + " (" + r.file + ")" : r.file) << "</li>\n";
  out << "</ul>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace cohsim::report
