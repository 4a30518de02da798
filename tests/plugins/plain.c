/* A plugin in plain C99 against <chibo/plugin.h> alone: rule R.1 scores 1 on a meeting whose
 * five minutes fields are all yes, else 0. Built again with one FAULT_* definition for each
 * malformed description the host must refuse. */
#include <chibo/plugin.h>

#include <stddef.h>

#define STR(text) \
  { text, sizeof(text) - 1 }

#ifndef FAULT_NO_ENTRY

static int32_t minutes_complete(const void* user, const chibo_meeting_view* facts,
                                const chibo_settings* settings, chibo_outcome* out) {
  (void)user;
  (void)settings;
  out->metric = facts->minutes_fields_yes;
  out->score = facts->minutes_fields_yes == 5 ? 1.0 : 0.0;
  out->evidence_count = 1;
  out->evidence[0].key = 0;
  out->evidence[0].unit = CHIBO_UNIT_NUMBER;
  out->evidence[0].value = facts->minutes_fields_yes;
  return 0;
}

static const chibo_str keys[] = {STR("fields")};
static chibo_rule_desc rules[1];
static chibo_plugin_desc desc;

__attribute__((visibility("default"))) const chibo_plugin_desc* chibo_plugin_entry(const chibo_host* host) {
  const chibo_struct_sizes sizes = {
      sizeof(chibo_plugin_desc),   sizeof(chibo_measure_desc), sizeof(chibo_rule_desc),
      sizeof(chibo_constant_desc), sizeof(chibo_column_desc),  sizeof(chibo_table_desc),
      sizeof(chibo_host),          sizeof(chibo_settings),     sizeof(chibo_outcome),
      sizeof(chibo_evidence),      sizeof(chibo_meeting_view), sizeof(chibo_cell_view),
      sizeof(chibo_committee_view)};
  const chibo_str id = STR("R.1"), name = STR("minutes_all_yes"), measure = STR("M3");
  const chibo_str description = STR("All five minutes fields are recorded as yes.");
  const chibo_str vi = STR("Biên bản chưa đủ {fields}/5 mục"),
                  en = STR("The minutes have {fields} of 5 items");
  (void)host;
  rules[0].id = id;
  rules[0].name = name;
  rules[0].measure = measure;
#ifdef FAULT_UNKNOWN_LEVEL
  rules[0].level = 7;
#else
  rules[0].level = CHIBO_LEVEL_MEETING;
#endif
  rules[0].in_total = 1;
  rules[0].weight = 1;
  rules[0].zero_at = 0;
  rules[0].full_at = 1;
  rules[0].evidence_keys = keys;
  rules[0].evidence_key_count = 1;
  rules[0].description = description;
  rules[0].message_vi = vi;
  rules[0].message_en = en;
  rules[0].meeting = minutes_complete;
  desc.abi_major = CHIBO_PLUGIN_ABI_MAJOR;
  desc.abi_minor = CHIBO_PLUGIN_ABI_MINOR;
  desc.sizes = sizes;
#ifdef ABI_1_0
  /* Built as a plugin of ABI 1.0 was: its rule descriptor ends before the owner. */
  desc.abi_minor = 0;
  desc.sizes.rule_desc = (uint32_t)offsetof(chibo_rule_desc, owner);
  rules[0].owner = 99; /* beyond what 1.0 declares: never read */
#else
  rules[0].owner = CHIBO_OWNER_SECRETARY;
  rules[0].shortfall_vi = (chibo_str)STR("Biên bản chưa đủ các mục");
  rules[0].shortfall_en = (chibo_str)STR("Minutes lack items");
#endif
#ifdef FAULT_STRUCT_SIZE
  desc.sizes.rule_desc = 8;
#endif
  desc.name = (chibo_str)STR("plain-c");
  desc.version = (chibo_str)STR("0.1.0");
  desc.rules = rules;
  desc.rule_count = 1;
  return &desc;
}

#else
__attribute__((visibility("default"))) int not_a_chibo_plugin(void) {
  return 0;
}
#endif
