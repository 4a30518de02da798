// One pass over a block of text for the loader (internal).
#pragma once

#include <cstddef>
#include <string_view>

namespace chibo::detail {

/// What a block of bytes is: UTF-8 (as is_valid_utf8 says), and, if so, plainly NFC (as
/// is_plainly_nfc says; false when not UTF-8).
struct TextCheck {
  bool utf8 = true;
  bool plainly_nfc = true;
};

/// Checks a block in one pass, 32 bytes at a time where the processor has AVX2 (the lookup
/// method of Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte", 2021),
/// byte by byte elsewhere. The loader checks each part of a file with it before reading its
/// records, so that no field is checked again.
TextCheck check_text(std::string_view text) noexcept;

/// The same, byte by byte: what the vectorised pass must agree with (tests compare them).
TextCheck check_text_scalar(std::string_view text) noexcept;

/// is_valid_utf8 byte by byte, as Unicode's table 3-7 reads.
bool is_valid_utf8_scalar(std::string_view text, std::size_t* bad_offset) noexcept;

}  // namespace chibo::detail
