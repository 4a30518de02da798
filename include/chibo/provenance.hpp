// Which data and rules a report came from: every report records it, and `chibo verify` checks a
// dataset against it (docs/provenance.md).
#pragma once

#include <chibo/engine.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chibo {

/// What a report records of its making.
struct Provenance {
  std::string chibo_version;
  std::string policy, policy_hash;
  /// People's ids and names were replaced by pseudonyms (the key is never recorded).
  bool redacted = false;
  /// Every table of the contract with its rows, then plugins' tables; those read from an input
  /// also name their source and carry the fingerprint of their bytes.
  std::vector<InputTable> tables;
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

/// The record of a dataset scored under a policy.
Provenance provenance_of(const Dataset& dataset, const Policy& policy);
inline Provenance provenance_of(const Report& report) {
  return provenance_of(*report.dataset, *report.policy);
}

/// Reads the record a report holds: a JSON report, a CSV report folder (its provenance.csv) or
/// an HTML page. Throws InputError naming the file when it holds none or it is malformed.
Provenance read_provenance(const std::filesystem::path& report);

/// One table compared between a report's record and a dataset.
struct TableCheck {
  enum class State : std::uint8_t {
    same,         ///< same rows; same bytes where both have a fingerprint
    differs,      ///< rows or bytes differ
    not_in_data,  ///< recorded with rows, absent from the dataset
    not_recorded  ///< in the dataset with rows, absent from the record
  };
  std::string name;
  State state = State::same;
  std::optional<InputTable> recorded, found;
};

struct Verification {
  std::vector<TableCheck> tables;  ///< the record's order, then tables only the dataset has
  bool same_version = true;        ///< the report was written by this chibo's version
  /// Whether every table is the same: the report was computed from this data.
  bool data_same() const noexcept {
    for (const auto& t : tables)
      if (t.state != TableCheck::State::same) return false;
    return true;
  }
};

/// Compares a report's record with that of a dataset (provenance_of).
Verification verify(const Provenance& recorded, const Provenance& found);

}  // namespace chibo
