// chibo verify: whether a report was computed from a dataset, table by table.
#include "common.hpp"

#include <fmt/format.h>

#include <iostream>

namespace chibo::cli {

namespace {

std::string describe(const InputTable& t) {
  std::string s = fmt::format("{} rows", t.rows);
  if (!t.source.empty()) s += fmt::format(", {} bytes, xxh128 {}", t.bytes, t.xxh128);
  return s;
}

}  // namespace

int cmd_verify(Args& args) {
  std::string report;
  std::optional<std::string> policy;
  ScoringArgs sa;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--policy") {
      policy = args.next("a policy after --policy");
    } else if (!a.empty() && a[0] != '-' && report.empty()) {
      report = a;
    } else if (a == "--year" || a == "--from" || a == "--to" || a == "--redact" || a == "--redact-key" ||
               !sa.take(a, args)) {
      throw UsageError(
          fmt::format("verify: {} {}", a[0] == '-' ? "unknown option" : "unexpected argument", a));
    }
  }
  if (report.empty())
    throw UsageError("verify: expected a report (a JSON report, an HTML page or a CSV folder)");
  sa.check("verify");
  const Provenance recorded = read_provenance(report);
  const auto registry = registry_with(sa.plugins);
  const Policy used = Policy::resolve(policy.value_or("default"), *registry);
  const Dataset ds = sa.load_dataset(false, used.registry());
  const Verification v = verify(recorded, provenance_of(ds, used));

  fmt::print("{}: chibo {}, policy {} (hash {}){}\n", report, recorded.chibo_version, recorded.policy,
             recorded.policy_hash, recorded.redacted ? ", pseudonymised" : "");
  using State = TableCheck::State;
  for (const auto& t : v.tables) {
    switch (t.state) {
      case State::same:
        fmt::print("  same          {:<22} {}\n", t.name, describe(*t.recorded));
        break;
      case State::differs:
        fmt::print("  DIFFERS       {:<22} report: {}\n  {:<36}data:   {}\n", t.name, describe(*t.recorded),
                   "", describe(*t.found));
        break;
      case State::not_in_data:
        fmt::print("  NOT IN DATA   {:<22} report: {}\n", t.name, describe(*t.recorded));
        break;
      case State::not_recorded:
        fmt::print("  NOT RECORDED  {:<22} data:   {}\n", t.name, describe(*t.found));
        break;
    }
  }
  bool ok = v.data_same();
  if (!v.same_version)
    fmt::print("note: the report was written by chibo {}; this is chibo {}\n", recorded.chibo_version,
               version);
  if (policy && used.hash() != recorded.policy_hash) {
    fmt::print("DIFFERS: policy {} has hash {}; the report's is {}\n", *policy, used.hash(),
               recorded.policy_hash);
    ok = false;
  }
  std::cout << (ok ? "verify: the report was computed from this data\n"
                   : "verify: the report was NOT computed from this data as it stands\n");
  return ok ? 0 : 3;
}

}  // namespace chibo::cli
