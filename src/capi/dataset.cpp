// The C API's datasets and policies.
#include "handles.hpp"

#include <fmt/format.h>

using namespace chibo;

namespace {

chibo_status read_options(const chibo_load_options* in, LoadOptions& out) {
  if (!in) return CHIBO_OK;
  if (in->size < sizeof(chibo_load_options))
    return capi::fail(CHIBO_ERROR_ARGUMENT,
                      "chibo_load_options: size is smaller than this library's structure");
  out.threads = in->threads;
  out.keep_names = in->keep_names != 0;
  if (in->max_problems > 0) out.max_problems = in->max_problems;
  return CHIBO_OK;
}

chibo_status hand_over(Dataset&& ds, chibo_dataset** out) {
  auto* h = new chibo_dataset;
  h->dataset = std::make_shared<const Dataset>(std::move(ds));
  *out = h;
  return CHIBO_OK;
}

}  // namespace

extern "C" {

chibo_status chibo_dataset_load(const char* location, const chibo_load_options* options,
                                chibo_dataset** out) {
  return capi::guarded([&] {
    if (!location || !out)
      return capi::fail(CHIBO_ERROR_ARGUMENT, "chibo_dataset_load: location and out are required");
    *out = nullptr;
    LoadOptions lo;
    lo.keep_free_text = false;
    if (const auto s = read_options(options, lo); s != CHIBO_OK) return s;
    return hand_over(load_dataset(location, lo), out);
  });
}

chibo_status chibo_dataset_builder_new(chibo_dataset_builder** out) {
  return capi::guarded([&] {
    if (!out) return capi::fail(CHIBO_ERROR_ARGUMENT, "chibo_dataset_builder_new: out is required");
    *out = new chibo_dataset_builder;
    return CHIBO_OK;
  });
}

chibo_status chibo_dataset_builder_column(chibo_dataset_builder* builder, const char* table,
                                          const char* column, const char* const* values, size_t rows) {
  return capi::guarded([&] {
    if (!builder || !table || !column || (!values && rows > 0))
      return capi::fail(CHIBO_ERROR_ARGUMENT,
                        "chibo_dataset_builder_column: builder, table, column and values are required");
    MemoryTables::Values v(rows);
    for (size_t r = 0; r < rows; ++r)
      if (values[r]) v[r] = values[r];
    builder->tables.set_column(table, column, std::move(v));
    return CHIBO_OK;
  });
}

chibo_status chibo_dataset_builder_build(chibo_dataset_builder* builder, const chibo_load_options* options,
                                         chibo_dataset** out) {
  return capi::guarded([&] {
    if (!builder || !out)
      return capi::fail(CHIBO_ERROR_ARGUMENT, "chibo_dataset_builder_build: builder and out are required");
    *out = nullptr;
    LoadOptions lo;
    if (const auto s = read_options(options, lo); s != CHIBO_OK) return s;
    return hand_over(load_memory(builder->tables, lo), out);
  });
}

void chibo_dataset_builder_free(chibo_dataset_builder* builder) {
  delete builder;
}

chibo_dataset* chibo_dataset_retain(chibo_dataset* dataset) {
  return capi::retain(dataset);
}

void chibo_dataset_release(chibo_dataset* dataset) {
  capi::release(dataset);
}

size_t chibo_dataset_rows(const chibo_dataset* dataset, const char* table) {
  if (!dataset || !table) return 0;
  const auto names = Dataset::table_names();
  const auto counts = dataset->dataset->row_counts();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == table) return counts[i];
  return 0;
}

chibo_status chibo_policy_load(const char* spec, const char* const* plugins, size_t plugin_count,
                               chibo_policy** out) {
  return capi::guarded([&] {
    if (!out || (!plugins && plugin_count > 0))
      return capi::fail(CHIBO_ERROR_ARGUMENT, "chibo_policy_load: out is required, and plugins when counted");
    *out = nullptr;
    auto* h = new chibo_policy;
    std::unique_ptr<chibo_policy> owner(h);
    if (plugin_count == 0) {
      h->registry = std::shared_ptr<const Registry>(std::shared_ptr<const Registry>(), &Registry::builtin());
    } else {
      auto registry = std::make_shared<Registry>(Registry::builtin());
      for (size_t i = 0; i < plugin_count; ++i) {
        if (!plugins[i])
          return capi::fail(CHIBO_ERROR_ARGUMENT, fmt::format("chibo_policy_load: plugin {} is null", i));
        try {
          registry->load_plugin(plugins[i]);
        } catch (const InputError& e) {
          return capi::fail(CHIBO_ERROR_PLUGIN, e.what());
        }
      }
      h->registry = std::move(registry);
    }
    h->policy = std::make_shared<const Policy>(Policy::resolve(spec ? spec : "default", *h->registry));
    *out = owner.release();
    return CHIBO_OK;
  });
}

chibo_policy* chibo_policy_retain(chibo_policy* policy) {
  return capi::retain(policy);
}

void chibo_policy_release(chibo_policy* policy) {
  capi::release(policy);
}

}  // extern "C"
