// The generator's builder (internal): structure first (units, members, cadres: cheap, one
// pass), then each cell's year of meetings in parallel. Its work is split by table family:
// structure.cpp (units, cadres, briefings, the 2025 reform), members.cpp, meetings.cpp.
#pragma once

#include <chibo/generate.hpp>

#include "presets.hpp"
#include "random.hpp"

#include <span>
#include <string>
#include <vector>

namespace chibo::gen {

struct CellPlan {
  double diligence = 0.5;  ///< 0 weak … 1 strong
  double support = 0.5;    ///< how well the upper levels look after it
  Habits habits;
  bool model = false;
  bool weak = false;
  int preferred_day = 15;
  Index commune = no_index;  ///< grassroots committee (or district for cells directly under it)
  Index district = no_index;
  std::uint32_t cadre_begin = 0, cadre_end = 0;  ///< cadres of the commune and district
};

struct Structure {
  std::vector<CellPlan> cells;  ///< by org unit row (only cells used)
  std::vector<Index> cell_rows;
  std::vector<std::uint8_t> passive;   ///< by member: rarely speaks
  std::vector<std::uint8_t> drifting;  ///< by member: skips meetings
};

class Builder {
 public:
  explicit Builder(const GenerateOptions& o);
  Dataset build();

 private:
  // ---- structure -------------------------------------------------------------------------------
  Index add_unit(const std::string& id, Index parent, OrgKind kind, const std::string& name,
                 Sector sector = Sector::unrecorded);
  std::string maybe_nfd(const std::string& s);
  std::string place();
  std::string person(bool female);
  void add_cadres(Index unit, int n, const std::string& prefix);
  void build_structure();
  // ---- from 1 July 2025: provinces → communes → cells ----------------------------------------
  void build_communes_era();
  void build_province_of_communes(int p, const std::string& pname, double members_target, int communes,
                                  int wards);
  /// Quarterly briefings (giao ban) of a committee with its cells' secretaries.
  std::vector<Index> quarterly_briefings(Index unit, const std::string& id, double support);
  // ---- 2025: across 1 July ---------------------------------------------------------------------
  /// The provinces, their districts and their communes are dissolved on 30 June 2025 (their
  /// `dissolved_on` is 1 July, the first day without them). Each old province joins its merged
  /// province (a new root, founded on 1 July); a district's communes merge, about 3.6 into one,
  /// into new communes of it; every cell moves under the new commune of its old one with its
  /// meetings, and the agencies' committees under the new province, each move one row of
  /// org_history.csv. Cadres of the new communes take over supervision; the briefings of the
  /// second half are the new provinces'.
  void cross_the_merger();
  // ---- up to 2025: provinces → districts → communes → cells -------------------------------------
  void build_province(int p, double members_target);
  /// The k-th of a commune's n cells: its sector and name (`ward_words`: a ward's police and
  /// militia are the ward's, as from 2025).
  std::pair<Sector, std::string> commune_cell(int k, int n_cells, bool ward, bool ward_words);
  int cell_size(Sector s);
  void add_cell(const std::string& id, Index parent, Index district, Sector sector, const std::string& name,
                CellPlan plan, std::size_t commune_cadres_begin, std::size_t commune_cadres_end,
                std::size_t district_cadres_begin, std::size_t district_cadres_end,
                const std::vector<Index>& briefings);
  // ---- members ---------------------------------------------------------------------------------
  Index add_member(Index cell, Role role, Date joined, bool female);
  void add_training(Index member, Date d, TrainingKind kind, Index provider);
  void add_members(Index cell, Sector sector, const CellPlan& plan, const std::vector<Index>& briefings);
  // ---- meetings -------------------------------------------------------------------------------
  /// What one cell's year adds; merged in cell order afterwards.
  struct Part {
    Meetings meetings;
    AgendaItems agenda;
    Attendance attendance;
    Contributions contributions;
    Resolutions resolutions;
    Tasks tasks;
    Visits visits;
    Escalations escalations;
  };
  void build_meetings();
  static std::string meeting_id(std::size_t n);
  void build_cell_year(Index cell, Part& part);
  void add_attendance(Part& part, Index meeting, Index member, AttendanceStatus st, Rng& rng);
  /// Members were added cell by cell, so each cell's rows are one contiguous range.
  void index_members();
  std::span<const Index> members_of_(Index cell) const;
  /// Appends a part's rows of one table, column by column as its schema declares them: ids
  /// numbered in file order by `id`, references to meetings moved past the `meetings` merged
  /// before, a sparse column's rows past the table's.
  template <class Rows, class Id>
  static void merge_rows(Rows& into, const Rows& from, Index meetings, Id id);
  void merge(std::vector<Part>& parts);

  GenerateOptions o_;
  Shape shape_;
  Rng rng_;
  Date year_start_;
  Dataset ds_;
  Structure plan_;
  std::vector<std::pair<Index, std::string_view>> old_provinces_;  // before 2025: row and name
  std::vector<Index> cell_member_rows_, first_member_, count_member_;
};

}  // namespace chibo::gen
