#include <chibo/unicode.hpp>

#include "text_check.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <stdexcept>

namespace chibo {

bool detail::is_valid_utf8_scalar(std::string_view text, std::size_t* bad_offset) noexcept {
  // Well-formed sequences as in Unicode's table 3-7 (no overlongs, surrogates or values past
  // U+10FFFF), written out: this runs over every non-ASCII record of a national dataset.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  auto cont = [&](std::size_t k) { return k < n && (s[k] & 0xC0) == 0x80; };
  std::size_t i = 0;
  while (i < n) {
    while (i + 16 <= n) {  // ASCII, sixteen bytes at a time
      std::uint64_t a, b;
      __builtin_memcpy(&a, s + i, 8);
      __builtin_memcpy(&b, s + i + 8, 8);
      if ((a | b) & 0x8080808080808080ull) break;
      i += 16;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    bool ok;
    std::size_t len;
    if (c < 0x80) {
      ok = true;
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      ok = cont(i + 1);
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
      ok = i + 1 < n && s[i + 1] >= lo && s[i + 1] <= hi && cont(i + 2);
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      const unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
      ok = i + 1 < n && s[i + 1] >= lo && s[i + 1] <= hi && cont(i + 2) && cont(i + 3);
      len = 4;
    } else {
      ok = false;
      len = 1;
    }
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

bool is_valid_utf8(std::string_view text, std::size_t* bad_offset) noexcept {
  // Long text goes through the vectorised pass; the byte-by-byte one finds where it goes wrong.
  if (text.size() >= 64 && detail::check_text(text).utf8) return true;
  return detail::is_valid_utf8_scalar(text, bad_offset);
}

namespace {
const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC normaliser unavailable");
  return *n;
}

}  // namespace

/// True when every character is ASCII, in U+0080–U+02FF (Latin-1 and Latin Extended, no
/// combining marks) or in U+1E00–U+1EFF (Latin Extended Additional, where precomposed Vietnamese
/// letters live). Such text is already NFC: these characters are all NFC_Quick_Check=Yes and
/// nothing in it can combine. Vietnamese in NFC passes; NFD (with U+0300… marks) does not.

bool is_plainly_nfc(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (i + 8 <= n) {  // ASCII, eight bytes at a time
      std::uint64_t w;
      __builtin_memcpy(&w, s + i, 8);
      if (!(w & 0x8080808080808080ull)) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xCB) {  // U+0080–U+02FF
      i += 2;
    } else if (c == 0xE1 && i + 1 < n && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) {  // U+1E00–U+1EFF
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

void append_nfc(std::string& out, std::string_view text) {
  if (is_plainly_nfc(text)) {
    out.append(text);
    return;
  }
  static const icu::Normalizer2& n = nfc();
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (n.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) {
    out.append(text);
    return;
  }
  status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out);
  n.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error("NFC normalisation failed");
}

std::string to_nfc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_nfc(out, text);
  return out;
}

std::string to_nfd(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD normaliser unavailable");
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  n->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr,
                   status);
  if (U_FAILURE(status)) throw std::runtime_error("NFD normalisation failed");
  return out;
}

std::string topic_key(std::string_view text) {
  // Fold, then NFC: folding can leave a decomposed sequence; NFC before folding makes NFD and
  // NFC inputs fold alike.
  const std::string composed = to_nfc(text);
  std::string folded;
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&folded);
  icu::CaseMap::utf8Fold(0, icu::StringPiece(composed.data(), static_cast<int32_t>(composed.size())), sink,
                         nullptr, status);
  if (U_FAILURE(status)) throw std::runtime_error("case folding failed");
  const std::string normal = to_nfc(folded);

  // Trim and collapse Unicode white space.
  std::string out;
  out.reserve(normal.size());
  bool pending_space = false;
  const auto* s = reinterpret_cast<const unsigned char*>(normal.data());
  const auto n = static_cast<int32_t>(normal.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(normal, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
  return out;
}

}  // namespace chibo
