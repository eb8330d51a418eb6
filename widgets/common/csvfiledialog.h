#pragma once

#include <QCoreApplication>
#include <QString>
#include <functional>

class QWidget;

namespace opsdesk::widgets {

// Where an export is saved: one save dialog for every module's "Export CSV…" — in the documents
// folder, named `<baseName>-<today>.csv`, opened without blocking; `chosen` gets the path.
class CsvFileDialog {
    Q_DECLARE_TR_FUNCTIONS(CsvFileDialog)

public:
    static void ask(QWidget* parent, const QString& title, const QString& baseName,
                    std::function<void(const QString& fileName)> chosen);
};

}  // namespace opsdesk::widgets
