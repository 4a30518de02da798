// Text into HTML, and the page's stylesheet and script (internal).
#pragma once

#include <string>
#include <string_view>

namespace chibo::html {

/// Text made safe inside elements and quoted attributes.
std::string escaped(std::string_view s);
/// An exact value for programs (data- attributes): the shortest text that reads back the same;
/// "" for N/A.
std::string exact(double v);

extern const char* const style;
/// The search box: keeps the units whose name holds the text, and the units above them.
extern const char* const script;

}  // namespace chibo::html
