// One JSON value built from SAX events (internal): a streaming reader keeps a small subtree, such
// as a report's provenance record, while the rest of a report of gigabytes streams by.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace chibo::detail {

class JsonCapture {
 public:
  bool active() const noexcept { return !open_.empty(); }
  /// Starts at an object or array that is opening; it becomes the captured root.
  void start(nlohmann::json container) {
    root_ = std::move(container);
    open_.assign(1, &root_);
  }
  void key(const std::string& k) { key_ = k; }
  void value(nlohmann::json v) { place(std::move(v)); }
  void open(nlohmann::json container) { open_.push_back(&place(std::move(container))); }
  /// Closes the innermost open object or array; true when that was the root.
  bool close() {
    open_.pop_back();
    return open_.empty();
  }
  nlohmann::json take() { return std::move(root_); }

 private:
  // Only the innermost open container grows, so the pointers to its ancestors stay valid.
  nlohmann::json& place(nlohmann::json v) {
    nlohmann::json& top = *open_.back();
    return top.is_array() ? top.emplace_back(std::move(v)) : (top[key_] = std::move(v));
  }

  nlohmann::json root_;
  std::vector<nlohmann::json*> open_;
  std::string key_;
};

}  // namespace chibo::detail
