#pragma once
// `cohsim dashboard`: simulator speed over time, from a folder of Google
// Benchmark JSON files (`--benchmark_out=FILE --benchmark_out_format=json`,
// as tools/bench.sh writes them). One self-contained HTML page: per
// benchmark a trend chart of its headline figure (its first *_per_second
// counter, else its time per iteration), and a table of the latest value and
// its change against the run before.
#include <string>
#include <vector>

namespace cohsim::report {

// Throws InputError naming the folder or file when the folder is missing,
// holds no benchmark JSON, or a file is not Google Benchmark output.
std::string render_dashboard(const std::string& folder);

}  // namespace cohsim::report
