#pragma once

#include <QMap>
#include <QWidget>

#include "services-client/orders/orderfilter.h"
#include "widgets/common/searchbox.h"

class QDateEdit;
class QLabel;
class QLineEdit;
class QToolButton;
class QPushButton;

namespace opsdesk::widgets {

// Search box (debounced), status chips, date range and amount range. Emits the filter the
// person has set; sort and direction are kept as they came in setFilter().
class OrderFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit OrderFilterBar(QWidget* parent = nullptr);

    void setFilter(const client::OrderFilter& filter);  // no filterChanged
    client::OrderFilter filter() const { return filter_; }
    SearchBox* searchEdit() const { return search_; }
    void setSearchDelay(std::chrono::milliseconds delay) { search_->setSearchDelay(delay); }
    // Amounts are typed in this currency (the list's minor units).
    void setCurrency(const QString& currency) { currency_ = currency; }

signals:
    void filterChanged(const opsdesk::client::OrderFilter& filter);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void collect();
    bool readAmount(QLineEdit* edit, std::optional<qint64>* out);
    void showAmounts();

    client::OrderFilter filter_;
    QString currency_ = QStringLiteral("CNY");
    SearchBox* search_;
    QMap<QString, QToolButton*> chips_;
    QLabel* statusLabel_;
    QLabel* dateLabel_;
    QDateEdit* from_;
    QDateEdit* to_;
    QLabel* amountLabel_;
    QLineEdit* minAmount_;
    QLineEdit* maxAmount_;
    QPushButton* reset_;
    bool applying_ = false;
};

}  // namespace opsdesk::widgets
