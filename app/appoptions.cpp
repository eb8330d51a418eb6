#include "app/appoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

#include "app/languagemanager.h"
#include "services-client/api/apiclient.h"

namespace opsdesk::app {

std::optional<AppOptions> AppOptions::parse(const QStringList& arguments, QString* error) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("opsdesk::app::AppOptions", "OpsDesk back-office client"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(
        QStringLiteral("server"),
        QCoreApplication::translate("opsdesk::app::AppOptions", "Server address to sign in to."),
        QStringLiteral("URL"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        QCoreApplication::translate("opsdesk::app::AppOptions",
                                    "Also trust the certificate authorities in this PEM file."),
        QStringLiteral("PEM"));
    const QCommandLineOption language(
        QStringLiteral("language"),
        QCoreApplication::translate("opsdesk::app::AppOptions",
                                    "User interface language: en or zh_CN."),
        QStringLiteral("code"));
    parser.addOptions({server, caFile, language});
    parser.process(arguments);  // exits on --help, --version and unknown options

    AppOptions options;
    if (parser.isSet(server)) {
        const QUrl url = client::ApiClient::normalizeServerUrl(parser.value(server));
        if (!url.isValid()) {
            *error = QStringLiteral("--server: not a server address: %1").arg(parser.value(server));
            return std::nullopt;
        }
        options.server = url;
    }
    if (parser.isSet(caFile)) {
        const QFileInfo file(parser.value(caFile));
        if (!file.isReadable()) {
            *error = QStringLiteral("--ca-file: cannot read %1").arg(parser.value(caFile));
            return std::nullopt;
        }
        options.caFile = file.absoluteFilePath();
    }
    if (parser.isSet(language)) {
        const QString code = parser.value(language);
        if (!LanguageManager::isSupported(code)) {
            *error = QStringLiteral("--language: expected en or zh_CN, not %1").arg(code);
            return std::nullopt;
        }
        options.language = code;
    }
    return options;
}

}  // namespace opsdesk::app
