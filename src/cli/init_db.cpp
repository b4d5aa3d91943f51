#include <cstdio>

#include <CLI/CLI.hpp>
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

Command add_init_db(CLI::App& parent, CommonOptions& common) {
  auto* app = parent.add_subcommand(
      "init-db", "Create the database (or migrate it to this build's schema) and print its path");
  auto database = std::make_shared<std::string>();
  app->add_option("--database", *database,
                  "Database file (default: database.path from the configuration)");
  return {app, [&common, database] {
            auto cfg = load_config_or_report(common);
            if (!cfg) return kExitFailure;
            if (!database->empty()) cfg->database.path = *database;
            try {
              store::Store db(store_options(*cfg), null_logger("store"));
              std::fputs(fmt::format("database: {}\nschema_version: {}\n",
                                     cfg->database.path.string(), db.schema_version())
                             .c_str(),
                         stdout);
            } catch (const store::StoreError& e) {
              report_failure(e.what());
              return kExitFailure;
            }
            return kExitOk;
          }};
}

}  // namespace antevorta::cli
