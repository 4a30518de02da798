// Reading what plugins add to a dataset: extension columns on contract tables and extension
// tables of their own (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/extension.hpp>
#include <chibo/load.hpp>

#include "table.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace chibo::load {

/// Reads every extension of `extensions` from the source into `ds.extensions` (the contract
/// tables must be loaded and indexed). The tables it reads join `tables`, so that their problems
/// are reported with the others, as file:line:column.
void read_extensions(Source& source, const DataExtensions& extensions, Dataset& ds,
                     const LoadOptions& options, std::vector<std::unique_ptr<Table>>& tables);

}  // namespace chibo::load
