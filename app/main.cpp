#include <QApplication>
#include <cstdio>

#include "app/aboutdialog.h"
#include "app/appcontroller.h"
#include "app/appoptions.h"
#include "app/appstyle.h"
#include "services-client/settings/clientsettings.h"
#include "widgets/moduleregistry.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setStyle(new opsdesk::app::AppStyle);
    QApplication::setOrganizationName(QStringLiteral("OpsDesk"));
    QApplication::setApplicationName(QStringLiteral("OpsDesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("OpsDesk"));
    QApplication::setApplicationVersion(opsdesk::app::AboutDialog::versionText());
    QApplication::setWindowIcon(opsdesk::widgets::applicationIcon());

    QString error;
    const auto options = opsdesk::app::AppOptions::parse(QApplication::arguments(), &error);
    if (!options) {
        std::fprintf(stderr, "opsdesk: %s\n", qPrintable(error));
        return 2;
    }
    opsdesk::client::ClientSettings settings;
    opsdesk::app::AppController controller(&settings, *options);
    controller.start();
    return QApplication::exec();
}
