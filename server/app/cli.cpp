#include "app/cli.h"

#include <pthread.h>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "app/server_app.h"
#include "auth/auth_service.h"
#include "core/api_error.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db_pool.h"
#include "db/migrations.h"
#include "finance/generator.h"
#include "orders/transition_table.h"
#include "seed/catalog_seed.h"
#include "seed/demo.h"
#include "seed/orders_seed.h"

namespace opsdesk::server {

namespace {

std::string option(const ParsedArgs& args, std::string_view name, std::string fallback = {}) {
    for (const auto& [k, v] : args.rest) {
        if (k == name) {
            return v;
        }
    }
    return fallback;
}

bool has(const ParsedArgs& args, std::string_view name) {
    return std::find(args.switches.begin(), args.switches.end(), name) != args.switches.end();
}

void requireDatabase(const Config& c) {
    if (c.databaseUrl.empty()) {
        throw std::invalid_argument(
            "no database: pass --database URL or set OPSDESK_DATABASE_URL "
            "(scripts/demo prints the URL of its private cluster)");
    }
}

int migrateOnly(const Config& config) {
    auto connection = db::connect(config.databaseUrl);
    const auto applied = db::migrate(
        *connection, db::loadMigrations(db::embeddedMigrationFiles()), [](const db::Migration& m) {
            log::info("applying migration", {{"version", m.version}, {"name", m.name}});
        });
    log::info("migrations done", {{"applied", applied.size()}});
    return 0;
}

int serve(const Config& config) {
    // Signals go to one thread that asks the server to stop; every other thread blocks them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    App app(config);
    std::thread signalWatcher([&app, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGUSR1) {
            return;  // our own wake-up after a failed start
        }
        log::info("shutting down", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
        app.stop();
    });
    int rc = 0;
    try {
        app.serve();
    } catch (...) {
        rc = 1;
        pthread_kill(signalWatcher.native_handle(), SIGUSR1);
        signalWatcher.join();
        throw;
    }
    signalWatcher.join();
    return rc;
}

int createUserCommand(const ParsedArgs& args) {
    const std::string username = option(args, "--username");
    const std::string password = option(args, "--password");
    const std::string role = option(args, "--role");
    if (username.empty() || password.empty() || role.empty()) {
        throw std::invalid_argument("create-user needs --username, --password and --role");
    }
    auto connection = db::connect(args.config.databaseUrl);
    db::migrate(*connection, db::loadMigrations(db::embeddedMigrationFiles()));
    const auto id =
        auth::createUser(*connection, {args.config.scryptLog2N, 8, 1}, username, password, role,
                         option(args, "--display-name"), option(args, "--email"));
    std::cout << "created user " << username << " (id " << id << ") with role " << role << "\n";
    return 0;
}

// The number `text` of an option `name`, from 1 to `max`.
std::int64_t countOption(const std::string& text, const std::string& name, std::int64_t max) {
    std::int64_t count = 0;
    try {
        count = std::stoll(text);
    } catch (const std::exception&) {
        count = 0;
    }
    if (count < 1 || count > max) {
        throw std::invalid_argument(name + " expects a number from 1 to " + std::to_string(max));
    }
    return count;
}

int seedCommand(const ParsedArgs& args) {
    auto connection = db::connect(args.config.databaseUrl);
    db::migrate(*connection, db::loadMigrations(db::embeddedMigrationFiles()));
    if (has(args, "--demo")) {
        seed::seedDemo(*connection, {args.config.scryptLog2N, 8, 1});
        return 0;
    }
    if (const auto n = option(args, "--orders"); !n.empty()) {
        seed::seedOrders(*connection, countOption(n, "--orders", 100'000'000));
        return 0;
    }
    if (const auto n = option(args, "--products"); !n.empty()) {
        seed::seedProducts(*connection, countOption(n, "--products", 10'000'000));
        return 0;
    }
    throw std::invalid_argument("seed needs --demo, --orders N or --products N");
}

// Statement and settlement files of a date range from the database (finance/generator.h).
int financeGenerateCommand(const ParsedArgs& args) {
    finance::GenerateOptions o;
    o.from = option(args, "--from");
    o.to = option(args, "--to");
    o.outDirectory = option(args, "--out");
    if (o.from.empty() || o.to.empty() || o.outDirectory.empty()) {
        throw std::invalid_argument("finance-generate needs --from DATE --to DATE --out DIR");
    }
    if (const auto seed = option(args, "--seed"); !seed.empty()) {
        o.seed = static_cast<std::uint64_t>(countOption(seed, "--seed", 1'000'000'000));
    }
    if (const auto account = option(args, "--account"); !account.empty()) {
        o.account = account;
    }
    auto connection = db::connect(args.config.databaseUrl);
    db::migrate(*connection, db::loadMigrations(db::embeddedMigrationFiles()));
    for (const auto& f : finance::generateStatementFiles(*connection, o)) {
        std::cout << f.path << "\t" << f.format << "\t" << f.lines << " lines\n";
    }
    return 0;
}

}  // namespace

int runCommandLine(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "opsdesk-server " << kServerVersion << "\n";
        return 0;
    }
    if (args[0] == "transitions") {
        std::cout << orders::transitionTableMarkdown();
        return 0;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "serve") {
            const auto parsed = parseArgs(args, {}, {});
            requireDatabase(parsed.config);
            return serve(parsed.config);
        }
        if (command == "migrate") {
            const auto parsed = parseArgs(args, {}, {});
            requireDatabase(parsed.config);
            return migrateOnly(parsed.config);
        }
        if (command == "create-user") {
            const auto parsed = parseArgs(
                args, {"--username", "--password", "--role", "--display-name", "--email"}, {});
            requireDatabase(parsed.config);
            return createUserCommand(parsed);
        }
        if (command == "seed") {
            const auto parsed = parseArgs(args, {"--orders", "--products"}, {"--demo"});
            requireDatabase(parsed.config);
            return seedCommand(parsed);
        }
        if (command == "finance-generate") {
            const auto parsed =
                parseArgs(args, {"--from", "--to", "--out", "--seed", "--account"}, {});
            requireDatabase(parsed.config);
            return financeGenerateCommand(parsed);
        }
        std::cerr << "opsdesk-server: unknown command '" << command << "'\n\n" << usage();
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << "opsdesk-server: " << e.what() << "\n";
        return 2;
    } catch (const ApiError& e) {
        std::string detail;
        for (const auto& [field, why] : e.fields()) {
            detail += "\n  " + field + ": " + why;
        }
        std::cerr << "opsdesk-server: " << e.what() << detail << "\n";
        return 1;
    } catch (const db::MigrationError& e) {
        log::error("cannot migrate the database", {{"why", e.what()}});
        std::cerr << "opsdesk-server: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        log::error("fatal", {{"what", e.what()}});
        std::cerr << "opsdesk-server: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace opsdesk::server
