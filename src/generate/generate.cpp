// The synthetic province generator: presets, options and the builder's run.
#include "builder.hpp"

#include <chibo/unicode.hpp>

#include <fmt/format.h>

#include "../parallel.hpp"
#include "../tables.hpp"
#include "../timing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chibo::gen {

using boost::gregorian::days;

Builder::Builder(const GenerateOptions& o) : o_(o), shape_(shape_of(o)), rng_(o.seed, 0) {
  year_start_ = Date(static_cast<unsigned short>(o.year), 1, 1);
}

Dataset Builder::build() {
  detail::Laps lap("generate");
  build_structure();
  lap("structure");
  build_meetings();
  lap("meetings");
  ds_.finalize();
  lap("indexes");
  return std::move(ds_);
}

}  // namespace chibo::gen

namespace chibo {

std::optional<Preset> preset_from_name(std::string_view name) noexcept {
  if (name == "commune") return Preset::commune;
  if (name == "district") return Preset::district;
  if (name == "bac-giang") return Preset::bac_giang;
  if (name == "national") return Preset::national;
  if (name == "bac-ninh") return Preset::bac_ninh;
  return std::nullopt;
}

std::string_view preset_name(Preset p) noexcept {
  switch (p) {
    case Preset::commune:
      return "commune";
    case Preset::district:
      return "district";
    case Preset::bac_giang:
      return "bac-giang";
    case Preset::national:
      return "national";
    case Preset::bac_ninh:
      return "bac-ninh";
  }
  return "";
}

Dataset generate(const GenerateOptions& options) {
  if (options.year < 1990 || options.year > 2100) throw std::invalid_argument("generate: year out of range");
  if (!(options.scale > 0)) throw std::invalid_argument("generate: scale must be positive");
  if (options.preset == Preset::bac_giang && options.year > 2025)
    throw std::invalid_argument(
        "generate: Bắc Giang merged into Bắc Ninh on 1 July 2025; for 2026 on use --preset bac-ninh");
  if (options.preset == Preset::bac_ninh && options.year < 2026)
    throw std::invalid_argument(
        "generate: the merged Bắc Ninh is generated from 2026; for 2025 and before use --preset bac-giang");
  return gen::Builder(options).build();
}

}  // namespace chibo
