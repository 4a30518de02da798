// The whole public API of chibo.
#pragma once

#include <chibo/classification.hpp>
#include <chibo/compare.hpp>
#include <chibo/database.hpp>
#include <chibo/dataset.hpp>
#include <chibo/diagnostics.hpp>
#include <chibo/engine.hpp>
#include <chibo/enums.hpp>
#include <chibo/facts.hpp>
#include <chibo/findings.hpp>
#include <chibo/generate.hpp>
#include <chibo/html.hpp>
#include <chibo/load.hpp>
#include <chibo/lunar.hpp>
#include <chibo/org_tree.hpp>
#include <chibo/period.hpp>
#include <chibo/plan.hpp>
#include <chibo/policy.hpp>
#include <chibo/privacy.hpp>
#include <chibo/provenance.hpp>
#include <chibo/report.hpp>
#include <chibo/rule.hpp>
#include <chibo/strings.hpp>
#include <chibo/trend.hpp>
#include <chibo/unicode.hpp>
#include <chibo/version.hpp>
