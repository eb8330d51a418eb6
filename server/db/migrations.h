#pragma once

#include <functional>
#include <optional>
#include <pqxx/connection>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::server::db {

// A migration file as shipped: "0001_foundation.sql" and its SQL.
struct MigrationFile {
    std::string_view fileName;
    std::string_view sql;
};
const std::vector<MigrationFile>& embeddedMigrationFiles();  // generated at build time

struct Migration {
    int version = 0;   // 1 for 0001_foundation.sql
    std::string name;  // "foundation"
    std::string sql;
    std::string checksum;  // SHA-256 of the SQL, hex
};

// A row of schema_migrations.
struct AppliedMigration {
    int version = 0;
    std::string name;
    std::string checksum;
};

class MigrationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses file names (NNNN_name.sql), orders by version; throws MigrationError on a bad name or a
// version used twice.
std::vector<Migration> loadMigrations(const std::vector<MigrationFile>& files);

// The migrations still to apply, given what the database says it has. Throws MigrationError when
// an applied migration was edited afterwards (checksum differs) or is unknown to this build (the
// database is newer than the server).
std::vector<Migration> pendingMigrations(const std::vector<Migration>& known,
                                         const std::vector<AppliedMigration>& applied);

// Applies the pending migrations, each in its own transaction together with its
// schema_migrations row, under an advisory lock so that concurrent runs take turns. Returns the
// versions applied.
std::vector<int> migrate(pqxx::connection& connection, const std::vector<Migration>& known,
                         const std::function<void(const Migration&)>& onApply = {});

}  // namespace opsdesk::server::db
