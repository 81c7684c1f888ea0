// Tile address mapping throughput: pixel (x, y) -> byte offset for each
// layout, and rectangles -> byte ranges (what every sync and device transfer
// of a tiled buffer computes).
#include <benchmark/benchmark.h>

#include <systemc>

#include "models/tiling/tiling.h"

namespace {

using namespace cohsim;

constexpr Layout kLayouts[] = {Layout::linear, Layout::intel_x, Layout::intel_y, Layout::intel_tile4};

void OffsetOf(benchmark::State& state) {
  const Surface s({kLayouts[state.range(0)], 3840, 2160, 4});
  std::uint64_t sum = 0, pixels = 0;
  for (auto _ : state) {
    for (std::uint32_t y = 0; y < 2160; y += 7)
      for (std::uint32_t x = 0; x < 3840; ++x) sum += s.offset_of(x, y);
    pixels += 3840 * ((2160 + 6) / 7);
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(std::string(modifier_name(kLayouts[state.range(0)])));
  state.counters["pixels_per_second"] = benchmark::Counter(static_cast<double>(pixels), benchmark::Counter::kIsRate);
}
BENCHMARK(OffsetOf)->DenseRange(0, 3);

void RectToBytes(benchmark::State& state) {
  const Layout layouts[] = {Layout::linear, Layout::intel_x, Layout::intel_y, Layout::intel_tile4, Layout::arm_afbc};
  const Surface s({layouts[state.range(0)], 3840, 2160, 4});
  std::uint64_t rects = 0, ranges = 0;
  for (auto _ : state) {
    // A 64x64 cursor wandering over the screen.
    const std::uint32_t x = static_cast<std::uint32_t>(rects * 97 % 3776), y = static_cast<std::uint32_t>(rects * 61 % 2096);
    ranges += s.bytes_of({{x, y, x + 64, y + 64}}, 0).size();
    ++rects;
  }
  benchmark::DoNotOptimize(ranges);
  state.SetLabel(std::string(modifier_name(layouts[state.range(0)])));
  state.counters["rects_per_second"] = benchmark::Counter(static_cast<double>(rects), benchmark::Counter::kIsRate);
}
BENCHMARK(RectToBytes)->DenseRange(0, 4);

}  // namespace
