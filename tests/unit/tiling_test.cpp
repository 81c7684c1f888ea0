// The layouts' address mapping against the tile geometry built independently
// here: each tile is enumerated in the order its published description gives
// (drm_fourcc.h, Mesa isl), and the k-th byte of that walk must sit at offset k.
#include "models/tiling/tiling.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "models/tiling/layout_model.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

using Offsets = std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t>;  // (byte x, row) -> offset

// A one-byte-per-pixel surface of exactly one tile, so that pixel x is byte x.
Surface one_tile(Layout l, std::uint32_t w, std::uint32_t h) { return Surface({l, w, h, 1}); }

void expect_walk(const Surface& s, const Offsets& expected) {
  ASSERT_EQ(expected.size(), 4096u);
  for (const auto& [xy, offset] : expected) ASSERT_EQ(s.offset_of(xy.first, xy.second), offset) << "x=" << xy.first << " y=" << xy.second;
}

TEST(Tiling, XTileIsRowMajor512BytesBy8Rows) {
  Offsets walk;
  std::uint64_t k = 0;
  for (std::uint32_t row = 0; row < 8; ++row)
    for (std::uint32_t b = 0; b < 512; ++b) walk[{b, row}] = k++;
  expect_walk(one_tile(Layout::intel_x, 512, 8), walk);
}

TEST(Tiling, YTileIsColumnMajor16ByteColumnsOf32Rows) {
  Offsets walk;
  std::uint64_t k = 0;
  for (std::uint32_t column = 0; column < 8; ++column)
    for (std::uint32_t row = 0; row < 32; ++row)
      for (std::uint32_t b = 0; b < 16; ++b) walk[{column * 16 + b, row}] = k++;
  expect_walk(one_tile(Layout::intel_y, 128, 32), walk);
}

TEST(Tiling, Tile4IsBlocksOfSubBlocksOfCells) {
  // 16 B x 4-row cells; 4 cells side by side = a sub-block; 2 sub-blocks
  // stacked = a 64 B x 8-row block; blocks 2 wide x 4 high, row-major.
  Offsets walk;
  std::uint64_t k = 0;
  for (std::uint32_t by = 0; by < 4; ++by)
    for (std::uint32_t bx = 0; bx < 2; ++bx)
      for (std::uint32_t sub = 0; sub < 2; ++sub)
        for (std::uint32_t cell = 0; cell < 4; ++cell)
          for (std::uint32_t row = 0; row < 4; ++row)
            for (std::uint32_t b = 0; b < 16; ++b) walk[{bx * 64 + cell * 16 + b, by * 8 + sub * 4 + row}] = k++;
  expect_walk(one_tile(Layout::intel_tile4, 128, 32), walk);
}

TEST(Tiling, Tile4AndYAgreeOnlyAtTheirSharedGranularities) {
  // Points Mesa's isl_tiled_memcpy uses: Tile4 and Y share 16 B x 4 rows and
  // the 4 KiB tile, and differ in between.
  const Surface t4 = one_tile(Layout::intel_tile4, 128, 32), y = one_tile(Layout::intel_y, 128, 32);
  const std::pair<std::uint32_t, std::uint32_t> points[] = {{16, 0}, {64, 0}, {0, 4}, {0, 8}, {17, 5}, {127, 31}};
  const std::uint64_t tile4[] = {64, 512, 256, 1024, 337, 4095}, ytile[] = {512, 2048, 64, 128, 593, 4095};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(t4.offset_of(points[i].first, points[i].second), tile4[i]) << i;
    EXPECT_EQ(y.offset_of(points[i].first, points[i].second), ytile[i]) << i;
  }
}

TEST(Tiling, TilesAreRowMajorAcrossTheSurface) {
  // XRGB8888, 3 tiles across, 2 tile rows; check every tile's corners.
  for (Layout l : {Layout::intel_x, Layout::intel_y, Layout::intel_tile4}) {
    const std::uint32_t tw = l == Layout::intel_x ? 128 : 32, th = l == Layout::intel_x ? 8 : 32;  // in pixels, rows
    const Surface s({l, 3 * tw, 2 * th, 4});
    EXPECT_EQ(s.stride(), 3 * tw * 4);
    EXPECT_EQ(s.size(), 6u * 4096);
    for (std::uint32_t ty = 0; ty < 2; ++ty) {
      for (std::uint32_t tx = 0; tx < 3; ++tx) {
        const std::uint64_t tile = (ty * 3 + tx) * 4096u;
        EXPECT_EQ(s.offset_of(tx * tw, ty * th), tile);
        EXPECT_EQ(s.offset_of(tx * tw + tw - 1, ty * th + th - 1), tile + 4092);  // the last pixel of the tile
      }
    }
  }
}

