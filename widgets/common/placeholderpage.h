#pragma once

#include <QWidget>

class QLabel;

namespace opsdesk::widgets {

// The page of a module whose real screens come in a later release: its icon, name, what it
// will do, and a plain note that it is not there yet.
class PlaceholderPage : public QWidget {
    Q_OBJECT

public:
    PlaceholderPage(const QString& moduleId, QWidget* parent = nullptr);

protected:
    virtual QString pageTitle() const = 0;
    virtual QString pageSummary() const = 0;
    // Subclasses call this at the end of their constructor (virtual calls need them built).
    void retranslateUi();
    void changeEvent(QEvent* event) override;

private:
    QLabel* icon_;
    QLabel* title_;
    QLabel* summary_;
    QLabel* note_;
};

}  // namespace opsdesk::widgets
