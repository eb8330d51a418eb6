#include "widgets/common/messageline.h"

#include <QAccessible>
#include <QEvent>

#include "widgets/common/errortext.h"

namespace opsdesk::widgets {

MessageLine::MessageLine(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    Theme::apply(this, [this] { return Theme::messageStyle(tone_); });
    QLabel::hide();
}

MessageLine::MessageLine(const QString& objectName, QWidget* parent) : MessageLine(parent) {
    setObjectName(objectName);
}

void MessageLine::showInfo(const QString& text) {
    showMessage(Theme::Tone::Info, text);
}

void MessageLine::showSuccess(const QString& text) {
    showMessage(Theme::Tone::Success, text);
}

void MessageLine::showWarning(const QString& text) {
    showMessage(Theme::Tone::Warning, text);
}

void MessageLine::showError(const QString& text) {
    showMessage(Theme::Tone::Error, text);
}

void MessageLine::showError(const client::ApiError& error) {
    showError(ErrorText::describe(error));
}

void MessageLine::showMessage(Theme::Tone tone, const QString& text) {
    if (text.isEmpty() || tone == Theme::Tone::None) {
        clear();
        return;
    }
    tone_ = tone;
    setText(text);
    Theme::apply(this, [this] { return Theme::messageStyle(tone_); });
    updateAccessibleName();
    setVisible(true);
    if (tone == Theme::Tone::Error && QAccessible::isActive()) {
        QAccessibleEvent alert(this, QAccessible::Alert);
        QAccessible::updateAccessibility(&alert);
    }
}

void MessageLine::clear() {
    tone_ = Theme::Tone::None;
    QLabel::clear();
    setAccessibleName({});
    hide();
}

void MessageLine::updateAccessibleName() {
    // The tone in words, for a screen reader that cannot see the colours.
    static const char* const kWords[] = {nullptr, QT_TR_NOOP("Information"), QT_TR_NOOP("Done"),
                                         QT_TR_NOOP("Warning"), QT_TR_NOOP("Error")};
    const char* word = kWords[int(tone_)];
    setAccessibleName(word ? tr("%1: %2", "message tone, then the message").arg(tr(word), text())
                           : QString());
}

void MessageLine::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        updateAccessibleName();
    }
    QLabel::changeEvent(event);
}

}  // namespace opsdesk::widgets
