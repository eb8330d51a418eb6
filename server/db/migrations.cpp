#include "db/migrations.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "core/hash.h"

namespace opsdesk::server::db {

namespace {

// Any constant works; it only has to be the same in every OpsDesk process.
constexpr long long kMigrationLockKey = 0x4f70734465736b;  // "OpsDesk"

}  // namespace

std::vector<Migration> loadMigrations(const std::vector<MigrationFile>& files) {
    std::vector<Migration> out;
    for (const auto& f : files) {
        const std::string_view name = f.fileName;
        const auto underscore = name.find('_');
        int version = 0;
        const auto [ptr, ec] = std::from_chars(name.data(), name.data() + underscore, version);
        if (underscore == std::string_view::npos || ec != std::errc{} ||
            ptr != name.data() + underscore || version <= 0 || !name.ends_with(".sql")) {
            throw MigrationError("migration file name must look like 0001_name.sql: " +
                                 std::string(name));
        }
        Migration m;
        m.version = version;
        m.name = std::string(name.substr(underscore + 1, name.size() - underscore - 5));
        m.sql = std::string(f.sql);
        m.checksum = sha256Hex(f.sql);
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].version == out[i - 1].version) {
            throw MigrationError("two migrations have version " + std::to_string(out[i].version));
        }
    }
    return out;
}

std::vector<Migration> pendingMigrations(const std::vector<Migration>& known,
                                         const std::vector<AppliedMigration>& applied) {
    std::map<int, const Migration*> byVersion;
    for (const auto& m : known) {
        byVersion[m.version] = &m;
    }
    std::map<int, const AppliedMigration*> done;
    for (const auto& a : applied) {
        const auto it = byVersion.find(a.version);
        if (it == byVersion.end()) {
            throw MigrationError("the database has migration " + std::to_string(a.version) + " (" +
                                 a.name +
                                 ") which this server does not know: the database is newer than "
                                 "this server; upgrade the server");
        }
        if (it->second->checksum != a.checksum) {
            throw MigrationError("migration " + std::to_string(a.version) + " (" + a.name +
                                 ") was changed after it was applied (checksum " + a.checksum +
                                 " in the database, " + it->second->checksum +
                                 " in this build). Applied migrations must never be edited: "
                                 "restore the file and add a new migration instead");
        }
        done[a.version] = &a;
    }
    std::vector<Migration> pending;
    for (const auto& m : known) {
        if (!done.contains(m.version)) {
            pending.push_back(m);
        }
    }
    return pending;
}

std::vector<int> migrate(pqxx::connection& connection, const std::vector<Migration>& known,
                         const std::function<void(const Migration&)>& onApply) {
    pqxx::nontransaction session(connection);
    session.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")");
    session.commit();
    std::vector<int> appliedNow;
    try {
        {
            pqxx::work tx(connection);
            tx.exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY,"
                " name text NOT NULL,"
                " checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())");
            tx.commit();
        }
        std::vector<AppliedMigration> applied;
        {
            pqxx::read_transaction tx(connection);
            for (const auto& row : tx.exec(
                     "SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
                applied.push_back(
                    {row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>()});
            }
        }
        for (const auto& m : pendingMigrations(known, applied)) {
            if (onApply) {
                onApply(m);
            }
            pqxx::work tx(connection);
            tx.exec(m.sql);
            tx.exec_params(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                m.version, m.name, m.checksum);
            tx.commit();
            appliedNow.push_back(m.version);
        }
    } catch (...) {
        pqxx::nontransaction unlock(connection);
        unlock.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
        throw;
    }
    pqxx::nontransaction unlock(connection);
    unlock.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
    return appliedNow;
}

}  // namespace opsdesk::server::db