TEST(Tiling, LinearRowsFollowTheStride) {
  const Surface s({Layout::linear, 100, 10, 4, 512});
  EXPECT_EQ(s.offset_of(3, 2), 2u * 512 + 12);
  EXPECT_EQ(s.size(), 5120u);
  EXPECT_THROW(Surface({Layout::linear, 100, 10, 4, 300}), std::invalid_argument);
}

TEST(Tiling, IntelStridesAreWholeTiles) {
  EXPECT_EQ(Surface({Layout::intel_x, 100, 10, 4}).stride(), 512u);  // 400 B rounded up to a 512 B tile width
  EXPECT_THROW(Surface({Layout::intel_y, 100, 10, 4, 450}), std::invalid_argument);
  EXPECT_EQ(Surface({Layout::intel_y, 100, 10, 4}).size(), 4u * 4096);  // 10 rows still take a whole 32-row tile row
}

TEST(Tiling, DirtyRectanglesRoundToWholeTiles) {
  const Surface s({Layout::intel_y, 96, 64, 4});  // 3 x 2 tiles of 32x32 pixels
  EXPECT_EQ(s.tile_aligned({5, 5, 10, 10}), (PixelRect{0, 0, 32, 32}));
  EXPECT_EQ(s.tile_aligned({30, 30, 34, 34}), (PixelRect{0, 0, 64, 64}));
  // A small rectangle costs a whole 4 KiB tile ...
  EXPECT_EQ(s.bytes_of({{5, 5, 10, 10}}, 0), (ByteRanges{{0, 4096}}));
  // ... one straddling tile corners costs four, in two tile rows.
  EXPECT_EQ(s.bytes_of({{30, 30, 34, 34}}, 1 << 20), (ByteRanges{{(1 << 20), 8192}, {(1 << 20) + 3 * 4096, 8192}}));
  // Linear does not round.
  const Surface lin({Layout::linear, 96, 64, 4});
  EXPECT_EQ(lin.bytes_of({{5, 5, 10, 7}}, 0), (ByteRanges{{5 * 384 + 20, 20}, {6 * 384 + 20, 20}}));
}

TEST(Tiling, AfbcSizeMatchesTheKernelsMinimum) {
  // drm_gem_afbc_min_size(): 1920x1088 (1080 rounded to superblocks), 32 bpp,
  // 16x16: 8160 superblocks, 16 B headers aligned to 64, 1024 B bodies.
  SurfaceParams p{Layout::arm_afbc, 1920, 1088, 4};
  p.afbc_body_align = 64;
  EXPECT_EQ(Surface(p).size(), 8486400u);
  p.afbc_body_align = 1024;
  EXPECT_EQ(Surface(p).size(), 131072u + 8160u * 1024);
}

TEST(Tiling, AfbcPadsToWholeSuperblocksAndCountsThePadding) {
  // 1080 rows are not whole superblocks: the allocation has 68 superblock
  // rows (1088), as an allocator pads it and the display crops it.
  const Surface p1080({Layout::arm_afbc, 1920, 1080, 4});
  const Surface p1088({Layout::arm_afbc, 1920, 1088, 4});
  EXPECT_EQ(p1080.size(), p1088.size());
  EXPECT_EQ(p1080.size(), 131072u + 120u * 68 * 1024);
  // The whole surface covers the padded last row of superblocks too.
  EXPECT_EQ(p1080.bytes_of({}, 0), p1088.bytes_of({}, 0));
  // A rectangle in the last pixel rows reaches into the padding's superblock row.
  EXPECT_EQ(p1080.tile_aligned({0, 1079, 16, 1080}), (PixelRect{0, 1072, 16, 1088}));
  // 4K is whole superblocks: 240 x 135, nothing padded.
  EXPECT_EQ(Surface({Layout::arm_afbc, 3840, 2160, 4}).size(), 519168u /* 32,400 headers, to 1 KiB */ + 240u * 135 * 1024);
  // Width too: 1366 pixels are 86 superblocks across (1376).
  const Surface odd({Layout::arm_afbc, 1366, 768, 4});
  EXPECT_EQ(odd.size(), 66560u /* 4,128 headers, to 1 KiB */ + 86u * 48 * 1024);
  EXPECT_EQ(odd.afbc_header_offset(0, 1), 86u * 16);
}

