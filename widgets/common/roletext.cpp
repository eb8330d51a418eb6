#include "widgets/common/roletext.h"

#include <array>

namespace opsdesk::widgets {

namespace {

// The built-in roles' titles as sourceTitle() derives them from the wire names, listed so that
// lupdate offers them for translation. A test checks this list against protocol::builtinRoles().
constexpr std::array kBuiltinTitles{
    QT_TRANSLATE_NOOP("RoleText", "Admin"),
    QT_TRANSLATE_NOOP("RoleText", "Support agent"),
    QT_TRANSLATE_NOOP("RoleText", "Support lead"),
    QT_TRANSLATE_NOOP("RoleText", "Finance clerk"),
    QT_TRANSLATE_NOOP("RoleText", "Finance manager"),
    QT_TRANSLATE_NOOP("RoleText", "Merchandiser"),
    QT_TRANSLATE_NOOP("RoleText", "Analyst"),
};

}  // namespace

QString RoleText::sourceTitle(const QString& roleName) {
    QString text = roleName;
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

bool RoleText::isKnownTitle(const QString& title) {
    for (const char* t : kBuiltinTitles) {
        if (title == QLatin1String(t)) {
            return true;
        }
    }
    return false;
}

QString RoleText::title(const QString& roleName) {
    const QByteArray source = sourceTitle(roleName).toUtf8();
    return tr(source.constData());
}

QString RoleText::titles(const QStringList& roleNames) {
    QStringList out;
    for (const QString& r : roleNames) {
        out.append(title(r));
    }
    return out.join(tr(", ", "separator between role names"));
}

}  // namespace opsdesk::widgets
