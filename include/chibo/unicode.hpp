// Unicode text handling (ICU).
#pragma once

#include <string>
#include <string_view>

namespace chibo {

/// True when the bytes are well-formed UTF-8; `bad_offset` receives the first bad byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr) noexcept;
/// Unicode NFC of valid UTF-8 (Vietnamese arrives in NFC or NFD).
std::string to_nfc(std::string_view text);
/// Unicode NFD (canonical decomposition): how some exports store Vietnamese.
std::string to_nfd(std::string_view text);
/// A quick test for valid UTF-8 that is NFC by construction (ASCII, Latin-1/Latin Extended letters and
/// precomposed Vietnamese, U+1E00–U+1EFF): true means NFC; false means "ask ICU".
bool is_plainly_nfc(std::string_view text) noexcept;
/// Appends NFC of `text` to `out` without a temporary when the text is already NFC.
void append_nfc(std::string& out, std::string_view text);
/// The comparison key of a topic: NFC, full case folding, trimmed, inner white space collapsed
/// to one space.
std::string topic_key(std::string_view text);

}  // namespace chibo
