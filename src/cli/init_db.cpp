#include <cstdio>

#include <fmt/format.h>

#include "antevorta/store/store.hpp"

#include "cli/cli.hpp"

namespace antevorta::cli {

store::StoreOptions store_options(const config::AppConfig& cfg) {
  store::StoreOptions o;
  o.path = cfg.database.path;
  o.batch_max_rows = cfg.database.batch_max_rows;
  o.flush_interval = cfg.database.flush_interval;
  o.queue_capacity = cfg.database.queue_capacity;
  return o;
}

int init_db(const CommonOptions& common, const InitDbArgs& args) {
  auto cfg = load_config_or_report(common);
  if (!cfg) return kExitFailure;
  if (!args.database.empty()) cfg->database.path = args.database;
  try {
    store::Store db(store_options(*cfg), null_logger("store"));
    std::fputs(fmt::format("database: {}\nschema_version: {}\n", cfg->database.path.string(),
                           db.schema_version())
                   .c_str(),
               stdout);
  } catch (const store::StoreError& e) {
    report_failure(e.what());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace antevorta::cli
