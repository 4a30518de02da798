// Personal data kept out of what is shared: members' and cadres' ids and names replaced by keyed
// pseudonyms, free text dropped (docs/privacy.md).
#pragma once

#include <chibo/dataset.hpp>

#include <string>
#include <string_view>

namespace chibo {

/// Keys shorter than this are refused: a pseudonym must not be found by trying keys.
inline constexpr std::size_t min_redact_key = 16;

/// A person's pseudonym: HMAC-SHA-256 under `key` of "kind:id", as `length` letters and digits
/// (Crockford's base 32). The same key and id give the same pseudonym in every report; without
/// the key it cannot be traced back.
std::string pseudonym(std::string_view key, std::string_view kind, std::string_view id,
                      std::size_t length = 12);

/// Replaces, in place, every member's and cadre's id with its pseudonym and name with
/// "ĐV-<pseudonym>" (a member, đảng viên) or "CB-<pseudonym>" (a cadre, cán bộ), and empties the
/// free text (tasks, resolutions, reasons for absence, escalations), which may name people.
/// Rows keep their order and references, so scores do not change. Throws
/// std::invalid_argument for a key shorter than min_redact_key.
void redact(Dataset& dataset, std::string_view key);

}  // namespace chibo
