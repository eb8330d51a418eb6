#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace opsdesk::app {

// `opsdesk [--server URL] [--ca-file PEM] [--language en|zh_CN]`: each overrides the remembered
// setting for this run.
struct AppOptions {
    std::optional<QUrl> server;
    std::optional<QString> caFile;
    std::optional<QString> language;

    // Parses arguments (argv[0] first). On a bad argument returns nullopt with *error set;
    // --help and --version print and exit as usual.
    static std::optional<AppOptions> parse(const QStringList& arguments, QString* error);
};

}  // namespace opsdesk::app
