// Provenance: what a report records of its data and rules, reading it back, and comparing it
// with a dataset (docs/provenance.md).
#include <chibo/provenance.hpp>
#include <chibo/version.hpp>

#include "csv.hpp"
#include "json_capture.hpp"
#include "provenance_out.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>

namespace chibo {

namespace fs = std::filesystem;

namespace {
// "table.NAME.FIELD": a key of the provenance table, written and read back. (Built by appends:
// "table." + name + ".rows" sets off GCC 12's -Wrestrict false alarm at -O3.)
std::string table_key(std::string_view name, std::string_view field) {
  std::string key = "table.";
  key.append(name).append(1, '.').append(field);
  return key;
}
}  // namespace

Provenance provenance_of(const Dataset& ds, const Policy& policy) {
  Provenance p;
  p.chibo_version = version;
  p.policy = policy.name();
  p.policy_hash = policy.hash();
  p.redacted = ds.redacted;
  const auto names = Dataset::table_names();
  const auto counts = ds.row_counts();
  const auto input = [&](std::string_view name) {
    return std::find_if(ds.inputs.begin(), ds.inputs.end(),
                        [&](const InputTable& t) { return t.name == name; });
  };
  for (std::size_t i = 0; i < names.size(); ++i) {
    InputTable t;
    if (const auto it = input(names[i]); it != ds.inputs.end()) t = *it;
    t.name = names[i];
    t.rows = counts[i];  // the dataset's own: a generated dataset has no inputs
    p.tables.push_back(std::move(t));
  }
  for (const auto& t : ds.inputs)
    if (std::find(names.begin(), names.end(), t.name) == names.end()) p.tables.push_back(t);
  return p;
}

namespace detail {

void provenance_json(JsonOut& j, const Provenance& p) {
  j.raw("{").key("chibo").str(p.chibo_version).raw(",").key("policy").str(p.policy);
  j.raw(",")
      .key("policy_hash")
      .str(p.policy_hash)
      .raw(",")
      .key("redacted")
      .raw(p.redacted ? "true" : "false");
  j.raw(",").key("tables").raw("[");
  for (std::size_t i = 0; i < p.tables.size(); ++i) {
    const InputTable& t = p.tables[i];
    j.raw(i ? ",\n" : "\n").raw("{").key("name").str(t.name).raw(",").key("rows").raw(std::to_string(t.rows));
    if (t.source.empty()) {
      j.raw(",").key("source").raw("null").raw(",").key("bytes").raw("null").raw(",").key("xxh128").raw(
          "null");
    } else {
      j.raw(",").key("source").str(t.source).raw(",").key("bytes").raw(std::to_string(t.bytes));
      j.raw(",").key("xxh128").str(t.xxh128);
    }
    j.raw("}");
  }
  j.raw("]}");
}

std::string provenance_json_for_html(const Provenance& p) {
  JsonOut j;
  provenance_json(j, p);
  // "</" could close the script element; "<\/" is the same JSON string.
  const std::string_view json = j.view();
  std::string text;
  std::size_t from = 0;
  for (std::size_t at = 0; (at = json.find("</", at)) != std::string_view::npos; from = ++at) {
    text.append(json.substr(from, at + 1 - from));
    text.push_back('\\');
  }
  text.append(json.substr(from));
  return text;
}

void write_provenance_csv(const fs::path& file, const Provenance& p) {
  auto out = open_output(file);
  out << "key,value\n";
  out << "chibo_version," << csv(p.chibo_version) << '\n';
  out << "policy," << csv(p.policy) << '\n';
  out << "policy_hash," << csv(p.policy_hash) << '\n';
  out << "redacted," << (p.redacted ? "yes" : "no") << '\n';
  for (const auto& t : p.tables) {
    out << csv(table_key(t.name, "rows")) << ',' << t.rows << '\n';
    if (t.source.empty()) continue;
    out << csv(table_key(t.name, "source")) << ',' << csv(t.source) << '\n';
    out << csv(table_key(t.name, "bytes")) << ',' << t.bytes << '\n';
    out << csv(table_key(t.name, "xxh128")) << ',' << csv(t.xxh128) << '\n';
  }
}

}  // namespace detail

namespace {

[[noreturn]] void malformed(const fs::path& file, std::size_t line, std::string what) {
  throw InputError({Diagnostic{file.string(), line, line ? 1u : 0u, std::move(what), {}}});
}

std::uint64_t count(const fs::path& file, std::size_t line, std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size())
    malformed(file, line, fmt::format("expected a count of rows or bytes; got \"{}\"", text));
  return n;
}

}  // namespace

