// Keyed pseudonyms for the people in a dataset (docs/privacy.md).
#include <chibo/privacy.hpp>

#include "tables.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <unordered_set>

namespace chibo {

std::string pseudonym(std::string_view key, std::string_view kind, std::string_view id, std::size_t length) {
  std::string message;
  message.reserve(kind.size() + 1 + id.size());
  message.append(kind).append(":").append(id);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size))
    throw std::runtime_error("pseudonym: HMAC-SHA-256 failed");
  static constexpr char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford's base 32
  length = std::min<std::size_t>(length, size * 8 / 5);
  std::string out(length, '0');
  for (std::size_t i = 0; i < length; ++i) {
    const std::size_t bit = 5 * i;
    const unsigned pair =
        (static_cast<unsigned>(mac[bit / 8]) << 8) | (bit / 8 + 1 < size ? mac[bit / 8 + 1] : 0);
    out[i] = digits[(pair >> (11 - bit % 8)) & 31];
  }
  return out;
}

namespace {

// A table's people: each row's pseudonym, long enough to be unique in the table.
std::vector<std::string> pseudonyms(std::string_view key, std::string_view kind, const StringColumn& ids) {
  for (std::size_t length = 12;; length += 4) {
    std::vector<std::string> out(ids.size());
    std::unordered_set<std::string_view> seen;
    seen.reserve(ids.size());
    bool unique = true;
    for (std::size_t i = 0; i < ids.size() && unique; ++i) {
      out[i] = pseudonym(key, kind, ids[i], length);
      unique = seen.insert(out[i]).second;
    }
    if (unique || length >= 48) return out;
  }
}

StringColumn column_of(const std::vector<std::string>& values, std::string_view prefix = {}) {
  StringColumn c;
  for (const auto& v : values) c.push_back(prefix.empty() ? std::string_view(v) : std::string(prefix) + v);
  return c;
}

}  // namespace

void redact(Dataset& ds, std::string_view key) {
  if (key.size() < min_redact_key)
    throw std::invalid_argument("redact: the key must be at least 16 characters");
  ds.redacted = true;
  tables::for_each(ds, [&](auto& rows) {
    using Rows = std::remove_cvref_t<decltype(rows)>;
    constexpr auto table = Rows::schema();
    constexpr bool people = table.ids == schema::Space::member || table.ids == schema::Space::cadre;
    std::vector<std::string> codes;
    if constexpr (people)
      codes = pseudonyms(key, table.ids == schema::Space::member ? "member" : "cadre", rows.id);
    schema::for_each_column(table, [&](const auto& c, std::size_t) {
      using Kind = typename std::decay_t<decltype(c)>::kind_type;
      if constexpr (std::is_same_v<Kind, schema::kind::Id>) {
        if (people) rows.*c.member = column_of(codes);
      } else if constexpr (std::is_same_v<Kind, schema::kind::Text>) {
        if (c.kind.type == schema::Type::name && people)
          rows.*c.member = column_of(codes, table.ids == schema::Space::member ? "ĐV-" : "CB-");
        else if (c.kind.type == schema::Type::name || c.kind.type == schema::Type::free_text)
          rows.*c.member = column_of(std::vector<std::string>(rows.size()));
      } else if constexpr (requires { c.kind.rows; }) {
        rows.*c.member = StringColumn();  // sparse free text
        (rows.*c.kind.rows).clear();
      }
    });
  });
}

}  // namespace chibo
