#pragma once

#define CHIBO_VERSION_MAJOR 0
#define CHIBO_VERSION_MINOR 1
#define CHIBO_VERSION_PATCH 0

namespace chibo {
inline constexpr const char* version = "0.1.0";
}
