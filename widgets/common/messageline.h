#pragma once

#include <QLabel>

#include "widgets/common/theme.h"

namespace opsdesk::client {
struct ApiError;
}

namespace opsdesk::widgets {

// The one line a page or dialog tells the person what happened on: information, success, a
// warning or an error, in a box of the tone's colours (light or dark with the palette). Word
// wrapped, selectable, hidden while there is nothing to say; its accessible name says the tone.
class MessageLine : public QLabel {
    Q_OBJECT

public:
    explicit MessageLine(QWidget* parent = nullptr);
    MessageLine(const QString& objectName, QWidget* parent);

    void showInfo(const QString& text);
    void showSuccess(const QString& text);
    void showWarning(const QString& text);
    void showError(const QString& text);
    // What a failed request means (ErrorText::describe).
    void showError(const client::ApiError& error);
    void showMessage(Theme::Tone tone, const QString& text);
    // Empties and hides the line.
    void clear();

    Theme::Tone tone() const { return tone_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateAccessibleName();

    Theme::Tone tone_ = Theme::Tone::None;
};

}  // namespace opsdesk::widgets