Provenance detail::provenance_from_json(const fs::path& file, const nlohmann::json& j) {
  try {
    Provenance p;
    p.chibo_version = j.at("chibo").get<std::string>();
    p.policy = j.at("policy").get<std::string>();
    p.policy_hash = j.at("policy_hash").get<std::string>();
    p.redacted = j.at("redacted").get<bool>();
    for (const auto& t : j.at("tables")) {
      InputTable in;
      in.name = t.at("name").get<std::string>();
      in.rows = t.at("rows").get<std::uint64_t>();
      if (!t.at("source").is_null()) {
        in.source = t.at("source").get<std::string>();
        in.bytes = t.at("bytes").get<std::uint64_t>();
        in.xxh128 = t.at("xxh128").get<std::string>();
      }
      p.tables.push_back(std::move(in));
    }
    return p;
  } catch (const nlohmann::json::exception& e) {
    malformed(file, 0,
              fmt::format("the provenance record is not as docs/provenance.md describes ({})", e.what()));
  }
}

namespace {

/// Captures the value of the report's top-level "provenance" key, then stops reading: a report
/// of gigabytes is not read past its first lines.
class ProvenanceSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::optional<nlohmann::json> found;

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(v); }
  bool binary(binary_t&) override { return value(nullptr); }
  bool start_object(std::size_t) override { return open(nlohmann::json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(nlohmann::json::array()); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (capture_.active())
      capture_.key(k);
    else if (depth_ == 1)
      next_is_ours_ = k == "provenance";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  template <class V>
  bool value(V&& v) {
    if (capture_.active()) {
      capture_.value(nlohmann::json(std::forward<V>(v)));
    } else if (depth_ == 1 && next_is_ours_) {
      found = nlohmann::json(std::forward<V>(v));
      return false;
    }
    return true;
  }
  bool open(nlohmann::json v) {
    if (capture_.active())
      capture_.open(std::move(v));
    else if (depth_ == 1 && next_is_ours_)
      capture_.start(std::move(v));
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    if (!capture_.active() || !capture_.close()) return true;
    found = capture_.take();
    return false;  // done: the rest of the report is not read
  }

  std::size_t depth_ = 0;
  bool next_is_ours_ = false;
  detail::JsonCapture capture_;
};

Provenance read_json(const fs::path& file, std::istream& in) {
  ProvenanceSax sax;
  nlohmann::json::sax_parse(in, &sax, nlohmann::json::input_format_t::json, false);
  if (!sax.found)
    malformed(file, 0,
              "expected a chibo report with a \"provenance\" record (written by chibo 0.1.0 or later)");
  return detail::provenance_from_json(file, *sax.found);
}

Provenance read_html(const fs::path& file, std::istream& in) {
  // The record sits in the page's head: the first megabyte holds it.
  std::string head(1u << 20, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  constexpr std::string_view open = "<script type=\"application/json\" id=\"chibo-provenance\">";
  const auto b = head.find(open);
  const auto e = b == std::string::npos ? b : head.find("</script>", b);
  if (e == std::string::npos)
    malformed(file, 0, "expected a chibo page with a provenance record (<script id=\"chibo-provenance\">)");
  const auto text = std::string_view(head).substr(b + open.size(), e - b - open.size());
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) malformed(file, 0, "the page's provenance record is not JSON");
  return detail::provenance_from_json(file, j);
}

Provenance read_csv(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) malformed(file, 0, "expected provenance.csv in the report folder (written by chibo score --csv)");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  csv::Reader reader(text);
  std::vector<csv::Field> fields;
  std::map<std::string, std::pair<std::string, std::size_t>> values;  // key → value, line
  std::size_t line = 1, counted = 0;  // the line of byte `counted`, counted on as records are read
  for (csv::Reader::Status s; (s = reader.next_plain(fields)) != csv::Reader::Status::end;) {
    line += static_cast<std::size_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                   text.begin() + static_cast<std::ptrdiff_t>(reader.record_offset()), '\n'));
    counted = reader.record_offset();
    if (s != csv::Reader::Status::record || fields.size() != 2)
      malformed(file, line, "expected two fields, key and value");
    if (line == 1) continue;  // the header
    values[std::string(fields[0].text)] = {std::string(fields[1].text), line};
  }
  const auto get = [&](const std::string& key) -> std::pair<std::string, std::size_t> {
    const auto it = values.find(key);
    if (it == values.end()) malformed(file, 0, fmt::format("expected a row for {}", key));
    return it->second;
  };
  Provenance p;
  p.chibo_version = get("chibo_version").first;
  p.policy = get("policy").first;
  p.policy_hash = get("policy_hash").first;
  p.redacted = get("redacted").first == "yes";
  // Tables in the order their rows are listed.
  std::vector<std::pair<std::size_t, std::string>> order;
  for (const auto& [key, v] : values)
    if (key.starts_with("table.") && key.ends_with(".rows"))
      order.emplace_back(v.second, key.substr(6, key.size() - 11));
  std::sort(order.begin(), order.end());
  for (const auto& [at, name] : order) {
    InputTable t;
    t.name = name;
    const auto rows = get(table_key(name, "rows"));
    t.rows = count(file, rows.second, rows.first);
    if (values.count(table_key(name, "source"))) {
      t.source = get(table_key(name, "source")).first;
      const auto bytes = get(table_key(name, "bytes"));
      t.bytes = count(file, bytes.second, bytes.first);
      t.xxh128 = get(table_key(name, "xxh128")).first;
    }
    p.tables.push_back(std::move(t));
  }
  return p;
}

}  // namespace

