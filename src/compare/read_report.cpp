// Reading a report's scores back: a SAX pass (nlohmann/json) that keeps the units and lets the
// meetings and findings stream by, so that a report of gigabytes is never held.
#include <chibo/compare.hpp>
#include <chibo/diagnostics.hpp>

#include "../json_capture.hpp"
#include "../provenance_out.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <fstream>
#include <unordered_map>

namespace chibo {

namespace {

using json = nlohmann::json;

class Reader : public nlohmann::json_sax<json> {
 public:
  explicit Reader(ReportScores& out) : out_(out) {}

  bool null() override { return value(not_applicable, nullptr, nullptr); }
  bool boolean(bool v) override {
    if (record_.active()) record_.value(v);
    key_.clear();
    return true;
  }
  bool number_integer(number_integer_t v) override { return value(static_cast<double>(v), nullptr, v); }
  bool number_unsigned(number_unsigned_t v) override { return value(static_cast<double>(v), nullptr, v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v, nullptr, v); }
  bool string(string_t& s) override { return value(not_applicable, &s, s); }
  bool binary(binary_t&) override { return true; }
  bool key(string_t& k) override {
    if (record_.active())
      record_.key(k);
    else
      key_ = k;
    return true;
  }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    throw std::invalid_argument(fmt::format("{}: not a chibo report: {}", out_.name, e.what()));
  }

 private:
  // Depth 1 is the report's object; a unit is an object in the array under "units".
  bool in_units_list() const { return path_.size() == 2 && path_[1] == "units"; }
  bool in_unit() const { return path_.size() == 3 && path_[1] == "units"; }

  // The provenance record is kept whole and read by the one reader of records, which checks it.
  bool open(json container) {
    if (record_.active()) {
      record_.open(std::move(container));
    } else if (path_.size() == 1 && key_ == "provenance") {
      record_.start(std::move(container));
    } else {
      if (in_units_list()) out_.units.emplace_back();
      path_.push_back(key_);
      key_.clear();
    }
    return true;
  }
  bool close() {
    if (!record_.active())
      path_.pop_back();
    else if (record_.close())
      provenance(record_.take());
    return true;
  }
  void provenance(const json& record) {
    try {
      out_.provenance = detail::provenance_from_json(out_.name, record);
    } catch (const InputError& e) {
      throw std::invalid_argument(e.problems().front().to_string());
    }
  }

  template <class V>
  bool value(double number, const std::string* text, V&& as_json) {
    if (record_.active()) {
      record_.value(json(std::forward<V>(as_json)));
      return true;
    }
    const std::size_t depth = path_.size();
    if (depth == 1 && key_ == "format" && text) {
      if (*text != "chibo-report/2")
        throw std::invalid_argument(
            fmt::format("{}: expected a chibo-report/2 report; got format \"{}\"", out_.name, *text));
      format_seen_ = true;
    } else if (depth == 2 && path_[1] == "policy" && text) {
      if (key_ == "name") out_.policy_name = *text;
      if (key_ == "hash") out_.policy_hash = *text;
    } else if (depth == 2 && path_[1] == "period" && text) {
      if (key_ == "from") out_.from = *text;
      if (key_ == "to") out_.to = *text;
    } else if (in_unit()) {
      ReportScores::Unit& u = out_.units.back();
      if (key_ == "id" && text) u.id = *text;
      if (key_ == "kind" && text) u.kind = *text;
      if (key_ == "name" && text) u.name = *text;
      if (key_ == "total") u.total = number;
      if (key_ == "rating" && text) u.rating = from_code<Rating>(*text);
    } else if (depth == 4 && path_[1] == "units" && !out_.units.empty()) {
      ReportScores::Unit& u = out_.units.back();
      if (path_[3] == "measures") {
        const std::size_t at = position(measures_, out_.measure_ids, key_);
        if (u.measures.size() <= at) u.measures.resize(at + 1, not_applicable);
        u.measures[at] = number;
      } else if (path_[3] == "rules") {
        u.rules.emplace_back(static_cast<std::uint16_t>(position(rules_, out_.rule_ids, key_)), number);
      }
    }
    key_.clear();
    return true;
  }

  static std::size_t position(std::unordered_map<std::string, std::size_t>& index,
                              std::vector<std::string>& ids, const std::string& id) {
    const auto [it, added] = index.try_emplace(id, ids.size());
    if (added) ids.push_back(id);
    return it->second;
  }

 public:
  bool format_seen_ = false;

 private:
  ReportScores& out_;
  std::vector<std::string> path_;  // the key each open object or array sits under
  std::string key_;
  std::unordered_map<std::string, std::size_t> measures_, rules_;
  detail::JsonCapture record_;
};

}  // namespace

ReportScores read_report_scores(std::istream& in, const std::string& name) {
  ReportScores out;
  out.name = name;
  Reader reader(out);
  json::sax_parse(in, &reader);
  if (!reader.format_seen_)
    throw std::invalid_argument(fmt::format("{}: expected a chibo-report/2 report (no \"format\")", name));
  for (auto& u : out.units) {
    if (u.id.empty()) throw std::invalid_argument(fmt::format("{}: a unit without an id", name));
    u.measures.resize(out.measure_ids.size(), not_applicable);
  }
  if (out.rule_ids.size() > UINT16_MAX) throw std::invalid_argument(fmt::format("{}: too many rules", name));
  return out;
}

ReportScores read_report_scores(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::system_error(errno, std::generic_category(), file.string());
  return read_report_scores(in, file.string());
}

}  // namespace chibo
