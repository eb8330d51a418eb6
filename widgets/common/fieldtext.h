#pragma once

#include <QCoreApplication>
#include <QLabel>
#include <QMap>
#include <QString>

namespace opsdesk::widgets {

// The server's reasons for refusing a field (422 `fields`) in the user's language, and the
// small red label that shows one beside its field.
class FieldText {
    Q_DECLARE_TR_FUNCTIONS(FieldText)

public:
    // "required" → "Required.", a password policy text → its translation; unknown reasons are
    // shown as the server wrote them.
    static QString reason(const QString& serverText);

    // A hidden label for the reason under a field; named "<field>Error" for tests.
    static QLabel* makeErrorLabel(const QString& field, QWidget* parent);
    // Shows `fields[field]` (translated) in the label, or hides it.
    static void show(QLabel* label, const QMap<QString, QString>& fields, const QString& field);
    static void clear(QLabel* label);
};

}  // namespace opsdesk::widgets