Provenance read_provenance(const fs::path& report) {
  std::error_code ec;
  if (fs::is_directory(report, ec)) return read_csv(report / "provenance.csv");
  std::ifstream in(report, std::ios::binary);
  if (!in) throw std::system_error(errno, std::generic_category(), report.string());
  char first = 0;
  while (in.get(first) && std::isspace(static_cast<unsigned char>(first))) {
  }
  if (!in)
    malformed(report, 0, "expected a chibo report (JSON, an HTML page or a CSV folder); the file is empty");
  in.unget();
  if (first == '{') return read_json(report, in);
  if (first == '<') return read_html(report, in);
  malformed(report, 1, "expected a chibo report (JSON, an HTML page or a CSV folder)");
}

Verification verify(const Provenance& recorded, const Provenance& found) {
  Verification v;
  v.same_version = recorded.chibo_version == found.chibo_version;
  const auto find = [](const Provenance& p, const std::string& name) -> const InputTable* {
    for (const auto& t : p.tables)
      if (t.name == name) return &t;
    return nullptr;
  };
  using State = TableCheck::State;
  for (const auto& r : recorded.tables) {
    TableCheck c{r.name, State::same, r, std::nullopt};
    const InputTable* f = find(found, r.name);
    if (f) c.found = *f;
    if (!f || (f->rows == 0 && f->source.empty()))
      c.state = r.rows == 0 && r.source.empty() ? State::same : State::not_in_data;
    else if (f->rows != r.rows)
      c.state = State::differs;
    else if (!r.xxh128.empty() && !f->xxh128.empty() && (f->xxh128 != r.xxh128 || f->bytes != r.bytes))
      c.state = State::differs;
    v.tables.push_back(std::move(c));
  }
  for (const auto& f : found.tables)
    if (!find(recorded, f.name) && (f.rows > 0 || !f.source.empty()))
      v.tables.push_back({f.name, State::not_recorded, std::nullopt, f});
  return v;
}

}  // namespace chibo
