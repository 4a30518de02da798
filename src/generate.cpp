// The synthetic province generator. Structure first (units, members, cadres: cheap, one pass),
// then each cell's year of meetings in parallel. Every cell draws from its own random stream
// seeded by (seed, cell), so the output does not depend on the number of threads.
#include <chibo/generate.hpp>
#include <chibo/unicode.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "parallel.hpp"
#include "tables.hpp"
#include "timing.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

namespace chibo {

namespace {

using boost::gregorian::days;

// ---------------------------------------------------------------------------------------------
// Randomness

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// xoshiro256** with the usual splitmix seeding.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed * 0xD1B54A32D192ED03ull ^ (stream + 0x632BE59BD9B4E019ull);
    for (auto& v : s_) v = splitmix(x);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  /// Whole number in [lo, hi].
  int range(int lo, int hi) {
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  double normal(double mean, double sd) {
    // Box–Muller; one value per call keeps the stream simple.
    const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
    return mean + sd * std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[next() % items.size()];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

double sigmoid(double x) {
  return 1 / (1 + std::exp(-x));
}
double clamp01(double x) {
  return std::clamp(x, 0.0, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Names and places

constexpr std::string_view family_names[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê",  "Lê",    "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
    "Võ",     "Đặng",   "Bùi",    "Đỗ",   "Hồ",   "Ngô", "Dương", "Lý",   "Giáp",  "Thân",  "La"};
constexpr std::string_view male_middle[] = {"Văn",   "Văn",   "Hữu",  "Đức",  "Minh",
                                            "Quang", "Thanh", "Công", "Xuân", "Đình"};
constexpr std::string_view female_middle[] = {"Thị",  "Thị",   "Thị",  "Ngọc", "Thu",
                                              "Minh", "Thanh", "Hồng", "Kim"};
constexpr std::string_view male_given[] = {"An",   "Bình", "Cường", "Dũng", "Đạt",   "Hải",   "Hiếu",
                                           "Hùng", "Huy",  "Khánh", "Long", "Minh",  "Nam",   "Phong",
                                           "Phúc", "Quân", "Sơn",   "Tâm",  "Thắng", "Thành", "Trung",
                                           "Tuấn", "Việt", "Vinh",  "Quý",  "Lợi",   "Toàn",  "Hưng"};
constexpr std::string_view female_given[] = {"Anh",   "Châu",  "Dung",  "Giang",  "Hà",   "Hạnh", "Hằng",
                                             "Hoa",   "Hương", "Lan",   "Liên",   "Linh", "Loan", "Mai",
                                             "Nga",   "Ngọc",  "Nhung", "Phương", "Thảo", "Thủy", "Trang",
                                             "Tuyết", "Vân",   "Yến",   "Huyền",  "Oanh"};
constexpr std::string_view place_syllables[] = {
    "Tân",   "An",    "Hòa",  "Phúc",  "Lộc",    "Thịnh",  "Hưng", "Quang", "Minh", "Đông",
    "Tây",   "Nam",   "Bắc",  "Trung", "Hạ",     "Thượng", "Đồng", "Cầu",   "Lập",  "Mỹ",
    "Xuân",  "Thanh", "Sơn",  "Hồng",  "Lạc",    "Phong",  "Vân",  "Kim",   "Ngọc", "Tiến",
    "Thắng", "Lợi",   "Bình", "Khánh", "Trường", "Long",   "Hà",   "Cẩm",   "Liên", "Yên",
    "Đức",   "Thái",  "Phú",  "Quý",   "Mai",    "Lan",    "Chùa", "Chợ",   "Mới",  "Giữa"};
constexpr std::string_view topics[] = {"Xây dựng nông thôn mới",
                                       "Chuyển đổi số ở thôn",
                                       "Phòng chống dịch bệnh",
                                       "Bảo vệ môi trường",
                                       "Phát triển kinh tế vườn đồi",
                                       "Giữ gìn an ninh trật tự",
                                       "Công tác phát triển đảng viên",
                                       "Giảm nghèo bền vững",
                                       "Xây dựng gia đình văn hóa",
                                       "Phòng chống tệ nạn xã hội",
                                       "Nâng cao chất lượng sinh hoạt chi bộ",
                                       "Dồn điền đổi thửa",
                                       "Vệ sinh an toàn thực phẩm",
                                       "Chăm sóc người cao tuổi",
                                       "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                                       "Phòng chống thiên tai",
                                       "Xây dựng đường giao thông nông thôn",
                                       "Khuyến học, khuyến tài"};
constexpr std::string_view resolution_texts[] = {"Thu đảng phí đúng hạn",
                                                 "Vận động hộ dân hiến đất làm đường",
                                                 "Tổ chức vệ sinh môi trường",
                                                 "Giao chi ủy theo dõi, đôn đốc",
                                                 "Hoàn thiện hồ sơ đề nghị kết nạp đảng viên",
                                                 "Vận động nhân dân tiêm chủng",
                                                 "Rà soát hộ nghèo, cận nghèo",
                                                 "Kiện toàn tổ hòa giải"};
constexpr std::string_view reasons[] = {"Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa", "Ốm, nằm viện"};

struct DistrictName {
  std::string_view name;
  int communes;
};
// Bắc Giang before the 2025 mergers: 9 districts and 1 city, 209 communes, wards and towns.
constexpr DistrictName bac_giang_districts[] = {{"Thành ủy Bắc Giang", 16}, {"Huyện ủy Yên Thế", 19},
                                                {"Huyện ủy Tân Yên", 22},   {"Huyện ủy Lạng Giang", 21},
                                                {"Huyện ủy Lục Nam", 25},   {"Huyện ủy Lục Ngạn", 29},
                                                {"Huyện ủy Sơn Động", 17},  {"Huyện ủy Yên Dũng", 18},
                                                {"Huyện ủy Việt Yên", 17},  {"Huyện ủy Hiệp Hòa", 25}};
// The 63 provinces and cities before the 2025 mergers, with their share of members (relative).
constexpr std::pair<std::string_view, double> provinces[] = {{"Hà Nội", 4.6},
                                                             {"Thành phố Hồ Chí Minh", 3.6},
                                                             {"Hải Phòng", 1.6},
                                                             {"Đà Nẵng", 0.7},
                                                             {"Cần Thơ", 0.7},
                                                             {"Hà Giang", 0.9},
                                                             {"Cao Bằng", 0.8},
                                                             {"Bắc Kạn", 0.5},
                                                             {"Tuyên Quang", 0.9},
                                                             {"Lào Cai", 0.8},
                                                             {"Điện Biên", 0.7},
                                                             {"Lai Châu", 0.5},
                                                             {"Sơn La", 1.1},
                                                             {"Yên Bái", 0.8},
                                                             {"Hòa Bình", 0.9},
                                                             {"Thái Nguyên", 1.2},
                                                             {"Lạng Sơn", 0.9},
                                                             {"Quảng Ninh", 1.3},
                                                             {"Bắc Giang", 1.0},
                                                             {"Phú Thọ", 1.3},
                                                             {"Vĩnh Phúc", 1.0},
                                                             {"Bắc Ninh", 1.0},
                                                             {"Hải Dương", 1.4},
                                                             {"Hưng Yên", 1.0},
                                                             {"Thái Bình", 1.6},
                                                             {"Hà Nam", 0.8},
                                                             {"Nam Định", 1.6},
                                                             {"Ninh Bình", 0.9},
                                                             {"Thanh Hóa", 2.7},
                                                             {"Nghệ An", 2.7},
                                                             {"Hà Tĩnh", 1.3},
                                                             {"Quảng Bình", 0.9},
                                                             {"Quảng Trị", 0.7},
                                                             {"Thừa Thiên Huế", 0.9},
                                                             {"Quảng Nam", 1.1},
                                                             {"Quảng Ngãi", 1.0},
                                                             {"Bình Định", 1.1},
                                                             {"Phú Yên", 0.7},
                                                             {"Khánh Hòa", 0.8},
                                                             {"Ninh Thuận", 0.4},
                                                             {"Bình Thuận", 0.8},
                                                             {"Kon Tum", 0.5},
                                                             {"Gia Lai", 0.9},
                                                             {"Đắk Lắk", 1.2},
                                                             {"Đắk Nông", 0.5},
                                                             {"Lâm Đồng", 0.9},
                                                             {"Bình Phước", 0.7},
                                                             {"Tây Ninh", 0.8},
                                                             {"Bình Dương", 0.9},
                                                             {"Đồng Nai", 1.0},
                                                             {"Bà Rịa - Vũng Tàu", 0.8},
                                                             {"Long An", 1.0},
                                                             {"Tiền Giang", 1.1},
                                                             {"Bến Tre", 0.9},
                                                             {"Trà Vinh", 0.7},
                                                             {"Vĩnh Long", 0.7},
                                                             {"Đồng Tháp", 1.0},
                                                             {"An Giang", 1.0},
                                                             {"Kiên Giang", 0.9},
                                                             {"Hậu Giang", 0.5},
                                                             {"Sóc Trăng", 0.8},
                                                             {"Bạc Liêu", 0.5},
                                                             {"Cà Mau", 0.7}};

// The 34 provinces and cities from 1 July 2025 (Nghị quyết 202/2025/QH15) and the old ones each
// was formed from; a merged one holds the members of all of them.
struct MergedProvince {
  std::string_view name;
  bool city;  ///< a centrally run city: Thành ủy
  std::array<std::string_view, 3> from;
};
constexpr MergedProvince provinces_2025[] = {
    {"Hà Nội", true, {"Hà Nội"}},
    {"Huế", true, {"Thừa Thiên Huế"}},
    {"Lai Châu", false, {"Lai Châu"}},
    {"Điện Biên", false, {"Điện Biên"}},
    {"Sơn La", false, {"Sơn La"}},
    {"Lạng Sơn", false, {"Lạng Sơn"}},
    {"Quảng Ninh", false, {"Quảng Ninh"}},
    {"Thanh Hóa", false, {"Thanh Hóa"}},
    {"Nghệ An", false, {"Nghệ An"}},
    {"Hà Tĩnh", false, {"Hà Tĩnh"}},
    {"Cao Bằng", false, {"Cao Bằng"}},
    {"Tuyên Quang", false, {"Tuyên Quang", "Hà Giang"}},
    {"Lào Cai", false, {"Lào Cai", "Yên Bái"}},
    {"Thái Nguyên", false, {"Thái Nguyên", "Bắc Kạn"}},
    {"Phú Thọ", false, {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"}},
    {"Bắc Ninh", false, {"Bắc Ninh", "Bắc Giang"}},
    {"Hưng Yên", false, {"Hưng Yên", "Thái Bình"}},
    {"Hải Phòng", true, {"Hải Phòng", "Hải Dương"}},
    {"Ninh Bình", false, {"Ninh Bình", "Hà Nam", "Nam Định"}},
    {"Quảng Trị", false, {"Quảng Trị", "Quảng Bình"}},
    {"Đà Nẵng", true, {"Đà Nẵng", "Quảng Nam"}},
    {"Quảng Ngãi", false, {"Quảng Ngãi", "Kon Tum"}},
    {"Gia Lai", false, {"Gia Lai", "Bình Định"}},
    {"Khánh Hòa", false, {"Khánh Hòa", "Ninh Thuận"}},
    {"Lâm Đồng", false, {"Lâm Đồng", "Đắk Nông", "Bình Thuận"}},
    {"Đắk Lắk", false, {"Đắk Lắk", "Phú Yên"}},
    {"Thành phố Hồ Chí Minh", true, {"Thành phố Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}},
    {"Đồng Nai", false, {"Đồng Nai", "Bình Phước"}},
    {"Tây Ninh", false, {"Tây Ninh", "Long An"}},
    {"Cần Thơ", true, {"Cần Thơ", "Sóc Trăng", "Hậu Giang"}},
    {"Vĩnh Long", false, {"Vĩnh Long", "Bến Tre", "Trà Vinh"}},
    {"Đồng Tháp", false, {"Đồng Tháp", "Tiền Giang"}},
    {"Cà Mau", false, {"Cà Mau", "Bạc Liêu"}},
    {"An Giang", false, {"An Giang", "Kiên Giang"}}};

/// A merged province's share of members: the sum of its old provinces' (relative).
double merged_weight(const MergedProvince& m) {
  double w = 0;
  for (auto old : m.from)
    for (const auto& [name, share] : provinces)
      if (!old.empty() && name == old) w += share;
  return w;
}

// ---------------------------------------------------------------------------------------------
// The plan of a preset

/// Habits of a district (the article's practices).
struct Habits {
  bool monthly_attendance = false;  ///< Tân Yên: cadres attend every cell meeting
  bool model_cells = false;         ///< Yên Thế: two model cells per commune
  bool rotating_models = false;     ///< Lục Ngạn: model meetings watched by other secretaries
};

struct Shape {
  int provinces = 1;
  double members = 88700;  ///< target members in all
  bool real_bac_giang = false;
  int districts_per_province = 10;
  int communes_per_district = 21;  ///< when not Bắc Giang's real counts
  int agency_committees_per_district = 2;
  int district_cells_per_district = 14;  ///< grassroots cells directly under a district
  bool single_commune = false;
  /// The structure from 1 July 2025: provinces → communes → cells, no districts.
  bool communes = false;
  int communes_per_province = 0;  ///< when one province (else from the total below)
  int wards_per_province = 0;
};

/// Commune-level units after the 2025 reform, all provinces (3,321 xã, phường and đặc khu,
/// Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions of June 2025).
constexpr int communes_after_2025 = 3321;

Shape shape_of(const GenerateOptions& o) {
  Shape s;
  switch (o.preset) {
    case Preset::commune:
      s.members = 350;
      s.districts_per_province = 1;
      s.communes_per_district = 1;
      s.agency_committees_per_district = 0;
      s.district_cells_per_district = 0;
      s.single_commune = true;
      break;
    case Preset::district:
      s.members = 8900;
      s.districts_per_province = 1;
      s.communes_per_district = 21;
      break;
    case Preset::bac_giang:
      s.real_bac_giang = true;
      break;
    case Preset::bac_ninh:
      // Bắc Giang's members and the old Bắc Ninh's, taken as many (the provinces table weighs
      // them alike); 99 commune-level units per Nghị quyết 1658/NQ-UBTVQH15 (16/6/2025).
      s.members = 2 * 88700;
      s.communes = true;
      s.communes_per_province = 99;
      s.wards_per_province = 33;
      break;
    case Preset::national:
      s.provinces = 63;
      s.members = 5.3e6;
      s.communes = o.year >= 2026;
      // ~52,000 grassroots organisations: per district ~30 communes, 3 agency committees and
      // ~50 grassroots cells directly under the district.
      s.districts_per_province = 10;
      s.communes_per_district = 30;
      s.agency_committees_per_district = 3;
      s.district_cells_per_district = 50;
      break;
  }
  return s;
}

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

// ---------------------------------------------------------------------------------------------
// Building

class Builder {
 public:
  explicit Builder(const GenerateOptions& o) : o_(o), shape_(shape_of(o)), rng_(o.seed, 0) {
    year_start_ = Date(static_cast<unsigned short>(o.year), 1, 1);
  }

  Dataset build() {
    detail::Laps lap("generate");
    build_structure();
    lap("structure");
    build_meetings();
    lap("meetings");
    ds_.finalize();
    lap("indexes");
    return std::move(ds_);
  }

 private:
  // ---- structure -------------------------------------------------------------------------------
  Index add_unit(const std::string& id, Index parent, OrgKind kind, const std::string& name,
                 Sector sector = Sector::unrecorded) {
    auto& u = ds_.org_units;
    u.id.push_back(id);
    u.name.push_back(maybe_nfd(name));
    u.parent.push_back(parent);
    u.kind.push_back(kind);
    u.sector.push_back(sector);
    u.established_on.push_back(Date());
    u.dissolved_on.push_back(Date());
    plan_.cells.emplace_back();
    return static_cast<Index>(u.size() - 1);
  }

  std::string maybe_nfd(const std::string& s) {
    // Some exports store Vietnamese decomposed; the loader must not care.
    return rng_.chance(0.04) ? to_nfd(s) : s;
  }

  std::string place() {
    return fmt::format("{} {}", rng_.pick<std::string_view>(place_syllables),
                       rng_.pick<std::string_view>(place_syllables));
  }

  std::string person(bool female) {
    return fmt::format(
        "{} {} {}", rng_.pick<std::string_view>(family_names),
        female ? rng_.pick<std::string_view>(female_middle) : rng_.pick<std::string_view>(male_middle),
        female ? rng_.pick<std::string_view>(female_given) : rng_.pick<std::string_view>(male_given));
  }

  void add_cadres(Index unit, int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      ds_.cadres.id.push_back(fmt::format("{}.K{}", prefix, i + 1));
      ds_.cadres.org_unit.push_back(unit);
      ds_.cadres.full_name.push_back(person(rng_.chance(0.4)));
      ds_.cadres.position.push_back(i == 0      ? CadrePosition::standing_committee
                                    : i < n / 2 ? CadrePosition::committee_member
                                                : CadrePosition::staff);
    }
  }

  void build_structure() {
    if (shape_.communes) {
      build_communes_era();
      return;
    }
    // Members per cell average ~24 (Đồng Nai: 88,695 members in 3,069 + 621 cells); the number of
    // cells follows from the target.
    double weight_sum = 0;
    for (int p = 0; p < shape_.provinces; ++p) weight_sum += shape_.provinces == 1 ? 1 : provinces[p].second;
    for (int p = 0; p < shape_.provinces; ++p) {
      if (o_.progress) o_.progress("members", static_cast<double>(p) / shape_.provinces);
      const double share = shape_.provinces == 1 ? 1 : provinces[p].second / weight_sum;
      // Newcomers during the year (~3.5 %) and replaced secretaries add ~3.7 % to the rows of
      // members.csv beyond the size at the start of the year.
      build_province(p, shape_.members * share * o_.scale / 1.037);
    }
    // The year of the reform: Bắc Giang and the nation cross 1 July (the slices keep one shape).
    if ((o_.preset == Preset::bac_giang || o_.preset == Preset::national) && o_.year == 2025)
      cross_the_merger();
  }

  // ---- from 1 July 2025: provinces → communes → cells ----------------------------------------
  void build_communes_era() {
    const bool one = o_.preset == Preset::bac_ninh;
    const std::size_t count = one ? 1 : std::size(provinces_2025);
    double weight_sum = 0;
    for (const auto& m : provinces_2025) weight_sum += merged_weight(m);
    for (std::size_t p = 0; p < count; ++p) {
      if (o_.progress) o_.progress("members", static_cast<double>(p) / static_cast<double>(count));
      const MergedProvince& m = one ? provinces_2025[15] : provinces_2025[p];  // [15]: Bắc Ninh
      const double share = one ? 1 : merged_weight(m) / weight_sum;
      const int communes = one ? shape_.communes_per_province
                               : std::max(1, static_cast<int>(std::lround(communes_after_2025 * share)));
      const int wards = one ? shape_.wards_per_province : communes / 3;
      build_province_of_communes(static_cast<int>(p),
                                 fmt::format("{} {}", m.city ? "Thành ủy" : "Tỉnh ủy", m.name),
                                 shape_.members * share * o_.scale / 1.037,
                                 std::max(1, static_cast<int>(std::lround(communes * o_.scale))),
                                 static_cast<int>(std::lround(wards * o_.scale)));
    }
  }

  void build_province_of_communes(int p, const std::string& pname, double members_target, int communes,
                                  int wards) {
    const std::string pid = fmt::format("P{:02}", p + 1);
    const Index province = add_unit(pid, no_index, OrgKind::province, pname);
    const std::size_t province_cadres = ds_.cadres.size();
    add_cadres(province, 12, pid);
    const std::size_t province_cadres_end = ds_.cadres.size();
    // Party committees of the province's agencies and enterprises, each with its own cells
    // (~9 cells of ~10 members).
    const int agencies = std::max(2, static_cast<int>(std::lround(members_target / 12000)));
    const double per_commune = (members_target - agencies * 9 * 10.5) / communes;
    const double village_cells_per_commune = std::max(2.0, (per_commune - 33.3) / 23.45 + 3);
    const double province_q = rng_.normal(0, 0.25);
    for (int c = 0; c < communes; ++c) {
      const bool ward = c < wards;
      const std::string gid = fmt::format("{}.X{:03}", pid, c + 1);
      const Index commune = add_unit(gid, province, OrgKind::grassroots_committee,
                                     fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
      // A commune now does what a district did: its own cadres supervise, brief and train.
      const std::size_t kb = ds_.cadres.size();
      add_cadres(commune, 6, gid);
      const std::size_t ke = ds_.cadres.size();
      Habits habits;
      habits.monthly_attendance = rng_.chance(0.12);
      habits.model_cells = rng_.chance(0.15);
      habits.rotating_models = rng_.chance(0.15);
      const double commune_q =
          province_q + rng_.normal(0, 0.5) + (habits.monthly_attendance || habits.model_cells ? 0.3 : 0);
      const double support = clamp01(0.55 + rng_.normal(0, 0.18) + (habits.monthly_attendance ? 0.25 : 0));
      const std::vector<Index> briefings = quarterly_briefings(commune, gid, support);
      const int n_cells =
          std::max(2, static_cast<int>(std::lround(village_cells_per_commune + rng_.normal(0, 3))));
      int models = habits.model_cells ? 2 : 0;
      for (int k = 0; k < n_cells; ++k) {
        const Sector sector = k >= n_cells - 3 ? (k == n_cells - 1 ? Sector::school : Sector::agency)
                              : ward           ? Sector::residential
                                               : Sector::village;
        const std::string name =
            sector == Sector::village       ? fmt::format("Chi bộ thôn {}", place())
            : sector == Sector::residential ? fmt::format("Chi bộ tổ dân phố số {}", k + 1)
            : sector == Sector::school      ? fmt::format("Chi bộ Trường Tiểu học {}", place())
            : k == n_cells - 2 ? std::string(ward ? "Chi bộ Công an phường" : "Chi bộ Công an xã")
                               : std::string(ward ? "Chi bộ Quân sự phường" : "Chi bộ Quân sự xã");
        CellPlan plan;
        plan.habits = habits;
        plan.model = models > 0 && (sector == Sector::village || sector == Sector::residential);
        if (plan.model) --models;
        plan.diligence = sigmoid(0.35 + commune_q + rng_.normal(0, 0.6) + (plan.model ? 1.5 : 0));
        plan.support = support;
        add_cell(fmt::format("{}.C{:02}", gid, k + 1), commune, commune, sector, name, plan, kb, ke, kb, ke,
                 briefings);
      }
    }
    const std::vector<Index> briefings = quarterly_briefings(province, pid, 0.6);
    for (int a = 0; a < agencies; ++a) {
      const std::string gid = fmt::format("{}.A{:03}", pid, a + 1);
      const bool enterprise = a >= 2;
      const Index committee = add_unit(gid, province, OrgKind::grassroots_committee,
                                       a == 0   ? std::string("Đảng ủy Cơ quan Tỉnh ủy")
                                       : a == 1 ? std::string("Đảng ủy Sở Giáo dục và Đào tạo")
                                                : fmt::format("Đảng ủy Công ty {}", place()));
      const std::size_t kb = ds_.cadres.size();
      add_cadres(committee, 2, gid);
      const int n_cells = rng_.range(6, 12);
      for (int k = 0; k < n_cells; ++k) {
        const Sector sector = enterprise ? Sector::enterprise : a == 1 ? Sector::school : Sector::agency;
        CellPlan plan;
        plan.diligence = sigmoid(0.6 + province_q + rng_.normal(0, 0.6));
        plan.support = 0.6;
        add_cell(fmt::format("{}.C{:02}", gid, k + 1), committee, province, sector,
                 fmt::format("Chi bộ {} {}",
                             enterprise ? "Phân xưởng"
                             : a == 1   ? "Trường THPT"
                                        : "Phòng",
                             place()),
                 plan, kb, ds_.cadres.size(), province_cadres, province_cadres_end, briefings);
      }
    }
  }

  /// Quarterly briefings (giao ban) of a committee with its cells' secretaries.
  std::vector<Index> quarterly_briefings(Index unit, const std::string& id, double support) {
    std::vector<Index> out;
    for (int q = 0; q < 4; ++q) {
      if (!rng_.chance(0.5 + 0.45 * support)) continue;
      ds_.briefings.id.push_back(fmt::format("{}.B{}", id, q + 1));
      ds_.briefings.org_unit.push_back(unit);
      ds_.briefings.date.push_back(year_start_ + days(q * 91 + rng_.range(10, 80)));
      out.push_back(static_cast<Index>(ds_.briefings.size() - 1));
    }
    return out;
  }

  // ---- 2025: across 1 July ---------------------------------------------------------------------
  /// The provinces, their districts and their communes are dissolved on 30 June 2025 (their
  /// `dissolved_on` is 1 July, the first day without them). Each old province joins its merged
  /// province (a new root, founded on 1 July); a district's communes merge, about 3.6 into one,
  /// into new communes of it; every cell moves under the new commune of its old one with its
  /// meetings, and the agencies' committees under the new province, each move one row of
  /// org_history.csv. Cadres of the new communes take over supervision; the briefings of the
  /// second half are the new provinces'.
  void cross_the_merger() {
    const Date merger(2025, 7, 1), last_day(2025, 6, 30), long_ago(2000, 1, 1);
    auto& u = ds_.org_units;
    const std::size_t old_units = u.size();
    std::vector<std::vector<Index>> children(old_units);
    for (Index x = 0; x < old_units; ++x)
      if (u.parent[x] != no_index) children[u.parent[x]].push_back(x);

    std::vector<Index> new_root(old_units, no_index);  // by old province
    std::vector<Index> root_by_merged(std::size(provinces_2025), no_index);
    std::vector<int> communes_made(std::size(provinces_2025), 0);
    std::vector<std::pair<std::size_t, std::size_t>> cadres_of(old_units);  // by unit: its cadres
    auto with_cadres = [&](Index x, int n) {
      const std::size_t kb = ds_.cadres.size();
      add_cadres(x, n, std::string(u.id[x]));
      cadres_of.resize(u.size());
      cadres_of[x] = {kb, ds_.cadres.size()};
    };
    for (const auto& [old, name] : old_provinces_) {
      u.dissolved_on[old] = merger;
      std::size_t m = 0;
      while (m < std::size(provinces_2025) &&
             std::find(provinces_2025[m].from.begin(), provinces_2025[m].from.end(), name) ==
                 provinces_2025[m].from.end())
        ++m;
      if (m == std::size(provinces_2025)) continue;  // (every old province is listed)
      if (root_by_merged[m] == no_index) {
        const MergedProvince& mp = provinces_2025[m];
        root_by_merged[m] = add_unit(fmt::format("N{:02}", m + 1), no_index, OrgKind::province,
                                     fmt::format("{} {}", mp.city ? "Thành ủy" : "Tỉnh ủy", mp.name));
        u.established_on[root_by_merged[m]] = merger;
        with_cadres(root_by_merged[m], 12);
      }
      new_root[old] = root_by_merged[m];
    }

    std::vector<Index> successor(old_units, no_index);   // by old commune or district
    std::vector<Index> root_after(old_units, no_index);  // by district: its new province
    for (Index d = 0; d < old_units; ++d) {
      if (u.kind[d] != OrgKind::district) continue;
      u.dissolved_on[d] = merger;
      const Index root = u.parent[d] == no_index ? no_index : new_root[u.parent[d]];
      if (root == no_index) continue;
      root_after[d] = root;
      std::vector<Index> communes;  // the district's communes and wards (ids …G01), in file order
      for (Index g : children[d])
        if (u.kind[g] == OrgKind::grassroots_committee &&
            std::string_view(u.id[g]).substr(std::string_view(u.id[g]).rfind('.') + 1).starts_with('G'))
          communes.push_back(g);
      if (communes.empty()) continue;
      const auto merged = std::max<std::size_t>(
          1, static_cast<std::size_t>(std::lround(static_cast<double>(communes.size()) / 3.6)));
      const auto m = static_cast<std::size_t>(std::find(root_by_merged.begin(), root_by_merged.end(), root) -
                                              root_by_merged.begin());
      std::vector<Index> made;
      for (std::size_t k = 0; k < merged; ++k) {
        const bool ward =
            to_nfc(u.name[communes[k * communes.size() / merged]]).find("phường") != std::string::npos;
        const Index x = add_unit(fmt::format("{}.X{:03}", u.id[root], ++communes_made[m]), root,
                                 OrgKind::grassroots_committee,
                                 fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
        u.established_on[x] = merger;
        with_cadres(x, 6);
        made.push_back(x);
      }
      for (std::size_t k = 0; k < communes.size(); ++k) {
        u.dissolved_on[communes[k]] = merger;
        successor[communes[k]] = made[k * merged / communes.size()];
      }
      successor[d] = made.front();  // the district's own cells go to its seat
    }

    // Units that move: the cells of old communes and districts, and the agencies' committees.
    for (Index x = 0; x < old_units; ++x) {
      const Index parent = u.parent[x];
      if (parent == no_index) continue;
      Index to = no_index;
      if (u.kind[x] == OrgKind::cell) {
        const bool ended = !u.dissolved_on[x].is_special() && u.dissolved_on[x] <= merger;
        if (!ended && parent < old_units) to = successor[parent];  // under an agency: it moves whole
      } else if (u.kind[x] == OrgKind::grassroots_committee && successor[x] == no_index &&
                 u.kind[parent] == OrgKind::district) {
        to = root_after[parent];  // an agency's or enterprise's committee
      }
      if (to == no_index) continue;
      const Date from = u.established_on[x].is_special() ? long_ago : u.established_on[x];
      if (from <= last_day) {  // one founded after 1 July is under its new committee from the start
        ds_.org_history.unit.push_back(x);
        ds_.org_history.parent.push_back(parent);
        ds_.org_history.from.push_back(from);
        ds_.org_history.to.push_back(last_day);
      }
      u.parent[x] = to;
    }

    // Supervision passes to the nearest new committee with cadres; briefings of the second half
    // are held by the new provinces.
    cadres_of.resize(u.size());
    const std::size_t assignments = ds_.assignments.size();
    for (std::size_t a = 0; a < assignments; ++a) {
      const Index cell = ds_.assignments.cell[a];
      Date& to = ds_.assignments.to[a];
      if (!to.is_special() && to <= last_day) continue;
      to = last_day;
      Index above = u.parent[cell];
      while (above != no_index && cadres_of[above].first == cadres_of[above].second) above = u.parent[above];
      if (above == no_index) continue;
      const auto [kb, ke] = cadres_of[above];
      ds_.assignments.cadre.push_back(
          static_cast<Index>(kb + static_cast<std::size_t>(rng_.range(0, static_cast<int>(ke - kb) - 1))));
      ds_.assignments.cell.push_back(cell);
      ds_.assignments.from.push_back(merger);
      ds_.assignments.to.push_back(Date());
    }
    for (std::size_t b = 0; b < ds_.briefings.size(); ++b) {
      const Index held_by = ds_.briefings.org_unit[b];
      if (ds_.briefings.date[b] >= merger && held_by < old_units && root_after[held_by] != no_index)
        ds_.briefings.org_unit[b] = root_after[held_by];
    }
  }

  void build_province(int p, double members_target) {
    const bool real = shape_.real_bac_giang;
    const std::string pid = fmt::format("P{:02}", p + 1);
    // The one-province presets are slices of Bắc Giang.
    const std::string pname = shape_.provinces > 1 ? fmt::format("Tỉnh ủy {}", provinces[p].first)
                                                   : std::string("Tỉnh ủy Bắc Giang");
    const Index province = add_unit(pid, no_index, OrgKind::province, pname);
    old_provinces_.emplace_back(province, shape_.provinces > 1 ? provinces[p].first : "Bắc Giang");
    add_cadres(province, 6, pid);

    const int districts = real ? 10 : shape_.districts_per_province;
    // Cells per committee, so that the members hit the target: estimate the cells first.
    int communes_total = 0;
    for (int d = 0; d < districts; ++d)
      communes_total +=
          real ? bac_giang_districts[d].communes
               : std::max(1, static_cast<int>(std::lround(shape_.communes_per_district * o_.scale)));
    // Expected members per cell by sector (from cell_size): village and residential 23.45,
    // agency and school 11.1, enterprise 9. A commune has n cells, the last three non-village.
    const int district_cells = shape_.district_cells_per_district;
    const int agency = shape_.agency_committees_per_district;
    const double per_district_extra =
        district_cells * (11.1 * 2 + 9) / 3 + (agency > 0 ? 9 * 11.1 + (agency - 1) * 9 * 9.0 : 0);
    const double per_commune = (members_target - districts * per_district_extra) / communes_total;
    const double village_cells_per_commune = std::max(2.0, (per_commune - 33.3) / 23.45 + 3);
    for (int d = 0; d < districts; ++d) {
      const std::string did = fmt::format("{}.D{:02}", pid, d + 1);
      const std::string dname =
          real ? std::string(bac_giang_districts[d].name) : fmt::format("Huyện ủy {}", place());
      const Index district = add_unit(did, province, OrgKind::district, dname);
      const std::size_t cadre_begin = ds_.cadres.size();
      add_cadres(district, 10, did);
      const std::size_t cadre_end = ds_.cadres.size();
      // District habits: Bắc Giang's are the article's; elsewhere drawn at random.
      Habits habits;
      if (real || shape_.provinces == 1) {
        const std::string_view n = real ? bac_giang_districts[d].name : "";
        habits.monthly_attendance = n == "Huyện ủy Tân Yên" || (!real && rng_.chance(0.2));
        habits.model_cells = n == "Huyện ủy Yên Thế" || (!real && rng_.chance(0.2));
        habits.rotating_models = n == "Huyện ủy Lục Ngạn" || (!real && rng_.chance(0.2));
      } else {
        habits.monthly_attendance = rng_.chance(0.1);
        habits.model_cells = rng_.chance(0.15);
        habits.rotating_models = rng_.chance(0.15);
      }
      const double district_q =
          rng_.normal(0, 0.45) + (habits.monthly_attendance || habits.model_cells ? 0.3 : 0);
      const double district_support =
          clamp01(0.55 + rng_.normal(0, 0.18) + (habits.monthly_attendance ? 0.25 : 0));

      // Quarterly briefings (giao ban) of the district with cell secretaries.
      std::vector<Index> briefings;
      for (int q = 0; q < 4; ++q) {
        if (!rng_.chance(0.5 + 0.45 * district_support)) continue;
        ds_.briefings.id.push_back(fmt::format("{}.B{}", did, q + 1));
        ds_.briefings.org_unit.push_back(district);
        ds_.briefings.date.push_back(year_start_ + days(q * 91 + rng_.range(10, 80)));
        briefings.push_back(static_cast<Index>(ds_.briefings.size() - 1));
      }

      const int communes =
          shape_.single_commune ? 1
          : real                ? bac_giang_districts[d].communes
                 : std::max(1, static_cast<int>(std::lround(shape_.communes_per_district * o_.scale)));
      for (int c = 0; c < communes; ++c) {
        const bool ward = !shape_.single_commune && c < communes / 6;
        const std::string gid = fmt::format("{}.G{:02}", did, c + 1);
        const Index commune = add_unit(gid, district, OrgKind::grassroots_committee,
                                       fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
        const std::size_t kb = ds_.cadres.size();
        add_cadres(commune, 3, gid);
        const double commune_q = district_q + rng_.normal(0, 0.4);
        const int n_cells =
            std::max(2, static_cast<int>(std::lround(village_cells_per_commune + rng_.normal(0, 2))));
        int models = habits.model_cells ? 2 : 0;
        for (int k = 0; k < n_cells; ++k) {
          const Sector sector = k >= n_cells - 3 ? (k == n_cells - 1 ? Sector::school : Sector::agency)
                                : ward           ? Sector::residential
                                                 : Sector::village;
          const std::string name =
              sector == Sector::village       ? fmt::format("Chi bộ thôn {}", place())
              : sector == Sector::residential ? fmt::format("Chi bộ tổ dân phố số {}", k + 1)
              : sector == Sector::school      ? fmt::format("Chi bộ Trường Tiểu học {}", place())
              : k == n_cells - 2              ? std::string("Chi bộ Công an xã")
                                              : std::string("Chi bộ Quân sự xã");
          CellPlan plan;
          plan.habits = habits;
          plan.model = models > 0 && sector == Sector::village;
          if (plan.model) --models;
          plan.diligence = sigmoid(0.35 + commune_q + rng_.normal(0, 0.6) + (plan.model ? 1.5 : 0));
          plan.support = district_support;
          add_cell(fmt::format("{}.C{:02}", gid, k + 1), commune, district, sector, name, plan, kb,
                   ds_.cadres.size(), cadre_begin, cadre_end, briefings);
        }
      }
      for (int a = 0; a < agency; ++a) {
        const std::string gid = fmt::format("{}.A{:02}", did, a + 1);
        const Index committee = add_unit(
            gid, district, OrgKind::grassroots_committee,
            a == 0 ? std::string("Đảng ủy Cơ quan Huyện ủy") : fmt::format("Đảng ủy Công ty {}", place()));
        const std::size_t kb = ds_.cadres.size();
        add_cadres(committee, 2, gid);
        const int n_cells = rng_.range(6, 12);
        for (int k = 0; k < n_cells; ++k) {
          const Sector sector = a == 0 ? Sector::agency : Sector::enterprise;
          CellPlan plan;
          plan.habits = habits;
          plan.diligence = sigmoid(0.6 + district_q + rng_.normal(0, 0.6));
          plan.support = district_support;
          add_cell(fmt::format("{}.C{:02}", gid, k + 1), committee, district, sector,
                   fmt::format("Chi bộ {} {}", sector == Sector::agency ? "Phòng" : "Phân xưởng", place()),
                   plan, kb, ds_.cadres.size(), cadre_begin, cadre_end, briefings);
        }
      }
      for (int k = 0; k < district_cells; ++k) {
        const Sector sector = k % 3 == 0 ? Sector::school : k % 3 == 1 ? Sector::agency : Sector::enterprise;
        CellPlan plan;
        plan.habits = habits;
        plan.diligence = sigmoid(0.5 + district_q + rng_.normal(0, 0.6));
        plan.support = district_support;
        add_cell(fmt::format("{}.C{:02}", did, k + 1), district, district, sector,
                 sector == Sector::school   ? fmt::format("Chi bộ Trường THCS {}", place())
                 : sector == Sector::agency ? fmt::format("Chi bộ Phòng {}", place())
                                            : fmt::format("Chi bộ Công ty {}", place()),
                 plan, cadre_begin, cadre_end, cadre_begin, cadre_end, briefings);
      }
    }
  }

  int cell_size(Sector s) {
    switch (s) {
      case Sector::village:
      case Sector::residential: {
        // 12–40, median about 22.
        return std::clamp(static_cast<int>(std::lround(std::exp(rng_.normal(std::log(22.5), 0.28)))), 12, 40);
      }
      case Sector::enterprise:
        return rng_.range(3, 15);
      default:
        return std::clamp(static_cast<int>(std::lround(rng_.normal(11, 4))), 5, 20);
    }
  }

  void add_cell(const std::string& id, Index parent, Index district, Sector sector, const std::string& name,
                CellPlan plan, std::size_t commune_cadres_begin, std::size_t commune_cadres_end,
                std::size_t district_cadres_begin, std::size_t district_cadres_end,
                const std::vector<Index>& briefings) {
    const Index cell = add_unit(id, parent, OrgKind::cell, name, sector);
    plan.commune = parent;
    plan.district = district;
    plan.cadre_begin = static_cast<std::uint32_t>(commune_cadres_begin);
    plan.cadre_end = static_cast<std::uint32_t>(commune_cadres_end);
    if (plan.cadre_begin == plan.cadre_end) {
      plan.cadre_begin = static_cast<std::uint32_t>(district_cadres_begin);
      plan.cadre_end = static_cast<std::uint32_t>(district_cadres_end);
    }
    plan.preferred_day = rng_.chance(0.08) ? rng_.range(26, 28) : rng_.range(3, 25);
    const bool weak = plan.diligence < 0.3 && rng_.chance(0.6);
    plan.weak = weak;
    auto& units = ds_.org_units;
    // A few cells start or end within the year.
    if (rng_.chance(0.01))
      units.established_on.back() = year_start_ + days(rng_.range(20, 300));
    else if (rng_.chance(0.006))
      units.dissolved_on.back() = year_start_ + days(rng_.range(60, 330));

    // Annual rating for the year before.
    if (units.established_on.back().is_special()) {
      const double d = plan.diligence;
      const AnnualRating r = weak                          ? AnnualRating::khtnv
                             : d > 0.8 && rng_.chance(0.6) ? AnnualRating::htxsnv
                             : d > 0.45                    ? AnnualRating::httnv
                                                           : AnnualRating::htnv;
      ds_.ratings.cell.push_back(cell);
      ds_.ratings.year.push_back(static_cast<std::int16_t>(o_.year - 1));
      ds_.ratings.rating.push_back(r);
    }

    // A member of an upper committee in charge of the cell.
    if (rng_.chance(0.55 + 0.4 * plan.support + (weak ? 0.1 : 0))) {
      ds_.assignments.cadre.push_back(static_cast<Index>(
          rng_.range(static_cast<int>(plan.cadre_begin), static_cast<int>(plan.cadre_end) - 1)));
      ds_.assignments.cell.push_back(cell);
      ds_.assignments.from.push_back(year_start_ - days(rng_.range(30, 1500)));
      ds_.assignments.to.push_back(rng_.chance(0.08) ? year_start_ + days(rng_.range(30, 300)) : Date());
    }

    add_members(cell, sector, plan, briefings);
    plan_.cells[cell] = plan;
    plan_.cell_rows.push_back(cell);
  }

  Index add_member(Index cell, Role role, Date joined, bool female) {
    auto& m = ds_.members;
    m.id.push_back(fmt::format("M{:07}", m.size() + 1));
    m.cell.push_back(cell);
    m.full_name.push_back(maybe_nfd(person(female)));
    m.role.push_back(role);
    m.role_since.push_back(role == Role::member ? Date() : joined + days(rng_.range(200, 3000)));
    if (!m.role_since.back().is_special() && m.role_since.back() > year_start_ - days(30))
      m.role_since.back() = year_start_ - days(rng_.range(30, 2000));
    m.status.push_back(joined > year_start_ - days(365) ? MemberStatus::probationary
                                                        : MemberStatus::official);
    m.joined_on.push_back(joined);
    m.left_on.push_back(Date());
    m.exempt_from.push_back(Date());
    m.exempt_to.push_back(Date());
    const int age_at_join = rng_.range(20, 45);
    m.birth_year.push_back(static_cast<std::int16_t>(joined.year() - age_at_join));
    m.gender.push_back(female ? "nữ" : "nam");
    plan_.passive.push_back(0);
    plan_.drifting.push_back(0);
    return static_cast<Index>(m.size() - 1);
  }

  void add_training(Index member, Date d, TrainingKind kind, Index provider) {
    ds_.trainings.member.push_back(member);
    ds_.trainings.date.push_back(d);
    ds_.trainings.kind.push_back(kind);
    ds_.trainings.hours.push_back(kind == TrainingKind::course ? static_cast<float>(rng_.range(1, 4) * 4)
                                                               : 4.0f);
    ds_.trainings.provider.push_back(provider);
  }

  void add_members(Index cell, Sector sector, const CellPlan& plan, const std::vector<Index>& briefings) {
    const int n = cell_size(sector);
    auto& m = ds_.members;
    const std::size_t first = m.size();
    auto old_join = [&] { return year_start_ - days(rng_.range(400, 40 * 365)); };
    const double d = plan.diligence;
    // The secretary, sometimes replaced during the year.
    Index secretary = add_member(cell, Role::secretary, old_join(), rng_.chance(0.3));
    if (rng_.chance(0.05)) {
      const Date change = year_start_ + days(rng_.range(40, 320));
      m.left_on[secretary] = change;
      secretary = add_member(cell, Role::secretary, old_join(), rng_.chance(0.3));
      m.role_since[secretary] = change;
    }
    const bool committee = n >= 9 && rng_.chance(0.93);
    if (committee) {
      add_member(cell, Role::deputy_secretary, old_join(), rng_.chance(0.4));
      if (n >= 12) add_member(cell, Role::committee_member, old_join(), rng_.chance(0.4));
    }
    while (static_cast<int>(m.size() - first) < n)
      add_member(cell, Role::member, old_join(), rng_.chance(0.35));
    // About 3–4 % new members a year (probationary), on top of the size at the start of the year.
    for (int i = 0; i < n; ++i)
      if (rng_.chance(0.035))
        add_member(cell, Role::member, year_start_ + days(rng_.range(0, 330)), rng_.chance(0.4));
    const bool village = sector == Sector::village || sector == Sector::residential;
    const double exempt_share = village ? 0.10 + 0.15 * rng_.uniform() : 0.02;
    for (std::size_t i = first; i < m.size(); ++i) {
      if (m.role[i] == Role::member && rng_.chance(exempt_share)) {
        m.exempt_from[i] = year_start_ - days(rng_.range(30, 3000));
        if (rng_.chance(0.1)) m.exempt_to[i] = year_start_ + days(rng_.range(30, 300));  // exemption ends
        m.birth_year[i] = static_cast<std::int16_t>(o_.year - rng_.range(72, 92));
      } else if (m.role[i] == Role::member && rng_.chance(0.015)) {
        m.exempt_from[i] = year_start_ + days(rng_.range(30, 300));  // exemption starts
      }
      if (m.role[i] == Role::member && m.left_on[i].is_special() && rng_.chance(0.02))
        m.left_on[i] = year_start_ + days(rng_.range(20, 340));  // moves away or passes away
      plan_.passive[i] = rng_.chance(0.12 + 0.2 * (1 - d)) ? 1 : 0;
      plan_.drifting[i] = m.role[i] == Role::member && rng_.chance(0.03 * (1 - d)) ? 1 : 0;
    }
    // Secretaries' training, briefings, model meetings.
    for (std::size_t i = first; i < m.size(); ++i) {
      if (m.role[i] != Role::secretary) continue;
      const auto me = static_cast<Index>(i);
      if (rng_.chance(0.35 + 0.55 * plan.support))
        add_training(me, year_start_ - days(rng_.range(0, 200)) + days(rng_.range(0, 330)),
                     TrainingKind::course, plan.district);
      const double watch = plan.habits.rotating_models ? 0.85 : plan.habits.model_cells ? 0.6 : 0.15;
      if (rng_.chance(watch))
        add_training(me, year_start_ + days(rng_.range(20, 340)), TrainingKind::model_meeting, plan.commune);
      for (Index b : briefings) {
        if (!m.is_member_on(me, ds_.briefings.date[b])) continue;
        if (rng_.chance(0.5 + 0.45 * d)) {
          ds_.briefing_attendance.briefing.push_back(b);
          ds_.briefing_attendance.member.push_back(me);
        }
      }
    }
  }

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

  void build_meetings() {
    index_members();
    const std::size_t cells = plan_.cell_rows.size();
    const unsigned threads = detail::thread_count(o_.threads);
    constexpr std::size_t chunk = 256;
    const std::size_t chunks = (cells + chunk - 1) / chunk;
    std::vector<Part> parts(chunks);
    detail::for_each_chunk(chunks, threads, [&](std::size_t c, std::size_t worker) {
      for (std::size_t i = c * chunk; i < std::min(cells, (c + 1) * chunk); ++i)
        build_cell_year(plan_.cell_rows[i], parts[c]);
      if (worker == 0 && o_.progress && c % 16 == 0)  // progress from the calling thread only
        o_.progress("meetings", static_cast<double>(c) / static_cast<double>(chunks));
    });
    merge(parts);
  }

  static std::string meeting_id(std::size_t n) { return fmt::format("H{:08}", n); }

  void build_cell_year(Index cell, Part& part) {
    Rng rng(o_.seed, 1 + cell);
    const CellPlan& plan = plan_.cells[cell];
    const double d = plan.diligence;
    const auto members = members_of_(cell);
    const Date est = ds_.org_units.established_on[cell], dis = ds_.org_units.dissolved_on[cell];
    const auto active = [&](Date x) {
      return (est.is_special() || x >= est) && (dis.is_special() || x < dis);
    };

    // Which meetings: monthly regular ones, thematic ones some quarters, some combined.
    struct Planned {
      Date date;
      MeetingKind kind;
    };
    std::vector<Planned> planned;
    for (int month = 1; month <= 12; ++month) {
      const Date first(static_cast<unsigned short>(o_.year), static_cast<unsigned short>(month), 1);
      const int last_day = first.end_of_month().day();
      const int day = std::clamp(plan.preferred_day + rng.range(-2, 2), 1, last_day);
      const Date date(static_cast<unsigned short>(o_.year), static_cast<unsigned short>(month),
                      static_cast<unsigned short>(day));
      if (!active(date)) continue;
      const bool thematic_month = month % 3 == 2 && rng.chance(0.3 + 0.65 * d);
      if (thematic_month && rng.chance(0.3)) {
        planned.push_back({date, MeetingKind::combined});
        continue;
      }
      if (rng.chance(0.8 + 0.2 * d)) planned.push_back({date, MeetingKind::regular});
      if (thematic_month) {
        const Date t = std::min(first.end_of_month(), date + days(rng.range(5, 12)));
        if (active(t)) planned.push_back({t, MeetingKind::thematic});
      }
    }

    const Index cell_secretary = [&] {
      for (Index x : members)
        if (ds_.members.role[x] == Role::secretary) return x;
      return members.empty() ? no_index : members[0];
    }();
    std::vector<Index> attendees;
    std::vector<Index> present_eligible;
    std::vector<std::pair<Date, Index>> meeting_dates;  // for visits

    for (const auto& p : planned) {
      auto& g = part.meetings;
      const auto local = static_cast<Index>(g.size());
      const Date date = p.date;
      g.id.push_back({});  // set at merge
      g.cell.push_back(cell);
      g.kind.push_back(p.kind);
      g.date.push_back(date);
      meeting_dates.emplace_back(date, local);
      // Preparation.
      Date notice;
      if (rng.chance(0.75 + 0.23 * d))
        notice = date - days(rng.chance(0.15 + 0.5 * (1 - d)) ? 0 : rng.range(1, 5));
      g.notice_date.push_back(notice);
      Date prep;
      if (rng.chance(0.45 + 0.5 * d))
        prep = (notice.is_special() ? date : notice) - days(rng.chance(0.8) ? rng.range(0, 4) : -1);
      g.prep_date.push_back(prep);
      const Sector sector = ds_.org_units.sector[cell];
      const bool has_head = sector == Sector::village || sector == Sector::residential;
      g.consulted_unit_head.push_back(!has_head ? (rng.chance(0.7) ? Consulted::na : Consulted::unrecorded)
                                      : rng.chance(0.35 + 0.6 * d) ? Consulted::yes
                                      : rng.chance(0.7)            ? Consulted::no
                                                                   : Consulted::unrecorded);
      ContentSources sources = 0;
      for (int s = 0; s < 4; ++s)
        if (rng.chance(0.2 + 0.55 * d)) sources |= static_cast<ContentSources>(1u << s);
      g.content_sources.push_back(sources);
      g.draft_resolution.push_back(rng.chance(0.25 + 0.7 * d) ? YesNo::yes
                                   : rng.chance(0.6)          ? YesNo::no
                                                              : YesNo::unrecorded);
      const bool hd42 = date >= Date(2025, 10, 28);
      g.notified_upper.push_back(rng.chance(hd42 ? 0.45 + 0.5 * d : 0.2) ? YesNo::yes : YesNo::no);
      // Conduct.
      const int starts[] = {7 * 60 + 30, 8 * 60, 14 * 60, 19 * 60, 19 * 60 + 30};
      const auto start = static_cast<ClockTime>(starts[rng.range(0, 4)]);
      int minutes = static_cast<int>(
          std::lround(rng.normal(84 + 26 * d + (p.kind == MeetingKind::combined ? 15 : 0), 13)));
      minutes = std::clamp(minutes, 60, 130);
      if (start + minutes >= 24 * 60) minutes = 24 * 60 - 1 - start;
      g.start_time.push_back(rng.chance(0.015) ? no_time : start);
      g.end_time.push_back(rng.chance(0.02) ? no_time : static_cast<ClockTime>(start + minutes));
      const double minute_care = 0.4 + 0.58 * d;
      for (auto* col : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion, &g.minutes_signed,
                        &g.minutes_read_back})
        col->push_back(rng.chance(minute_care) ? YesNo::yes
                       : rng.chance(0.7)       ? YesNo::no
                                               : YesNo::unrecorded);
      g.model_meeting.push_back(plan.model ? YesNo::yes : rng.chance(0.8) ? YesNo::no : YesNo::unrecorded);
      if (p.kind != MeetingKind::regular) {
        std::string topic(topics[rng.range(0, static_cast<int>(std::size(topics)) - 1 - (d < 0.4 ? 12 : 0))]);
        if (rng.chance(0.05))
          topic = to_nfd(topic);
        else if (rng.chance(0.03))
          topic.insert(0, "  ").append(" ");
        g.topic.push_back(topic);
        g.topic_source.push_back(rng.chance(0.35 + 0.6 * d) ? static_cast<TopicSource>(rng.range(1, 3))
                                 : rng.chance(0.5)          ? TopicSource::other
                                                            : TopicSource::unrecorded);
      } else {
        g.topic.push_back({});
        g.topic_source.push_back(TopicSource::unrecorded);
      }

      // Attendance.
      attendees.clear();
      present_eligible.clear();
      for (Index x : members) {
        const auto& m = ds_.members;
        if (!m.is_member_on(x, date)) continue;
        const bool eligible = !m.is_exempt_on(x, date);
        if (!eligible) {
          if (rng.chance(0.4)) add_attendance(part, local, x, AttendanceStatus::excused, rng);
          continue;
        }
        if (rng.chance(0.02 * (1 - d))) continue;  // no row recorded
        const double p_present = plan_.drifting[x] ? 0.3 : 0.82 + 0.15 * d;
        AttendanceStatus st;
        if (rng.chance(p_present))
          st = rng.chance(0.06) ? AttendanceStatus::late : AttendanceStatus::present;
        else
          st = rng.chance(plan_.drifting[x] ? 0.2 : 0.65) ? AttendanceStatus::excused
                                                          : AttendanceStatus::absent;
        add_attendance(part, local, x, st, rng);
        if (is_present(st)) {
          attendees.push_back(x);
          present_eligible.push_back(x);
        }
      }
      // Chair and minute-taker.
      const Index chair = attendees.empty() ? cell_secretary
                          : std::find(attendees.begin(), attendees.end(), cell_secretary) != attendees.end()
                              ? cell_secretary
                              : attendees[0];
      g.chair.push_back(rng.chance(0.03 + 0.1 * (1 - d)) ? no_index : chair);
      const Index recorder =
          attendees.size() > 1
              ? attendees[static_cast<std::size_t>(rng.range(0, static_cast<int>(attendees.size()) - 1))]
              : chair;
      g.recorder.push_back(rng.chance(0.05 + 0.15 * (1 - d)) ? no_index : recorder);
      g.self_rating.push_back(rng.chance(0.55 + 0.4 * d)
                                  ? std::optional<Rating>(d > 0.75 ? Rating::tot
                                                          : d > 0.5
                                                              ? (rng.chance(0.5) ? Rating::tot : Rating::kha)
                                                          : rng.chance(0.4) ? Rating::kha
                                                                            : Rating::trung_binh)
                                  : std::nullopt);

      // Contributions: passive members rarely speak; criticism where the cell is diligent.
      for (Index x : attendees) {
        const double speak = plan_.passive[x] ? 0.04 : 0.25 + 0.55 * d;
        if (!rng.chance(speak)) continue;
        const int n = rng.chance(0.3) ? 2 : 1;
        for (int k = 0; k < n; ++k) {
          const double u = rng.uniform();
          const ContributionKind kind = u < 0.55                     ? ContributionKind::opinion
                                        : u < 0.8                    ? ContributionKind::proposal
                                        : u < 0.8 + 0.08 * (0.5 + d) ? ContributionKind::criticism
                                        : u < 0.96                   ? ContributionKind::self_criticism
                                                                     : ContributionKind::dissent;
          part.contributions.meeting.push_back(local);
          part.contributions.member.push_back(x);
          part.contributions.kind.push_back(kind);
        }
      }

      // Agenda: weak cells spend most of the time disseminating and listing.
      const int items = rng.range(2, 5);
      const double routine = clamp01(0.9 - 0.55 * d + rng.normal(0, 0.08));
      for (int k = 0; k < items; ++k) {
        part.agenda.meeting.push_back(local);
        part.agenda.seq.push_back(k + 1);
        AgendaCategory cat;
        if (p.kind == MeetingKind::thematic && k == 1)
          cat = AgendaCategory::thematic;
        else if (k == 0)
          cat = AgendaCategory::dissemination;
        else if (k == 1)
          cat = AgendaCategory::work_report;
        else
          cat = static_cast<AgendaCategory>(rng.range(2, 7));
        part.agenda.category.push_back(cat);
        const bool is_routine = cat == AgendaCategory::dissemination || cat == AgendaCategory::work_report;
        const double share = is_routine ? routine / 2 : (1 - routine) / std::max(1, items - 2);
        part.agenda.minutes.push_back(std::max(5, static_cast<int>(std::lround(minutes * share))));
      }

      // Resolutions and tasks.
      const int resolutions =
          p.kind == MeetingKind::thematic ? rng.range(d > 0.4 ? 1 : 0, 2) : rng.range(0, 3);
      for (int k = 0; k < resolutions; ++k) {
        auto& r = part.resolutions;
        r.id.push_back({});
        r.meeting.push_back(local);
        std::string text(resolution_texts[rng.range(0, static_cast<int>(std::size(resolution_texts)) - 1)]);
        if (rng.chance(0.02)) text += ", có ý kiến \"bổ sung\"\ntheo biên bản";
        r.text.push_back(text);
        r.owner.push_back(
            rng.chance(0.35 + 0.6 * d) && !members.empty()
                ? members[static_cast<std::size_t>(rng.range(0, static_cast<int>(members.size()) - 1))]
                : no_index);
        r.due_date.push_back(rng.chance(0.35 + 0.6 * d) ? date + days(rng.range(7, 60)) : Date());
      }
      if (p.kind != MeetingKind::thematic || rng.chance(0.5)) {
        const double share = 0.08 + 0.55 * d;
        for (Index x : present_eligible) {
          if (!rng.chance(share)) continue;
          auto& t = part.tasks;
          t.id.push_back({});
          t.meeting.push_back(local);
          t.assignee.push_back(x);
          t.description.push_back(rng.chance(0.5) ? "Vận động hộ dân" : "Theo dõi, báo cáo kết quả");
          const Date due = rng.chance(0.92) ? date + days(rng.range(10, 45)) : Date();
          t.due_date.push_back(due);
          const Date base = due.is_special() ? date + days(30) : due;
          const double u = rng.uniform();
          t.completed_on.push_back(u < 0.35 + 0.55 * d ? base - days(rng.range(0, 8))
                                   : u < 0.9           ? base + days(rng.range(1, 30))
                                                       : Date());
          t.followed_up_on.push_back(rng.chance(0.15 + 0.8 * d) ? base - days(rng.range(0, 5)) : Date());
        }
      }
    }

    // Upper-level visits: Tân Yên's cadres attend every meeting; elsewhere some quarters.
    const auto cadre = [&] {
      return static_cast<Index>(
          rng.range(static_cast<int>(plan.cadre_begin), static_cast<int>(plan.cadre_end) - 1));
    };
    auto add_visit = [&](Date date, VisitKind kind, Index meeting_local) {
      auto& v = part.visits;
      v.id.push_back({});
      v.cell.push_back(cell);
      v.cadre.push_back(cadre());
      v.date.push_back(date);
      v.kind.push_back(kind);
      v.meeting.push_back(meeting_local);
      v.report_date.push_back(rng.chance(0.35 + 0.6 * plan.support) ? date + days(rng.range(0, 7))
                              : rng.chance(0.5)                     ? date + days(rng.range(8, 40))
                                                                    : Date());
    };
    for (int q = 0; q < 4; ++q) {
      std::vector<std::pair<Date, Index>> in_q;
      for (auto& md : meeting_dates)
        if ((md.first.month() - 1) / 3 == q && part.meetings.kind[md.second] != MeetingKind::thematic)
          in_q.push_back(md);
      if (in_q.empty()) continue;
      if (plan.habits.monthly_attendance) {
        for (auto& md : in_q)
          if (rng.chance(0.92)) add_visit(md.first, VisitKind::attend_meeting, md.second);
      } else if (rng.chance(0.2 + 0.6 * plan.support)) {
        const auto& md = in_q[static_cast<std::size_t>(rng.range(0, static_cast<int>(in_q.size()) - 1))];
        add_visit(md.first, VisitKind::attend_meeting, md.second);
      }
    }
    // Inspection and supervision: weak cells are owed one a quarter; some districts deliver.
    const int supervision = plan.weak
                                ? (rng.chance(plan.support) ? rng.range(2, 4) : rng.range(0, 1))
                                : (rng.chance(0.45 + 0.4 * plan.support) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0);
    for (int k = 0; k < supervision; ++k) {
      Date date = year_start_ + days(rng.range(5, 360));
      if (!active(date)) continue;
      add_visit(date, rng.chance(0.5) ? VisitKind::inspection : VisitKind::supervision, no_index);
    }
    // Escalations raised to the upper levels.
    const int escalations = rng.chance(0.5) ? rng.range(1, 3) : 0;
    for (int k = 0; k < escalations; ++k) {
      auto& e = part.escalations;
      e.id.push_back({});
      e.cell.push_back(cell);
      e.meeting.push_back(no_index);
      const Date raised = year_start_ + days(rng.range(0, 350));
      e.raised_on.push_back(raised);
      e.responded_on.push_back(rng.chance(0.4 + 0.5 * plan.support) ? raised + days(rng.range(3, 30))
                               : rng.chance(0.5)                    ? raised + days(rng.range(31, 90))
                                                                    : Date());
      e.subject.push_back(rng.chance(0.5) ? "Đường, điện" : "Đất đai, giải phóng mặt bằng");
    }
  }

  void add_attendance(Part& part, Index meeting, Index member, AttendanceStatus st, Rng& rng) {
    auto& a = part.attendance;
    if ((st == AttendanceStatus::excused) && rng.chance(0.7)) {
      a.reason_row.push_back(static_cast<Index>(a.meeting.size()));
      a.reason.push_back(reasons[rng.range(0, static_cast<int>(std::size(reasons)) - 1)]);
    }
    a.meeting.push_back(meeting);
    a.member.push_back(member);
    a.status.push_back(st);
  }

  /// Members were added cell by cell, so each cell's rows are one contiguous range.
  void index_members() {
    first_member_.assign(ds_.org_units.size(), 0);
    count_member_.assign(ds_.org_units.size(), 0);
    cell_member_rows_.resize(ds_.members.size());
    std::iota(cell_member_rows_.begin(), cell_member_rows_.end(), 0);
    for (Index x = 0; x < ds_.members.size(); ++x) {
      const Index c = ds_.members.cell[x];
      if (count_member_[c] == 0) first_member_[c] = x;
      ++count_member_[c];
    }
  }

  std::span<const Index> members_of_(Index cell) const {
    return {cell_member_rows_.data() + first_member_[cell], count_member_[cell]};
  }

  /// Appends a part's rows of one table, column by column as its schema declares them: ids
  /// numbered in file order by `id`, references to meetings moved past the `meetings` merged
  /// before, a sparse column's rows past the table's.
  template <class Rows, class Id>
  static void merge_rows(Rows& into, const Rows& from, Index meetings, Id id) {
    const auto rows = static_cast<Index>(into.size());
    schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
      using Kind = typename std::decay_t<decltype(c)>::kind_type;
      auto& to = into.*c.member;
      const auto& values = from.*c.member;
      if constexpr (std::is_same_v<Kind, schema::kind::Id>) {
        for (std::size_t i = 0; i < from.size(); ++i) to.push_back(id(to.size() + 1));
      } else if constexpr (std::is_same_v<Kind, schema::kind::Reference>) {
        const Index shift = c.kind.space == schema::Space::meeting ? meetings : 0;
        for (const Index v : values) to.push_back(v == no_index ? no_index : v + shift);
      } else if constexpr (requires { c.kind.rows; }) {
        for (const Index r : from.*c.kind.rows) (into.*c.kind.rows).push_back(r + rows);
        to.append(values);
      } else if constexpr (std::is_same_v<std::decay_t<decltype(to)>, StringColumn>) {
        to.append(values);
      } else {
        to.insert(to.end(), values.begin(), values.end());
      }
    });
  }

  void merge(std::vector<Part>& parts) {
    // The tables a part holds, with the ids the generator numbers them by.
    const auto each_table = [&](auto f) {
      f(&Dataset::meetings, &Part::meetings, [](std::size_t n) { return meeting_id(n); });
      f(&Dataset::agenda_items, &Part::agenda, nullptr);
      f(&Dataset::attendance, &Part::attendance, nullptr);
      f(&Dataset::contributions, &Part::contributions, nullptr);
      f(&Dataset::resolutions, &Part::resolutions, [](std::size_t n) { return fmt::format("R{:08}", n); });
      f(&Dataset::tasks, &Part::tasks, [](std::size_t n) { return fmt::format("T{:08}", n); });
      f(&Dataset::visits, &Part::visits, [](std::size_t n) { return fmt::format("V{:07}", n); });
      f(&Dataset::escalations, &Part::escalations, [](std::size_t n) { return fmt::format("E{:07}", n); });
    };
    // Every column reserved once: a national year has millions of rows per table, and growing
    // vectors would copy them several times over.
    each_table([&](auto table, auto part, auto) {
      std::size_t rows = 0;
      for (const auto& p : parts) rows += (p.*part).size();
      tables::reserve(ds_.*table, rows);
    });
    for (auto& p : parts) {
      const auto meetings = static_cast<Index>(ds_.meetings.size());
      each_table([&](auto table, auto part, auto id) { merge_rows(ds_.*table, p.*part, meetings, id); });
      p = Part{};
    }
  }

  GenerateOptions o_;
  Shape shape_;
  Rng rng_;
  Date year_start_;
  Dataset ds_;
  Structure plan_;
  std::vector<std::pair<Index, std::string_view>> old_provinces_;  // before 2025: row and name
  std::vector<Index> cell_member_rows_, first_member_, count_member_;
};

}  // namespace

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
  return Builder(options).build();
}

}  // namespace chibo
