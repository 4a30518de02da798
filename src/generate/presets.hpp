// The presets as data (internal to the generator): names and places, the provinces before and
// after the 2025 reform, Bắc Giang's districts, and each preset's shape with the figure it is
// calibrated to and its source. docs/generator.md says how they are used.
#pragma once

#include <chibo/generate.hpp>

#include <array>
#include <string_view>
#include <utility>

namespace chibo::gen {

inline constexpr std::string_view family_names[] = {
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê",  "Lê",    "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
    "Võ",     "Đặng",   "Bùi",    "Đỗ",   "Hồ",   "Ngô", "Dương", "Lý",   "Giáp",  "Thân",  "La"};
inline constexpr std::string_view male_middle[] = {"Văn",   "Văn",   "Hữu",  "Đức",  "Minh",
                                                   "Quang", "Thanh", "Công", "Xuân", "Đình"};
inline constexpr std::string_view female_middle[] = {"Thị",  "Thị",   "Thị",  "Ngọc", "Thu",
                                                     "Minh", "Thanh", "Hồng", "Kim"};
inline constexpr std::string_view male_given[] = {"An",   "Bình", "Cường", "Dũng", "Đạt",   "Hải",   "Hiếu",
                                                  "Hùng", "Huy",  "Khánh", "Long", "Minh",  "Nam",   "Phong",
                                                  "Phúc", "Quân", "Sơn",   "Tâm",  "Thắng", "Thành", "Trung",
                                                  "Tuấn", "Việt", "Vinh",  "Quý",  "Lợi",   "Toàn",  "Hưng"};
inline constexpr std::string_view female_given[] = {
    "Anh",  "Châu", "Dung",  "Giang", "Hà",  "Hạnh", "Hằng",  "Hoa",   "Hương",
    "Lan",  "Liên", "Linh",  "Loan",  "Mai", "Nga",  "Ngọc",  "Nhung", "Phương",
    "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến",  "Huyền", "Oanh"};
inline constexpr std::string_view place_syllables[] = {
    "Tân",   "An",    "Hòa",  "Phúc",  "Lộc",    "Thịnh",  "Hưng", "Quang", "Minh", "Đông",
    "Tây",   "Nam",   "Bắc",  "Trung", "Hạ",     "Thượng", "Đồng", "Cầu",   "Lập",  "Mỹ",
    "Xuân",  "Thanh", "Sơn",  "Hồng",  "Lạc",    "Phong",  "Vân",  "Kim",   "Ngọc", "Tiến",
    "Thắng", "Lợi",   "Bình", "Khánh", "Trường", "Long",   "Hà",   "Cẩm",   "Liên", "Yên",
    "Đức",   "Thái",  "Phú",  "Quý",   "Mai",    "Lan",    "Chùa", "Chợ",   "Mới",  "Giữa"};
inline constexpr std::string_view topics[] = {"Xây dựng nông thôn mới",
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
inline constexpr std::string_view resolution_texts[] = {"Thu đảng phí đúng hạn",
                                                        "Vận động hộ dân hiến đất làm đường",
                                                        "Tổ chức vệ sinh môi trường",
                                                        "Giao chi ủy theo dõi, đôn đốc",
                                                        "Hoàn thiện hồ sơ đề nghị kết nạp đảng viên",
                                                        "Vận động nhân dân tiêm chủng",
                                                        "Rà soát hộ nghèo, cận nghèo",
                                                        "Kiện toàn tổ hòa giải"};
inline constexpr std::string_view reasons[] = {"Ốm", "Đi công tác", "Việc gia đình", "Đi làm ăn xa",
                                               "Ốm, nằm viện"};

struct DistrictName {
  std::string_view name;
  int communes;
};
// Bắc Giang before the 2025 mergers: 9 districts and 1 city, 209 communes, wards and towns.
inline constexpr DistrictName bac_giang_districts[] = {
    {"Thành ủy Bắc Giang", 16},  {"Huyện ủy Yên Thế", 19},  {"Huyện ủy Tân Yên", 22},
    {"Huyện ủy Lạng Giang", 21}, {"Huyện ủy Lục Nam", 25},  {"Huyện ủy Lục Ngạn", 29},
    {"Huyện ủy Sơn Động", 17},   {"Huyện ủy Yên Dũng", 18}, {"Huyện ủy Việt Yên", 17},
    {"Huyện ủy Hiệp Hòa", 25}};
// The 63 provinces and cities before the 2025 mergers, with their share of members (relative).
inline constexpr std::pair<std::string_view, double> provinces[] = {{"Hà Nội", 4.6},
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
inline constexpr MergedProvince provinces_2025[] = {
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
double merged_weight(const MergedProvince& m);

/// Habits of a district (the article's practices).
struct Habits {
  bool monthly_attendance = false;  ///< Tân Yên: cadres attend every cell meeting
  bool model_cells = false;         ///< Yên Thế: two model cells per commune
  bool rotating_models = false;     ///< Lục Ngạn: model meetings watched by other secretaries
};

/// A preset's shape. Each figure says where it comes from.
struct Shape {
  int provinces = 1;
  /// Target members in all. Bắc Giang's ~88,700: the provincial party's membership as the
  /// article's province reports it, and the same order as Đồng Nai's 88,695 (docs/generator.md).
  double members = 88700;
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
inline constexpr int communes_after_2025 = 3321;

/// The shape of a preset for the year asked for.
Shape shape_of(const GenerateOptions& o);

}  // namespace chibo::gen
