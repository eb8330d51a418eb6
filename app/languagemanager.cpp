#include "app/languagemanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcLanguage, "opsdesk.app.language")

namespace opsdesk::app {

namespace {
const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");
}  // namespace

LanguageManager::LanguageManager(QObject* parent) : QObject(parent) {}

LanguageManager::~LanguageManager() {
    for (const auto& t : appTranslators_) {
        QCoreApplication::removeTranslator(t.get());
    }
    if (qtTranslator_) {
        QCoreApplication::removeTranslator(qtTranslator_.get());
    }
}

QList<std::pair<QString, QString>> LanguageManager::available() {
    return {{kEnglish, QStringLiteral("English")}, {kChinese, QStringLiteral("简体中文")}};
}

bool LanguageManager::isSupported(const QString& code) {
    for (const auto& [c, name] : available()) {
        if (c == code) {
            return true;
        }
    }
    return false;
}

QString LanguageManager::systemLanguage() {
    return QLocale::system().language() == QLocale::Chinese ? kChinese : kEnglish;
}

bool LanguageManager::setLanguage(const QString& requested) {
    const QString code = requested.isEmpty() ? kEnglish : requested;
    if (!isSupported(code)) {
        return false;
    }
    std::vector<std::unique_ptr<QTranslator>> app;
    std::unique_ptr<QTranslator> qt;
    if (code != kEnglish) {
        // The shell's catalogue (opsdesk_<lang>.qm) and one per module that has its own.
        const QDir dir(QStringLiteral(":/i18n"));
        for (const QString& file :
             dir.entryList({QStringLiteral("*_%1.qm").arg(code)}, QDir::Files, QDir::Name)) {
            auto t = std::make_unique<QTranslator>();
            if (t->load(dir.filePath(file))) {
                app.push_back(std::move(t));
            }
        }
        if (app.empty()) {
            qCWarning(lcLanguage) << "no translation for" << code;
            return false;
        }
        // Qt's own strings (standard buttons, file dialogs); optional.
        qt = std::make_unique<QTranslator>();
        if (!qt->load(QStringLiteral("qtbase_%1").arg(code),
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            qCWarning(lcLanguage) << "Qt's translation for" << code << "is not installed";
            qt.reset();
        }
    }
    for (const auto& t : appTranslators_) {
        QCoreApplication::removeTranslator(t.get());
    }
    if (qtTranslator_) {
        QCoreApplication::removeTranslator(qtTranslator_.get());
    }
    appTranslators_ = std::move(app);
    qtTranslator_ = std::move(qt);
    if (qtTranslator_) {
        QCoreApplication::installTranslator(qtTranslator_.get());
    }
    for (const auto& t : appTranslators_) {
        QCoreApplication::installTranslator(t.get());
    }
    QLocale::setDefault(QLocale(code));
    const bool changed = language_ != code;
    language_ = code;
    if (changed) {
        qCInfo(lcLanguage) << "language" << code;
        emit languageChanged(code);
    }
    return true;
}

}  // namespace opsdesk::app
