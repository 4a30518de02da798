// Checks of whole tables once they are read: unique ids, the organisation tree, one attendance
// row per member and meeting. They find rows and columns; where those are in the input is the
// source's business (RowProblems), so that any source reuses them (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>

#include "table.hpp"

namespace chibo::load {

/// Indexes a table's ids (its column `c`) into `index` and reports each repeated one at its row.
void index_unique(RowProblems& problems, int c, const StringColumn& ids, IdIndex& index);

/// Reports repeated ids of a table no other table refers to. Exports usually list rows in id
/// order, and ids in strictly increasing order are unique without hashing 20 million of them.
void check_unique(RowProblems& problems, int c, const StringColumn& ids);

/// Resolves each unit's parent from its id (`parent_ids`, empty for a root) into
/// `units.parent`: the parent must exist and be a committee, and the tree must have no cycle
/// (else every parent is cleared, so that later tables stay safe). Problems at column `c`.
void resolve_parents(RowProblems& problems, int c, OrgUnits& units, const IdIndex& index,
                     const StringColumn& parent_ids);

/// A cell has one official classification a year: a second row for the same cell and year is
/// reported at its `year` column `c` (each row after the first, in file order).
void check_one_rating_a_year(RowProblems& problems, int c, const Ratings& ratings, const OrgUnits& units);

/// The columns of org_history a problem names.
struct HistoryColumns {
  int unit, parent, from, to;
};
/// org_history's rows: each ends on or after it begins; a unit's rows neither overlap nor
/// leave a gap between them; and the parents in force on any date form a tree (checked on
/// each date a parent changes, from the units whose parent changes then).
void check_history(RowProblems& problems, HistoryColumns c, const OrgHistory& history, const OrgUnits& units);

/// A second attendance row for the same member and meeting contradicts the first; reported at
/// the member's column `c` (each row after the pair's first, in file order). `key_bits` (at
/// most 32) narrows the sort's keys, so that a test can cut a small table into many buckets.
void check_duplicate_attendance(RowProblems& problems, int c, const Dataset& ds, unsigned key_bits = 32);

}  // namespace chibo::load
