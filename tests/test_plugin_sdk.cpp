// The C++ plugin SDK on its own (include/chibo/plugin.hpp): what it hands chibo when a rule
// fails. The message must stay readable after the call, whichever thread made it.
#include <chibo/plugin.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

namespace {

chibo_outcome fresh() {
  chibo_outcome out{};
  out.struct_size = sizeof(chibo_outcome);
  return out;
}

std::string error_of(const chibo_outcome& out) {
  return std::string(out.error.data, out.error.size);
}

}  // namespace

TEST_CASE("the plugin SDK keeps a failed rule's message readable after the call", "[plugins]") {
  auto first = fresh(), again = fresh();
  CHECK(chibo::plugin::detail::failed(&first, "sdk test: no records for this cell") == 1);
  std::string transient = "sdk test: a message built at run time";
  chibo::plugin::detail::failed(&again, transient.c_str());
  transient.assign(transient.size(), 'x');  // the rule's own string is gone once it returns
  CHECK(error_of(first) == "sdk test: no records for this cell");
  CHECK(error_of(again) == "sdk test: a message built at run time");

  // Threads failing at once each read back their own message, and earlier ones stay valid.
  std::vector<chibo_outcome> outs(8, fresh());
  std::vector<int> wrong(outs.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < outs.size(); ++t)
    threads.emplace_back([&outs, &wrong, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string message =
            "sdk test: thread " + std::to_string(t) + " call " + std::to_string(i % 5);
        chibo::plugin::detail::failed(&outs[t], message.c_str());
        wrong[t] += error_of(outs[t]) != message;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(wrong == std::vector<int>(outs.size(), 0));
  CHECK(error_of(first) == "sdk test: no records for this cell");
}

// Fills the SDK's store for good, so it comes after the tests above (CTest runs each case in a
// process of its own).
TEST_CASE("the plugin SDK keeps at most a thousand distinct messages, then says so", "[plugins]") {
  std::vector<chibo_outcome> outs(1100, fresh());
  for (std::size_t i = 0; i < outs.size(); ++i)
    chibo::plugin::detail::failed(&outs[i], ("sdk test: meeting " + std::to_string(i)).c_str());
  CHECK(error_of(outs.front()) == "sdk test: meeting 0");
  CHECK(error_of(outs.back()) == "the rule failed (further messages are not kept)");
  auto known = fresh();  // a message already kept is still given back in full
  chibo::plugin::detail::failed(&known, "sdk test: meeting 0");
  CHECK(error_of(known) == "sdk test: meeting 0");
}

TEST_CASE("the plugin SDK gives no message to a chibo whose outcome has no room for one", "[plugins]") {
  chibo_outcome out{};
  out.struct_size = offsetof(chibo_outcome, error);  // as an older chibo lays it out
  out.error = {nullptr, 0};
  CHECK(chibo::plugin::detail::failed(&out, "sdk test: unseen") == 1);
  CHECK(out.error.data == nullptr);
}
