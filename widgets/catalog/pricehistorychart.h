#pragma once

#include <QList>
#include <QWidget>

#include "services-client/catalog/product.h"

class QLabel;
class QTableWidget;

namespace opsdesk::widgets {

// A SKU's list price over time, drawn with QtCharts as steps (a price holds until the next
// change, and up to now), with the changes beside it: when, who, from, to and why.
class PriceHistoryChart : public QWidget {
    Q_OBJECT

public:
    explicit PriceHistoryChart(QWidget* parent = nullptr);

    // `changes` newest first, as the server lists them.
    void setHistory(const QString& sku, const QList<client::PriceChange>& changes);
    void clear();

    // The drawn steps: (time, price in minor units), oldest first; the last point is now.
    QList<std::pair<QDateTime, qint64>> points() const { return points_; }
    QTableWidget* table() const { return table_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void redraw();

    QString sku_;
    QList<client::PriceChange> changes_;
    QList<std::pair<QDateTime, qint64>> points_;
    QWidget* chartView_;
    QLabel* empty_;
    QTableWidget* table_;
};

}  // namespace opsdesk::widgets
