// The provenance record as each writer puts it (internal): an object in the JSON report, a
// provenance.csv beside the CSV tables, JSON inside an HTML page.
#pragma once

#include <chibo/provenance.hpp>

#include "text_out.hpp"

#include <nlohmann/json_fwd.hpp>

namespace chibo::detail {

/// `{"chibo":…,"policy":…,"tables":[…]}` (docs/provenance.md).
void provenance_json(JsonOut& out, const Provenance& p);
/// The same object as text safe inside an HTML <script> element.
std::string provenance_json_for_html(const Provenance& p);
/// `key,value` rows: chibo_version, policy, policy_hash, redacted, table.NAME.{source,rows,bytes,xxh128}.
void write_provenance_csv(const std::filesystem::path& file, const Provenance& p);
/// The record from its JSON object; InputError naming `file` when a field is missing or mistyped.
Provenance provenance_from_json(const std::filesystem::path& file, const nlohmann::json& record);

}  // namespace chibo::detail
