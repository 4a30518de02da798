#include <chibo/generate.hpp>
#include <stdexcept>
namespace chibo {
std::optional<Preset> preset_from_name(std::string_view) noexcept { return std::nullopt; }
std::string_view preset_name(Preset) noexcept { return ""; }
Dataset generate(const GenerateOptions&) { throw std::logic_error("todo"); }
GeneratedCounts write_generated(const GenerateOptions&, const std::filesystem::path&) { throw std::logic_error("todo"); }
void write_csv_dataset(const Dataset&, const std::filesystem::path&) { throw std::logic_error("todo"); }
}
