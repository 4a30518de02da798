// The C API's provenance: the record a report carries or a written report holds, and the
// comparison `chibo verify` makes.
#include "handles.hpp"

#include <fmt/format.h>

#include <memory>

using namespace chibo;

namespace {

chibo_status argument(std::string_view call, std::string_view what) {
  return capi::fail(CHIBO_ERROR_ARGUMENT, fmt::format("{}: {}", call, what));
}

chibo_status handle(Provenance record, chibo_provenance** out) {
  auto h = std::make_unique<chibo_provenance>();
  h->record = std::move(record);
  *out = h.release();
  return CHIBO_OK;
}

// A table's name as one of the records holds it, so that it outlives the comparison.
const char* lasting_name(const std::string& name, const Provenance& a, const Provenance& b) {
  for (const Provenance* p : {&a, &b})
    for (const auto& t : p->tables)
      if (t.name == name) return t.name.c_str();
  return "";  // (verify names only tables of the two records)
}

chibo_table_state state_of(TableCheck::State s) {
  switch (s) {
    case TableCheck::State::same:
      return CHIBO_TABLE_SAME;
    case TableCheck::State::differs:
      return CHIBO_TABLE_DIFFERS;
    case TableCheck::State::not_in_data:
      return CHIBO_TABLE_NOT_IN_DATA;
    case TableCheck::State::not_recorded:
      return CHIBO_TABLE_NOT_RECORDED;
  }
  return CHIBO_TABLE_DIFFERS;
}

}  // namespace

extern "C" {

chibo_status chibo_dataset_provenance(chibo_dataset* dataset, chibo_policy* policy, chibo_provenance** out) {
  return capi::guarded([&] {
    if (!dataset || !policy || !out)
      return argument("chibo_dataset_provenance", "dataset, policy and out are required");
    *out = nullptr;
    return handle(provenance_of(*dataset->dataset, *policy->policy), out);
  });
}

chibo_status chibo_report_provenance(const chibo_report* report, chibo_provenance** out) {
  return capi::guarded([&] {
    if (!report || !out) return argument("chibo_report_provenance", "report and out are required");
    *out = nullptr;
    return handle(provenance_of(report->report), out);
  });
}

chibo_status chibo_provenance_read(const char* path, chibo_provenance** out) {
  return capi::guarded([&] {
    if (!path || !out) return argument("chibo_provenance_read", "path and out are required");
    *out = nullptr;
    return handle(read_provenance(path), out);
  });
}

chibo_status chibo_provenance_get(const chibo_provenance* record, chibo_provenance_info* out) {
  return capi::guarded([&] {
    if (!record || !capi::sized(out, sizeof(chibo_provenance_info)))
      return argument("chibo_provenance_get", "record and out (with its size set) are required");
    const Provenance& p = record->record;
    out->chibo_version = p.chibo_version.c_str();
    out->policy = p.policy.c_str();
    out->policy_hash = p.policy_hash.c_str();
    out->redacted = p.redacted ? 1 : 0;
    out->table_count = p.tables.size();
    return CHIBO_OK;
  });
}

chibo_status chibo_provenance_table(const chibo_provenance* record, size_t i, chibo_input_table* out) {
  return capi::guarded([&] {
    if (!record || !capi::sized(out, sizeof(chibo_input_table)))
      return argument("chibo_provenance_table", "record and out (with its size set) are required");
    const auto& tables = record->record.tables;
    if (i >= tables.size())
      return argument("chibo_provenance_table", fmt::format("table {} of {}", i, tables.size()));
    const InputTable& t = tables[i];
    out->name = t.name.c_str();
    out->source = t.source.c_str();
    out->rows = t.rows;
    out->bytes = t.bytes;
    out->xxh128 = t.xxh128.c_str();
    return CHIBO_OK;
  });
}

chibo_provenance* chibo_provenance_retain(chibo_provenance* record) {
  return capi::retain(record);
}

void chibo_provenance_release(chibo_provenance* record) {
  capi::release(record);
}

chibo_status chibo_provenance_verify(const chibo_provenance* recorded, const chibo_provenance* found,
                                     int* data_same, int* same_version, chibo_table_check* out,
                                     size_t capacity, size_t* count) {
  return capi::guarded([&] {
    if (!recorded || !found || !data_same || !same_version || !count || (!out && capacity > 0))
      return argument("chibo_provenance_verify",
                      "recorded, found, data_same, same_version and count are required, and out "
                      "when capacity is above 0");
    const Verification v = verify(recorded->record, found->record);
    *data_same = v.data_same() ? 1 : 0;
    *same_version = v.same_version ? 1 : 0;
    *count = v.tables.size();
    for (std::size_t k = 0; k < v.tables.size() && k < capacity; ++k)
      out[k] = {lasting_name(v.tables[k].name, recorded->record, found->record), state_of(v.tables[k].state)};
    return CHIBO_OK;
  });
}

}  // extern "C"
