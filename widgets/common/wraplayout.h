#pragma once

#include <QLayout>
#include <QList>

namespace opsdesk::widgets {

// Lays its items out left to right and starts a new row when the next one would not fit, so a
// row of buttons in a narrow pane wraps instead of forcing the pane (and its scroll area) wider
// than the window gives it. Height follows the width (heightForWidth).
class WrapLayout : public QLayout {
public:
    explicit WrapLayout(QWidget* parent = nullptr, int spacing = 6);
    ~WrapLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return static_cast<int>(items_.size()); }
    QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;

    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;  // the widest single item
    QSize sizeHint() const override;     // everything on one row
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in `rect` (only measures when `apply` is false); returns the height used.
    int arrange(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> items_;
    int spacing_;
};

}  // namespace opsdesk::widgets
