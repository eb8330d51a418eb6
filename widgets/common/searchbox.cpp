#include "widgets/common/searchbox.h"

namespace opsdesk::widgets {

SearchBox::SearchBox(QWidget* parent) : QLineEdit(parent) {
    setClearButtonEnabled(true);
    delay_.setSingleShot(true);
    delay_.setInterval(std::chrono::milliseconds(300));
    connect(&delay_, &QTimer::timeout, this, &SearchBox::announce);
    connect(this, &QLineEdit::textEdited, this, [this] { delay_.start(); });
    // The clear button sets the text without an edit: clearing is a search for everything, now.
    connect(this, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty() && !announced_.isEmpty()) {
            announce();
        }
    });
    connect(this, &QLineEdit::returnPressed, this, &SearchBox::announce);
}

SearchBox::SearchBox(const QString& objectName, QWidget* parent) : SearchBox(parent) {
    setObjectName(objectName);
}

void SearchBox::setSearch(const QString& text) {
    delay_.stop();
    announced_ = text.trimmed();
    const QSignalBlocker quiet(this);
    setText(text);
}

void SearchBox::announce() {
    delay_.stop();
    const QString next = text().trimmed();
    if (next == announced_) {
        return;
    }
    announced_ = next;
    emit searchChanged(announced_);
}

}  // namespace opsdesk::widgets
