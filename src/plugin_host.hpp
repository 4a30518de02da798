// Reading what a plugin declares (internal): the step of Registry::load_plugin after the library
// is trusted and loaded, on its own so that the plugin fuzz target can feed it descriptions.
#pragma once

#include <chibo/plugin.h>
#include <chibo/rule.hpp>

#include <filesystem>
#include <memory>
#include <string_view>

namespace boost::dll {
class shared_library;
}

namespace chibo::detail {

/// Adds the plugin `desc` describes (its ABI, struct sizes, measures, columns, tables and rules)
/// to `registry`, all or nothing. Throws InputError filed under `label` when it is refused.
void add_described_plugin(Registry& registry, const chibo_plugin_desc& desc,
                          const std::filesystem::path& path,
                          std::shared_ptr<boost::dll::shared_library> library, std::string_view label);

}  // namespace chibo::detail
