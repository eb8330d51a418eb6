#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <utility>
#include <vector>

class QTranslator;

namespace opsdesk::app {

// Switches the interface language at run time: installs the app's and Qt's own translators,
// and Qt sends every widget a LanguageChange to retranslate itself.
class LanguageManager : public QObject {
    Q_OBJECT

public:
    explicit LanguageManager(QObject* parent = nullptr);
    ~LanguageManager() override;

    // code -> the language's own name ("zh_CN" -> "简体中文"), English first.
    static QList<std::pair<QString, QString>> available();
    static bool isSupported(const QString& code);
    // The supported language closest to the system's.
    static QString systemLanguage();

    // "en" removes all translations. False (and no change) when the translation is missing.
    bool setLanguage(const QString& code);
    QString language() const { return language_; }

signals:
    void languageChanged(const QString& code);

private:
    QString language_ = QStringLiteral("en");
    // One catalogue per module (:/i18n/<module>_<lang>.qm), the shell's among them.
    std::vector<std::unique_ptr<QTranslator>> appTranslators_;
    std::unique_ptr<QTranslator> qtTranslator_;
};

}  // namespace opsdesk::app
