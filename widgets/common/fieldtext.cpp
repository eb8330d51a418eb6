#include "widgets/common/fieldtext.h"
#include "widgets/common/theme.h"

#include <QRegularExpression>

namespace opsdesk::widgets {

QString FieldText::reason(const QString& s) {
    if (s.isEmpty() || s == QLatin1String("required")) {
        return tr("Required.");
    }
    if (s == QLatin1String("taken")) {
        return tr("Already taken; choose another.");
    }
    if (s == QLatin1String("not an email address")) {
        return tr("Not an email address.");
    }
    if (s == QLatin1String("too long")) {
        return tr("Too long.");
    }
    if (s == QLatin1String("is not correct")) {
        return tr("Not correct.");
    }
    if (s.startsWith(QLatin1String("is not correct or was used already")) ||
        s.startsWith(QLatin1String("is not correct; check the time"))) {
        return tr("The code is not correct. Check the time on your phone and use a new code.");
    }
    if (s == QLatin1String("must differ from the current password")) {
        return tr("Must differ from the current password.");
    }
    if (s == QLatin1String("a user needs at least one role")) {
        return tr("Choose at least one role.");
    }
    if (s.startsWith(QLatin1String("1 to 200 characters")) ||
        s.startsWith(QLatin1String("at most 200 characters"))) {
        return tr("1 to 200 characters.");
    }
    if (s.startsWith(QLatin1String("1 to 64 letters")) ||
        s.startsWith(QLatin1String("must be 1 to 64 characters"))) {
        return tr("1 to 64 letters, digits, '.', '_', '-' or '@'.");
    }
    if (s.startsWith(QLatin1String("1 to 64 lower-case letters"))) {
        return tr("1 to 64 lower-case letters, digits or '_'.");
    }
    if (s.startsWith(QLatin1String("This password is one of the most common"))) {
        return tr("This password is one of the most common ones; choose another.");
    }
    static const QRegularExpression atLeast(
        QStringLiteral("^Password must be at least (\\d+) characters"));
    static const QRegularExpression atMost(
        QStringLiteral("^Password must be at most (\\d+) characters"));
    if (const auto m = atLeast.match(s); m.hasMatch()) {
        return tr("At least %1 characters.").arg(m.captured(1));
    }
    if (const auto m = atMost.match(s); m.hasMatch()) {
        return tr("At most %1 characters.").arg(m.captured(1));
    }
    if (s.startsWith(QLatin1String("not held by you"))) {
        return tr("You cannot grant permissions you do not hold yourself.");
    }
    return s;
}

QLabel* FieldText::makeErrorLabel(const QString& field, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(field + QStringLiteral("Error"));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    Theme::setTextColor(label, Theme::Role::Error);
    label->hide();
    return label;
}

void FieldText::show(QLabel* label, const QMap<QString, QString>& fields, const QString& field) {
    if (fields.contains(field)) {
        label->setText(reason(fields.value(field)));
        label->show();
    } else {
        clear(label);
    }
}

void FieldText::clear(QLabel* label) {
    label->clear();
    label->hide();
}

}  // namespace opsdesk::widgets
