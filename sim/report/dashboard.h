#pragma once
// `cohsim dashboard`: simulator speed over time, from a folder of Google
// Benchmark JSON files (`--benchmark_out=FILE --benchmark_out_format=json`,
// as tools/bench.sh writes them), or by commit from the committed history
// (results/bench-history.jsonl, one line per program and commit, which
// `tools/bench.sh --record` appends to). One self-contained HTML page: per
// benchmark a trend chart of its headline figure (its first *_per_second
// counter, else its time per iteration), and a table of the latest value and
// its change against the run before.
#include <string>
#include <vector>

namespace cohsim::report {

// `source`: a folder, or a history file (*.jsonl). Throws InputError naming
// the folder, file or history line when the folder is missing or holds no
// benchmark JSON, a file is not Google Benchmark output, or a history line
// does not parse or lacks its commit, date, program or benchmarks.
std::string render_dashboard(const std::string& source);

}  // namespace cohsim::report
