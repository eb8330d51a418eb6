#pragma once

#include <QLineEdit>
#include <QTimer>
#include <chrono>

namespace opsdesk::widgets {

// The search box of every list: a line edit with a clear button whose text becomes a search a
// moment after the person stops typing (300 ms by default), at once on Return or when cleared.
// `searchChanged` carries the trimmed text and fires only when that differs from the last
// search it announced (or setSearch set), so a list is not asked twice for the same thing.
class SearchBox : public QLineEdit {
    Q_OBJECT

public:
    explicit SearchBox(QWidget* parent = nullptr);
    SearchBox(const QString& objectName, QWidget* parent);

    void setSearchDelay(std::chrono::milliseconds delay) { delay_.setInterval(delay); }
    std::chrono::milliseconds searchDelay() const { return delay_.intervalAsDuration(); }

    // The search as the list has it (trimmed).
    QString search() const { return announced_; }
    // Shows `text` as the search (a restored filter, a reset) without announcing it.
    void setSearch(const QString& text);

signals:
    void searchChanged(const QString& search);

private:
    void announce();

    QTimer delay_;
    QString announced_;
};

}  // namespace opsdesk::widgets
