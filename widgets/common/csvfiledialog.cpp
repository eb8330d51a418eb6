#include "widgets/common/csvfiledialog.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QStandardPaths>

namespace opsdesk::widgets {

void CsvFileDialog::ask(QWidget* parent, const QString& title, const QString& baseName,
                        std::function<void(const QString& fileName)> chosen) {
    auto* dialog = new QFileDialog(parent, title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("CSV files (*.csv)"));
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    dialog->setDirectory(!documents.isEmpty() && QDir(documents).exists() ? documents
                                                                          : QDir::homePath());
    dialog->selectFile(
        QStringLiteral("%1-%2.csv").arg(baseName, QDate::currentDate().toString(Qt::ISODate)));
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, std::move(chosen));
    dialog->open();
}

}  // namespace opsdesk::widgets