TEST(Tiling, AfbcRectanglesCostWholeSuperblocksHeadersAndBodies) {
  SurfaceParams p{Layout::arm_afbc, 64, 32, 4};  // 4 x 2 superblocks
  p.afbc_ratio = 0.5;
  const Surface s(p);
  EXPECT_EQ(s.afbc_body_used(), 512u);
  EXPECT_EQ(s.afbc_header_offset(1, 1), (4u + 1) * 16);
  EXPECT_EQ(s.afbc_body_offset(1, 1), 1024u + 5 * 1024);
  EXPECT_THROW(s.offset_of(0, 0), std::logic_error);
  // Pixels (20..40, 2..5) touch superblocks 1 and 2 of the top row.
  EXPECT_EQ(s.bytes_of({{20, 2, 40, 5}}, 0), (ByteRanges{{16, 32}, {1024 + 1024, 512}, {1024 + 2048, 512}}));
}

TEST(Tiling, ModifierNamesRoundTrip) {
  for (Layout l : {Layout::linear, Layout::intel_x, Layout::intel_y, Layout::intel_tile4, Layout::arm_afbc}) {
    Layout back = Layout::linear;
    ASSERT_TRUE(parse_modifier(modifier_name(l), back));
    EXPECT_EQ(back, l);
  }
  Layout l;
  EXPECT_FALSE(parse_modifier("I915_FORMAT_MOD_Yf_TILED", l));
}

TEST(Tiling, EveryLayoutIsRegisteredOnceUnderItsOwnName) {
  const auto models = layout_models();
  ASSERT_EQ(models.size(), static_cast<std::size_t>(Layout::arm_afbc) + 1) << "a Layout without its registered file";
  std::set<std::string_view> names;
  for (const LayoutModel* m : models) {
    EXPECT_EQ(&layout_model(m->id()), m);
    EXPECT_TRUE(names.insert(m->modifier()).second) << m->modifier() << " is registered twice";
    Layout parsed = Layout::linear;
    ASSERT_TRUE(parse_modifier(m->modifier(), parsed)) << m->modifier();
    EXPECT_EQ(parsed, m->id());
    EXPECT_NE(modifier_list().find(std::string(m->modifier())), std::string::npos);
  }
  Layout unused = Layout::linear;
  EXPECT_FALSE(parse_modifier("I915_FORMAT_MOD_Yf_TILED", unused));
}

TEST(Tiling, WhatTheDriverStackCanDoFollowsTheLayout) {
  // GTT fences detile X and Y only (i915_gem_fence_reg.c), with the runs a
  // fence keeps contiguous; only AFBC is compressed.
  EXPECT_EQ(layout_model(Layout::intel_x).fence_run_bytes(), 512u);
  EXPECT_EQ(layout_model(Layout::intel_y).fence_run_bytes(), 16u);
  for (Layout l : {Layout::linear, Layout::intel_tile4, Layout::arm_afbc}) EXPECT_EQ(layout_model(l).fence_run_bytes(), 0u) << modifier_name(l);
  for (const LayoutModel* m : layout_models()) EXPECT_EQ(m->compressed(), m->id() == Layout::arm_afbc) << m->modifier();
  // The 64-bit modifier values of drm_fourcc.h.
  EXPECT_TRUE(layout_model(Layout::linear).is_drm_modifier(0));
  EXPECT_TRUE(layout_model(Layout::intel_x).is_drm_modifier(0x0100000000000001ULL));
  EXPECT_TRUE(layout_model(Layout::intel_y).is_drm_modifier(0x0100000000000002ULL));
  EXPECT_TRUE(layout_model(Layout::intel_tile4).is_drm_modifier(0x0100000000000009ULL));
  EXPECT_TRUE(layout_model(Layout::arm_afbc).is_drm_modifier(0x0800000000000001ULL));   // AFBC_FORMAT_MOD_BLOCK_SIZE_16x16
  EXPECT_FALSE(layout_model(Layout::arm_afbc).is_drm_modifier(0x0800000000000002ULL));  // 32x8 superblocks: not modelled
}

TEST(Tiling, TheTilingDocNamesEveryLayout) {
  std::ifstream doc(test::source_dir() + "/docs/tiling.md");
  ASSERT_TRUE(doc);
  std::stringstream text;
  text << doc.rdbuf();
  for (const LayoutModel* m : layout_models())
    EXPECT_NE(text.str().find(std::string(m->modifier())), std::string::npos) << "docs/tiling.md does not name " << m->modifier();
}

}  // namespace
}  // namespace cohsim
